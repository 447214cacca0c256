/**
 * Blocks of Householder reflectors in the compact WY form `H_1·H_2·…·H_k = I - V·T·Vᵀ` (Schreiber &
 * Van Loan, SIAM J. Sci. Stat. Comput. 10(1), 1989), applied from the right to row-major matrices
 * with two `gemm` calls. Used to accumulate the orthogonal factors of the SVD and of `eigh`, where
 * applying the reflectors one or two at a time streams the whole matrix through memory per pair.
 *
 * @module
 */
import { gemm, gemmSub } from './gemm.js';

/** Reflectors per block: wide enough for `gemm` to run near its peak, narrow enough that `T` stays cheap. */
export const BLOCK_REFLECTORS = 32;

/** Scratch of one accumulation: explicit reflectors, `T`, `V·Vᵀ` and `Y·V`. */
export interface BlockWork {
  /** `Vᵀ`: up to `BLOCK_REFLECTORS` rows of length up to `maxLen`. */
  vt: Float64Array;
  t: Float64Array;
  g: Float64Array;
  /** `Y·V·op(T)`: up to `maxRows × BLOCK_REFLECTORS`. */
  w: Float64Array;
}

/**
 * Scratch for blocks whose reflectors are at most `maxLen` long, applied to at most `maxRows` rows.
 *
 * @param maxLen - longest reflector support.
 * @param maxRows - most rows updated at once.
 */
export function blockWork(maxLen: number, maxRows: number): BlockWork {
  const nb = BLOCK_REFLECTORS;
  return {
    vt: new Float64Array(nb * Math.max(1, maxLen)),
    t: new Float64Array(nb * nb),
    g: new Float64Array(nb * nb),
    w: new Float64Array(nb * Math.max(1, maxRows)),
  };
}

/**
 * Fills `t` (`nb × nb` row-major, upper triangular) so that `H_1·…·H_nb = I - V·T·Vᵀ`, where row `r` of `v`
 * (`nb × len`) is the explicit reflector `v` of `H_{r+1} = I - tau_r·v·vᵀ` (LAPACK's `dlarft`, forward and
 * column-wise: `T[j][j] = tau_j`, `T[0:j, j] = -tau_j·T[0:j, 0:j]·V[:, 0:j]ᵀ·v_j`). The inner products come
 * from one gemm into `g` (at least `nb × nb`). Shared by the QR factorisation and the accumulations here.
 *
 * @param tau - `tau[tauOff + r]` scales reflector `r`.
 */
export function triangularFactor(
  v: Float64Array,
  nb: number,
  len: number,
  tau: Float64Array,
  tauOff: number,
  t: Float64Array,
  g: Float64Array,
): void {
  // g = V·Vᵀ (nb × nb) from one product; only its strict upper triangle is read.
  gemm(nb, nb, len, v, 0, len, 1, v, 0, 1, len, g, 0, nb, 0);
  for (let j = 0; j < nb; j++) {
    const tj = tau[tauOff + j]!;
    for (let i = 0; i < j; i++) t[i * nb + j] = -tj * g[i * nb + j]!;
    for (let i = j + 1; i < nb; i++) t[i * nb + j] = 0;
    t[j * nb + j] = tj;
    // t[0:j, j] = T[0:j, 0:j]·t[0:j, j], top-down in place (row i reads entries from i on).
    for (let i = 0; i < j; i++) {
      let s = 0;
      for (let q = i; q < j; q++) s += t[i * nb + q]! * t[q * nb + j]!;
      t[i * nb + j] = s;
    }
  }
}

/**
 * {@link triangularFactor} of the reflectors in `work.vt` (`nb × len`) into `work.t`, with `work.g` as scratch.
 *
 * @param nb - reflectors in the block.
 * @param len - length of each reflector.
 * @param tau - `tau[tauOff + r]` scales reflector `r`.
 * @param tauOff - offset of the block's first scale.
 * @param work - holds `vt` on entry; `t` and `g` are written.
 */
export function blockT(nb: number, len: number, tau: Float64Array, tauOff: number, work: BlockWork): void {
  triangularFactor(work.vt, nb, len, tau, tauOff, work.t, work.g);
}

/**
 * `Y ← Y·(I - V·op(T)·Vᵀ)` on rows `r0 .. r1` and columns `c0 .. c0+len` of the row-major `y`:
 * `op(T) = T` applies `H_1·…·H_nb` (the reflectors in order), `op(T) = Tᵀ` applies `H_nb·…·H_1`.
 * `V` and `T` are read from `work` as left by {@link blockT}.
 *
 * @param y - row-major matrix, updated in place.
 * @param ldy - row stride of `y`.
 * @param r0 - first row.
 * @param r1 - end row (exclusive).
 * @param c0 - first column of the reflectors' support.
 * @param len - length of the support.
 * @param nb - reflectors in the block.
 * @param transposeT - use `Tᵀ` (the reflectors in reverse order).
 * @param work - scratch with `vt` and `t` filled.
 */
export function applyBlockRight(
  y: Float64Array,
  ldy: number,
  r0: number,
  r1: number,
  c0: number,
  len: number,
  nb: number,
  transposeT: boolean,
  work: BlockWork,
): void {
  const rows = r1 - r0;
  if (rows <= 0 || len <= 0 || nb === 0) return;
  const { vt, t, w } = work;
  const yOff = r0 * ldy + c0;
  // W = Y·V (rows × nb).
  gemm(rows, nb, len, y, yOff, ldy, 1, vt, 0, 1, len, w, 0, nb, 0);
  // W := W·op(T) in place, row by row; the column order leaves the entries still needed untouched.
  for (let r = 0; r < rows; r++) {
    const o = r * nb;
    if (transposeT) {
      // (W·Tᵀ)[i] = Σ_{k ≥ i} W[k]·T[i][k]: ascending i.
      for (let i = 0; i < nb; i++) {
        const ti = i * nb;
        let s = 0;
        for (let k = i; k < nb; k++) s += w[o + k]! * t[ti + k]!;
        w[o + i] = s;
      }
    } else {
      // (W·T)[j] = Σ_{k ≤ j} W[k]·T[k][j]: descending j.
      for (let j = nb - 1; j >= 0; j--) {
        let s = 0;
        for (let k = 0; k <= j; k++) s += w[o + k]! * t[k * nb + j]!;
        w[o + j] = s;
      }
    }
  }
  // Y -= W·Vᵀ.
  gemmSub(rows, len, nb, w, 0, nb, 1, vt, 0, len, 1, y, yOff, ldy);
}
