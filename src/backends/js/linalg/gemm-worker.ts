/**
 * The helper thread of the js backend's two-thread GEMM (see `gemmParallel` in ./gemm.ts): started on the
 * first large product in Node.js, it computes its share of later products from shared memory and signals
 * completion through Atomics. It never returns; the thread is unref'ed so it does not keep Node alive.
 *
 * @module
 */
import { type MessagePort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { serveGemmJobs } from './gemm.js';

const { ctrl, port } = workerData as { ctrl: SharedArrayBuffer; port: MessagePort };
serveGemmJobs(ctrl, () => receiveMessageOnPort(port)?.message ?? null);
