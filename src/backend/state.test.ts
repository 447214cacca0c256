import './test-workers/register-fakes.js';
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import tl, { Backend, BackendError, JsBackend } from '../index.js';
import { FakeBackend } from '../test-utils/fake-backend.js';
import { asyncContextsInUse } from './state.js';

const workerUrl = new URL('./test-workers/report.js', import.meta.url);

function startWorker(
  workerData: unknown = {},
): Promise<{ worker: Worker; first: { initial: string; afterSet: string } }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerUrl, { workerData });
    worker.once('message', (first) => resolve({ worker, first }));
    worker.once('error', reject);
  });
}

function ask(worker: Worker): Promise<{ now: string }> {
  return new Promise((resolve) => {
    worker.once('message', resolve);
    worker.postMessage('report');
  });
}

describe('backend state', () => {
  test('js is the default and getBackend/currentBackend agree', () => {
    assert.equal(tl.getBackend(), 'js');
    assert.ok(tl.currentBackend() instanceof JsBackend);
    assert.equal(tl.backendName, 'js');
  });

  test('a synchronous context is scoped and returns what fn returns', () => {
    const r = tl.backendContext('fake', () => {
      assert.equal(tl.getBackend(), 'fake');
      return 42;
    });
    assert.equal(r, 42);
    assert.equal(tl.getBackend(), 'js');
  });

  test('1. nested contexts restore exactly, also when fn throws or rejects', async () => {
    tl.backendContext('fake', () => {
      tl.backendContext('fake2', () => {
        assert.equal(tl.getBackend(), 'fake2');
        assert.throws(() =>
          tl.backendContext('js', () => {
            throw new Error('boom');
          }),
        );
        assert.equal(tl.getBackend(), 'fake2');
      });
      assert.equal(tl.getBackend(), 'fake');
    });
    assert.equal(tl.getBackend(), 'js');
    await assert.rejects(
      tl.backendContext('fake', async () => {
        await tl.backendContext('fake2', async () => {
          await delay(1);
          assert.equal(tl.getBackend(), 'fake2');
        });
        assert.equal(tl.getBackend(), 'fake');
        await delay(1);
        throw new Error('async boom');
      }),
      /async boom/,
    );
    assert.equal(tl.getBackend(), 'js');
  });

  test('an async context opened inside a sync one sees its own backend across awaits', async () => {
    let inner: Promise<string> | undefined;
    tl.backendContext('fake', () => {
      inner = tl.backendContextAsync('fake2', async () => {
        assert.equal(tl.getBackend(), 'fake2');
        await delay(1);
        return tl.getBackend();
      });
      assert.equal(tl.getBackend(), 'fake');
    });
    assert.equal(tl.getBackend(), 'js');
    assert.equal(await inner, 'fake2');
    assert.equal(tl.getBackend(), 'js');
  });

  test('a non-async function returning a promise is refused, and the state is restored', () => {
    assert.throws(() => tl.backendContext('fake', () => Promise.resolve(1)), BackendError);
    assert.equal(tl.getBackend(), 'js');
  });

  test('2. 1,000 concurrent async tasks each see only their own backend on every call', async () => {
    const backends = [0, 1, 2, 3].map((i) => new FakeBackend(`task${i}`));
    const errors: string[] = [];
    const tasks = Array.from({ length: 1000 }, (_, t) => {
      const mine = backends[t % backends.length]!;
      return tl.backendContext(mine, async () => {
        for (let round = 0; round < 4; round++) {
          await delay(Math.floor(Math.random() * 3));
          if (tl.currentBackend() !== mine) errors.push(`task ${t} round ${round} saw ${tl.getBackend()}`);
          const x = tl.tensor([3, 4]);
          if (!mine.isTensor(x)) errors.push(`task ${t}: tensor() did not reach ${mine.name}`);
          if (tl.item(tl.norm(x)) !== 5) errors.push(`task ${t}: wrong norm`);
          await Promise.resolve();
          if (tl.getBackend() !== mine.name) errors.push(`task ${t} after microtask saw ${tl.getBackend()}`);
        }
      });
    });
    await Promise.all(tasks);
    assert.deepEqual(errors, []);
    assert.equal(tl.getBackend(), 'js');
    for (const b of backends) assert.equal(b.calls.length, 1000);
  });

  test('3. a context never changes what other async tasks see', async () => {
    let stop = false;
    const seen = new Set<string>();
    const watcher = (async () => {
      while (!stop) {
        seen.add(tl.getBackend());
        await delay(0);
      }
    })();
    await tl.backendContext('fake', async () => {
      for (let i = 0; i < 20; i++) await delay(0);
    });
    stop = true;
    await watcher;
    assert.deepEqual([...seen], ['js']);
  });

  test('3. a context never changes what other threads see', async () => {
    const { worker } = await startWorker();
    try {
      await tl.backendContext('fake', async () => {
        assert.equal((await ask(worker)).now, 'js');
        // A worker started inside a context starts on the thread default, not the context's backend.
        const inner = await startWorker();
        assert.equal(inner.first.initial, 'js');
        await inner.worker.terminate();
      });
    } finally {
      await worker.terminate();
    }
  });

  test('4. workers inherit setBackend; localThreadOnly opts out; a worker never changes its parent', async () => {
    try {
      tl.setBackend('fake');
      const a = await startWorker();
      assert.equal(a.first.initial, 'fake');
      await a.worker.terminate();

      tl.setBackend('fake2', { localThreadOnly: true });
      assert.equal(tl.getBackend(), 'fake2');
      const b = await startWorker();
      assert.equal(b.first.initial, 'fake', 'localThreadOnly keeps the previous default for new threads');
      await b.worker.terminate();

      const c = await startWorker({ setBackend: 'js' });
      assert.equal(c.first.afterSet, 'js');
      assert.equal(tl.getBackend(), 'fake2', "a worker's setBackend leaves its parent alone");
      await c.worker.terminate();
    } finally {
      tl.setBackend('js');
    }
    assert.equal(tl.getBackend(), 'js');
  });

  test('setBackend inside a context changes the default, the context keeps its backend until it closes', () => {
    try {
      tl.backendContext('fake', () => {
        tl.setBackend('fake2');
        assert.equal(tl.getBackend(), 'fake');
      });
      assert.equal(tl.getBackend(), 'fake2');
    } finally {
      tl.setBackend('js');
    }
  });

  test('5. unknown name: the error lists the known backends and nothing changes', () => {
    assert.throws(
      () => tl.setBackend('nope'),
      (err: Error) => err instanceof BackendError && /'nope'/.test(err.message) && /'js'/.test(err.message),
    );
    assert.equal(tl.getBackend(), 'js');
    assert.throws(() => tl.backendContext('nope', () => 1), BackendError);
    assert.equal(tl.getBackend(), 'js');
  });

  test('5. a tensor of one backend given to another backend names both and the conversion', () => {
    const fake = tl.backendContext('fake', () => tl.tensor([1, 2]));
    assert.throws(
      () => tl.sum(fake),
      (err: Error) =>
        err instanceof BackendError &&
        /'fake' backend/.test(err.message) &&
        /'js' backend/.test(err.message) &&
        /toBackend/.test(err.message),
    );
    const converted = tl.toBackend(fake, 'js');
    assert.equal(tl.item(tl.sum(converted)), 3);
    const back = tl.toBackend(converted, 'fake');
    assert.ok(tl.backendContext('fake', () => tl.isTensor(back)));
  });

  test('6. a third-party backend works by instance and by registered name, reaching overridden derived ops', () => {
    const mine = new FakeBackend('mine');
    const viaInstance = tl.backendContext(mine, () => tl.item(tl.norm(tl.tensor([6, 8]))));
    assert.equal(viaInstance, 10);
    assert.deepEqual(mine.calls, ['norm']);
    tl.registerBackend('mine', () => mine);
    tl.backendContext('mine', () => tl.norm(tl.tensor([1])));
    assert.deepEqual(mine.calls, ['norm', 'norm']);
    assert.ok(tl.availableBackends().includes('mine'));
    assert.ok(mine instanceof Backend);
  });

  test('no AsyncLocalStorage exists until an async context is used (programs without one pay nothing)', async () => {
    // Earlier tests in this file used async contexts; a fresh process is checked in registry.test.ts.
    assert.equal(asyncContextsInUse(), true);
  });
});
