import { ArgumentError } from '../../../errors.js';
import { NdArray } from '../ndarray.js';
import { matmul } from './linalg.js';
import { sum } from './reduce.js';
import { reshape, transpose } from './shape.js';
import { asArray } from './validate.js';

/**
 * NumPy's `einsum` (explicit `->` or implicit output, no ellipsis). Repeated letters within one operand
 * take a diagonal (a strided view); letters that appear in one operand only and are not needed later
 * are summed out; operands are then contracted pairwise, left to right, each contraction mapped to a
 * transpose + reshape + batched matmul so it runs at GEMM speed.
 */

interface Term {
  x: NdArray;
  letters: string[];
}

const LETTER = /^[a-zA-Z]$/;

function parse(subscripts: string, count: number): { inputs: string[][]; output: string[] } {
  if (typeof subscripts !== 'string')
    throw new ArgumentError('einsum', 'subscripts', 'a string such as "ij,jk->ik"', subscripts);
  const spec = subscripts.replace(/\s+/g, '');
  if (spec.includes('.'))
    throw new ArgumentError('einsum', 'subscripts', 'subscripts without ellipsis', subscripts);
  const parts = spec.split('->');
  if (parts.length > 2) throw new ArgumentError('einsum', 'subscripts', "at most one '->'", subscripts);
  const inputs = parts[0]!.split(',').map((s) => [...s]);
  if (inputs.length !== count) {
    throw new ArgumentError('einsum', 'operands', `${inputs.length} operands for "${subscripts}"`, count);
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
    output = [...counts.entries()]
      .filter(([, c]) => c === 1)
      .map(([l]) => l)
      .sort();
  }
  return { inputs, output };
}

/** Takes the diagonal over repeated letters of one operand (a strided view, no copy). */
function diagonalize(t: Term): Term {
  const letters: string[] = [];
  const shape: number[] = [];
  const strides: number[] = [];
  t.letters.forEach((l, a) => {
    const at = letters.indexOf(l);
    if (at >= 0) {
      if (shape[at] !== t.x.shape[a]) {
        throw new ArgumentError(
          'einsum',
          'operands',
          `equal lengths for repeated letter '${l}'`,
          `${shape[at]} and ${t.x.shape[a]}`,
        );
      }
      strides[at]! += t.x.strides[a]!;
    } else {
      letters.push(l);
      shape.push(t.x.shape[a]!);
      strides.push(t.x.strides[a]!);
    }
  });
  if (letters.length === t.letters.length) return t;
  return { x: new NdArray(t.x.data, shape, t.x.dtype, strides, t.x.offset), letters };
}

/** Sums out the letters of `t` that are not in `keep`. */
function sumOut(t: Term, keep: Set<string>): Term {
  const axes = t.letters.map((l, i) => (keep.has(l) ? -1 : i)).filter((i) => i >= 0);
  if (axes.length === 0) return t;
  return { x: sum(t.x, axes), letters: t.letters.filter((l) => keep.has(l)) };
}

/** Permutes `t` so its letters follow `order`. */
function arrange(t: Term, order: string[]): NdArray {
  const perm = order.map((l) => t.letters.indexOf(l));
  return perm.every((p, i) => p === i) ? t.x : transpose(t.x, perm);
}

function contract(a: Term, b: Term, keep: Set<string>): Term {
  const inB = new Set(b.letters);
  const inA = new Set(a.letters);
  const batch = a.letters.filter((l) => inB.has(l) && keep.has(l));
  const summed = a.letters.filter((l) => inB.has(l) && !keep.has(l));
  const freeA = a.letters.filter((l) => !inB.has(l));
  const freeB = b.letters.filter((l) => !inA.has(l));
  const size = (t: Term, ls: string[]) => ls.reduce((p, l) => p * t.x.shape[t.letters.indexOf(l)]!, 1);
  const nb = size(a, batch);
  const m = size(a, freeA);
  const k = size(a, summed);
  const n = size(b, freeB);
  const am = reshape(arrange(a, [...batch, ...freeA, ...summed]), [nb, m, k]);
  const bm = reshape(arrange(b, [...batch, ...summed, ...freeB]), [nb, k, n]);
  const shape = [...batch, ...freeA].map((l) => a.x.shape[a.letters.indexOf(l)]!);
  shape.push(...freeB.map((l) => b.x.shape[b.letters.indexOf(l)]!));
  return { x: reshape(matmul(am, bm), shape), letters: [...batch, ...freeA, ...freeB] };
}

/** Evaluates an Einstein summation over the operands. */
export function einsum(subscripts: string, ...operands: NdArray[]): NdArray {
  const { inputs, output } = parse(subscripts, operands.length);
  const sizes = new Map<string, number>();
  const terms: Term[] = operands.map((op, i) => {
    const x = asArray('einsum', `operands[${i}]`, op);
    const letters = inputs[i]!;
    if (letters.length !== x.ndim) {
      throw new ArgumentError(
        'einsum',
        `operands[${i}]`,
        `${letters.length} axes for subscripts '${letters.join('')}'`,
        x,
      );
    }
    letters.forEach((l, a) => {
      const d = x.shape[a]!;
      const seen = sizes.get(l);
      if (seen !== undefined && seen !== d) {
        throw new ArgumentError('einsum', `operands[${i}]`, `length ${seen} for index '${l}'`, d);
      }
      sizes.set(l, d);
    });
    return diagonalize({ x, letters });
  });
  const needed = (from: number): Set<string> => {
    const s = new Set(output);
    for (let j = from; j < terms.length; j++) for (const l of terms[j]!.letters) s.add(l);
    return s;
  };
  let acc = sumOut(terms[0]!, needed(1));
  for (let i = 1; i < terms.length; i++) {
    const keep = needed(i + 1);
    const next = sumOut(terms[i]!, new Set([...keep, ...acc.letters]));
    acc = sumOut(contract(acc, next, keep), keep);
  }
  acc = sumOut(acc, new Set(output));
  const result = arrange(acc, output);
  // Never hand back a view of an input (transposes and diagonals are views until here).
  return operands.some((o) => o.data === result.data) ? result.clone() : result;
}
