import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { conformanceSuite } from '../../backend/conformance/index.js';
import { resolveBackend } from '../../backend/registry.js';
import { toBackend } from '../../convert.js';
import { ArgumentError, BackendError, NotSupportedError } from '../../errors.js';
import { createTfjsBackend, type TfTensor } from './index.js';

/** Conformance tests the tfjs backend cannot pass, each with its reason. */
const SKIP: Record<string, string> = {
  'astype converts (truncating to integers) and keeps the input':
    'compares the float input with float64 literals exactly (1.9); float32 storage holds 1.899999976',
};

const cpu = await createTfjsBackend({ engine: 'cpu' });
conformanceSuite(cpu, { tol: { rtol: 1e-4, atol: 1e-5 }, floatDtype: 'float32', skip: SKIP });

const wasm = await createTfjsBackend({ engine: 'wasm' });
conformanceSuite(wasm, { tol: { rtol: 1e-4, atol: 1e-5 }, floatDtype: 'float32', skip: SKIP });

describe('tfjs: mixed use with js', () => {
  test('toBackend copies js tensors to tfjs and back, keeping values and mapping float64 to float32', () => {
    const js = resolveBackend('js');
    const x = js.tensor([
      [1.5, 2],
      [3, 4],
    ]);
    const t = toBackend<TfTensor>(x, cpu);
    assert.ok(cpu.isTensor(t));
    assert.equal(t.dtype, 'float32');
    assert.deepEqual(cpu.toArray(t), [
      [1.5, 2],
      [3, 4],
    ]);
    const back = toBackend(t, 'js');
    assert.ok(js.isTensor(back));
    assert.deepEqual(js.toArray(back), js.toArray(x));
    const ints = toBackend<TfTensor>(js.tensor([1, 2], { dtype: 'int64' }), cpu);
    assert.equal(ints.dtype, 'int32');
    assert.throws(() => toBackend(js.tensor([2 ** 40], { dtype: 'int64' }), cpu), BackendError);
    cpu.dispose([t, ints]);
  });
  test('a js tensor reaching a tfjs op (and the reverse) names both backends and the fix', () => {
    const js = resolveBackend('js');
    const x = js.ones([2]);
    const t = cpu.ones([2]);
    assert.throws(
      () => cpu.add(x as never, 1),
      (e: Error) => {
        assert.ok(e instanceof BackendError);
        assert.match(e.message, /'js' backend.*'tfjs' backend is in effect.*tl\.toBackend\(x, 'tfjs'\)/s);
        return true;
      },
    );
    assert.throws(() => js.add(t as never, 1), /'tfjs' backend.*tl\.toBackend\(x, 'js'\)/s);
    cpu.dispose(t);
  });
  test('a disposed tensor is rejected with ArgumentError', () => {
    const t = cpu.ones([2]);
    cpu.dispose(t);
    assert.throws(() => cpu.sum(t), ArgumentError);
  });
  test('dtype policy: float64 and int64 requests map to float32 and int32; complex is not supported', () => {
    assert.equal(cpu.float64, 'float32');
    assert.equal(cpu.int64, 'int32');
    assert.equal(cpu.tensor([1], { dtype: 'float64' }).dtype, 'float32');
    assert.throws(() => cpu.zeros([2], { dtype: 'complex64' }), NotSupportedError);
  });
});
