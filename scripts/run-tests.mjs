// Runs every compiled test file under build/ with node's test runner, then runs the behaviour suite
// (tensor algebra, factorized tensors, decompositions, metrics, solvers, random, base) again on each
// other backend that is installed, with TENSORLY_BACKEND set (scripts/test-setup.mjs waits for it).
// Node 20's `--test` takes no globs, so the files are listed here. Ends with one line for all passes:
// `N passed, N failed`.
//
// Usage: node scripts/run-tests.mjs [substring filter ...]
// Env: TENSORLY_TEST_BACKENDS=native,tfjs picks the extra passes (default: every installed one; '' for none).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function walk(dir, out) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (name.endsWith('.test.js')) out.push(p);
  }
  return out;
}

/** Test files that exercise the public API on whatever backend is in effect. */
const BEHAVIOUR = [
  'tenalg',
  'factorized',
  'decomposition',
  'metrics',
  'solvers',
  'random',
  'base.test.js',
].map((p) => join('build', p));

/** The other backends, and whether each can run here. */
const EXTRA = {
  native: () => existsSync('native/build/Release/tensorly_native.node'),
  tfjs: () => {
    try {
      createRequire(import.meta.url).resolve('@tensorflow/tfjs');
    } catch {
      return false;
    }
    return existsSync('build/backends/tfjs/index.js');
  },
};

const filters = process.argv.slice(2);
// tsc never deletes outputs: a compiled test whose source is gone is left over from an older tree, not run.
const stale = (f) => !existsSync(join('src', f.slice('build/'.length).replace(/\.js$/, '.ts')));
const all = walk('build', [])
  .filter((f) => {
    if (!stale(f)) return true;
    console.warn(`run-tests: skipping ${f}: its source is gone (delete build/ to clear it)`);
    return false;
  })
  .filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)))
  .sort();
if (all.length === 0) {
  console.error('run-tests: no test files found under build/ (run `npm run build:test` first)');
  process.exit(1);
}

const wanted =
  process.env.TENSORLY_TEST_BACKENDS === undefined
    ? Object.keys(EXTRA)
    : process.env.TENSORLY_TEST_BACKENDS.split(',').filter((s) => s.length > 0);
const passes = [{ backend: 'js', files: all }];
for (const name of wanted) {
  if (!(name in EXTRA)) {
    console.error(`run-tests: unknown backend '${name}' in TENSORLY_TEST_BACKENDS`);
    process.exit(1);
  }
  const files = all.filter((f) => BEHAVIOUR.some((p) => f.startsWith(p)));
  if (!EXTRA[name]())
    console.log(`\nrun-tests: backend '${name}' is not installed here; its pass is skipped`);
  else if (files.length > 0) passes.push({ backend: name, files });
}

const setup = new URL('./test-setup.mjs', import.meta.url).href;
const tmp = mkdtempSync(join(tmpdir(), 'tensorly-tests-'));
const totals = { pass: 0, fail: 0 };
let status = 0;
for (const [i, { backend, files }] of passes.entries()) {
  if (passes.length > 1) console.log(`\n==> tests on the '${backend}' backend (${files.length} files)\n`);
  const tap = join(tmp, `pass-${i}.tap`);
  const env = { ...process.env };
  if (backend === 'js') delete env.TENSORLY_BACKEND;
  else env.TENSORLY_BACKEND = backend;
  const r = spawnSync(
    process.execPath,
    [
      '--import',
      setup,
      '--test',
      '--test-concurrency=2',
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      '--test-reporter=tap',
      `--test-reporter-destination=${tap}`,
      ...files,
    ],
    { stdio: 'inherit', env },
  );
  if (r.status !== 0) status = r.status ?? 1;
  const text = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
  const count = (key) => Number(new RegExp(`^# ${key} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
  totals.pass += count('pass');
  totals.fail += count('fail') + count('cancelled');
  if (passes.length > 1) console.log(`\n'${backend}': ${count('pass')} passed, ${count('fail')} failed`);
}
rmSync(tmp, { recursive: true, force: true });
console.log(`\n${totals.pass} passed, ${totals.fail} failed`);
process.exit(status);
