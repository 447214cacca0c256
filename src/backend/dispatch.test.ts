import './test-workers/register-fakes.js';
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import tl, * as named from '../index.js';
import { JsBackend } from '../backends/js/js-backend.js';
import { FAKE_DTYPES } from '../test-utils/fake-backend.js';

/** Every method name of a backend instance, along its prototype chain (up to Object). */
function methodNames(obj: object): string[] {
  const names = new Set<string>();
  let proto = Object.getPrototypeOf(obj);
  while (proto !== null && proto !== Object.prototype) {
    for (const key of Object.getOwnPropertyNames(proto)) {
      const desc = Object.getOwnPropertyDescriptor(proto, key)!;
      if (typeof desc.value === 'function' && key !== 'constructor' && key !== 'toString') names.add(key);
    }
    proto = Object.getPrototypeOf(proto);
  }
  return [...names];
}

// Helpers of JsBackend that are not ops of the contract, and tensor-algebra kernels that are public
// through tl.tenalg with TensorLy's signatures (options objects) rather than as top-level ops; `track` is
// the memory hook of iterative algorithms, and `cpAlsSweep` a fused step that parafac calls, not ops.
const NOT_OPS = new Set(['dt', 'khatriRao', 'mttkrp', 'modeDot', 'track', 'cpAlsSweep', 'holdForReuse']);

describe('dispatch', () => {
  test('every op of the contract is a public function named after it, on tl and as a named export', () => {
    const ops = methodNames(new JsBackend()).filter((n) => !NOT_OPS.has(n));
    assert.ok(ops.length > 90, `only ${ops.length} ops`);
    for (const op of ops) {
      const fn = (tl as unknown as Record<string, unknown>)[op];
      assert.equal(typeof fn, 'function', `tl.${op} is missing`);
      assert.equal((fn as { name: string }).name, op);
      assert.equal((named as unknown as Record<string, unknown>)[op], fn, `named export ${op}`);
    }
  });

  test('no top-level name exists only to throw (TensorLy exports tl.kr and tl.partial_svd)', () => {
    for (const gone of ['kr', 'partialSvd', 'partial_svd'])
      assert.equal((tl as unknown as Record<string, unknown>)[gone], undefined);
  });

  test('dispatch follows the backend in effect at call time', () => {
    const fake = tl.backendContext('fake', () => tl.tensor([1, 2, 3]));
    assert.equal(fake.constructor.name, 'Boxed');
    const js = tl.tensor([1, 2, 3]);
    assert.equal(js.constructor.name, 'NdArray');
  });

  test('live attributes follow the backend, contexts included (TensorLy froze float64, int64, pi)', () => {
    assert.equal(tl.float64, 'float64');
    assert.equal(tl.pi, Math.PI);
    tl.backendContext('fake', () => {
      for (const k of ['float32', 'float64', 'int32', 'int64', 'complex64', 'complex128'] as const) {
        assert.equal(tl[k], FAKE_DTYPES[k], k);
      }
      assert.equal(tl.pi, 3);
      assert.equal(tl.backendName, 'fake');
    });
    assert.equal(tl.int64, 'int64');
    assert.equal(tl.e, Math.E);
    assert.equal(tl.inf, Number.POSITIVE_INFINITY);
    assert.ok(Number.isNaN(tl.nan));
    try {
      tl.setBackend('fake');
      assert.equal(tl.float64, FAKE_DTYPES.float64);
    } finally {
      tl.setBackend('js');
    }
    assert.equal(tl.float64, 'float64');
  });

  test('the namespace is frozen: a user cannot replace an op by accident', () => {
    assert.ok(Object.isFrozen(tl));
  });
});
