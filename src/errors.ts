/**
 * Typed errors raised by tensorly-ts. Every error names the function and, where an argument
 * is at fault, the argument, what was expected and what came.
 *
 * @module
 */

/** Base class of every error tensorly-ts throws on purpose. */
export class TensorlyError extends Error {
  /** The error's class name, `'TensorlyError'`. */
  override name = 'TensorlyError';
}

/**
 * An argument has the wrong type, shape, rank, dtype or value.
 *
 * @example
 * ```ts
 * throw new ArgumentError('unfold', 'mode', 'an integer in [0, 3)', 5);
 * // unfold: argument 'mode' expected an integer in [0, 3), got 5
 * ```
 */
export class ArgumentError extends TensorlyError {
  /** The error's class name, `'ArgumentError'`. */
  override name = 'ArgumentError';
  /** The public function that rejected the argument. */
  readonly fn: string;
  /** The name of the argument at fault. */
  readonly argument: string;
  /** What the function expected, in words. */
  readonly expected: string;
  /** A short description of what was received. */
  readonly got: string;

  constructor(fn: string, argument: string, expected: string, got: unknown) {
    const gotText = describe(got);
    super(`${fn}: argument '${argument}' expected ${expected}, got ${gotText}`);
    this.fn = fn;
    this.argument = argument;
    this.expected = expected;
    this.got = gotText;
  }
}

/** A linear-algebra routine could not proceed (singular matrix, not positive definite, no convergence, non-finite input). */
export class LinAlgError extends TensorlyError {
  /** The error's class name, `'LinAlgError'`. */
  override name = 'LinAlgError';
}

/** Backend selection or mixing failed: unknown name, missing optional package, tensors of two backends mixed. */
export class BackendError extends TensorlyError {
  /** The error's class name, `'BackendError'`. */
  override name = 'BackendError';
}

/** The backend in effect does not provide this operation (for example an unsupported dtype). */
export class NotSupportedError extends TensorlyError {
  /** The error's class name, `'NotSupportedError'`. */
  override name = 'NotSupportedError';
}

/**
 * A short, human-readable description of a value for error messages: numbers and strings as
 * themselves, arrays by length, tensors by shape and dtype.
 */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  if (typeof value === 'string')
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value);
  if (typeof value === 'function') return `function ${value.name || '(anonymous)'}`;
  if (Array.isArray(value)) {
    if (value.length <= 6 && value.every((v) => typeof v === 'number')) return `[${value.join(', ')}]`;
    return `an array of length ${value.length}`;
  }
  if (ArrayBuffer.isView(value))
    return `${value.constructor.name} of length ${(value as unknown as ArrayLike<unknown>).length}`;
  const obj = value as { shape?: unknown; dtype?: unknown; constructor?: { name?: string } };
  if (Array.isArray(obj.shape)) {
    const dtype = typeof obj.dtype === 'string' ? ` ${obj.dtype}` : '';
    return `a${dtype} tensor of shape [${obj.shape.join(', ')}]`;
  }
  return `an object of type ${obj.constructor?.name ?? 'Object'}`;
}
