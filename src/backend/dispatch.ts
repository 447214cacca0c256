import type { Backend } from './backend.js';
import { currentBackend } from './state.js';

/** Names of the backend's methods, the ops that can be dispatched. */
export type OpName = {
  [K in keyof Backend]-?: Backend[K] extends (...args: never[]) => unknown ? K : never;
}[keyof Backend];

/**
 * A public function named `name` that calls the method `name` of the backend in effect at call time.
 * Its `.name` is the op's name and its type is the contract's signature.
 */
export function dispatch<K extends OpName>(name: K): Backend[K] {
  // A computed method name gives the function its `.name` without eval.
  const holder = {
    [name](...args: unknown[]): unknown {
      const backend = currentBackend() as unknown as Record<string, (...a: unknown[]) => unknown>;
      return backend[name]!(...args);
    },
  };
  return holder[name] as unknown as Backend[K];
}
