import { ArgumentError } from '../../../errors.js';
import { NdArray } from '../ndarray.js';
import { rejectInt64 } from './dtypes.js';
import { matmul } from './linalg.js';
import { sum } from './reduce.js';
import { asArray } from './validate.js';

/**
 * NumPy's `einsum` without ellipsis, for the js backend.
 *
 * Plan: repeated letters within one operand become a diagonal (a strided view); size-1 axes broadcast
 * against the other operands' lengths (stride 0, as NumPy); letters that no other operand and not the
 * output need are summed out at once; then operands are contracted two at a time in a greedy order
 * (cheapest pairwise product first), each contraction grouped as `(batch, free, summed)` ×
 * `(batch, summed, free)` and handed to the batched GEMM behind `matmul`, through strided views where
 * the axes merge so that transposed operands are not copied.
 */

/** One operand of the contraction: a tensor and the letter of each of its axes (distinct). */
interface Term {
  x: NdArray;
  letters: string[];
}

const LETTER = /^[a-zA-Z]$/;

/** Splits and checks the subscripts; the implicit output is the once-appearing letters in code order. */
function parse(subscripts: unknown, count: number): { inputs: string[][]; output: string[] } {
  if (typeof subscripts !== 'string')
    throw new ArgumentError('einsum', 'subscripts', 'a string such as "ij,jk->ik"', subscripts);
  const spec = subscripts.replace(/\s+/g, '');
  if (spec.includes('.'))
    throw new ArgumentError('einsum', 'subscripts', 'subscripts without ellipsis', subscripts);
  const parts = spec.split('->');
  if (parts.length > 2) throw new ArgumentError('einsum', 'subscripts', "at most one '->'", subscripts);
  const inputs = parts[0]!.split(',').map((s) => [...s]);
  if (inputs.length !== count) {
    throw new ArgumentError(
      'einsum',
      'operands',
      `${inputs.length} operand(s) for subscripts "${subscripts}"`,
      `${count} operand(s)`,
    );
  }
  for (const letters of inputs) {
    for (const l of letters)
      if (!LETTER.test(l)) throw new ArgumentError('einsum', 'subscripts', 'letters a-z, A-Z', l);
  }
  let output: string[];
  if (parts.length === 2) {
    output = [...parts[1]!];
    for (const l of output) {
      if (!LETTER.test(l))
        throw new ArgumentError('einsum', 'subscripts', 'letters a-z, A-Z in the output', l);
      if (!inputs.some((i) => i.includes(l))) {
        throw new ArgumentError(
          'einsum',
          'subscripts',
          `output letter '${l}' to appear in an input`,
          subscripts,
        );
      }
    }
    if (new Set(output).size !== output.length)
      throw new ArgumentError('einsum', 'subscripts', 'distinct output letters', subscripts);
  } else {
    const counts = new Map<string, number>();
    for (const i of inputs) for (const l of i) counts.set(l, (counts.get(l) ?? 0) + 1);
    // NumPy orders implicit output labels by character code: uppercase before lowercase.
    output = [...counts.entries()]
      .filter(([, c]) => c === 1)
      .map(([l]) => l)
      .sort();
  }
  return { inputs, output };
}

/**
 * The length of every letter: equal lengths across operands, or 1 which broadcasts (NumPy). Within one
 * operand a repeated letter needs equal lengths exactly (a diagonal of a non-square block is an error).
 */
function letterSizes(arrays: readonly NdArray[], inputs: readonly string[][]): Map<string, number> {
  const sizes = new Map<string, number>();
  arrays.forEach((x, i) => {
    const letters = inputs[i]!;
    const own = new Map<string, number>();
    letters.forEach((l, a) => {
      const d = x.shape[a]!;
      const mine = own.get(l);
      if (mine !== undefined && mine !== d) {
        throw new ArgumentError(
          'einsum',
          `operands[${i}]`,
          `equal lengths on the axes of repeated index '${l}'`,
          `lengths ${mine} and ${d}`,
        );
      }
      own.set(l, d);
      const seen = sizes.get(l);
      if (seen === undefined || seen === 1) sizes.set(l, d);
      else if (d !== seen && d !== 1) {
        throw new ArgumentError(
          'einsum',
          `operands[${i}]`,
          `length ${seen} (or 1) for index '${l}'`,
          `length ${d} on axis ${a}`,
        );
      }
    });
  });
  return sizes;
}

/**
 * A view of operand `x` with one axis per distinct letter: repeated letters take the diagonal (their
 * strides add up) and size-1 axes broadcast to the letter's length (stride 0).
 */
function prepare(x: NdArray, letters: readonly string[], sizes: Map<string, number>): Term {
  const out: string[] = [];
  const shape: number[] = [];
  const strides: number[] = [];
  letters.forEach((l, a) => {
    const at = out.indexOf(l);
    if (at >= 0) strides[at]! += x.strides[a]!;
    else {
      out.push(l);
      shape.push(x.shape[a]!);
      strides.push(x.strides[a]!);
    }
  });
  let changed = out.length !== letters.length;
  out.forEach((l, a) => {
    const d = sizes.get(l)!;
    if (shape[a] !== d) {
      shape[a] = d;
      strides[a] = 0;
      changed = true;
    }
  });
  return changed
    ? { x: new NdArray(x.data, shape, x.dtype, strides, x.offset), letters: out }
    : { x, letters: out };
}

/** Sums out the letters of `t` that are not in `keep`. */
function sumOut(t: Term, keep: ReadonlySet<string>): Term {
  const axes: number[] = [];
  t.letters.forEach((l, i) => {
    if (!keep.has(l)) axes.push(i);
  });
  if (axes.length === 0) return t;
  return { x: sum(t.x, axes), letters: t.letters.filter((l) => keep.has(l)) };
}

/**
 * `t` as a 3-d array `(prod g0, prod g1, prod g2)` whose axes are the letter groups in order: a strided
 * view when every group's axes merge into one stride (always for row-major data arranged in order,
 * and for plain transposes), else a packed copy in the grouped order.
 */
function grouped(t: Term, groups: readonly (readonly string[])[]): NdArray {
  const { x, letters } = t;
  const shape: number[] = [];
  const strides: number[] = [];
  let views = true;
  for (const g of groups) {
    let len = 1;
    let stride = 0;
    let prev = -1;
    for (const l of g) {
      const a = letters.indexOf(l);
      const d = x.shape[a]!;
      len *= d;
      if (d === 1) continue;
      // Moving one step along the previous axis must equal a full sweep of this one.
      if (prev >= 0 && x.strides[prev] !== x.strides[a]! * d) views = false;
      prev = a;
      stride = x.strides[a]!;
    }
    shape.push(len);
    strides.push(stride);
  }
  if (views) return new NdArray(x.data, shape, x.dtype, strides, x.offset);
  const perm = groups.flat().map((l) => letters.indexOf(l));
  const permuted = new NdArray(
    x.data,
    perm.map((p) => x.shape[p]!),
    x.dtype,
    perm.map((p) => x.strides[p]!),
    x.offset,
  );
  return new NdArray(permuted.packed(), shape, x.dtype);
}

/** Contracts two terms over their shared letters, keeping the letters in `keep`, through a batched GEMM. */
function contract(a: Term, b: Term, keep: ReadonlySet<string>): Term {
  const inA = new Set(a.letters);
  const inB = new Set(b.letters);
  const batch = a.letters.filter((l) => inB.has(l) && keep.has(l));
  const summed = a.letters.filter((l) => inB.has(l) && !keep.has(l));
  const freeA = a.letters.filter((l) => !inB.has(l));
  const freeB = b.letters.filter((l) => !inA.has(l));
  const am = grouped(a, [batch, freeA, summed]);
  const bm = grouped(b, [batch, summed, freeB]);
  const len = (t: Term, l: string) => t.x.shape[t.letters.indexOf(l)]!;
  const shape = [
    ...batch.map((l) => len(a, l)),
    ...freeA.map((l) => len(a, l)),
    ...freeB.map((l) => len(b, l)),
  ];
  const c = matmul(am, bm);
  return { x: new NdArray(c.data, shape, c.dtype), letters: [...batch, ...freeA, ...freeB] };
}

/** Product of the lengths of `letters`. */
function volume(letters: Iterable<string>, sizes: Map<string, number>): number {
  let v = 1;
  for (const l of letters) v *= sizes.get(l)!;
  return v;
}

/**
 * Evaluates an Einstein summation over the operands (NumPy's `einsum` without ellipsis). Size-1 axes
 * broadcast; bool operands are rejected (NumPy would compute a logical sum of products), int64 ones too
 * (storage-only dtype). Integer operands give an integer result computed through float64 (exact up to
 * 2^53 per accumulated sum).
 */
export function einsum(subscripts: string, ...operands: NdArray[]): NdArray {
  const { inputs, output } = parse(subscripts, operands.length);
  const arrays = operands.map((op, i) => {
    const x = asArray('einsum', `operands[${i}]`, op);
    if (x.dtype === 'bool') {
      throw new ArgumentError('einsum', `operands[${i}]`, 'a numeric tensor (convert bool with astype)', x);
    }
    rejectInt64('einsum', `operands[${i}]`, x);
    const letters = inputs[i]!;
    if (letters.length !== x.ndim) {
      throw new ArgumentError(
        'einsum',
        `operands[${i}]`,
        `${letters.length} axes for subscripts '${letters.join('')}'`,
        x,
      );
    }
    return x;
  });
  const sizes = letterSizes(arrays, inputs);
  const out = new Set(output);
  /** Letters that the output or any term other than those at `skip` still needs. */
  const needed = (terms: readonly Term[], ...skip: number[]): Set<string> => {
    const s = new Set(out);
    terms.forEach((t, j) => {
      if (!skip.includes(j)) for (const l of t.letters) s.add(l);
    });
    return s;
  };
  let terms = arrays.map((x, i) => prepare(x, inputs[i]!, sizes));
  terms = terms.map((t, i) => sumOut(t, needed(terms, i)));
  while (terms.length > 1) {
    // Greedy: the pair whose product touches the fewest elements, then the smaller result, then leftmost.
    let best: [number, number] = [0, 1];
    let bestCost = Number.POSITIVE_INFINITY;
    let bestSize = Number.POSITIVE_INFINITY;
    for (let p = 0; p < terms.length; p++) {
      for (let q = p + 1; q < terms.length; q++) {
        const union = new Set([...terms[p]!.letters, ...terms[q]!.letters]);
        const keep = needed(terms, p, q);
        const cost = volume(union, sizes);
        const size = volume(
          [...union].filter((l) => keep.has(l)),
          sizes,
        );
        if (cost < bestCost || (cost === bestCost && size < bestSize)) {
          best = [p, q];
          bestCost = cost;
          bestSize = size;
        }
      }
    }
    const [p, q] = best;
    const keep = needed(terms, p, q);
    const c = contract(terms[p]!, terms[q]!, keep);
    terms = terms.filter((_, j) => j !== q);
    terms[p] = c;
  }
  const last = sumOut(terms[0]!, out);
  const perm = output.map((l) => last.letters.indexOf(l));
  const result = new NdArray(
    last.x.data,
    perm.map((p) => last.x.shape[p]!),
    last.x.dtype,
    perm.map((p) => last.x.strides[p]!),
    last.x.offset,
  );
  // Results are new, packed arrays: never a view of an input, and never a strided intermediate.
  return result.isContiguous && !operands.some((o) => o.data === result.data) ? result : result.clone();
}
