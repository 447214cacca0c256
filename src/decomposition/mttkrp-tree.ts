import { currentBackend } from '../backend/state.js';
import { matmul, multiply, reshape, sum, transpose } from '../ops.js';
import type { Tensor } from '../types.js';

/**
 * MTTKRPs for every mode of one ALS sweep, sharing work between modes with a two-level dimension tree
 * (Phan, Tichavský & Cichocki, "Fast alternating LS algorithms for high order CANDECOMP/PARAFAC tensor
 * factorizations", IEEE TSP 61(19), 2013; Vannieuwenhoven et al. 2015).
 *
 * The modes are split into a left half `L` and a right half `R`. One GEMM contracts the tensor with the
 * Khatri–Rao product of the right factors, `W = X_(L×R) · KR(A_R)`, giving `(Π I_L, rank)`; each left mode's
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
      // For the right half, KR(A_L)ᵀ · X reads the tensor row by row (Xᵀ · KR would stride across it).
      const prod = left ? matmul(x2, kr) : transpose(matmul(transpose(kr), x2));
      w = reshape(prod, [...own.map((i) => this.shape[i]!), rank]);
      const entry = { tensor, factors: otherFactors, w };
      if (left) this.leftCache = entry;
      else this.rightCache = entry;
    }
    // Partial contraction of W with the other factors of this half.
    const axes: number[] = [];
    let t = w;
    own.forEach((m, axis) => {
      if (m === mode) return;
      const bshape = own.map((_, i) => (i === axis ? this.shape[m]! : 1));
      t = multiply(t, reshape(factors[m]!, [...bshape.slice(0, own.length), -1]));
      axes.push(axis);
    });
    return axes.length === 0 ? t : sum(t, axes);
  }
}
