import { Backend } from '../backend/backend.js';
import { JsBackend } from '../backends/js/js-backend.js';
import { NdArray } from '../backends/js/ndarray.js';
import type { DType, DTypeName, Tensor } from '../types.js';

/** The tensor type of {@link FakeBackend}: a box around an NdArray, which the js backend does not accept. */
export class Boxed implements Tensor {
  constructor(readonly inner: NdArray) {}
  get shape(): readonly number[] {
    return this.inner.shape;
  }
}

/** Dtype objects that differ from the js backend's strings, to test that `tl.float32` follows the backend. */
export const FAKE_DTYPES: Record<
  'float32' | 'float64' | 'int32' | 'int64' | 'complex64' | 'complex128',
  DType
> = {
  float32: Object.freeze({ name: 'float32' as DTypeName, fake: true }),
  float64: Object.freeze({ name: 'float64' as DTypeName, fake: true }),
  int32: Object.freeze({ name: 'int32' as DTypeName, fake: true }),
  int64: Object.freeze({ name: 'int64' as DTypeName, fake: true }),
  complex64: Object.freeze({ name: 'complex64' as DTypeName, fake: true }),
  complex128: Object.freeze({ name: 'complex128' as DTypeName, fake: true }),
};

const unwrap = (v: unknown): unknown => (v instanceof Boxed ? v.inner : Array.isArray(v) ? v.map(unwrap) : v);
const wrap = (v: unknown): unknown =>
  v instanceof NdArray ? new Boxed(v) : Array.isArray(v) ? v.map(wrap) : v;

/** Methods that must see the boxes themselves. */
const RAW = new Set(['isTensor', 'constructor', 'toString']);

/**
 * A third-party-style backend for tests: its tensors are {@link Boxed} (foreign to `js`), its dtype objects
 * differ from `js`'s, its `pi` differs, and it overrides a derived op (`norm`) to record that dispatch reached it.
 * Every op is computed by the js kernels on the unboxed arrays.
 */
export class FakeBackend extends JsBackend {
  override readonly name: string;
  /** Names of overridden ops that were called, in order. */
  readonly calls: string[] = [];

  constructor(name = 'fake') {
    super();
    this.name = name;
    const proxy = new Proxy(this, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver);
        if (typeof value !== 'function' || typeof prop !== 'string' || RAW.has(prop)) return value;
        return (...args: unknown[]) => {
          if (prop === 'context')
            return { dtype: FAKE_DTYPES[(args[0] as Boxed).inner.dtype as 'float64'] ?? 'bool' };
          return wrap(value.apply(receiver, args.map(unwrap)));
        };
      },
    });
    // The registry of live backends must hold the proxy, which boxes what it returns.
    Backend.instances[Backend.instances.indexOf(this)] = proxy;
    // biome-ignore lint/correctness/noConstructorReturn: the proxy boxes and unboxes every op's arguments.
    return proxy;
  }

  override isTensor(x: unknown): x is NdArray {
    return x instanceof Boxed;
  }
  override get float32(): DType {
    return FAKE_DTYPES.float32;
  }
  override get float64(): DType {
    return FAKE_DTYPES.float64;
  }
  override get int32(): DType {
    return FAKE_DTYPES.int32;
  }
  override get int64(): DType {
    return FAKE_DTYPES.int64;
  }
  override get complex64(): DType {
    return FAKE_DTYPES.complex64;
  }
  override get complex128(): DType {
    return FAKE_DTYPES.complex128;
  }
  override get pi(): number {
    return 3;
  }
  override norm(...args: Parameters<JsBackend['norm']>): NdArray {
    this.calls.push('norm');
    return super.norm(...args);
  }
}
