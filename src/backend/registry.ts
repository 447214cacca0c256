import { BackendError } from '../errors.js';
import { JsBackend } from '../backends/js/js-backend.js';
import { Backend } from './backend.js';
import { loadNativeAddon } from './native-addon.js';

/** Loads a backend: returns it, or a promise of it when its module must be imported asynchronously. */
export type BackendLoader = () => Backend | Promise<Backend>;

const loaders = new Map<string, BackendLoader>();
const loaded = new Map<string, Backend>();
const pending = new Map<string, Promise<Backend>>();

// The embedded default. Other built-in backends are registered with loaders that import their module
// on first use, so a program that only uses `js` never loads them.
loaders.set('js', () => new JsBackend());
// `native`: checks for its compiled addon synchronously (so `setBackend('native')` says what to install
// when it is missing), then imports the backend's module.
loaders.set('native', () => {
  const addon = loadNativeAddon();
  return import('../backends/native/native-backend.js').then((m) => new m.NativeBackend(addon));
});
// `tfjs`: imports TensorFlow.js (an optional peer dependency) on first use.
loaders.set('tfjs', () => import('../backends/tfjs/index.js').then((m) => m.createTfjsBackend()));

/**
 * Registers a backend under `name` (case-insensitive). The loader runs once, on first use, and its
 * result is cached. Re-registering a name replaces its loader and drops the cached instance.
 *
 * @param name - the name `setBackend` and `backendContext` will accept.
 * @param loader - returns the backend, or a promise of it (then `await tl.loadBackend(name)` before use).
 * @example
 * ```ts
 * tl.registerBackend('mine', () => new MyBackend());
 * tl.setBackend('mine');
 * ```
 */
export function registerBackend(name: string, loader: BackendLoader): void {
  if (typeof name !== 'string' || name.length === 0) {
    throw new BackendError(
      `registerBackend: argument 'name' expected a non-empty string, got ${String(name)}`,
    );
  }
  if (typeof loader !== 'function') {
    throw new BackendError(`registerBackend: argument 'loader' expected a function returning a Backend`);
  }
  const key = name.toLowerCase();
  loaders.set(key, loader);
  loaded.delete(key);
  pending.delete(key);
}

/** Names of every registered backend, loaded or not. TensorLy's `available_backend_names`. */
export function availableBackends(): string[] {
  return [...loaders.keys()];
}

/** Names of the backends loaded so far in this thread. */
export function loadedBackends(): string[] {
  return [...loaded.keys()];
}

function unknownName(name: string): BackendError {
  return new BackendError(
    `Unknown backend name '${name}'; known backends: ${availableBackends()
      .map((n) => `'${n}'`)
      .join(', ')} (register others with tl.registerBackend)`,
  );
}

function checked(name: string, value: unknown): Backend {
  if (!(value instanceof Backend)) {
    throw new BackendError(`The loader of backend '${name}' returned something that is not a tl.Backend`);
  }
  return value;
}

/**
 * The backend registered as `name`, loading it synchronously if needed. Throws when the name is
 * unknown, or when its loader is asynchronous and it has not been loaded yet.
 */
export function resolveBackend(name: string): Backend {
  const key = typeof name === 'string' ? name.toLowerCase() : '';
  const cached = loaded.get(key);
  if (cached !== undefined) return cached;
  const loader = loaders.get(key);
  if (loader === undefined) throw unknownName(String(name));
  const result = loader();
  if (result instanceof Promise) {
    // Keep the work: loadBackend will reuse it.
    pending.set(
      key,
      result.then((b) => {
        const backend = checked(key, b);
        loaded.set(key, backend);
        return backend;
      }),
    );
    pending.get(key)!.catch(() => pending.delete(key));
    throw new BackendError(
      `Backend '${key}' loads asynchronously and is not loaded yet: run \`await tl.loadBackend('${key}')\` once before using it`,
    );
  }
  const backend = checked(key, result);
  loaded.set(key, backend);
  return backend;
}

/**
 * Loads a registered backend (importing its module and optional package the first time) and caches it.
 *
 * @example
 * ```ts
 * await tl.loadBackend('tfjs');
 * tl.setBackend('tfjs');
 * ```
 */
export async function loadBackend(name: string): Promise<Backend> {
  const key = typeof name === 'string' ? name.toLowerCase() : '';
  const cached = loaded.get(key);
  if (cached !== undefined) return cached;
  const inFlight = pending.get(key);
  if (inFlight !== undefined) return inFlight;
  const loader = loaders.get(key);
  if (loader === undefined) throw unknownName(String(name));
  const promise = Promise.resolve()
    .then(loader)
    .then((b) => {
      const backend = checked(key, b);
      loaded.set(key, backend);
      return backend;
    });
  pending.set(key, promise);
  try {
    return await promise;
  } finally {
    pending.delete(key);
  }
}

/** Whether `name` is registered. */
export function isRegistered(name: string): boolean {
  return loaders.has(name.toLowerCase());
}

/**
 * Imports an optional npm package for a backend, turning "module not found" into an error that names the
 * package to install.
 */
export async function importOptional<M>(packageName: string, backendName: string): Promise<M> {
  try {
    return (await import(packageName)) as M;
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      throw new BackendError(
        `The '${backendName}' backend needs the npm package '${packageName}', which is not installed: run \`npm install ${packageName}\``,
      );
    }
    throw err;
  }
}
