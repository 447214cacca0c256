// A worker for the backend-system tests: registers the test backends, then reports what it sees.
import './register-fakes.js';
import { parentPort, workerData } from 'node:worker_threads';
import tl from '../../index.js';

const data = (workerData ?? {}) as { setBackend?: string; localThreadOnly?: boolean };
const initial = tl.getBackend();
if (data.setBackend !== undefined)
  tl.setBackend(data.setBackend, { localThreadOnly: data.localThreadOnly === true });
parentPort?.on('message', (msg: string) => {
  if (msg === 'report') parentPort?.postMessage({ now: tl.getBackend() });
  if (msg === 'exit') parentPort?.close();
});
parentPort?.postMessage({ initial, afterSet: tl.getBackend() });
