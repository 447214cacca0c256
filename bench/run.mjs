// `npm run bench`: runs the fixed workloads in bench/suites/*.mjs on the built package (dist/), with
// NumPy / TensorLy side by side when /usr/bin/python3 has NumPy (and TensorLy, found through
// TENSORLY_PATH or .bench-cache/tensorly). Prints a table, then the same figures as JSON.
//
// Usage: npm run bench [-- --filter <substring>] [--json <file>] [--no-python] [--reps <n>] [--one-process]
// Each suite runs in its own Node process unless --one-process is given (--only-suite <file> runs one).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const opt = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const filter = opt('--filter');
const jsonOut = opt('--json');
const usePython = !args.includes('--no-python');
const repsOverride = opt('--reps') ? Number(opt('--reps')) : undefined;

/** Median of the timings of `fn` (ms), after warm-up, over `reps` runs or ~minMs of work. */
export function time(fn, { reps = 7, warmup = 2, minMs = 200 } = {}) {
  for (let i = 0; i < warmup; i++) fn();
  const samples = [];
  const start = performance.now();
  while (samples.length < reps || (performance.now() - start < minMs && samples.length < 200)) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}

function pythonAvailable() {
  if (!usePython || !existsSync('/usr/bin/python3')) return null;
  const r = spawnSync('/usr/bin/python3', ['-c', 'import numpy; print(numpy.__version__)'], {
    encoding: 'utf8',
  });
  if (r.status !== 0) return null;
  const tlPath = process.env.TENSORLY_PATH ?? join(here, '..', '.bench-cache', 'tensorly');
  const t = spawnSync('/usr/bin/python3', ['-c', 'import tensorly; print(tensorly.__version__)'], {
    encoding: 'utf8',
    env: { ...process.env, PYTHONPATH: tlPath },
  });
  return { numpy: r.stdout.trim(), tensorly: t.status === 0 ? t.stdout.trim() : null, tlPath };
}

const py = pythonAvailable();
const only = opt('--only-suite');
const suites = readdirSync(join(here, 'suites'))
  .filter((f) => f.endsWith('.mjs') && (only === undefined || f === only))
  .sort();
const rows = [];
// Each suite runs in a fresh Node process (this script with --only-suite), as a program using one backend
// would: run in one process, the js decomposition workloads leave V8's compiled code and heap shaped by the
// js backend, and the native backend's CP-ALS, which shares that code, then ran 20-30% slower.
if (only === undefined && !args.includes('--one-process')) {
  for (const file of suites) {
    const childArgs = args.filter((a, i) => a !== '--json' && args[i - 1] !== '--json');
    const out = join(tmpdir(), `tensorly-bench-${process.pid}-${file}.json`);
    const r = spawnSync(
      process.execPath,
      [
        ...process.execArgv,
        fileURLToPath(import.meta.url),
        ...childArgs,
        '--only-suite',
        file,
        '--json',
        out,
      ],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
        encoding: 'utf8',
      },
    );
    // The child's table lines, without its JSON (the combined JSON follows).
    const table = (r.stdout ?? '').split('\nJSON\n')[0].trim();
    if (table) console.log(table);
    if (r.status !== 0 || !existsSync(out)) {
      console.log(`bench: suite ${file} failed (exit ${r.status})`);
      continue;
    }
    rows.push(...JSON.parse(readFileSync(out, 'utf8')).rows);
    rmSync(out);
  }
}
for (const file of only === undefined && !args.includes('--one-process') ? [] : suites) {
  const suite = await import(pathToFileURL(join(here, 'suites', file)).href);
  for (const w of suite.workloads) {
    const id = `${suite.name}/${w.name}`;
    if (filter && !id.includes(filter)) continue;
    const row = { suite: suite.name, name: w.name, unit: w.unit ?? 'ms' };
    // Start each workload from a collected heap: a workload that leaves a gigabyte of garbage (khatriRao of
    // three 200x20 makes 1.3 GB) otherwise slows the next ones several-fold. `npm run bench` passes --expose-gc.
    globalThis.gc?.();
    const ctx = w.setup ? await w.setup() : undefined;
    if (w.measure) Object.assign(row, await w.measure(ctx));
    else {
      row.js =
        time(() => w.run(ctx), {
          reps: repsOverride ?? w.reps ?? 7,
          warmup: w.warmup ?? 2,
          minMs: w.minMs ?? 200,
        }) * (w.scale ?? 1);
    }
    if (w.flops && row.js) row.gflops = w.flops / (row.js * 1e6);
    if (py && w.python && (!w.needsTensorly || py.tensorly)) {
      const script = `
import time, json, statistics
import numpy as np
${w.needsTensorly ? 'import tensorly as tl' : ''}
${w.python.setup ?? ''}
def _run():
${w.python.run
  .split('\n')
  .map((l) => '    ' + l)
  .join('\n')}
for _ in range(${w.warmup ?? 2}): _run()
_s = []
_t = time.perf_counter()
while len(_s) < ${repsOverride ?? w.reps ?? 7} or (time.perf_counter() - _t < ${(w.minMs ?? 200) / 1000} and len(_s) < 200):
    _t0 = time.perf_counter(); _run(); _s.append((time.perf_counter() - _t0) * 1000)
print(json.dumps(statistics.median(_s)))
`;
      const r = spawnSync('/usr/bin/python3', ['-c', script], {
        encoding: 'utf8',
        env: { ...process.env, PYTHONPATH: py.tlPath },
      });
      if (r.status === 0) {
        row.python = Number(r.stdout.trim().split('\n').pop()) * (w.scale ?? 1);
        row.ratio = row.js / row.python;
      } else row.pythonError = r.stderr.trim().split('\n').pop();
    }
    rows.push(row);
    const fmt = (v) => (v === undefined ? '-' : v < 0.01 ? v.toExponential(2) : v.toFixed(3));
    console.log(
      `${id.padEnd(48)} js ${fmt(row.js).padStart(10)} ${row.unit}` +
        (row.gflops ? `  ${row.gflops.toFixed(2)} GFLOP/s` : '') +
        (row.python !== undefined
          ? `  ${w.needsTensorly ? 'TensorLy' : 'NumPy'} ${fmt(row.python)} ${row.unit}  ratio ${row.ratio.toFixed(2)}`
          : '') +
        (row.note ? `  ${row.note}` : ''),
    );
  }
}

const meta = {
  date: new Date().toISOString(),
  node: process.version,
  numpy: py?.numpy ?? null,
  tensorly: py?.tensorly ?? null,
  openblasThreads: process.env.OPENBLAS_NUM_THREADS ?? 'default (all cores)',
};
const report = { meta, rows };
console.log('\nJSON');
console.log(JSON.stringify(report, null, 1));
if (jsonOut) writeFileSync(jsonOut, JSON.stringify(report, null, 2));
