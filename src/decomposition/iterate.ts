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
 * Runs an algorithm body synchronously on the backend in effect now, reading each yielded scalar with `item`.
 */
export function runSync<R>(make: () => AlgorithmBody<R>): R {
  const backend: Backend = currentBackend();
  return backendContext(backend, () => {
    const body = make();
    let step = body.next();
    while (!step.done) step = body.next(backend.item(step.value as never));
    return step.value;
  });
}

/**
 * Runs an algorithm body without blocking: each yielded scalar is read with `itemAsync`, and every step
 * runs with the backend that was in effect when the run started (whatever other tasks do meanwhile).
 */
export async function runAsync<R>(make: () => AlgorithmBody<R>, signal?: AbortSignal): Promise<R> {
  const backend: Backend = currentBackend();
  throwIfAborted(signal);
  const body = backendContext(backend, make);
  let step = backendContext(backend, () => body.next());
  while (!step.done) {
    const value = await backend.itemAsync(step.value as never);
    if (signal?.aborted) {
      body.return(undefined as never);
      throw abortError(signal);
    }
    step = backendContext(backend, () => body.next(value));
  }
  return step.value;
}

/** A clock for `elapsedMs` that works in Node and browsers. */
export function now(): number {
  return globalThis.performance?.now() ?? Date.now();
}
