import { BackendError } from '../errors.js';
import { builtin, nodeProcess } from '../node.js';
import { Backend } from './backend.js';
import { availableBackends, isRegistered, loadBackend, resolveBackend } from './registry.js';

/**
 * Which backend is in effect, per thread and per call chain.
 *
 * Three layers, innermost first:
 * 1. `scoped`: set for the synchronous extent of a synchronous `backendContext` (a plain swap and
 *    restore: nothing else can run while it is set, because JavaScript runs one call stack per thread).
 * 2. An `AsyncLocalStorage` store, created only when the first asynchronous `backendContext` opens, so a
 *    program that never scopes async work never pays for it (after the first `run`, every `await` in
 *    the process costs more, see docs/architecture.md).
 * 3. `threadDefault`: what `setBackend` sets for this thread (each worker has its own module state).
 */

interface AsyncStore {
  getStore(): Backend | undefined;
  run<R>(store: Backend, fn: () => R): R;
}

interface WorkerThreadsLike {
  setEnvironmentData(key: string, value: unknown): void;
  getEnvironmentData(key: string): unknown;
  isMainThread: boolean;
}

const workerThreads = builtin<WorkerThreadsLike>('node:worker_threads');
const ENV_KEY = 'tensorly-ts:backend';
const ENV_VAR = 'TENSORLY_BACKEND';
const DEFAULT_NAME = 'js';

let scoped: Backend | undefined;
let asyncStore: AsyncStore | undefined;
// Browsers have no AsyncLocalStorage: there an async context swaps the thread's backend for its whole
// duration, and only one may be open at a time (a second one throws rather than mixing silently).
let openFallbackAsyncContexts = 0;

function warn(message: string): void {
  if (nodeProcess?.emitWarning) nodeProcess.emitWarning(message, { code: 'TENSORLY_BACKEND' });
  else console.warn(message);
}

/** Picks this thread's starting backend: inherited from the parent thread, else TENSORLY_BACKEND, else `js`. */
function initialBackend(): { backend: Backend; pendingName?: string } {
  const inherited = workerThreads?.getEnvironmentData(ENV_KEY);
  const fromEnv = nodeProcess?.env?.[ENV_VAR];
  const candidates: [string, string][] = [];
  if (typeof inherited === 'string' && inherited.length > 0)
    candidates.push([inherited, 'the parent thread']);
  if (typeof fromEnv === 'string' && fromEnv.length > 0) candidates.push([fromEnv, `${ENV_VAR}`]);
  for (const [name, source] of candidates) {
    if (!isRegistered(name)) {
      warn(
        `tensorly-ts: backend '${name}' (from ${source}) is not a known backend; using '${DEFAULT_NAME}'. Known: ${availableBackends().join(', ')}`,
      );
      continue;
    }
    try {
      return { backend: resolveBackend(name) };
    } catch (err) {
      if (err instanceof BackendError && /loads asynchronously/.test(err.message)) {
        return { backend: resolveBackend(DEFAULT_NAME), pendingName: name };
      }
      warn(
        `tensorly-ts: backend '${name}' (from ${source}) could not be loaded (${(err as Error).message}); using '${DEFAULT_NAME}'`,
      );
    }
  }
  return { backend: resolveBackend(DEFAULT_NAME) };
}

const initial = initialBackend();
let threadDefault: Backend = initial.backend;
let defaultChangedByUser = false;

/**
 * Resolves once the starting backend is in place. Only asynchronous backends named by
 * TENSORLY_BACKEND (or inherited from a parent thread) take time; until then `js` is in effect.
 */
export const ready: Promise<void> =
  initial.pendingName === undefined
    ? Promise.resolve()
    : loadBackend(initial.pendingName).then(
        (b) => {
          if (!defaultChangedByUser) threadDefault = b;
        },
        (err: unknown) => {
          warn(
            `tensorly-ts: backend '${initial.pendingName}' could not be loaded (${(err as Error).message}); using '${DEFAULT_NAME}'`,
          );
        },
      );

/**
 * The backend instance in effect here and now (innermost context, else this thread's default).
 * TensorLy's `current_backend()`.
 */
export function currentBackend(): Backend {
  if (scoped !== undefined) return scoped;
  if (asyncStore !== undefined) {
    const store = asyncStore.getStore();
    if (store !== undefined) return store;
  }
  return threadDefault;
}

/** The name of the backend in effect here and now. TensorLy's `get_backend()`. */
export function getBackend(): string {
  return currentBackend().name;
}

function toInstance(fn: string, backend: string | Backend): Backend {
  if (backend instanceof Backend) return backend;
  if (typeof backend !== 'string') {
    throw new BackendError(
      `${fn}: argument 'backend' expected a backend name or a tl.Backend instance, got ${String(backend)}`,
    );
  }
  return resolveBackend(backend);
}

/** Options of {@link setBackend}. */
export interface SetBackendOptions {
  /**
   * Change only this thread's default: worker threads started afterwards keep starting on the previous
   * default. (Every thread has its own default anyway; a worker's `setBackend` never changes its parent.)
   */
  localThreadOnly?: boolean;
}

/**
 * Sets this thread's default backend, by name or instance. Unless `localThreadOnly`, worker threads
 * started afterwards from this thread start on it too. Inside a `backendContext`, the context's backend
 * stays in effect until it closes. An unknown name throws and changes nothing.
 *
 * @example
 * ```ts
 * tl.setBackend('js');
 * tl.setBackend(new MyBackend(), { localThreadOnly: true });
 * ```
 */
export function setBackend(backend: string | Backend, options: SetBackendOptions = {}): void {
  const instance = toInstance('setBackend', backend);
  threadDefault = instance;
  defaultChangedByUser = true;
  if (options.localThreadOnly !== true && workerThreads !== undefined) {
    workerThreads.setEnvironmentData(ENV_KEY, instance.name);
  }
}

function createAsyncStore(): AsyncStore | undefined {
  const hooks = builtin<{ AsyncLocalStorage: new () => AsyncStore }>('node:async_hooks');
  return hooks === undefined ? undefined : new hooks.AsyncLocalStorage();
}

function isAsyncFunction(fn: unknown): boolean {
  return (
    typeof fn === 'function' &&
    (fn as { constructor?: { name?: string } }).constructor?.name === 'AsyncFunction'
  );
}

function isThenable(value: unknown): boolean {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

function runScopedSync<R>(instance: Backend, fn: () => R): R {
  const saved = scoped;
  scoped = instance;
  try {
    return fn();
  } finally {
    scoped = saved;
  }
}

function runScopedAsync<R>(instance: Backend, fn: () => Promise<R>): Promise<R> {
  if (asyncStore === undefined) asyncStore = createAsyncStore();
  const store = asyncStore;
  if (store === undefined) return runFallbackAsync(instance, fn);
  // The store carries the backend across awaits; a synchronous swap in force around us must not
  // shadow it, so it is lifted for the synchronous start of fn (it is restored before anything else runs).
  const saved = scoped;
  scoped = undefined;
  try {
    return store.run(instance, fn);
  } finally {
    scoped = saved;
  }
}

async function runFallbackAsync<R>(instance: Backend, fn: () => Promise<R>): Promise<R> {
  if (openFallbackAsyncContexts > 0) {
    throw new BackendError(
      'backendContext: this runtime has no AsyncLocalStorage, so only one asynchronous backend context may be open at a time',
    );
  }
  openFallbackAsyncContexts++;
  const saved = threadDefault;
  threadDefault = instance;
  try {
    return await fn();
  } finally {
    threadDefault = saved;
    openFallbackAsyncContexts--;
  }
}

/**
 * Runs `fn` with `backend` in effect and returns what `fn` returns. A synchronous `fn` is scoped by a
 * swap that is undone when it returns or throws; an `async` function is scoped across its awaits (each
 * call chain sees only its own backend, in Node through `AsyncLocalStorage`). Other async tasks and other
 * threads never see the change. TensorLy's `with backend_context(...)`.
 *
 * A non-`async` function that returns a promise is refused (its continuations would escape the context):
 * use {@link backendContextAsync} for it.
 *
 * @example
 * ```ts
 * const cp = tl.backendContext('js', () => tl.decomposition.parafac(x, 3));
 * const r = await tl.backendContext('tfjs', async () => { ... });
 * ```
 */
export function backendContext<R>(backend: string | Backend, fn: () => R): R {
  const instance = toInstance('backendContext', backend);
  if (typeof fn !== 'function') {
    throw new BackendError(`backendContext: argument 'fn' expected a function, got ${String(fn)}`);
  }
  if (isAsyncFunction(fn)) return runScopedAsync(instance, fn as () => Promise<unknown>) as R;
  const result = runScopedSync(instance, fn);
  if (isThenable(result)) {
    throw new BackendError(
      'backendContext: fn returned a promise but is not an async function, so its continuations would run outside the context; ' +
        'pass an async function or use tl.backendContextAsync',
    );
  }
  return result;
}

/**
 * Runs the promise-returning `fn` with `backend` in effect across all its awaits; resolves to its result.
 * Equivalent to `backendContext` with an `async` function, for functions that return promises without
 * being declared `async`.
 */
export function backendContextAsync<R>(backend: string | Backend, fn: () => Promise<R> | R): Promise<R> {
  const instance = toInstance('backendContextAsync', backend);
  if (typeof fn !== 'function') {
    throw new BackendError(`backendContextAsync: argument 'fn' expected a function, got ${String(fn)}`);
  }
  return runScopedAsync(instance, async () => fn());
}

/** Whether an `AsyncLocalStorage` has been created by an asynchronous context (for tests and diagnostics). */
export function asyncContextsInUse(): boolean {
  return asyncStore !== undefined;
}
