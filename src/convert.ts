import { Backend } from './backend/backend.js';
import { resolveBackend } from './backend/registry.js';
import { currentBackend } from './backend/state.js';
import { ArgumentError, BackendError } from './errors.js';
import type { Slice, Tensor } from './types.js';

/**
 * `x` as a tensor of the backend `target` (a name or instance; the backend in effect when absent).
 * Returns `x` itself when the target already accepts it (for example `js` and `native`, which share
 * their array type); otherwise copies the values through a typed array, keeping the dtype.
 *
 * @example
 * ```ts
 * const y = tl.toBackend(x, 'js');
 * ```
 */
export function toBackend<T extends Tensor = Tensor>(x: Tensor, target?: string | Backend): T {
  const to =
    target === undefined ? currentBackend() : target instanceof Backend ? target : resolveBackend(target);
  if (to.isTensor(x)) return x as T;
  const from = Backend.instances.find((b) => b.isTensor(x));
  if (from === undefined) {
    throw new ArgumentError('toBackend', 'x', 'a tensor of a loaded backend', x);
  }
  const dtype = from.context(x).dtype;
  const values = from.toTypedArray(x);
  try {
    return to.tensor(values, { shape: from.shape(x), dtype }) as T;
  } catch (err) {
    throw new BackendError(
      `toBackend: the '${to.name}' backend cannot hold a '${typeof dtype === 'string' ? dtype : dtype.name}' tensor of the '${from.name}' backend (${(err as Error).message})`,
    );
  }
}

/**
 * A slice for {@link index} and {@link indexUpdate}: Python's `start:stop:step`.
 *
 * @example
 * ```ts
 * tl.index(x, [null, tl.s(1, 3)]); // x[:, 1:3]
 * tl.index(x, [tl.s(null, null, -1)]); // x[::-1]
 * ```
 */
export function s(start?: number | null, stop?: number | null, step?: number | null): Slice {
  return { start: start ?? null, stop: stop ?? null, step: step ?? null };
}
