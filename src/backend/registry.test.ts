import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import tl, { BackendError, JsBackend } from '../index.js';
import { importOptional } from './registry.js';

const indexUrl = new URL('../index.js', import.meta.url).href;

/** Runs a module snippet in a fresh node process and returns its stdout, stderr and status. */
function runNode(code: string, env: Record<string, string> = {}, args: string[] = []) {
  const r = spawnSync(process.execPath, [...args, '--input-type=module', '-e', code], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  return { stdout: r.stdout.trim(), stderr: r.stderr, status: r.status };
}

describe('backend registry', () => {
  test('a registered loader runs only on first use, then the instance is cached', () => {
    let calls = 0;
    tl.registerBackend('lazy', () => {
      calls++;
      return new JsBackend();
    });
    assert.equal(calls, 0);
    assert.ok(!tl.loadedBackends().includes('lazy'));
    tl.backendContext('lazy', () => 1);
    tl.backendContext('LAZY', () => 1);
    assert.equal(calls, 1);
    assert.ok(tl.loadedBackends().includes('lazy'));
  });

  test('an asynchronous loader needs loadBackend first, with a clear error; loadBackend caches', async () => {
    let calls = 0;
    tl.registerBackend('later', async () => {
      calls++;
      return new JsBackend();
    });
    assert.throws(
      () => tl.setBackend('later'),
      (e: Error) => e instanceof BackendError && /loadBackend\('later'\)/.test(e.message),
    );
    assert.equal(tl.getBackend(), 'js');
    const b = await tl.loadBackend('later');
    assert.equal(await tl.loadBackend('later'), b);
    assert.equal(calls, 1);
    assert.equal(
      tl.backendContext('later', () => tl.currentBackend()),
      b,
    );
  });

  test('a loader that returns something else is rejected', () => {
    tl.registerBackend('bogus', () => ({}) as never);
    assert.throws(() => tl.setBackend('bogus'), BackendError);
    assert.equal(tl.getBackend(), 'js');
  });

  test('loadBackend of an unknown name lists the known ones', async () => {
    await assert.rejects(
      tl.loadBackend('nope'),
      (e: Error) => e instanceof BackendError && /'js'/.test(e.message),
    );
  });

  test('a backend whose optional package is missing names the package to install', async () => {
    tl.registerBackend('needs-pkg', () =>
      importOptional('@tensorly-ts/surely-not-installed', 'needs-pkg').then(() => new JsBackend()),
    );
    await assert.rejects(
      tl.loadBackend('needs-pkg'),
      (e: Error) =>
        e instanceof BackendError &&
        /npm install @tensorly-ts\/surely-not-installed/.test(e.message) &&
        /'needs-pkg'/.test(e.message),
    );
  });

  test('TENSORLY_BACKEND picks the default; an unknown name warns and falls back to js', () => {
    const ok = runNode(`import tl from '${indexUrl}'; console.log(tl.getBackend());`, {
      TENSORLY_BACKEND: 'JS',
    });
    assert.equal(ok.stdout, 'js');
    const bad = runNode(`import tl from '${indexUrl}'; console.log(tl.getBackend());`, {
      TENSORLY_BACKEND: 'torch',
    });
    assert.equal(bad.status, 0);
    assert.equal(bad.stdout, 'js');
    assert.match(bad.stderr, /'torch'.*not a known backend/);
  });

  test('importing tensorly-ts and using js loads no other backend module and no AsyncLocalStorage', () => {
    const hooks = `data:text/javascript,${encodeURIComponent(`
      export async function load(url, context, next) {
        if (url.startsWith('file:')) process.stderr.write('LOADED ' + url + '\\n');
        return next(url, context);
      }`)}`;
    const register = `data:text/javascript,${encodeURIComponent(
      `import { register } from 'node:module'; register(${JSON.stringify(hooks)});`,
    )}`;
    const r = runNode(
      `import tl from '${indexUrl}';
       const { asyncContextsInUse } = await import('${new URL('./state.js', import.meta.url).href}');
       const x = tl.tensor([[1, 2], [3, 4]]);
       tl.backendContext('js', () => tl.transpose(x));
       console.log(tl.getBackend(), asyncContextsInUse());`,
      {},
      ['--import', register],
    );
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, 'js false');
    const loaded = r.stderr
      .split('\n')
      .filter((l) => l.startsWith('LOADED '))
      .map((l) => fileURLToPath(l.slice(7)));
    assert.ok(
      loaded.some((f) => /backends[\\/]js[\\/]/.test(f)),
      'the js backend was loaded',
    );
    const others = loaded.filter((f) => /backends[\\/]/.test(f) && !/backends[\\/]js[\\/]/.test(f));
    assert.deepEqual(others, []);
  });
});
