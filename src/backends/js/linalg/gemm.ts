/**
 * General matrix multiply on `Float64Array`s with arbitrary strides, in the style of GotoBLAS/BLIS
 * (Goto & van de Geijn, "Anatomy of high-performance matrix multiplication", ACM TOMS 34(3), 2008;
 * Van Zee & van de Geijn, "BLIS: a framework for rapidly instantiating BLAS functionality", ACM TOMS
 * 41(3), 2015): blocks of A and panels of B are packed into one contiguous work buffer, so any input
 * strides (transposed views included) cost the same, and a register-blocked micro-kernel keeps its
 * accumulators in locals.
 *
 * Why the shapes are what they are (measured on x64 with V8 11, Node 20):
 * - The micro-kernel is 2×3: six accumulators, five operands and one product fit in the 15 double
 *   registers V8's x64 allocator hands out (xmm15 is its scratch). 4×4 and larger tiles spill
 *   accumulators to the stack, and the store-to-load round trip on every iteration costs more than
 *   the loads they save (4×4: ~7 GFLOP/s, 2×3: ~10 GFLOP/s at 512×512×512).
 * - The work buffer is one module-level constant of fixed length (about 1.3 MB, allocated once at
 *   import), so optimised code embeds its base address and length as constants: no map check and no
 *   reload of the backing store on each access, which the kernel's loads would otherwise pay for.
 *   Sharing it is safe: gemm never yields or re-enters, and each worker thread has its own module.
 * - Block sizes matter little once the kernel is bound by instruction count rather than memory; the
 *   values below keep a `KC × NR` panel of B in L1 and an `MC × KC` block of A in L2.
 *
 * @module
 */

import { builtin, envVar, nodeProcess } from '../../../node.js';
import { bidiagonalizeRows } from './bidiagonal-rows.js';
import { tridiagonalizeRows } from './tridiagonal-rows.js';
import { applyRotationLog, setParallelRotations } from './rotations.js';

const MR = 2;
const NR = 3;
/** Depth of a packed block (shared dimension). */
const KC = 256;
/** Rows of A packed at once: a 128×256 block is 256 KiB. */
const MC = 128;
/** Columns of B packed at once, a multiple of `NR`: a 256×513 panel is about 1 MiB. */
const NC = 513;
/** Offset of the packed B panel in the work buffer (after the largest packed A block). */
const B_OFF = MC * KC;
/** The work buffer: packed A block at 0, packed B panel at `B_OFF`. Never reallocated (see module note). */
const W = new Float64Array(B_OFF + KC * NC);
/** Edge tiles go through this before being added to C's partial rows/columns. */
const TILE = new Float64Array(MR * NR);

/**
 * Below this many multiply-adds plain loops win. Packing pays off early: it is already faster
 * than i-p-j loops at 4×4×4 (the loops run at ~1.6 GFLOP/s, bounds checks and a store per
 * multiply-add, against ~9 for the micro-kernel).
 */
const TINY_WORK = 64;

/**
 * `C += A·B` by plain loops, for tiny or degenerate shapes. A single column of C (`n = 1`, a
 * matrix-vector product) takes four rows at a time so each value of B is loaded once per four
 * multiply-adds; otherwise i-p-j order streams rows of B into rows of C.
 */
function gemmLoops(
  m: number,
  n: number,
  k: number,
  a: Float64Array,
  aOff: number,
  aRs: number,
  aCs: number,
  b: Float64Array,
  bOff: number,
  bRs: number,
  bCs: number,
  c: Float64Array,
  cOff: number,
  ldc: number,
  sign: 1 | -1,
): void {
  if (n === 1) {
    let i = 0;
    for (; i + 3 < m; i += 4) {
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let ia = aOff + i * aRs;
      let ib = bOff;
      for (let p = 0; p < k; p++) {
        const bv = b[ib]!;
        s0 += a[ia]! * bv;
        s1 += a[ia + aRs]! * bv;
        s2 += a[ia + 2 * aRs]! * bv;
        s3 += a[ia + 3 * aRs]! * bv;
        ia += aCs;
        ib += bRs;
      }
      const ci = cOff + i * ldc;
      c[ci]! += sign * s0;
      c[ci + ldc]! += sign * s1;
      c[ci + 2 * ldc]! += sign * s2;
      c[ci + 3 * ldc]! += sign * s3;
    }
    for (; i < m; i++) {
      let s = 0;
      let ia = aOff + i * aRs;
      let ib = bOff;
      for (let p = 0; p < k; p++) {
        s += a[ia]! * b[ib]!;
        ia += aCs;
        ib += bRs;
      }
      c[cOff + i * ldc]! += sign * s;
    }
    return;
  }
  for (let i = 0; i < m; i++) {
    const ci = cOff + i * ldc;
    const ai = aOff + i * aRs;
    for (let p = 0; p < k; p++) {
      const av = sign * a[ai + p * aCs]!;
      const bp = bOff + p * bRs;
      if (bCs === 1) for (let j = 0; j < n; j++) c[ci + j]! += av * b[bp + j]!;
      else for (let j = 0; j < n; j++) c[ci + j]! += av * b[bp + j * bCs]!;
    }
  }
}

/**
 * Packs `sign·A[i0:i0+mc, p0:p0+kc]` into `W[0..]` as `MR`-row strips, `[strip][p][r]`, zero-padding
 * the last strip (the sign folds `C -= A·B` into the same kernel at no cost).
 */
function packA(
  mc: number,
  kc: number,
  a: Float64Array,
  aOff: number,
  aRs: number,
  aCs: number,
  i0: number,
  p0: number,
  sign: 1 | -1,
): void {
  let o = 0;
  for (let r0 = 0; r0 < mc; r0 += MR) {
    const base = aOff + (i0 + r0) * aRs + p0 * aCs;
    if (r0 + MR <= mc) {
      let s0 = base;
      let s1 = base + aRs;
      for (let p = 0; p < kc; p++) {
        W[o] = sign * a[s0]!;
        W[o + 1] = sign * a[s1]!;
        s0 += aCs;
        s1 += aCs;
        o += MR;
      }
    } else {
      let s0 = base;
      for (let p = 0; p < kc; p++) {
        W[o] = sign * a[s0]!;
        W[o + 1] = 0;
        s0 += aCs;
        o += MR;
      }
    }
  }
}

/** Packs `B[p0:p0+kc, j0:j0+nc]` into `W[B_OFF..]` as `NR`-column panels, `[panel][p][col]`, zero-padded. */
function packB(
  kc: number,
  nc: number,
  b: Float64Array,
  bOff: number,
  bRs: number,
  bCs: number,
  p0: number,
  j0: number,
): void {
  let o = B_OFF;
  for (let c0 = 0; c0 < nc; c0 += NR) {
    const w = Math.min(NR, nc - c0);
    let s = bOff + p0 * bRs + (j0 + c0) * bCs;
    if (w === NR) {
      for (let p = 0; p < kc; p++) {
        W[o] = b[s]!;
        W[o + 1] = b[s + bCs]!;
        W[o + 2] = b[s + 2 * bCs]!;
        s += bRs;
        o += NR;
      }
    } else {
      for (let p = 0; p < kc; p++) {
        W[o] = b[s]!;
        W[o + 1] = w > 1 ? b[s + bCs]! : 0;
        W[o + 2] = 0;
        s += bRs;
        o += NR;
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// Skinny products. When C has few columns (an MTTKRP's rank), each element of A takes part in only that many
// multiply-adds, and the interleaving pack of A (a strided read and a write per element) costs about as much
// as the arithmetic. Reading A where it lies is no better: V8 reaches a typed array passed as a parameter
// more slowly than the module constant W, whose base and length it embeds. So when A's rows are contiguous,
// blocks of them are copied into W as they are, row-major, by `TypedArray.set` (memcpy speed), and a kernel
// reads two rows of that copy against B's packed panel: a (10000, 100) · (100, 10) product runs at 9.6
// GFLOP/s instead of 7.1 (one core). Likewise for few rows of C and B with contiguous rows: the packed kernel
// (`kernelRowsB`) takes B's row stride in W as a parameter and serves both. `kernelRowsA` repeats its loop
// with A's two rows addressed apart, on purpose: a shared loop would cost a call per step.

/** At most this many columns of C (rows, for the B side) for the row-copy paths. */
const SKINNY = 12;
/** ... and at least this many multiply-adds. */
const SKINNY_MIN_WORK = 1 << 12;

/**
 * The 2×3 tile with A's two rows copied row-major into W (`W[ia0 + p]`, `W[ia1 + p]`) and B's packed panel at
 * `W[ib..]`. A single-row strip passes `ia1 = ia0` and `h = 1`.
 */
function kernelRowsA(
  kc: number,
  ia0: number,
  ia1: number,
  ib: number,
  c: Float64Array,
  cPos: number,
  ldc: number,
  h: number,
  w: number,
  overwrite: boolean,
): void {
  let c00 = 0;
  let c01 = 0;
  let c02 = 0;
  let c10 = 0;
  let c11 = 0;
  let c12 = 0;
  ia0 |= 0;
  ia1 |= 0;
  ib |= 0;
  const end = (ia0 + kc) | 0;
  while (ia0 < end) {
    const a0 = W[ia0]!;
    const a1 = W[ia1]!;
    const b0 = W[ib]!;
    const b1 = W[(ib + 1) | 0]!;
    const b2 = W[(ib + 2) | 0]!;
    c00 += a0 * b0;
    c01 += a0 * b1;
    c02 += a0 * b2;
    c10 += a1 * b0;
    c11 += a1 * b1;
    c12 += a1 * b2;
    ia0 = (ia0 + 1) | 0;
    ia1 = (ia1 + 1) | 0;
    ib = (ib + NR) | 0;
  }
  storeTile(c, cPos, ldc, h, w, overwrite, c00, c01, c02, c10, c11, c12);
}

/**
 * The 2×3 micro-kernel: `C[tile] += Astrip · Bpanel` over depth `kc`, with A's strip packed at `W[ia..]` and
 * B's values for depth p at `W[ib + p·bStep ..]`: a packed panel (`bStep = NR`), or B's rows copied
 * row-major into W (`bStep` their length; columns past `w` then read whatever follows and are not stored).
 * `h`, `w` are the tile's valid rows and columns (edge tiles are smaller). `overwrite` stores the tile
 * instead of adding it (the first depth block when `beta = 0`), which saves a pass over C that zero-filling
 * would cost. `| 0` keeps the index arithmetic in int32 without overflow checks.
 */
function kernelRowsB(
  kc: number,
  ia: number,
  ib: number,
  bStep: number,
  c: Float64Array,
  cPos: number,
  ldc: number,
  h: number,
  w: number,
  overwrite: boolean,
): void {
  let c00 = 0;
  let c01 = 0;
  let c02 = 0;
  let c10 = 0;
  let c11 = 0;
  let c12 = 0;
  ia |= 0;
  ib |= 0;
  const end = (ia + kc * MR) | 0;
  while (ia < end) {
    const a0 = W[ia]!;
    const a1 = W[(ia + 1) | 0]!;
    const b0 = W[ib]!;
    const b1 = W[(ib + 1) | 0]!;
    const b2 = W[(ib + 2) | 0]!;
    c00 += a0 * b0;
    c01 += a0 * b1;
    c02 += a0 * b2;
    c10 += a1 * b0;
    c11 += a1 * b1;
    c12 += a1 * b2;
    ia = (ia + MR) | 0;
    ib = (ib + bStep) | 0;
  }
  storeTile(c, cPos, ldc, h, w, overwrite, c00, c01, c02, c10, c11, c12);
}

/** Writes (or adds) the valid `h × w` corner of a 2×3 tile into C. */
function storeTile(
  c: Float64Array,
  cPos: number,
  ldc: number,
  h: number,
  w: number,
  overwrite: boolean,
  c00: number,
  c01: number,
  c02: number,
  c10: number,
  c11: number,
  c12: number,
): void {
  if (h === MR && w === NR) {
    const r = cPos + ldc;
    if (overwrite) {
      c[cPos] = c00;
      c[cPos + 1] = c01;
      c[cPos + 2] = c02;
      c[r] = c10;
      c[r + 1] = c11;
      c[r + 2] = c12;
      return;
    }
    c[cPos]! += c00;
    c[cPos + 1]! += c01;
    c[cPos + 2]! += c02;
    c[r]! += c10;
    c[r + 1]! += c11;
    c[r + 2]! += c12;
    return;
  }
  TILE[0] = c00;
  TILE[1] = c01;
  TILE[2] = c02;
  TILE[3] = c10;
  TILE[4] = c11;
  TILE[5] = c12;
  for (let i = 0; i < h; i++) {
    for (let j = 0; j < w; j++) {
      const t = TILE[i * NR + j]!;
      if (overwrite) c[cPos + i * ldc + j] = t;
      else c[cPos + i * ldc + j]! += t;
    }
  }
}

/** Copies the `(rows, cols)` block at `src[off]` with row stride `rs` (unit column stride) into `W[at..]`, row-major. */
function copyRows(rows: number, cols: number, src: Float64Array, off: number, rs: number, at: number): void {
  if (rs === cols || rows === 1) W.set(src.subarray(off, off + rows * cols), at);
  else for (let r = 0; r < rows; r++) W.set(src.subarray(off + r * rs, off + r * rs + cols), at + r * cols);
}

/** `C = beta·C + sign·A·B` for `n <= SKINNY` with A's rows contiguous (`aCs = 1`): A copied by rows, B packed. */
function gemmRowsA(
  m: number,
  n: number,
  k: number,
  a: Float64Array,
  aOff: number,
  aRs: number,
  b: Float64Array,
  bOff: number,
  bRs: number,
  bCs: number,
  c: Float64Array,
  cOff: number,
  ldc: number,
  beta: 0 | 1,
  sign: 1 | -1,
): void {
  const panels = Math.ceil(n / NR);
  // A depth block must leave room for two rows of A at 0 and the packed panels of B at B_OFF.
  // 1024 keeps two rows of A and a panel of B (40 KiB) in L1.
  const kcMax = Math.min(k, Math.floor((W.length - B_OFF) / (panels * NR)), 1024);
  for (let p0 = 0; p0 < k; p0 += kcMax) {
    const kc = Math.min(kcMax, k - p0);
    // B's rows p0..p0+kc as NR-column panels [panel][p][col], zero-padded, with the sign folded in.
    let o = B_OFF;
    for (let j0 = 0; j0 < n; j0 += NR) {
      const w = Math.min(NR, n - j0);
      let sb = bOff + p0 * bRs + j0 * bCs;
      for (let p = 0; p < kc; p++) {
        W[o] = sign * b[sb]!;
        W[o + 1] = w > 1 ? sign * b[sb + bCs]! : 0;
        W[o + 2] = w > 2 ? sign * b[sb + 2 * bCs]! : 0;
        sb += bRs;
        o += NR;
      }
    }
    const overwrite = beta === 0 && p0 === 0;
    const block = Math.max(MR, Math.floor(B_OFF / kc / MR) * MR); // rows of A per copy
    for (let i0 = 0; i0 < m; i0 += block) {
      const rows = Math.min(block, m - i0);
      copyRows(rows, kc, a, aOff + i0 * aRs + p0, aRs, 0);
      for (let i = 0; i < rows; i += MR) {
        const h = Math.min(MR, rows - i);
        const ia0 = i * kc;
        const ia1 = h === MR ? ia0 + kc : ia0;
        const cRow = cOff + (i0 + i) * ldc;
        for (let j0 = 0, ib = B_OFF; j0 < n; j0 += NR, ib += kc * NR) {
          kernelRowsA(kc, ia0, ia1, ib, c, cRow + j0, ldc, h, Math.min(NR, n - j0), overwrite);
        }
      }
    }
  }
}

/** `C = beta·C + sign·A·B` for `m <= SKINNY` with B's rows contiguous (`bCs = 1`): A packed, B copied by rows. */
function gemmRowsB(
  m: number,
  n: number,
  k: number,
  a: Float64Array,
  aOff: number,
  aRs: number,
  aCs: number,
  b: Float64Array,
  bOff: number,
  bRs: number,
  c: Float64Array,
  cOff: number,
  ldc: number,
  beta: 0 | 1,
  sign: 1 | -1,
): void {
  const strips = Math.ceil(m / MR);
  const kcMax = Math.min(k, KC, Math.floor(B_OFF / (strips * MR)));
  // Columns of B per copy: kc rows of nc values (and two values of slack for the edge tile's reads).
  const ncMax = Math.max(NR, Math.floor((W.length - B_OFF - NR) / kcMax / NR) * NR);
  for (let p0 = 0; p0 < k; p0 += kcMax) {
    const kc = Math.min(kcMax, k - p0);
    packA(m, kc, a, aOff, aRs, aCs, 0, p0, sign);
    const overwrite = beta === 0 && p0 === 0;
    for (let j0 = 0; j0 < n; j0 += ncMax) {
      const nc = Math.min(ncMax, n - j0);
      copyRows(kc, nc, b, bOff + p0 * bRs + j0, bRs, B_OFF);
      for (let c0 = 0; c0 < nc; c0 += NR) {
        const w = Math.min(NR, nc - c0);
        const cCol = cOff + j0 + c0;
        for (let r0 = 0; r0 < m; r0 += MR) {
          kernelRowsB(
            kc,
            r0 * kc,
            B_OFF + c0,
            nc,
            c,
            cCol + r0 * ldc,
            ldc,
            Math.min(MR, m - r0),
            w,
            overwrite,
          );
        }
      }
    }
  }
}

/** `C = beta·C + sign·A·B`: the body of {@link gemm} and {@link gemmSub}. */
/**
 * A faster GEMM tried before the packed kernel, with {@link gemm}'s operands plus `beta` (0 or 1) and
 * `alpha` (1 or -1): returns true when it computed `C = alpha·A·B + beta·C`, false to leave the shape to
 * the kernel here (strides it cannot express, or work too small to be worth a native call).
 */
export type GemmHook = (
  m: number,
  n: number,
  k: number,
  a: Float64Array,
  aOff: number,
  aRs: number,
  aCs: number,
  b: Float64Array,
  bOff: number,
  bRs: number,
  bCs: number,
  c: Float64Array,
  cOff: number,
  ldc: number,
  beta: 0 | 1,
  alpha: 1 | -1,
) => boolean;

let hook: GemmHook | null = null;

/**
 * Installs `next` as the GEMM hook (null: none) and returns the previous one. The `native` backend sets
 * its BLAS call for the synchronous extent of each of its operations (see `withKernels` in
 * `./kernels.ts`), so the same NdArray code runs on OpenBLAS there and on the kernel here for `js`.
 */
export function swapGemmHook(next: GemmHook | null): GemmHook | null {
  const prev = hook;
  hook = next;
  return prev;
}

// ---------------------------------------------------------------------------------------------------
// Two threads in Node.js: large products split their rows (or columns) with one helper worker thread
// (./gemm-worker.ts), which runs this same kernel on copies of its share in shared memory while this
// thread computes the rest in place, then waits for it (Atomics.wait: the call stays synchronous) and adds
// its share into C. The copies cost O(mk + kn + mn) next to O(mnk) work. Browsers (no synchronous wait on
// the main thread) and one-core machines keep one thread; TENSORLY_JS_THREADS=1 opts out.
// The helper runs three other kinds of jobs for the factorisations: a rotation log on its share of a
// matrix's columns (./rotations.ts), and its share of the rows of a bidiagonalisation or tridiagonalisation
// step on a matrix in shared memory (SharedSteps, below). One job is outstanding at a time.

/** Products with fewer columns than this (and at least twice as many rows) are computed transposed. */
const THIN_N = 12;
/** ... when they have at least this many multiply-adds (below, the transposition costs more than it saves). */
const THIN_MIN_WORK = 1 << 14;
/** Below this many multiply-adds (about 0.1 ms of work) the hand-off costs more than it saves. */
const PARALLEL_MIN_WORK = 1 << 20;
/** Largest offset or length a control slot holds. */
const INT32_MAX = 2 ** 31 - 1;
// Layout of the control block shared with the helper (Int32 slots).
const SEQ = 0; // job counter, bumped by this thread to post a job
const DONE = 1; // last job the helper finished
const READY = 2; // 1 once the helper waits for jobs
const FAILED = 3; // 1 when the helper's last job threw
const PM = 4;
const PN = 5;
const PK = 6;
// PM .. PBCS: a job's parameters. For JOB_GEMM: the shape (PM, PN, PK), the offsets of B (in its source,
// see PBMIR) and C (in the shared data) in PB and PC, the strides of A and B in PARS .. PBCS; the other
// jobs give them their own meanings (see where each is posted).
const PB = 7;
const PC = 8;
const PARS = 9;
const PACS = 10;
const PBRS = 11;
const PBCS = 12;
const PTIME = 13; // the helper's time for its last job, in microseconds
const JOB = 14; // what to run: JOB_GEMM, JOB_ROTATIONS, JOB_BIDIAG_ROWS or JOB_TRIDIAG_ROWS
const PAMIR = 15; // A's source: 0 for the shared data, else the id of a mirror (see holdOperand)
const PAOFF = 16; // A's offset in its source
const PBMIR = 17; // B's source and offset (PB), likewise
const PSPIN = 18; // microseconds the helper watches for the next job before it sleeps (steps come quickly)
const CTRL_SLOTS = 19;
const JOB_GEMM = 0;
/** Apply a rotation log (PK entries at PB) to the (PM, PN) matrix at 0 of the shared data; see ./rotations.ts. */
const JOB_ROTATIONS = 1;
/** Rows of a bidiagonalisation step (see {@link SharedSteps}). */
const JOB_BIDIAG_ROWS = 2;
/** Rows of a tridiagonalisation step (see {@link SharedSteps}). */
const JOB_TRIDIAG_ROWS = 3;

/**
 * The helper's share of a split product, adapted to the measured speeds of the two threads: on a virtual
 * machine the helper's core is at times much slower (another tenant, a busy sibling), and a fixed half then
 * leaves this thread waiting. Starts at one half; each job updates it from both threads' multiply-add rates.
 */
let helperShare = 0.5;
const SHARE_MIN = 0.2;
const SHARE_MAX = 0.6;

/** The helper's current share; with a value, sets it (clamped to [0.2, 0.6]) first. For tests and tuning. */
export function gemmHelperShare(value?: number): number {
  if (value !== undefined) helperShare = Math.min(SHARE_MAX, Math.max(SHARE_MIN, value));
  return helperShare;
}

interface Helper {
  ctrl: Int32Array;
  data: Float64Array;
  port: { postMessage(message: unknown): void };
}

interface WorkerThreadsLike {
  Worker: new (
    url: URL,
    options: { workerData: unknown; transferList: unknown[]; execArgv?: string[] },
  ) => { unref(): void; on(event: string, fn: () => void): void };
  MessageChannel: new () => { port1: { postMessage(m: unknown): void; unref?(): void }; port2: unknown };
}

/** undefined: not tried yet; null: unavailable (or this is the helper thread itself). */
let helper: Helper | null | undefined;

/**
 * How many threads large products use now: 2 once the helper thread is running, else 1. Starts the
 * helper (asynchronously) when it has not been tried yet, so a caller can poll until it is ready.
 */
export function gemmThreads(): 1 | 2 {
  const h = helper === undefined ? startHelper() : helper;
  return h !== null && Atomics.load(h.ctrl, READY) === 1 ? 2 : 1;
}

/** Called by the helper worker: its products never spawn a helper of their own. */
export function markGemmHelperThread(): void {
  helper = null;
}

function startHelper(): Helper | null {
  helper = null;
  if (envVar('TENSORLY_JS_THREADS') === '1') return null;
  const os = builtin<{ availableParallelism?(): number; cpus(): unknown[] }>('node:os');
  const wt = builtin<WorkerThreadsLike>('node:worker_threads');
  if (os === undefined || wt === undefined) return null;
  try {
    if ((os.availableParallelism?.() ?? os.cpus().length) < 2) return null;
    const ctrl = new Int32Array(new SharedArrayBuffer(CTRL_SLOTS * 4));
    const { port1, port2 } = new wt.MessageChannel();
    const url = new URL('./gemm-worker.js', import.meta.url);
    const options = { workerData: { ctrl: ctrl.buffer, port: port2 }, transferList: [port2] };
    // A worker inherits the process's flags (Node drops the per-process ones such as --expose-gc), but
    // `--input-type` (from `node --input-type=module -e ...`) makes loading its file fail. Given explicitly,
    // the list may not hold per-process flags, so without them, and with no flags if that is refused (the
    // check comes before anything is transferred).
    const argv = nodeProcess?.execArgv ?? [];
    const Worker = wt.Worker;
    const spawn = (execArgv?: string[]) =>
      new Worker(url, execArgv === undefined ? options : { ...options, execArgv });
    let worker: ReturnType<typeof spawn>;
    if (!argv.some((a) => a.startsWith('--input-type'))) worker = spawn();
    else {
      try {
        worker = spawn(argv.filter((a) => !a.startsWith('--input-type')));
      } catch {
        worker = spawn([]);
      }
    }
    worker.unref();
    // A helper that fails to start (or throws) must not take the process down: it just is not used.
    worker.on('error', () => {
      if (helper === h) helper = null;
      Atomics.store(ctrl, READY, 0);
    });
    port1.unref?.();
    const h: Helper = { ctrl, data: new Float64Array(0), port: port1 };
    // If the helper ever exits, stop using it (its share would never be computed).
    worker.on('exit', () => {
      if (helper === h) helper = null;
      Atomics.store(ctrl, READY, 0);
    });
    helper = h;
  } catch {
    helper = null;
  }
  return helper;
}

/**
 * Copies the `(rows, cols)` block of a strided matrix into `dst` at `off`, keeping its orientation when
 * that makes the copy one or a few contiguous runs (a transposed view stays column-major). Returns the
 * copy's `[rowStride, colStride]`.
 */
function copyBlock(
  rows: number,
  cols: number,
  src: Float64Array,
  sOff: number,
  rs: number,
  cs: number,
  dst: Float64Array,
  off: number,
): [number, number] {
  if ((cs === 1 && (rs === cols || rows === 1)) || (rs === 1 && (cs === rows || cols === 1))) {
    dst.set(src.subarray(sOff, sOff + rows * cols), off);
    return cs === 1 ? [cols, 1] : [1, rows];
  }
  if (rs === 1 && cs > 0) {
    for (let j = 0; j < cols; j++) dst.set(src.subarray(sOff + j * cs, sOff + j * cs + rows), off + j * rows);
    return [1, rows];
  }
  for (let i = 0; i < rows; i++) {
    const si = sOff + i * rs;
    const d = off + i * cols;
    if (cs === 1) dst.set(src.subarray(si, si + cols), d);
    else for (let j = 0; j < cols; j++) dst[d + j] = src[si + j * cs]!;
  }
  return [cols, 1];
}

// ---------------------------------------------------------------------------------------------------
// Mirrors. A split product copies the helper's share of each operand into shared memory: for an MTTKRP
// that is half of the tensor, every time, and an iterative decomposition multiplies the same tensor twice
// or more per iteration. A caller that will multiply one large array many times, unchanged, holds it
// (holdOperand); the first split product that reads it then copies all of it into shared memory once (a
// mirror, sent to the helper), and later ones hand the helper that copy instead of copying their share.
// This thread keeps reading the original (V8 reads shared typed arrays 10-20% more slowly). The mirror is
// dropped when the last hold is released.

interface Hold {
  count: number;
  /** The helper's copy, made on first use. */
  mirror: { id: number; data: Float64Array } | null;
}
const holds = new Map<Float64Array, Hold>();
let nextMirrorId = 1;
/** Arrays smaller than this (2 MiB) are not worth a mirror: copying a share of them costs little. */
const MIRROR_MIN = 1 << 18;

/**
 * Declares that `x` will be an operand of many products and will not be modified until the returned
 * function is called (an iterative decomposition's tensor): while held, the helper thread reads its share of
 * `x` from a copy made once. Holds nest; each release function acts once. Costs nothing where products run
 * on one thread or `x` is small.
 *
 * @internal
 */
export function holdOperand(x: Float64Array): () => void {
  if (x.length < MIRROR_MIN || x.length > INT32_MAX || helper === null) return () => {};
  let hold = holds.get(x);
  if (hold === undefined) {
    hold = { count: 0, mirror: null };
    holds.set(x, hold);
  }
  hold.count++;
  const held = hold;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (--held.count > 0) return;
    if (holds.get(x) === held) holds.delete(x);
    if (held.mirror !== null && helper) helper.port.postMessage({ drop: held.mirror.id });
  };
}

/** The helper's copy of `x` when `x` is held, made now if needed; null when `x` is not held. */
function mirrorOf(h: Helper, x: Float64Array): { id: number; data: Float64Array } | null {
  const hold = holds.get(x);
  if (hold === undefined) return null;
  if (hold.mirror === null) {
    const data = new Float64Array(new SharedArrayBuffer(x.byteLength));
    data.set(x);
    hold.mirror = { id: nextMirrorId++, data };
    h.port.postMessage({ mirror: hold.mirror.id, buffer: data.buffer });
  }
  return hold.mirror;
}

/** Held arrays, for tests: how many there are and how many have a mirror. */
export function heldOperands(): { held: number; mirrored: number } {
  let mirrored = 0;
  for (const h of holds.values()) if (h.mirror !== null) mirrored++;
  return { held: holds.size, mirrored };
}

/**
 * Runs a large product on two threads; returns false (having done nothing) when the helper is not
 * available or not ready yet (it starts on the first large product and is used from the next one), or
 * when copying its share would cost too much next to the work it saves.
 *
 * The helper's share is half of the rows of C, half of its columns, or half of the depth (then it returns
 * a partial product that this thread adds): whichever needs the smallest copies. Thin products with a long
 * depth (an MTTKRP) split the depth; a transposed operand is copied in its own orientation, in one run.
 */
function gemmParallel(
  m: number,
  n: number,
  k: number,
  a: Float64Array,
  aOff: number,
  aRs: number,
  aCs: number,
  b: Float64Array,
  bOff: number,
  bRs: number,
  bCs: number,
  c: Float64Array,
  cOff: number,
  ldc: number,
  beta: 0 | 1,
  sign: 1 | -1,
): boolean {
  const h = helper === undefined ? startHelper() : helper;
  if (h === null || Atomics.load(h.ctrl, READY) !== 1) return false;
  // Whether to split, and along which side, is decided for halves, so that it does not depend on the
  // adaptive share: a depth split adds two partial sums, and where (and whether) the depth is cut decides
  // the rounding. The depth is then always halved; a row or column cut follows the share (each entry of C is
  // then computed whole on one thread, so any cut gives the same bits).
  const half = (len: number, unit: number) => (len >= 2 * unit ? len - Math.ceil(len / 2 / unit) * unit : 0);
  const mh2 = half(m, MR);
  const nh2 = half(n, NR);
  const kh = k >= 16 ? half(k, 1) : 0;
  // Elements to copy for each split (-1: that side is too short to split). The split is chosen by these
  // counts even when an operand has a mirror (and is not copied): the split with the smallest copies is
  // also the one whose two halves read the least of the operands (splitting the few rows of an MTTKRP
  // would have both threads read, and pack, all of the tensor).
  const byRows = mh2 > 0 ? mh2 * k + k * n + mh2 * n : -1;
  const byCols = nh2 > 0 ? m * k + k * nh2 + m * nh2 : -1;
  const byDepth = kh > 0 ? m * kh + kh * n + m * n : -1;
  let split = -1;
  let need = 0;
  if (byRows >= 0) {
    split = 0;
    need = byRows;
  }
  if (byCols >= 0 && (split < 0 || byCols < need)) {
    split = 1;
    need = byCols;
  }
  if (byDepth >= 0 && (split < 0 || byDepth < need)) {
    split = 2;
    need = byDepth;
  }
  if (split < 0) return false;
  // Copying an element costs about as much as eight multiply-adds of the kernel.
  if (!(need * 8 < m * n * k)) return false;
  // Offsets go through Int32 slots: operands beyond 2³¹ entries stay on one thread.
  if (a.length > INT32_MAX || b.length > INT32_MAX || need > INT32_MAX) return false;
  // The helper's rows or columns, at its current share.
  const keep = 1 - helperShare; // this thread's fraction
  const mShare = m - Math.ceil((m * keep) / MR) * MR;
  const nShare = n - Math.ceil((n * keep) / NR) * NR;
  const mh = split !== 0 ? 0 : mShare > 0 && mShare < m ? mShare : mh2;
  const nh = split !== 1 ? 0 : nShare > 0 && nShare < n ? nShare : nh2;
  const hm = split === 0 ? mh : m; // the helper's product: (hm, hk) · (hk, hn)
  const hn = split === 1 ? nh : n;
  const hk = split === 2 ? kh : k;
  const m0 = m - (split === 0 ? mh : 0); // this thread's share: (m0, k0) · (k0, n0)
  const n0 = n - (split === 1 ? nh : 0);
  const k0 = k - (split === 2 ? kh : 0);
  // A held operand is not copied: the helper reads its mirror.
  const am = holds.size > 0 ? mirrorOf(h, a) : null;
  const bm = holds.size > 0 ? mirrorOf(h, b) : null;
  const ca = am === null ? 1 : 0;
  const cb = bm === null ? 1 : 0;
  const copied = ca * hm * hk + cb * hk * hn + hm * hn;
  const d = sharedData(h, copied);
  // The helper's share starts at row m - hm, column n - hn and depth k - hk (0 where it is not split).
  const aAt = aOff + (m - hm) * aRs + (k - hk) * aCs;
  const bAt = bOff + (k - hk) * bRs + (n - hn) * bCs;
  // Shared data: A's copy at 0 (unless mirrored), then B's (likewise), then C.
  const pb = ca * hm * hk;
  const pc = pb + cb * hk * hn;
  const [ars, acs] = am === null ? copyBlock(hm, hk, a, aAt, aRs, aCs, d, 0) : [aRs, aCs];
  const [brs, bcs] = bm === null ? copyBlock(hk, hn, b, bAt, bRs, bCs, d, pb) : [bRs, bCs];
  const ctrl = h.ctrl;
  ctrl[PM] = hm;
  ctrl[PN] = hn;
  ctrl[PK] = hk;
  ctrl[PAMIR] = am === null ? 0 : am.id;
  ctrl[PAOFF] = am === null ? 0 : aAt;
  ctrl[PBMIR] = bm === null ? 0 : bm.id;
  ctrl[PB] = bm === null ? pb : bAt;
  ctrl[PC] = pc;
  ctrl[PARS] = ars;
  ctrl[PACS] = acs;
  ctrl[PBRS] = brs;
  ctrl[PBCS] = bcs;
  const seq = postJob(ctrl, JOB_GEMM);
  // This thread's share, in place.
  const t0 = performance.now();
  gemmCore(m0, n0, k0, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, ldc, beta, sign);
  const mine = performance.now() - t0;
  awaitJob(ctrl, seq, mine, m0 * n0 * k0, hm * hn * hk);
  const r0 = m - hm;
  const c0 = n - hn;
  // A depth split adds to what this thread wrote; a row or column split fills its own part of C.
  const add = split === 2 || beta === 1;
  if (Atomics.load(ctrl, DONE) !== seq || Atomics.load(ctrl, FAILED) === 1) {
    // The helper failed: compute its share here, from the originals.
    gemmCore(hm, hn, hk, a, aAt, aRs, aCs, b, bAt, bRs, bCs, c, cOff + r0 * ldc + c0, ldc, add ? 1 : 0, sign);
    return true;
  }
  for (let i = 0; i < hm; i++) {
    const ci = cOff + (r0 + i) * ldc + c0;
    const di = pc + i * hn;
    if (!add) {
      if (sign === 1) c.set(d.subarray(di, di + hn), ci);
      else for (let j = 0; j < hn; j++) c[ci + j] = -d[di + j]!;
    } else if (sign === 1) for (let j = 0; j < hn; j++) c[ci + j] = c[ci + j]! + d[di + j]!;
    else for (let j = 0; j < hn; j++) c[ci + j] = c[ci + j]! - d[di + j]!;
  }
  return true;
}

/** The helper's shared data, grown (and the new buffer sent to it) to at least `need` entries. */
function sharedData(h: Helper, need: number): Float64Array {
  if (h.data.length < need) {
    h.data = new Float64Array(new SharedArrayBuffer(Math.ceil(need * 1.25) * 8));
    h.port.postMessage(h.data.buffer);
  }
  return h.data;
}

/** Posts the job whose parameters are in `ctrl` to the helper; returns its sequence number. */
function postJob(ctrl: Int32Array, job: number, spin = 0): number {
  ctrl[JOB] = job;
  ctrl[PSPIN] = spin;
  const seq = (Atomics.load(ctrl, SEQ) + 1) | 0;
  Atomics.store(ctrl, SEQ, seq);
  Atomics.notify(ctrl, SEQ);
  return seq;
}

/**
 * Waits until the helper has finished job `seq` (or died), then updates its share from the two threads'
 * rates: this thread did `mineWork` units in `mine` ms, the helper `theirWork` in the time it reported.
 */
function awaitJob(
  ctrl: Int32Array,
  seq: number,
  mine: number,
  mineWork: number,
  theirWork: number,
  spin = 0,
): void {
  if (spin > 0) {
    // Steps of a factorisation come every few tens of microseconds: watch rather than sleep (waking from
    // Atomics.wait takes 50-100 µs on a virtual machine).
    const until = performance.now() + spin / 1000;
    while (Atomics.load(ctrl, DONE) !== seq && performance.now() < until);
  }
  for (;;) {
    const done = Atomics.load(ctrl, DONE);
    if (done === seq) break;
    Atomics.wait(ctrl, DONE, done, 1000);
    if (Atomics.load(ctrl, READY) !== 1 && Atomics.load(ctrl, DONE) !== seq) break; // the helper died
  }
  const theirs = Atomics.load(ctrl, PTIME) / 1000;
  if (mine > 0.05 && theirs > 0.05 && Atomics.load(ctrl, DONE) === seq) {
    // Rates in work units per millisecond; the share that would have finished both at once, smoothed.
    const rm = mineWork / mine;
    const rh = theirWork / theirs;
    const next = helperShare * 0.75 + (rh / (rm + rh)) * 0.25;
    helperShare = Math.min(SHARE_MAX, Math.max(SHARE_MIN, next));
  }
}

/** Below this many rotated entries (log entries times columns) a log runs on one thread. */
const PARALLEL_MIN_ROTATIONS = 1 << 22;

/**
 * Applies a rotation log to the `(rows, width)` row-major `x` (row stride `ld`) on two threads: the helper
 * rotates a copy of the last columns (its share, in whole blocks of four) while this thread rotates the
 * rest in place. Columns are independent, so the result is the same as on one thread. Returns false
 * (having done nothing) when the helper is not available or the log is too short.
 */
function rotateParallel(
  x: Float64Array,
  rows: number,
  ld: number,
  width: number,
  log: Float64Array,
  count: number,
): boolean {
  const h = helper === undefined ? startHelper() : helper;
  if (h === null || Atomics.load(h.ctrl, READY) !== 1) return false;
  if (count * width < PARALLEL_MIN_ROTATIONS || width < 16) return false;
  const hw = Math.max(4, Math.round((width * helperShare) / 4) * 4);
  const w0 = width - hw;
  const need = rows * hw + count;
  if (need > INT32_MAX) return false;
  const d = sharedData(h, need);
  for (let r = 0; r < rows; r++) d.set(x.subarray(r * ld + w0, r * ld + width), r * hw);
  d.set(log.subarray(0, count), rows * hw);
  const ctrl = h.ctrl;
  ctrl[PM] = rows;
  ctrl[PN] = hw;
  ctrl[PK] = count;
  ctrl[PB] = rows * hw;
  const seq = postJob(ctrl, JOB_ROTATIONS);
  const t0 = performance.now();
  applyRotationLog(x, rows, ld, 0, w0, log, 0, count);
  awaitJob(ctrl, seq, performance.now() - t0, w0, hw);
  if (Atomics.load(ctrl, DONE) !== seq || Atomics.load(ctrl, FAILED) === 1) {
    // The helper failed: rotate its columns here.
    applyRotationLog(x, rows, ld, w0, hw, log, 0, count);
    return true;
  }
  for (let r = 0; r < rows; r++) x.set(d.subarray(r * hw, (r + 1) * hw), r * ld + w0);
  return true;
}
setParallelRotations(rotateParallel);

/** Microseconds each side watches for the other between the steps of a {@link SharedSteps} session. */
const STEP_SPIN_US = 300;

/**
 * A matrix in memory shared with the helper thread, for a factorisation that gives the helper part of the
 * rows of each of its steps (the SVD's bidiagonalisation). The caller works on `x` in place (and copies it
 * back at the end); `aux` is shared scratch for the step's vectors. One session at a time, synchronous.
 *
 * @internal
 */
export interface SharedSteps {
  /** The shared matrix, `rows × cols` row-major. */
  readonly x: Float64Array;
  /**
   * Shared scratch: `[tp, col (rows), w (cols), z (cols)]` for {@link SharedSteps.bidiagonalRows}, free
   * for {@link SharedSteps.tridiagonalRows}.
   */
  readonly aux: Float64Array;
  /**
   * Starts the helper on `bidiagonalizeRows` for rows `from .. to` of step (`rj`, `c0`) with the vectors in
   * `aux` (`aux[0]` the right reflector's scale), accumulating into the `z` of `aux` (zeroed first).
   */
  bidiagonalRows(from: number, to: number, rj: number, c0: number, useCol: boolean): void;
  /**
   * Starts the helper on `tridiagonalizeRows` for rows `from .. to` of a step (reflectors in rows `ri` and
   * `rl`), with `p` at `aux[pOff ..]` and its own `pn` at `aux[pnOff ..]` (zeroed first).
   */
  tridiagonalRows(from: number, to: number, ri: number, rl: number, pOff: number, pnOff: number): void;
  /**
   * Waits for the helper's rows. The helper updates them in place, so a job that failed part way cannot be
   * redone here: that throws (it would be a defect; the row kernels have nothing that throws).
   */
  join(): void;
}

/**
 * Starts a {@link SharedSteps} session for a `rows × cols` matrix, or returns null when the helper thread is
 * not available (browsers, one core, not started yet).
 *
 * @internal
 */
export function sharedSteps(rows: number, cols: number, auxLen = 1 + rows + 2 * cols): SharedSteps | null {
  const h = helper === undefined ? startHelper() : helper;
  if (h === null || Atomics.load(h.ctrl, READY) !== 1) return null;
  const need = rows * cols + auxLen;
  if (need > INT32_MAX) return null;
  const data = sharedData(h, need);
  const ctrl = h.ctrl;
  const x = data.subarray(0, rows * cols);
  const aux = data.subarray(rows * cols, rows * cols + auxLen);
  let seq = -1;
  return {
    x,
    aux,
    bidiagonalRows(from: number, to: number, rj: number, c0: number, useCol: boolean): void {
      ctrl[PM] = cols;
      ctrl[PN] = from;
      ctrl[PK] = to;
      ctrl[PB] = rj;
      ctrl[PC] = c0;
      ctrl[PARS] = useCol ? 1 : 0;
      ctrl[PACS] = rows;
      ctrl[PAOFF] = rows * cols;
      seq = postJob(ctrl, JOB_BIDIAG_ROWS, STEP_SPIN_US);
    },
    tridiagonalRows(from: number, to: number, ri: number, rl: number, pOff: number, pnOff: number): void {
      ctrl[PM] = cols;
      ctrl[PN] = from;
      ctrl[PK] = to;
      ctrl[PB] = ri;
      ctrl[PC] = rl;
      ctrl[PARS] = rows * cols + pOff;
      ctrl[PACS] = rows * cols + pnOff;
      seq = postJob(ctrl, JOB_TRIDIAG_ROWS, STEP_SPIN_US);
    },
    join(): void {
      awaitJob(ctrl, seq, 0, 0, 0, STEP_SPIN_US);
      if (Atomics.load(ctrl, DONE) !== seq || Atomics.load(ctrl, FAILED) !== 0)
        throw new Error('tensorly-ts js backend: the helper thread failed during a factorisation step');
    },
  };
}

/**
 * The helper thread's loop: waits for jobs forever (the thread is unref'ed) and runs each (a share of a
 * product, a rotation log, or rows of a factorisation step). If the loop itself ever fails, it marks the
 * helper as gone (READY 0) and wakes this side's waiter, so that no caller waits for it in vain.
 */
export function serveGemmJobs(ctrlBuffer: SharedArrayBuffer, nextMessage: () => unknown): void {
  const ctrl = new Int32Array(ctrlBuffer);
  try {
    serveJobs(ctrl, nextMessage);
  } finally {
    Atomics.store(ctrl, READY, 0);
    Atomics.notify(ctrl, DONE);
  }
}

function serveJobs(ctrl: Int32Array, nextMessage: () => unknown): void {
  markGemmHelperThread();
  let data: Float64Array = new Float64Array(0);
  const mirrors = new Map<number, Float64Array>();
  let seen = Atomics.load(ctrl, SEQ);
  Atomics.store(ctrl, READY, 1);
  let spin = 0;
  for (;;) {
    if (spin > 0) {
      const until = performance.now() + spin / 1000;
      while (Atomics.load(ctrl, SEQ) === seen && performance.now() < until);
    }
    // Woken once a second even without a job, to read messages: a dropped mirror is then released (and its
    // memory freed) within a second rather than at the next job.
    const woke = Atomics.wait(ctrl, SEQ, seen, 1000);
    // Messages: a new shared data buffer, a new mirror ({ mirror, buffer }) or a dropped one ({ drop }).
    for (let msg = nextMessage(); msg !== null && msg !== undefined; msg = nextMessage()) {
      if (msg instanceof SharedArrayBuffer) data = new Float64Array(msg);
      else {
        const m = msg as { mirror?: number; buffer?: SharedArrayBuffer; drop?: number };
        if (m.drop !== undefined) mirrors.delete(m.drop);
        else if (m.mirror !== undefined && m.buffer) mirrors.set(m.mirror, new Float64Array(m.buffer));
      }
    }
    if (woke === 'timed-out') {
      spin = 0;
      continue;
    }
    const seq = Atomics.load(ctrl, SEQ);
    if (seq === seen) continue;
    seen = seq;
    try {
      const m = ctrl[PM]!;
      const n = ctrl[PN]!;
      const k = ctrl[PK]!;
      const pb = ctrl[PB]!;
      const t0 = performance.now();
      spin = ctrl[PSPIN]!;
      if (ctrl[JOB] === JOB_ROTATIONS) applyRotationLog(data, m, n, 0, n, data, pb, k);
      else if (ctrl[JOB] === JOB_BIDIAG_ROWS) {
        // PM columns, rows PN..PK of step (PB, PC); aux at PAOFF: [tp, col (PACS rows), w, z].
        const rows = ctrl[PACS]!;
        const aux = ctrl[PAOFF]!;
        const c0 = ctrl[PC]!;
        const col = data.subarray(aux + 1, aux + 1 + rows);
        const w = data.subarray(aux + 1 + rows, aux + 1 + rows + m);
        const z = data.subarray(aux + 1 + rows + m, aux + 1 + rows + 2 * m);
        z.fill(0, c0 + 1, m);
        bidiagonalizeRows(data, m, n, k, pb, c0, col, ctrl[PARS] === 1, w, data[aux]!, z);
      } else if (ctrl[JOB] === JOB_TRIDIAG_ROWS) {
        // PM = n, rows PN..PK, reflectors in rows PB and PC; p at PARS, this thread's pn at PACS.
        const p = data.subarray(ctrl[PARS]!, ctrl[PARS]! + m);
        const pn = data.subarray(ctrl[PACS]!, ctrl[PACS]! + m);
        pn.fill(0, 0, k);
        tridiagonalizeRows(data, m, n, k, pb, ctrl[PC]!, p, pn);
      } else {
        const am = ctrl[PAMIR]!;
        const bm = ctrl[PBMIR]!;
        const a = am === 0 ? data : mirrors.get(am);
        const b = bm === 0 ? data : mirrors.get(bm);
        if (a === undefined || b === undefined) throw new Error('gemm helper: unknown mirror');
        gemmCore(
          m,
          n,
          k,
          a,
          ctrl[PAOFF]!,
          ctrl[PARS]!,
          ctrl[PACS]!,
          b,
          pb,
          ctrl[PBRS]!,
          ctrl[PBCS]!,
          data,
          ctrl[PC]!,
          n,
          0,
          1,
        );
      }
      ctrl[PTIME] = Math.min(2 ** 31 - 1, Math.round((performance.now() - t0) * 1000));
      Atomics.store(ctrl, FAILED, 0);
    } catch {
      Atomics.store(ctrl, FAILED, 1);
    }
    Atomics.store(ctrl, DONE, seq);
    Atomics.notify(ctrl, DONE);
  }
}

function gemmCore(
  m: number,
  n: number,
  k: number,
  a: Float64Array,
  aOff: number,
  aRs: number,
  aCs: number,
  b: Float64Array,
  bOff: number,
  bRs: number,
  bCs: number,
  c: Float64Array,
  cOff: number,
  ldc: number,
  beta: 0 | 1,
  sign: 1 | -1,
): void {
  if (m === 0 || n === 0) return;
  if (k > 0 && m * n * k >= SKINNY_MIN_WORK) {
    if (n <= SKINNY && aCs === 1 && m >= MR && n >= 2) {
      gemmRowsA(m, n, k, a, aOff, aRs, b, bOff, bRs, bCs, c, cOff, ldc, beta, sign);
      return;
    }
    if (m <= SKINNY && bCs === 1 && n >= NR && m >= MR) {
      gemmRowsB(m, n, k, a, aOff, aRs, aCs, b, bOff, bRs, c, cOff, ldc, beta, sign);
      return;
    }
  }
  // A panel narrower than NR is zero-padded; that wastes less than plain loops cost, except for a
  // single column (a matrix-vector product, memory-bound) or a single row.
  if (k === 0 || m * n * k < TINY_WORK || m < MR || n < 2) {
    if (beta === 0) for (let i = 0; i < m; i++) c.fill(0, cOff + i * ldc, cOff + i * ldc + n);
    gemmLoops(m, n, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, ldc, sign);
    return;
  }
  for (let j0 = 0; j0 < n; j0 += NC) {
    const nc = Math.min(NC, n - j0);
    for (let p0 = 0; p0 < k; p0 += KC) {
      const kc = Math.min(KC, k - p0);
      packB(kc, nc, b, bOff, bRs, bCs, p0, j0);
      const overwrite = beta === 0 && p0 === 0;
      for (let i0 = 0; i0 < m; i0 += MC) {
        const mc = Math.min(MC, m - i0);
        packA(mc, kc, a, aOff, aRs, aCs, i0, p0, sign);
        for (let c0 = 0; c0 < nc; c0 += NR) {
          const w = Math.min(NR, nc - c0);
          const ib = B_OFF + (c0 / NR) * kc * NR;
          const cCol = cOff + j0 + c0;
          for (let r0 = 0; r0 < mc; r0 += MR) {
            kernelRowsB(
              kc,
              r0 * kc,
              ib,
              NR,
              c,
              cCol + (i0 + r0) * ldc,
              ldc,
              Math.min(MR, mc - r0),
              w,
              overwrite,
            );
          }
        }
      }
    }
  }
}

/**
 * `C = beta·C + A·B` (BLAS `dgemm` without transposition flags: strides express them).
 *
 * A `(m, k)` is read as `a[aOff + i*aRs + p*aCs]`, B `(k, n)` as `b[bOff + p*bRs + j*bCs]`: any
 * strides, zero and negative included, so transposed or broadcast views need no copy. C `(m, n)` is
 * row-major from `c[cOff]` with row stride `ldc` (`ldc >= n`), and must not overlap A or B.
 * NaN and Inf propagate as in IEEE arithmetic; with `beta = 0` C's previous contents are ignored.
 *
 * @param m - rows of A and C.
 * @param n - columns of B and C.
 * @param k - columns of A, rows of B.
 * @param beta - 0 overwrites C, 1 accumulates into it.
 */
/**
 * Runs every path of the packed kernel once at load: full and edge tiles, overwriting and accumulating
 * (depth beyond one block), and the row-copy paths of skinny products. V8 otherwise may optimise `kernel` before
 * a path has run and collected type feedback, and then deoptimise it on that path, sometimes thousands of
 * times in a row (seen with --trace-deopt: products five times slower for the rest of the process). About
 * 200k multiply-adds, under a millisecond.
 */
function warmUp(): void {
  for (const [m, n, k] of [
    [MR + 1, NR + 2, KC + 3], // row-major: A copied by rows (few columns)
    [MR * 2, NR * 2, KC + 1],
    [MR + 1, NR * 3 + 1, 7],
    [MR + 1, SKINNY + 2, KC + 3], // row-major: B copied by rows (few rows)
    [SKINNY + 3, SKINNY + 2, KC + 3], // row-major, packed
  ] as const) {
    const a = new Float64Array(m * k).fill(1);
    const b = new Float64Array(k * n).fill(1);
    const c = new Float64Array(m * n);
    for (let rep = 0; rep < 2; rep++) {
      gemmCore(m, n, k, a, 0, k, 1, b, 0, n, 1, c, 0, n, 0, 1);
      gemmCore(m, n, k, a, 0, k, 1, b, 0, n, 1, c, 0, n, 1, -1);
      // Column-major operands: the packed kernel, overwriting and accumulating.
      gemmCore(m, n, k, a, 0, 1, m, b, 0, 1, k, c, 0, n, 0, 1);
      gemmCore(m, n, k, a, 0, 1, m, b, 0, 1, k, c, 0, n, 1, -1);
    }
  }
}
warmUp();

/**
 * The entry of every product: the hook (another backend's BLAS), else two threads for large products,
 * else the packed kernel. Kept apart from {@link gemmCore} so that the kernel's loops stay as V8 optimises
 * them best (folding these branches into it made some products five times slower after unrelated calls).
 */
function gemmEntry(
  m: number,
  n: number,
  k: number,
  a: Float64Array,
  aOff: number,
  aRs: number,
  aCs: number,
  b: Float64Array,
  bOff: number,
  bRs: number,
  bCs: number,
  c: Float64Array,
  cOff: number,
  ldc: number,
  beta: 0 | 1,
  sign: 1 | -1,
): void {
  if (m === 0 || n === 0) return;
  if (hook?.(m, n, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, ldc, beta, sign)) return;
  if (n < THIN_N && m >= 2 * n && m * n * k >= THIN_MIN_WORK && aCs !== 1) {
    // A few columns (a CP factor's rank): the kernel's 2 × 3 tiles would leave most column tiles partly
    // empty, so compute Cᵀ = Bᵀ·Aᵀ (few rows, which tile exactly) into a scratch block and add it transposed.
    const t = new Float64Array(n * m);
    gemmEntry(n, m, k, b, bOff, bCs, bRs, a, aOff, aCs, aRs, t, 0, m, 0, 1);
    // Column by column: reads of t are contiguous, writes to C stride by ldc (a few elements).
    for (let j = 0; j < n; j++) {
      const tj = j * m;
      let ci = cOff + j;
      if (beta === 0) for (let i = 0; i < m; i++, ci += ldc) c[ci] = sign * t[tj + i]!;
      else for (let i = 0; i < m; i++, ci += ldc) c[ci] = c[ci]! + sign * t[tj + i]!;
    }
    return;
  }
  if (
    helper !== null &&
    m * n * k >= PARALLEL_MIN_WORK &&
    gemmParallel(m, n, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, ldc, beta, sign)
  )
    return;
  gemmCore(m, n, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, ldc, beta, sign);
}

export function gemm(
  m: number,
  n: number,
  k: number,
  a: Float64Array,
  aOff: number,
  aRs: number,
  aCs: number,
  b: Float64Array,
  bOff: number,
  bRs: number,
  bCs: number,
  c: Float64Array,
  cOff: number,
  ldc: number,
  beta: 0 | 1,
): void {
  gemmEntry(m, n, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, ldc, beta, 1);
}

/**
 * `C -= A·B`, the update of blocked factorisations (LU's trailing matrix, triangular solves), with
 * the operands and strides of {@link gemm}.
 */
export function gemmSub(
  m: number,
  n: number,
  k: number,
  a: Float64Array,
  aOff: number,
  aRs: number,
  aCs: number,
  b: Float64Array,
  bOff: number,
  bRs: number,
  bCs: number,
  c: Float64Array,
  cOff: number,
  ldc: number,
): void {
  gemmEntry(m, n, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, ldc, 1, -1);
}

/**
 * A new row-major product `C = A·B`.
 *
 * @param a - `(m, k)`, row-major contiguous.
 * @param b - `(k, n)`, row-major contiguous.
 * @returns `(m, n)`, row-major.
 */
export function matmul(a: Float64Array, b: Float64Array, m: number, k: number, n: number): Float64Array {
  const c = new Float64Array(m * n);
  gemm(m, n, k, a, 0, k, 1, b, 0, n, 1, c, 0, n, 0);
  return c;
}
