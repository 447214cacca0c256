// Loaded into every test process. Property tests draw fresh random cases on each local run; under CI
// (or with FC_SEED set) they use a fixed seed so that a run is reproducible.
import fc from 'fast-check';

const seed = process.env.FC_SEED ?? (process.env.CI ? '20261124' : undefined);
if (seed !== undefined) fc.configureGlobal({ seed: Number(seed) });
