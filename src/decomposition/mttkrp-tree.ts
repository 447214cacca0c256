import { currentBackend } from '../backend/state.js';
import { matmul, multiply, reshape, sum, transpose } from '../ops.js';
import type { Tensor } from '../types.js';

/**
 * MTTKRPs for every mode of one ALS sweep, sharing work between modes with a two-level dimension tree
 * (Phan, Tichavský & Cichocki, "Fast alternating LS algorithms for high order CANDECOMP/PARAFAC tensor
 * factorizations", IEEE TSP 61(19), 2013; Vannieuwenhoven et al. 2015).
 *
 * The modes are split into a left half `L` and a right half `R`. One GEMM contracts the tensor with the
 * Khatri–Rao product of the right factors, `W = (X_(L×R) · KR(A_R))ᵀ`, giving `(rank, Π I_L)`; each left mode's
 * MTTKRP is then a cheap partial contraction of `W` with the other left factors. The right modes are served
 * the same way from `Xᵀ · KR(A_L)`. ALS updates the modes in order, so during the left half the right factors
 * do not change and `W` is computed once per sweep: two tensor-sized GEMMs per sweep instead of one per mode.
 *
 * Intermediate results are cached by the identity of the tensor and factor objects they were built from,
 * so any change (a new factor, a re-imputed tensor) recomputes them.
 */
export class MttkrpTree {
  private readonly shape: readonly number[];
  private readonly split: number;
  private leftCache: { tensor: Tensor; factors: Tensor[]; w: Tensor } | null = null;
  private rightCache: { tensor: Tensor; factors: Tensor[]; w: Tensor } | null = null;

  constructor(shape: readonly number[]) {
    this.shape = shape;
    this.split = Math.ceil(shape.length / 2);
  }

  /**
   * Whether the tree helps: three modes or more (with two, each MTTKRP is a single GEMM already), and a
   * tensor large enough for the saved GEMM work to outweigh the extra dispatched ops.
   */
  static applies(shape: readonly number[]): boolean {
    // Small tensors are dominated by per-op overhead, where one fused MTTKRP per mode wins.
    return shape.length >= 3 && shape.reduce((p, d) => p * d, 1) >= 20000;
  }

  /** `unfold(tensor, mode) @ khatriRao(factors without mode)`, `(I_mode, rank)`. */
  mttkrp(tensor: Tensor, factors: readonly Tensor[], mode: number): Tensor {
    const n = this.shape.length;
    const h = this.split;
    const left = mode < h;
    const own = left ? [...Array(h).keys()] : [...Array(n - h).keys()].map((i) => i + h);
    const other = left ? [...Array(n - h).keys()].map((i) => i + h) : [...Array(h).keys()];
    const otherFactors = other.map((i) => factors[i]!);
    const cache = left ? this.leftCache : this.rightCache;
    let w: Tensor;
    if (cache !== null && cache.tensor === tensor && cache.factors.every((f, i) => f === otherFactors[i])) {
      w = cache.w;
    } else {
      const rank = currentBackend().shape(factors[0]!)[1]!;
      const pl = this.shape.slice(0, h).reduce((p, d) => p * d, 1);
      const pr = this.shape.slice(h).reduce((p, d) => p * d, 1);
      const x2 = reshape(tensor, [pl, pr]);
      const kr = otherFactors.length === 1 ? otherFactors[0]! : currentBackend().khatriRao(otherFactors);
      // W is kept rank-first, `(rank, Π I_own)`, so that each rank-one slice is contiguous: KR(A_R)ᵀ·X_(L×R)ᵀ
      // for the left half, KR(A_L)ᵀ·X_(L×R) for the right one (both read the tensor row by row).
      // A half of one mode needs no partial contraction: X_(L×R)ᵀ·KR(A_L) is its MTTKRP, `(I, rank)`, and
      // that layout is the faster product for BLAS.
      if (own.length === 1) w = left ? matmul(x2, kr) : matmul(transpose(x2), kr);
      else {
        const prod = left ? matmul(transpose(kr), transpose(x2)) : matmul(transpose(kr), x2);
        w = reshape(prod, [rank, ...own.map((i) => this.shape[i]!)]);
      }
      const entry = { tensor, factors: otherFactors, w };
      if (left) this.leftCache = entry;
      else this.rightCache = entry;
    }
    if (own.length === 1) return w;
    // Partial contraction of W with the other factors of this half, giving `(rank, I_mode)`.
    const rank = currentBackend().shape(w)[0]!;
    const size = this.shape[mode]!;
    let t: Tensor;
    if (own.length === 2) {
      // One other factor F: a batch of `rank` matrix-vector products, W_r · F[:, r] (or W_rᵀ · F[:, r]).
      const first = own[0] === mode;
      const f = factors[first ? own[1]! : own[0]!]!;
      const len = currentBackend().shape(f)[0]!;
      const slices = first ? w : transpose(w, [0, 2, 1]);
      t = reshape(matmul(slices, reshape(transpose(f), [rank, len, 1])), [rank, size]);
    } else {
      const axes: number[] = [];
      t = w;
      own.forEach((m, i) => {
        if (m === mode) return;
        const bshape = own.map((_, j) => (j === i ? this.shape[m]! : 1));
        t = multiply(t, reshape(transpose(factors[m]!), [rank, ...bshape]));
        axes.push(i + 1);
      });
      t = sum(t, axes);
    }
    return transpose(t);
  }
}
