/**
 * Node.js from code that must also load in browsers and bundlers: the process object and built-in modules
 * are reached through `globalThis.process` and `process.getBuiltinModule` (Node 20.16+), never through a
 * static `node:` import. Outside Node every accessor gives `undefined`.
 *
 * @module
 */

interface NodeProcessLike {
  env?: Record<string, string | undefined>;
  versions?: { node?: string };
  execArgv?: string[];
  getBuiltinModule?: (id: string) => unknown;
  emitWarning?: (message: string, options?: { code?: string }) => void;
}

/** Node's `process`, or `undefined` outside Node. */
export const nodeProcess: NodeProcessLike | undefined = (globalThis as { process?: NodeProcessLike }).process;

/** A Node built-in module (`'node:fs'`, ...), or `undefined` outside Node. */
export function builtin<M>(id: string): M | undefined {
  try {
    return nodeProcess?.getBuiltinModule?.(id) as M | undefined;
  } catch {
    return undefined;
  }
}

/** An environment variable, or `undefined` (unset, or outside Node). */
export function envVar(name: string): string | undefined {
  return nodeProcess?.env?.[name];
}

/** Whether this is Node.js. */
export function isNode(): boolean {
  return typeof nodeProcess?.versions?.node === 'string';
}
