import { importOptional } from '../../backend/registry.js';
import { BackendError } from '../../errors.js';
import { builtin, envVar, isNode } from '../../node.js';
import { type TfModule, TfjsBackend } from './tfjs-backend.js';

export { type TfDType, TfjsBackend, type TfModule, type TfTensor, tfDType } from './tfjs-backend.js';

/** The TensorFlow.js engines the `tfjs` backend can run on. */
export type TfjsEngine = 'cpu' | 'wasm' | 'webgl' | 'webgpu';

/** Options of {@link createTfjsBackend}. */
export interface TfjsBackendOptions {
  /**
   * The TensorFlow.js engine: `'cpu'` (plain JavaScript), `'wasm'` (needs `@tensorflow/tfjs-backend-wasm`),
   * `'webgl'` or `'webgpu'` (browsers). Default: the `TENSORLY_TFJS_ENGINE` environment variable in Node,
   * else `'cpu'` in Node and `'webgl'` in browsers (falling back to `'cpu'` where WebGL cannot start).
   */
  engine?: TfjsEngine | string;
  /**
   * The TensorFlow.js module to use instead of importing `@tensorflow/tfjs`: for bundles, whose bundler must
   * see a static import (`import * as tf from '@tensorflow/tfjs'`), and for programs that already hold one.
   */
  tf?: TfModule;
  /**
   * Where the wasm engine finds its `.wasm` binaries (a directory path or URL ending in `/`), passed to
   * `setWasmPaths`. Default: in Node, the package's own `dist/` folder; in browsers, next to the bundle.
   */
  wasmPath?: string;
}

const ENGINES = ['cpu', 'wasm', 'webgl', 'webgpu'];

/** In Node, the folder of the wasm package's binaries, as a path ending in `/` (setWasmPaths takes a prefix). */
async function nodeWasmDir(): Promise<string | undefined> {
  const mod = builtin<{ createRequire(from: string): { resolve(id: string): string } }>('node:module');
  const path = builtin<{ dirname(p: string): string; sep: string }>('node:path');
  if (mod === undefined || path === undefined) return undefined;
  try {
    const main = mod.createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm');
    return path.dirname(main) + path.sep;
  } catch {
    return undefined;
  }
}

/** Makes the wasm engine available to TensorFlow.js (importing its package, which registers it). */
async function loadWasm(tf: TfModule, wasmPath: string | undefined): Promise<void> {
  const wasm = await importOptional<{
    setWasmPaths?: (prefix: string) => void;
    default?: { setWasmPaths?: (prefix: string) => void };
  }>('@tensorflow/tfjs-backend-wasm', 'tfjs');
  const setWasmPaths = wasm.setWasmPaths ?? wasm.default?.setWasmPaths;
  const dir = wasmPath ?? (isNode() ? await nodeWasmDir() : undefined);
  if (dir !== undefined && setWasmPaths !== undefined && tf.findBackend('wasm') === null) setWasmPaths(dir);
}

/**
 * Silences TensorFlow.js's one-time console notice about tfjs-node on the Node cpu engine: the notice is
 * printed on the engine's first tensor, so that tensor is made here with logging off, then logging is
 * restored as it was.
 */
function quietFirstUse(tf: TfModule): void {
  const env = tf.env();
  const prod = env.getBool('PROD');
  env.set('PROD', true);
  try {
    tf.dispose(tf.scalar(0));
  } finally {
    env.set('PROD', prod);
  }
}

/**
 * Creates the `tfjs` backend: imports `@tensorflow/tfjs` (an optional peer dependency; a missing package
 * gives a `BackendError` naming it), selects and initialises the engine, and returns the backend. This is
 * what `tl.loadBackend('tfjs')` runs.
 *
 * @param options - the engine (default: `TENSORLY_TFJS_ENGINE`, else `cpu` in Node, `webgl` in browsers).
 * @returns the backend, ready to use.
 * @example
 * ```ts
 * import { createTfjsBackend } from 'tensorly-ts/backends/tfjs';
 * tl.setBackend(await createTfjsBackend({ engine: 'wasm' }));
 * ```
 */
export async function createTfjsBackend(options: TfjsBackendOptions = {}): Promise<TfjsBackend> {
  const imported =
    options.tf ?? (await importOptional<TfModule & { default?: TfModule }>('@tensorflow/tfjs', 'tfjs'));
  // Node's ES-module view of the CommonJS build puts the namespace on `default`.
  const tf: TfModule =
    typeof imported.tidy === 'function' ? imported : (imported as unknown as { default: TfModule }).default;
  const requested = options.engine ?? envVar('TENSORLY_TFJS_ENGINE') ?? (isNode() ? 'cpu' : 'webgl');
  const engine = requested.toLowerCase();
  if (!ENGINES.includes(engine) && tf.findBackendFactory(engine) === null) {
    throw new BackendError(
      `createTfjsBackend: unknown TensorFlow.js engine '${requested}'; known engines: ${ENGINES.join(', ')}`,
    );
  }
  if (engine === 'wasm') await loadWasm(tf, options.wasmPath);
  const start = async (name: string): Promise<boolean> => {
    try {
      return await tf.setBackend(name);
    } catch {
      return false;
    }
  };
  let ok = await start(engine);
  let chosen = engine;
  // Only the default browser engine falls back: an engine asked for by name fails loudly.
  if (!ok && options.engine === undefined && envVar('TENSORLY_TFJS_ENGINE') === undefined) {
    chosen = 'cpu';
    ok = await start(chosen);
  }
  if (!ok) {
    throw new BackendError(
      `createTfjsBackend: the TensorFlow.js '${engine}' engine could not start here` +
        (engine === 'webgl' || engine === 'webgpu' ? ' (it needs a browser with that API)' : ''),
    );
  }
  await tf.ready();
  if (chosen === 'cpu') quietFirstUse(tf);
  return new TfjsBackend(tf, chosen);
}
