import { BackendError } from '../errors.js';
import { builtin, envVar } from '../node.js';

/**
 * The compiled addon of the `native` backend (native/src/addon.cc): OpenBLAS's CBLAS GEMM and LAPACKE
 * routines working in place on typed-array memory. GEMM is row-major; the LAPACK routines are
 * column-major with leading dimension = rows. Routines return LAPACK's `info` (0: success).
 */
export interface NativeAddon {
  /** Row-major `C = alpha·op(A)·op(B) + beta·C` on Float64Arrays (offsets in elements). */
  dgemm(
    transA: boolean,
    transB: boolean,
    m: number,
    n: number,
    k: number,
    alpha: number,
    a: Float64Array,
    offA: number,
    lda: number,
    b: Float64Array,
    offB: number,
    ldb: number,
    beta: number,
    c: Float64Array,
    offC: number,
    ldc: number,
  ): void;
  /** {@link NativeAddon.dgemm} on Float32Arrays. */
  sgemm(
    transA: boolean,
    transB: boolean,
    m: number,
    n: number,
    k: number,
    alpha: number,
    a: Float32Array,
    offA: number,
    lda: number,
    b: Float32Array,
    offB: number,
    ldb: number,
    beta: number,
    c: Float32Array,
    offC: number,
    ldc: number,
  ): void;
  /** Divide-and-conquer SVD of the column-major `(m, n)` `a` (destroyed); jobz `'A'`, `'S'` or `'N'`. */
  gesdd(
    jobz: 'A' | 'S' | 'N',
    m: number,
    n: number,
    a: Float64Array,
    s: Float64Array,
    u?: Float64Array,
    ldu?: number,
    vt?: Float64Array,
    ldvt?: number,
  ): number;
  /** SVD by QR iteration with one-sided options: `'N'` skips U or Vᵀ (its array is ignored). */
  gesvd(
    jobu: 'S' | 'N',
    jobvt: 'S' | 'N',
    m: number,
    n: number,
    a: Float64Array,
    s: Float64Array,
    u: Float64Array,
    ldu: number,
    vt: Float64Array,
    ldvt: number,
  ): number;
  /** Symmetric eigendecomposition; eigenvectors (jobz `'V'`) overwrite `a`, eigenvalues ascending in `w`. */
  syevd(jobz: 'V' | 'N', uplo: 'U' | 'L', n: number, a: Float64Array, w: Float64Array): number;
  /** Householder QR in place (reflectors below the diagonal, R above). */
  geqrf(m: number, n: number, a: Float64Array, tau: Float64Array): number;
  /** The first `n` columns of Q from `k` reflectors left by {@link NativeAddon.geqrf}. */
  orgqr(m: number, n: number, k: number, a: Float64Array, tau: Float64Array): number;
  /** `A·X = B` by LU with partial pivoting; X overwrites `b`. */
  gesv(n: number, nrhs: number, a: Float64Array, ipiv: Int32Array, b: Float64Array): number;
  /** Minimum-norm least squares by SVD; returns `[info, rank]`, X in the first `n` rows of `b`. */
  gelsd(
    m: number,
    n: number,
    nrhs: number,
    a: Float64Array,
    b: Float64Array,
    ldb: number,
    s: Float64Array,
    rcond: number,
  ): [number, number];
  /** Cholesky factorisation of triangle `uplo`, in place. */
  potrf(uplo: 'U' | 'L', n: number, a: Float64Array): number;
  /** LU factorisation in place. */
  getrf(n: number, a: Float64Array, ipiv: Int32Array): number;
  /**
   * Solves `A·X = B` in place in the row-major `(n, nrhs)` `x` (B on entry), with `lu`/`ipiv` from `getrf` of the
   * row-major `A` as it lies (the column-major `Aᵀ`): right-side triangular solves, no transposition.
   */
  solveRows(n: number, nrhs: number, lu: Float64Array, ipiv: Int32Array, x: Float64Array): void;
  /** Solves with {@link NativeAddon.getrf}'s factors (`trans` `'T'`: with the transpose); X overwrites `b`. */
  getrs(
    trans: 'N' | 'T',
    n: number,
    nrhs: number,
    lu: Float64Array,
    ipiv: Int32Array,
    b: Float64Array,
  ): number;
  /** Inverse from {@link NativeAddon.getrf}'s factors, in place. */
  getri(n: number, a: Float64Array, ipiv: Int32Array): number;
  /** The Khatri–Rao product of row-major `a` `(I, R)` and `b` `(J, R)` into row-major `out` `(I·J, R)`. */
  khatriRao2(a: Float64Array, I: number, b: Float64Array, J: number, R: number, out: Float64Array): void;
  /**
   * A Float64Array of `length` (>= 1) uninitialised elements in recycled memory: when the garbage collector
   * frees the array, its block goes back to the addon's pool (at most 256 MiB) for the next request of about
   * the same size, already mapped.
   */
  allocF64(length: number): Float64Array;
  /** The most threads OpenBLAS uses (`OPENBLAS_NUM_THREADS`, else the cores); small calls use one. */
  numThreads(): number;
  /** Sets the most threads OpenBLAS uses from now on. */
  setNumThreads(n: number): void;
  /** OpenBLAS's build configuration string. */
  config(): string;
}

/** How to get the addon, for error messages. */
export const NATIVE_INSTALL_HINT =
  'install a C++ compiler, Python 3 and OpenBLAS with LAPACKE (Debian/Ubuntu: `apt-get install g++ make python3 libopenblas-dev liblapacke-dev`), then run `npm rebuild tensorly-ts` (in a clone of tensorly-ts: `node scripts/build-native.mjs`)';

let cached: NativeAddon | undefined;

/** Every function of {@link NativeAddon}: an addon built from an older tensorly-ts lacks some. */
const NATIVE_FUNCTIONS: readonly (keyof NativeAddon)[] = [
  'dgemm',
  'sgemm',
  'gesdd',
  'gesvd',
  'syevd',
  'geqrf',
  'orgqr',
  'gesv',
  'gelsd',
  'potrf',
  'getrf',
  'solveRows',
  'getrs',
  'getri',
  'khatriRao2',
  'allocF64',
  'numThreads',
  'setNumThreads',
  'config',
];

/**
 * Loads the `native` backend's addon synchronously (once): `TENSORLY_NATIVE_ADDON` if set, else
 * `native/build/Release/tensorly_native.node` in this package.
 *
 * @throws BackendError outside Node.js, or when the addon is not built, cannot be loaded or is from an older
 * tensorly-ts, saying what to install.
 */
export function loadNativeAddon(): NativeAddon {
  if (cached !== undefined) return cached;
  const mod = builtin<{ createRequire(url: string): (id: string) => unknown }>('node:module');
  const fs = builtin<{ existsSync(p: string): boolean }>('node:fs');
  const url = builtin<{ fileURLToPath(u: URL): string }>('node:url');
  if (mod === undefined || fs === undefined || url === undefined) {
    throw new BackendError(
      "The 'native' backend needs Node.js (20.16 or later); in browsers use 'js' or 'tfjs'",
    );
  }
  const path =
    envVar('TENSORLY_NATIVE_ADDON') ??
    url.fileURLToPath(new URL('../../native/build/Release/tensorly_native.node', import.meta.url));
  if (!fs.existsSync(path)) {
    throw new BackendError(`The 'native' backend's addon is not built (no ${path}): ${NATIVE_INSTALL_HINT}`);
  }
  let addon: NativeAddon;
  try {
    addon = mod.createRequire(import.meta.url)(path) as NativeAddon;
  } catch (err) {
    throw new BackendError(
      `The 'native' backend's addon ${path} could not be loaded (${(err as Error).message}): ${NATIVE_INSTALL_HINT}`,
    );
  }
  const missing = NATIVE_FUNCTIONS.filter((f) => typeof addon[f] !== 'function');
  if (missing.length > 0) {
    throw new BackendError(
      `The 'native' backend's addon ${path} was built from an older tensorly-ts (it lacks ${missing.join(', ')}): ${NATIVE_INSTALL_HINT}`,
    );
  }
  cached = addon;
  return cached;
}
