import type { Backend } from '../backend/backend.js';
import { backendContext, currentBackend } from '../backend/state.js';
import type { Tensor } from '../types.js';

/**
 * The body of an iterative algorithm, written once: a generator that yields each scalar tensor it must
 * read (an error, a norm) and receives its value as a number. A synchronous driver reads with `item`, an
 * asynchronous one with `itemAsync`, so engines that can only read asynchronously (GPU) never block.
 */
export type AlgorithmBody<R> = Generator<Tensor, R, number>;

/** Progress of one iteration, as reported to `onIteration`. */
export interface IterationInfo {
  /** 0-based iteration index (-1 for the report before the first iteration, where an algorithm makes one). */
  iteration: number;
  /** The algorithm's convergence measure after this iteration (relative reconstruction error for most). */
  error: number;
  /** Milliseconds since the algorithm started. */
  elapsedMs: number;
}

/** Options every iterative algorithm accepts. */
export interface IterativeOptions {
  /** Called after each iteration with its progress; returning `true` stops the algorithm early. */
  onIteration?: (info: IterationInfo) => unknown;
  /** Cancels the run: the algorithm throws an `AbortError` at the next iteration boundary. */
  signal?: AbortSignal;
}

function abortError(signal: AbortSignal): Error {
  const reason = signal.reason;
  if (reason instanceof Error) return reason;
  const err = new Error('The operation was aborted');
  err.name = 'AbortError';
  return err;
}

/** Throws the signal's reason (an `AbortError`) when it has been aborted. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortError(signal);
}

/**
 * The tensors one run of an algorithm has created, for engines that free memory explicitly (TensorFlow.js):
 * every op result of the run is recorded (`Backend.track`), and {@link keepOnly} and the end of the run free
 * those no longer reachable. For garbage-collected backends nothing is recorded and this costs nothing.
 */
interface RunMemory {
  readonly backend: Backend;
  readonly created: Set<Tensor>;
}

/** The run whose step is executing now (steps are synchronous, so runs never interleave inside one). */
let active: RunMemory | null = null;

function newRun(backend: Backend): RunMemory {
  return { backend, created: new Set() };
}

/** Runs one synchronous step of `run`'s body, recording the tensors its ops create. */
function inRun<R>(run: RunMemory, fn: () => R): R {
  const previous = active;
  active = run;
  try {
    return run.backend.track(fn, (t) => run.created.add(t));
  } finally {
    active = previous;
  }
}

/** Every tensor reachable from `roots` through arrays and object properties. */
function reachable(backend: Backend, roots: readonly unknown[]): Set<unknown> {
  const live = new Set<unknown>();
  const seen = new Set<unknown>();
  const stack: unknown[] = [...roots];
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === null || typeof v !== 'object' || seen.has(v)) continue;
    seen.add(v);
    if (backend.isTensor(v)) live.add(v);
    else if (Array.isArray(v)) stack.push(...v);
    else if (!ArrayBuffer.isView(v)) stack.push(...Object.values(v));
  }
  return live;
}

/** Frees the tensors `run` created that `roots` no longer reach. */
function sweep(run: RunMemory, roots: readonly unknown[]): void {
  if (run.created.size === 0) return;
  const live = reachable(run.backend, roots);
  const dead: Tensor[] = [];
  for (const t of run.created) {
    if (!live.has(t)) {
      dead.push(t);
      run.created.delete(t);
    }
  }
  if (dead.length > 0) run.backend.dispose(dead as never);
}

/** Frees everything `run` created (it failed or was cancelled). */
function releaseAll(run: RunMemory): void {
  const all = [...run.created];
  run.created.clear();
  if (all.length > 0) run.backend.dispose(all as never);
}

/**
 * Called by an algorithm body at the end of an iteration: frees every tensor this run has created that is
 * not reachable from `roots` (the state the next iterations need: factors, weights, caches ...; arrays and
 * objects are searched). Tensors the run did not create (the user's input, `init`, masks) are never freed.
 * Outside a run, or on a garbage-collected backend, it does nothing.
 */
export function keepOnly(...roots: unknown[]): void {
  if (active !== null) sweep(active, roots);
}

/**
 * Runs user code (a callback) from inside an algorithm body without recording what it creates, so that
 * tensors the callback makes and keeps are never freed by the run.
 */
export function untracked<R>(fn: () => R): R {
  const run = active;
  if (run === null) return fn();
  active = null;
  try {
    return run.backend.track(fn, () => {});
  } finally {
    active = run;
  }
}

/**
 * Declares `input` (an algorithm's tensor, when it is one of `backend`'s) as held for reuse for the length of
 * a run (see {@link Backend.holdForReuse}); returns the release function.
 */
function holdInput(backend: Backend, input: unknown): () => void {
  if (input === undefined || backend.holdForReuse === undefined || !backend.isTensor(input)) return () => {};
  return backend.holdForReuse(input as never);
}

/**
 * Runs an algorithm body synchronously on the backend in effect now, reading each yielded scalar with `item`.
 * Tensors the run created and its result does not hold are freed at the end (see {@link keepOnly}).
 * `input`, the algorithm's tensor, is held for reuse while the run lasts (see {@link Backend.holdForReuse}).
 */
export function runSync<R>(make: () => AlgorithmBody<R>, input?: unknown): R {
  const backend: Backend = currentBackend();
  const run = newRun(backend);
  return backendContext(backend, () => {
    let done = false;
    const release = holdInput(backend, input);
    try {
      const result = inRun(run, () => {
        const body = make();
        let step = body.next();
        while (!step.done) step = body.next(backend.item(step.value as never));
        return step.value;
      });
      sweep(run, [result]);
      done = true;
      return result;
    } finally {
      release();
      if (!done) releaseAll(run);
    }
  });
}

/**
 * Runs an algorithm body without blocking: each yielded scalar is read with `itemAsync`, and every step
 * runs with the backend that was in effect when the run started (whatever other tasks do meanwhile).
 * Only the synchronous steps record the tensors they create, so other tasks' tensors are never touched.
 * `input` is held for reuse while the run lasts, as with {@link runSync}: it must not change meanwhile.
 */
export async function runAsync<R>(
  make: () => AlgorithmBody<R>,
  signal?: AbortSignal,
  input?: unknown,
): Promise<R> {
  const backend: Backend = currentBackend();
  throwIfAborted(signal);
  const run = newRun(backend);
  let done = false;
  const release = holdInput(backend, input);
  try {
    const body = backendContext(backend, () => inRun(run, make));
    let step = backendContext(backend, () => inRun(run, () => body.next()));
    while (!step.done) {
      const value = await backend.itemAsync(step.value as never);
      if (signal?.aborted) {
        backendContext(backend, () => inRun(run, () => body.return(undefined as never)));
        throw abortError(signal);
      }
      step = backendContext(backend, () => inRun(run, () => body.next(value)));
    }
    const result = step.value;
    sweep(run, [result]);
    done = true;
    return result;
  } finally {
    release();
    if (!done) releaseAll(run);
  }
}

/** A clock for `elapsedMs` that works in Node and browsers. */
export function now(): number {
  return globalThis.performance?.now() ?? Date.now();
}
