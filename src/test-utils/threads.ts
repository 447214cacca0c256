import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { gemmThreads } from '../backends/js/linalg/gemm.js';

/**
 * Waits until the js backend's GEMM helper thread serves jobs (it starts on demand), and fails where it
 * should run: two cores or more, threads not turned off with TENSORLY_JS_THREADS=1. Returns whether it runs.
 */
export async function helperThreadReady(): Promise<boolean> {
  for (let i = 0; i < 300 && gemmThreads() === 1; i++) await new Promise((r) => setTimeout(r, 10));
  if (process.env.TENSORLY_JS_THREADS !== '1' && availableParallelism() >= 2)
    assert.equal(gemmThreads(), 2, 'the helper thread started');
  return gemmThreads() === 2;
}

/**
 * Runs the ES module source `code` in a fresh Node process with the js backend on one thread
 * (TENSORLY_JS_THREADS=1) and returns what it printed, parsed as JSON.
 */
export function jsonOnOneThread(code: string): unknown {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], {
    env: { ...process.env, TENSORLY_JS_THREADS: '1' },
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}
