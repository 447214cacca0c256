import { ArgumentError } from '../errors.js';

/** An optimal assignment: row `rowInd[k]` goes to column `colInd[k]`, rows in increasing order. */
export interface Assignment {
  /** Assigned rows, increasing. */
  rowInd: number[];
  /** The column assigned to each row of `rowInd`. */
  colInd: number[];
}

/**
 * Solves the linear sum assignment problem: picks `min(n, m)` entries of an `(n, m)` cost matrix, no two in the
 * same row or column, with the smallest (or, with `maximize`, largest) total. SciPy's `linear_sum_assignment`.
 *
 * The Hungarian method (Kuhn 1955; Munkres 1957) in its shortest-augmenting-path form with row and column
 * potentials (Jonker & Volgenant 1987): each row is added by one Dijkstra-like search over reduced costs,
 * `O(n² m)` in all, with no allocation inside the search.
 *
 * @param cost - row-major costs, `nRows * nCols` finite numbers.
 * @param nRows - number of rows `n`.
 * @param nCols - number of columns `m`.
 * @param maximize - find the largest total instead. Default false.
 * @example
 * ```ts
 * linearSumAssignment([4, 1, 3, 2, 0, 5, 3, 2, 2], 3, 3); // { rowInd: [0, 1, 2], colInd: [1, 0, 2] }
 * ```
 */
export function linearSumAssignment(
  cost: ArrayLike<number>,
  nRows: number,
  nCols: number,
  maximize = false,
): Assignment {
  const fn = 'linearSumAssignment';
  if (!Number.isInteger(nRows) || nRows < 0)
    throw new ArgumentError(fn, 'nRows', 'a non-negative integer', nRows);
  if (!Number.isInteger(nCols) || nCols < 0)
    throw new ArgumentError(fn, 'nCols', 'a non-negative integer', nCols);
  if (cost.length !== nRows * nCols) {
    throw new ArgumentError(fn, 'cost', `${nRows * nCols} entries (${nRows} x ${nCols})`, cost.length);
  }
  // The search below needs at least as many columns as rows; a tall problem is solved transposed.
  const transposed = nRows > nCols;
  const n = transposed ? nCols : nRows;
  const m = transposed ? nRows : nCols;
  const a = new Float64Array(n * m);
  const sign = maximize ? -1 : 1;
  for (let i = 0; i < nRows; i++) {
    for (let j = 0; j < nCols; j++) {
      const c = cost[i * nCols + j]!;
      if (!Number.isFinite(c)) throw new ArgumentError(fn, 'cost', 'finite entries', c);
      if (transposed) a[j * m + i] = sign * c;
      else a[i * m + j] = sign * c;
    }
  }
  // 1-based rows and columns; column 0 is a virtual start. assigned[j] = row matched to column j (0: none).
  const u = new Float64Array(n + 1);
  const v = new Float64Array(m + 1);
  const assigned = new Int32Array(m + 1);
  const way = new Int32Array(m + 1);
  const minv = new Float64Array(m + 1);
  const used = new Uint8Array(m + 1);
  for (let i = 1; i <= n; i++) {
    assigned[0] = i;
    let j0 = 0;
    minv.fill(Number.POSITIVE_INFINITY);
    used.fill(0);
    do {
      used[j0] = 1;
      const i0 = assigned[j0]!;
      const row = (i0 - 1) * m;
      let delta = Number.POSITIVE_INFINITY;
      let j1 = 0;
      for (let j = 1; j <= m; j++) {
        if (used[j]) continue;
        const reduced = a[row + j - 1]! - u[i0]! - v[j]!;
        if (reduced < minv[j]!) {
          minv[j] = reduced;
          way[j] = j0;
        }
        if (minv[j]! < delta) {
          delta = minv[j]!;
          j1 = j;
        }
      }
      for (let j = 0; j <= m; j++) {
        if (used[j]) {
          u[assigned[j]!] = u[assigned[j]!]! + delta;
          v[j] = v[j]! - delta;
        } else {
          minv[j] = minv[j]! - delta;
        }
      }
      j0 = j1;
    } while (assigned[j0] !== 0);
    // Flip the augmenting path back to the start.
    do {
      const j1 = way[j0]!;
      assigned[j0] = assigned[j1]!;
      j0 = j1;
    } while (j0 !== 0);
  }
  const pairs: [number, number][] = [];
  for (let j = 1; j <= m; j++) {
    const i = assigned[j]!;
    if (i !== 0) pairs.push(transposed ? [j - 1, i - 1] : [i - 1, j - 1]);
  }
  pairs.sort((p, q) => p[0] - q[0]);
  return { rowInd: pairs.map((p) => p[0]), colInd: pairs.map((p) => p[1]) };
}
