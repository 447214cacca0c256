// Dispatch overhead: a dispatched trivial op (tl.ndim) against a direct method call on the backend,
// outside any context, inside a synchronous context and inside an asynchronous one.
import tl from '../../dist/index.js';

export const name = 'dispatch';

const N = 2_000_000;

function nsPerCall(fn) {
  // Several rounds; the median round's ns per call.
  const rounds = [];
  for (let r = 0; r < 9; r++) {
    const t0 = performance.now();
    fn();
    rounds.push(((performance.now() - t0) * 1e6) / N);
  }
  rounds.sort((a, b) => a - b);
  return rounds[4];
}

function loopDirect(b, x) {
  let s = 0;
  for (let i = 0; i < N; i++) s += b.ndim(x);
  return s;
}
function loopDispatched(x) {
  let s = 0;
  for (let i = 0; i < N; i++) s += tl.ndim(x);
  return s;
}

export const workloads = [
  {
    name: 'ndim direct vs dispatched (ns/call)',
    unit: 'ns',
    async measure() {
      const x = tl.tensor([
        [1, 2],
        [3, 4],
      ]);
      const b = tl.currentBackend();
      const direct = nsPerCall(() => loopDirect(b, x));
      const outside = nsPerCall(() => loopDispatched(x));
      const inSync = tl.backendContext('js', () => nsPerCall(() => loopDispatched(x)));
      const inAsync = await tl.backendContext('js', async () => nsPerCall(() => loopDispatched(x)));
      return {
        js: outside,
        direct,
        addedOutside: outside - direct,
        addedInSyncContext: inSync - direct,
        addedInAsyncContext: inAsync - direct,
        note: `direct ${direct.toFixed(1)} ns; added: outside ${(outside - direct).toFixed(1)} ns, sync context ${(inSync - direct).toFixed(1)} ns, async context ${(inAsync - direct).toFixed(1)} ns`,
      };
    },
  },
];
