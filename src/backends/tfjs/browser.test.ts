import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

// A real browser: tensorly-ts and the tfjs backend bundled with esbuild, served from localhost, opened in
// headless Chromium (Debian's `chromium`, driven by playwright-core; no browser is ever downloaded). The page
// runs parafacAsync and tuckerAsync on the webgl engine (cpu if WebGL cannot start, and the test says so)
// and reports the reconstruction errors, which the test checks against TensorLy's bar (relative error below
// 1e-2), and that neither call leaked a tensor.

const CHROMIUM = '/usr/bin/chromium';
const here = dirname(fileURLToPath(import.meta.url));
// build/backends/tfjs -> build
const buildDir = join(here, '..', '..');

/** The page's script, bundled: everything it imports is resolved by esbuild from build/ and node_modules. */
const ENTRY = `
import * as tf from '@tensorflow/tfjs';
import tl from ${JSON.stringify(join(buildDir, 'index.js'))};
import { createTfjsBackend } from ${JSON.stringify(join(buildDir, 'backends', 'tfjs', 'index.js'))};

async function run() {
  let backend;
  try {
    backend = await createTfjsBackend({ tf, engine: 'webgl' });
  } catch (err) {
    backend = await createTfjsBackend({ tf, engine: 'cpu' });
    backend.fallbackReason = String(err && err.message);
  }
  tl.setBackend(backend);
  const relError = (a, b) => tl.item(tl.norm(tl.subtract(a, b))) / tl.item(tl.norm(b));
  const x = tl.random.randomCp([12, 13, 14], 3, { full: true, randomState: 0 });
  const before = tf.memory().numTensors;
  const cp = await tl.decomposition.parafacAsync(x, 3, { nIterMax: 150, tol: 0, randomState: 1 });
  const cpHeld = cp.factors.length + 1;
  const cpLeak = tf.memory().numTensors - before - cpHeld;
  const cpErr = relError(tl.cpToTensor(cp), x);
  const y = tl.random.randomTucker([10, 11, 12], [3, 4, 5], { full: true, randomState: 2 });
  const before2 = tf.memory().numTensors;
  const tk = await tl.decomposition.tuckerAsync(y, [3, 4, 5], { nIterMax: 50, tol: 1e-9 });
  const tkLeak = tf.memory().numTensors - before2 - (tk.factors.length + 1);
  const tkErr = relError(tl.tuckerToTensor(tk), y);
  return {
    engine: tf.getBackend(),
    fallbackReason: backend.fallbackReason ?? null,
    webglRenderer: (() => {
      try {
        const gl = document.createElement('canvas').getContext('webgl2');
        const ext = gl && gl.getExtension('WEBGL_debug_renderer_info');
        return ext ? gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) : null;
      } catch { return null; }
    })(),
    cpErr, cpLeak, cpIterations: cp.iterations,
    tkErr, tkLeak, tkIterations: tk.iterations,
  };
}
run().then((r) => { window.__result = r; }, (e) => { window.__result = { error: String(e && e.stack || e) }; });
`;

const PAGE =
  '<!doctype html><meta charset="utf-8"><title>tensorly-ts tfjs</title><script type="module" src="/bundle.js"></script>';

test('browser: parafacAsync and tuckerAsync on the tfjs webgl engine in headless Chromium', {
  skip: existsSync(CHROMIUM) ? false : `${CHROMIUM} is absent (apt-get install -y chromium)`,
  timeout: 240_000,
}, async (t) => {
  const esbuild = await import('esbuild');
  const { chromium } = await import('playwright-core');
  const dir = mkdtempSync(join(tmpdir(), 'tensorly-browser-'));
  const entry = join(dir, 'entry.mjs');
  writeFileSync(entry, ENTRY);
  const built = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
    // Optional packages the bundle never reaches in this page (its wasm engine is not asked for).
    external: ['@tensorflow/tfjs-backend-wasm'],
    nodePaths: [join(buildDir, '..', 'node_modules')],
  });
  rmSync(dir, { recursive: true, force: true });
  const bundle = built.outputFiles[0]!.contents;
  const server = createServer((req, res) => {
    if (req.url === '/bundle.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      res.end(bundle);
    } else if (req.url === '/' || req.url === '/index.html') {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(PAGE);
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // WebGL through SwiftShader (software) where there is no GPU.
      '--enable-unsafe-swiftshader',
      '--use-angle=swiftshader',
    ],
  });
  try {
    const page = await browser.newPage();
    const logs: string[] = [];
    page.on('console', (m) => logs.push(m.text()));
    page.on('pageerror', (e) => logs.push(String(e)));
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForFunction('window.__result !== undefined', undefined, { timeout: 200_000 });
    const r = (await page.evaluate('window.__result')) as Record<string, unknown>;
    assert.equal(r.error, undefined, `${String(r.error)}\n${logs.join('\n')}`);
    t.diagnostic(
      `engine ${r.engine}${r.fallbackReason ? ` (webgl failed: ${r.fallbackReason})` : ''}; renderer ${r.webglRenderer}; ` +
        `CP error ${r.cpErr} after ${r.cpIterations} iterations; Tucker error ${r.tkErr} after ${r.tkIterations}`,
    );
    assert.ok((r.cpErr as number) < 1e-2, `CP relative error ${r.cpErr}`);
    assert.ok((r.tkErr as number) < 1e-2, `Tucker relative error ${r.tkErr}`);
    assert.equal(r.cpLeak, 0, 'parafacAsync leaked tensors');
    assert.equal(r.tkLeak, 0, 'tuckerAsync leaked tensors');
  } finally {
    await browser.close();
    server.close();
  }
});
