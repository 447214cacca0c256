// Loaded into every test process. Property tests draw fresh random cases on each local run; under CI
// (or with FC_SEED set) they use a fixed seed so that a run is reproducible.
import fc from 'fast-check';

const seed = process.env.FC_SEED ?? (process.env.CI ? '20261124' : undefined);
if (seed !== undefined) fc.configureGlobal({ seed: Number(seed) });

// A pass of the behaviour suite on another backend (scripts/run-tests.mjs sets TENSORLY_BACKEND): wait
// until that backend is loaded, and refuse to run on the wrong one.
const wanted = process.env.TENSORLY_BACKEND;
if (wanted !== undefined && wanted !== '') {
  const tl = (await import(new URL('../build/index.js', import.meta.url).href)).default;
  await tl.ready;
  if (tl.getBackend() !== wanted.toLowerCase()) {
    throw new Error(
      `test-setup: TENSORLY_BACKEND=${wanted} but the backend in effect is '${tl.getBackend()}'`,
    );
  }
}
