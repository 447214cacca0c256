/**
 * A seeded random generator that reproduces NumPy's legacy `numpy.random.RandomState` streams
 * bit for bit: the same seed and the same sequence of calls give the same numbers as NumPy, so
 * tests and data sets ported from TensorLy can be regenerated exactly.
 *
 * The bit source is the Mersenne Twister MT19937 (Matsumoto & Nishimura, "Mersenne Twister: a
 * 623-dimensionally equidistributed uniform pseudo-random number generator", ACM TOMACS 8(1), 1998),
 * seeded with `init_genrand` for an integer seed and `init_by_array` for an array seed, as NumPy does.
 * The distributions are NumPy's legacy ones (those `RandomState` keeps frozen), not those of
 * NumPy's newer `Generator`.
 *
 * Exactness: raw words, uniform doubles, `uniform`, `randint`, `permutation`, `shuffle` and `choice`
 * are bit-identical to NumPy. The samplers that call `log` or `pow` (normal, exponential, gamma)
 * use correctly rounded versions of them (`accurate-log.ts`), so they agree with NumPy on Linux
 * (glibc) except where glibc's own `log`/`pow` misround: about 3 normals in 10,000 and 1 gamma
 * deviate in 1,000 then differ by 1 ulp (with `Math.log` it would be 3 in 100). Such a deviate
 * does not shift the stream; only a 1-ulp difference landing exactly on a gamma acceptance
 * threshold could, which is far too rare to observe. NumPy builds on other C libraries differ
 * from Linux NumPy in the same way.
 *
 * @module
 */
import { ArgumentError } from '../errors.js';
import { log, pow } from './accurate-log.js';

/** Words in the MT19937 state. */
const N = 624;
/** The MT19937 middle word offset. */
const M = 397;
/** The twist matrix's last row, as a signed 32-bit pattern. */
const MATRIX_A = 0x9908b0df | 0;
const UPPER_MASK = 0x80000000 | 0;
const LOWER_MASK = 0x7fffffff;
/** The tempering masks, as signed 32-bit patterns. */
const TEMPER_B = 0x9d2c5680 | 0;
const TEMPER_C = 0xefc60000 | 0;
/** 2**26 and 2**53: a 53-bit double is built from a 27-bit and a 26-bit draw. */
const TWO_26 = 67108864;
const TWO_53 = 9007199254740992;
const INV_TWO_53 = 1 / TWO_53;
const TWO_32 = 4294967296;

/** A number of samples, or a shape whose product is that number (NumPy's `size`). */
export type Size = number | readonly number[];

/**
 * The complete state of a {@link RandomState}, as NumPy's `RandomState.get_state()` gives it
 * (`('MT19937', key, pos, has_gauss, cached_gaussian)`), so a state can travel both ways.
 */
export interface RandomStateSnapshot {
  /** Always `'MT19937'`. */
  readonly algorithm: 'MT19937';
  /** The 624 state words. */
  readonly key: Uint32Array;
  /** Index of the next word to temper, in `[0, 624]`; 624 means a twist comes first. */
  readonly pos: number;
  /** Whether a second normal deviate of the polar method is cached. */
  readonly hasGauss: boolean;
  /** The cached normal deviate (0 when none). */
  readonly gauss: number;
}

/** Anything indexable and writable by position: a typed array or a plain array. */
export interface MutableArrayLike<T> {
  readonly length: number;
  [index: number]: T;
}

/**
 * A seeded generator object reproducing NumPy's legacy `numpy.random.RandomState`.
 *
 * Every method gives the same values as the NumPy method of the same name (in camelCase) for the
 * same seed and the same call sequence; nothing is global, so two generators never interfere.
 *
 * @example
 * ```ts
 * const rng = new RandomState(0);
 * rng.randomSample(3); // Float64Array [0.5488135039273248, 0.7151893663724195, 0.6027633760716439]
 * ```
 */
export class RandomState {
  // Int32Array rather than Uint32Array: V8 keeps int32 loads in registers, while uint32 values
  // above 2**31 would become doubles. The bits are the same; `>>> 0` reads them unsigned.
  private readonly key = new Int32Array(N);
  /** The tempered outputs of `key`, made in the same pass as each twist, so that draws are plain reads. */
  private readonly tempered = new Int32Array(N);
  private pos = N;
  private hasGauss = false;
  private gaussValue = 0;

  /**
   * A generator seeded as `numpy.random.RandomState(seed)` seeds it.
   *
   * @param seed - an integer in `[0, 2**32)` (NumPy's `init_genrand`), a non-empty array of such
   *   integers (`init_by_array`), or `null`/omitted for an unpredictable seed.
   * @throws ArgumentError when the seed is negative, too large, not an integer or an empty array.
   * @example
   * ```ts
   * new RandomState(42).standardNormal(2); // Float64Array [0.4967141530112327, -0.13826430117118466]
   * ```
   */
  constructor(seed?: number | ArrayLike<number> | null) {
    this.seed(seed);
  }

  /**
   * TensorLy's `check_random_state`: a generator passes through, an integer seeds a new one,
   * `null`/`undefined` gives a new generator seeded unpredictably.
   *
   * @param seed - a RandomState, an integer in `[0, 2**32)`, `null` or `undefined`.
   * @returns `seed` itself when it is a RandomState, otherwise a new generator.
   * @throws ArgumentError for anything else.
   * @example
   * ```ts
   * const rng = RandomState.fromSeed(3);
   * RandomState.fromSeed(rng) === rng; // true
   * ```
   */
  static fromSeed(seed?: number | RandomState | null): RandomState {
    if (seed instanceof RandomState) return seed;
    if (seed === null || seed === undefined) return new RandomState();
    if (typeof seed === 'number' && Number.isInteger(seed) && seed >= 0 && seed < TWO_32)
      return new RandomState(seed);
    throw new ArgumentError('checkRandomState', 'seed', 'an integer, null or a RandomState', seed);
  }

  /**
   * Re-seeds this generator in place, as NumPy's `RandomState.seed(seed)`; clears the cached normal.
   *
   * @param seed - as for the constructor.
   * @example
   * ```ts
   * const rng = new RandomState(1);
   * rng.seed(0);
   * rng.random(); // 0.5488135039273248
   * ```
   */
  seed(seed?: number | ArrayLike<number> | null): void {
    if (seed === null || seed === undefined) this.seedUnpredictably();
    else if (typeof seed === 'number') {
      if (!Number.isInteger(seed) || seed < 0 || seed >= TWO_32)
        throw new ArgumentError('RandomState', 'seed', 'an integer in [0, 2**32)', seed);
      initGenrand(this.key, seed);
    } else if (typeof seed === 'object' && typeof seed.length === 'number') {
      const n = seed.length;
      if (n === 0) throw new ArgumentError('RandomState', 'seed', 'a non-empty array of integers', seed);
      const words = new Uint32Array(n);
      for (let i = 0; i < n; i++) {
        const v = seed[i]!;
        if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v >= TWO_32)
          throw new ArgumentError('RandomState', 'seed', 'an array of integers in [0, 2**32)', seed);
        words[i] = v;
      }
      initByArray(this.key, words);
    } else {
      throw new ArgumentError('RandomState', 'seed', 'an integer, an array of integers or null', seed);
    }
    this.pos = N;
    this.hasGauss = false;
    this.gaussValue = 0;
  }

  /**
   * A copy of the full state (NumPy's `get_state()`); restoring it with {@link setState} replays the stream.
   *
   * @example
   * ```ts
   * const rng = new RandomState(5);
   * const s = rng.getState();
   * const a = rng.random();
   * rng.setState(s);
   * rng.random() === a; // true
   * ```
   */
  getState(): RandomStateSnapshot {
    return {
      algorithm: 'MT19937',
      key: new Uint32Array(this.key),
      pos: this.pos,
      hasGauss: this.hasGauss,
      gauss: this.hasGauss ? this.gaussValue : 0,
    };
  }

  /**
   * Restores a state from {@link getState} (or one built from NumPy's `get_state()` tuple).
   *
   * @param state - the state to copy in; it is not kept or modified.
   * @throws ArgumentError when the key does not hold 624 words or `pos` is not in `[0, 624]`.
   * @example
   * ```ts
   * const a = new RandomState(1);
   * const b = new RandomState(2);
   * b.setState(a.getState()); // b now draws what a draws
   * ```
   */
  setState(state: RandomStateSnapshot): void {
    if (state === null || typeof state !== 'object' || state.key?.length !== N)
      throw new ArgumentError('setState', 'state', 'a state with a key of 624 words', state);
    if (!Number.isInteger(state.pos) || state.pos < 0 || state.pos > N)
      throw new ArgumentError('setState', 'state.pos', 'an integer in [0, 624]', state.pos);
    for (let i = 0; i < N; i++) this.key[i] = state.key[i]!;
    for (let i = 0; i < N; i++) this.tempered[i] = temper(this.key[i]!);
    this.pos = state.pos;
    this.hasGauss = Boolean(state.hasGauss);
    this.gaussValue = this.hasGauss ? Number(state.gauss) : 0;
  }

  /**
   * An independent generator in the same state: both then draw the same stream.
   *
   * @example
   * ```ts
   * const a = new RandomState(7);
   * const b = a.clone();
   * a.random() === b.random(); // true
   * ```
   */
  clone(): RandomState {
    const copy = new RandomState(0);
    copy.setState(this.getState());
    return copy;
  }

  /**
   * The next raw 32-bit output of MT19937, an integer in `[0, 2**32)`
   * (what NumPy's `randint(0, 2**32, dtype=np.uint32)` returns one at a time).
   *
   * @example
   * ```ts
   * new RandomState(0).nextUint32(); // 2357136044
   * ```
   */
  nextUint32(): number {
    if (this.pos === N) {
      refill(this.key, this.tempered);
      this.pos = 0;
    }
    return this.tempered[this.pos++]! >>> 0;
  }

  /**
   * One double uniform on `[0, 1)` with 53 random bits (NumPy's `random_sample()` with no size).
   *
   * @example
   * ```ts
   * new RandomState(0).random(); // 0.5488135039273248
   * ```
   */
  random(): number {
    const pos = this.pos;
    if (pos <= N - 2) {
      this.pos = pos + 2;
      const t = this.tempered;
      return ((t[pos]! >>> 5) * TWO_26 + (t[pos + 1]! >>> 6)) * INV_TWO_53;
    }
    // Two draws: the top 27 bits of the first and the top 26 of the second.
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * TWO_26 + b) * INV_TWO_53;
  }

  /**
   * Doubles uniform on `[0, 1)`, NumPy's `random_sample(size)`.
   *
   * @param size - the number of samples, or a shape (the samples are then in row-major order).
   * @returns `size` samples.
   * @example
   * ```ts
   * new RandomState(0).randomSample([2, 2]).length; // 4
   * ```
   */
  randomSample(size: Size): Float64Array {
    const n = sizeOf('randomSample', size);
    const out = new Float64Array(n);
    const key = this.key;
    const t = this.tempered;
    let pos = this.pos;
    let i = 0;
    while (i < n) {
      if (pos >= N - 1) {
        if (pos === N) {
          refill(key, t);
          pos = 0;
        } else {
          // A double that straddles a twist: its first word is the last before it.
          const a = t[N - 1]! >>> 5;
          refill(key, t);
          out[i++] = (a * TWO_26 + (t[0]! >>> 6)) * INV_TWO_53;
          pos = 1;
          continue;
        }
      }
      const stop = Math.min(n, i + ((N - pos) >> 1));
      for (; i < stop; i++, pos += 2) out[i] = ((t[pos]! >>> 5) * TWO_26 + (t[pos + 1]! >>> 6)) * INV_TWO_53;
    }
    this.pos = pos;
    return out;
  }

  /**
   * NumPy's `rand`: the same as {@link randomSample}.
   *
   * @param size - the number of samples, or a shape.
   * @example
   * ```ts
   * new RandomState(0).rand(1); // Float64Array [0.5488135039273248]
   * ```
   */
  rand(size: Size): Float64Array {
    return this.randomSample(size);
  }

  /**
   * One standard normal deviate by NumPy's legacy `gauss`: the polar Box–Muller method
   * (Marsaglia & Bray, "A convenient method for generating normal variables", SIAM Review 6(3), 1964),
   * which makes two deviates per accepted pair and caches the second for the next call.
   *
   * @example
   * ```ts
   * new RandomState(42).gauss(); // 0.4967141530112327
   * ```
   */
  gauss(): number {
    if (this.hasGauss) {
      this.hasGauss = false;
      const g = this.gaussValue;
      this.gaussValue = 0;
      return g;
    }
    let x1: number;
    let x2: number;
    let r2: number;
    do {
      x1 = 2 * this.random() - 1;
      x2 = 2 * this.random() - 1;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1 || r2 === 0);
    const f = Math.sqrt((-2 * log(r2)) / r2);
    this.gaussValue = f * x1;
    this.hasGauss = true;
    return f * x2;
  }

  /**
   * Standard normal samples, NumPy's legacy `standard_normal(size)` (and `randn`).
   *
   * @param size - the number of samples, or a shape.
   * @example
   * ```ts
   * new RandomState(42).standardNormal(3); // [0.4967141530112327, -0.13826430117118466, 0.6476885381006925]
   * ```
   */
  standardNormal(size: Size): Float64Array {
    const n = sizeOf('standardNormal', size);
    const out = new Float64Array(n);
    let i = 0;
    if (n > 0 && this.hasGauss) out[i++] = this.gauss();
    // gauss() unrolled over the output, with the uniform draws read straight from the tempered
    // buffer while four words remain before a twist.
    const t = this.tempered;
    let pos = this.pos;
    while (i < n) {
      let x1: number;
      let x2: number;
      let r2: number;
      do {
        if (pos <= N - 4) {
          x1 = 2 * (((t[pos]! >>> 5) * TWO_26 + (t[pos + 1]! >>> 6)) * INV_TWO_53) - 1;
          x2 = 2 * (((t[pos + 2]! >>> 5) * TWO_26 + (t[pos + 3]! >>> 6)) * INV_TWO_53) - 1;
          pos += 4;
        } else {
          this.pos = pos;
          x1 = 2 * this.random() - 1;
          x2 = 2 * this.random() - 1;
          pos = this.pos;
        }
        r2 = x1 * x1 + x2 * x2;
      } while (r2 >= 1 || r2 === 0);
      const f = Math.sqrt((-2 * log(r2)) / r2);
      out[i++] = f * x2;
      if (i < n) out[i++] = f * x1;
      else {
        this.gaussValue = f * x1;
        this.hasGauss = true;
      }
    }
    this.pos = pos;
    return out;
  }

  /**
   * NumPy's `randn`: the same as {@link standardNormal}.
   *
   * @param size - the number of samples, or a shape.
   * @example
   * ```ts
   * new RandomState(42).randn(1); // Float64Array [0.4967141530112327]
   * ```
   */
  randn(size: Size): Float64Array {
    return this.standardNormal(size);
  }

  /**
   * Normal samples with mean `loc` and standard deviation `scale`: `loc + scale * gauss()`, NumPy's legacy `normal`.
   *
   * @param loc - the mean.
   * @param scale - the standard deviation, `>= 0` (NaN passes through, as in NumPy).
   * @param size - the number of samples, or a shape.
   * @throws ArgumentError when `scale` is negative.
   * @example
   * ```ts
   * new RandomState(42).normal(10, 2, 1); // Float64Array [10.993428306022466]
   * ```
   */
  normal(loc: number, scale: number, size: Size): Float64Array {
    checkNonNegative('normal', 'scale', scale);
    const out = new Float64Array(sizeOf('normal', size));
    for (let i = 0; i < out.length; i++) out[i] = loc + scale * this.gauss();
    return out;
  }

  /**
   * Samples uniform on `[low, high)`: `low + (high - low) * u`, NumPy's legacy `uniform`.
   *
   * @param low - the lower bound.
   * @param high - the upper bound (it may be below `low`, as NumPy allows).
   * @param size - the number of samples, or a shape.
   * @throws ArgumentError when `high - low` is not finite.
   * @example
   * ```ts
   * new RandomState(0).uniform(-1, 1, 1); // Float64Array [0.0976270078546495]
   * ```
   */
  uniform(low: number, high: number, size: Size): Float64Array {
    const range = high - low;
    if (!Number.isFinite(range))
      throw new ArgumentError('uniform', 'high', 'a bound with high - low finite', high);
    const out = new Float64Array(sizeOf('uniform', size));
    for (let i = 0; i < out.length; i++) out[i] = low + range * this.random();
    return out;
  }

  /**
   * Integers uniform on `[low, high)` (on `[0, low)` when `high` is `null`), NumPy's legacy
   * `randint(low, high, size)` for its default dtype int64: the same values, by bitmask rejection.
   *
   * The values are returned as a Float64Array (exact integers): NumPy's int64 values, restricted
   * to bounds in [-2**53, 2**53] with `high - 1 - low <= 2**53`, so that every value is exact in a double.
   *
   * @param low - the smallest value (or the exclusive upper bound when `high` is `null`).
   * @param high - one past the largest value, or `null`.
   * @param size - the number of samples, or a shape.
   * @throws ArgumentError when a bound is not an integer in [-2**53, 2**53], `high <= low` or
   *   `high - 1 - low > 2**53`.
   * @example
   * ```ts
   * new RandomState(0).randint(0, 10, 5); // Float64Array [5, 0, 3, 3, 7]
   * ```
   */
  randint(low: number, high: number | null, size: Size): Float64Array {
    if (high === null || high === undefined) {
      high = low;
      low = 0;
    }
    // NumPy returns an empty array before looking at the bounds.
    const count = sizeOf('randint', size);
    if (count === 0) return new Float64Array(0);
    if (!isExactInteger(low)) throw new ArgumentError('randint', 'low', 'an integer in [-2**53, 2**53]', low);
    if (!isExactInteger(high))
      throw new ArgumentError('randint', 'high', 'an integer in [-2**53, 2**53]', high);
    if (high <= low) throw new ArgumentError('randint', 'high', `an integer greater than low (${low})`, high);
    // high - 1 - low <= 2**53, compared without rounding: TWO_53 + low is exact whenever low <= 0,
    // and when low > 0 the width is below 2**53 anyway.
    if (high - 1 > TWO_53 + low)
      throw new ArgumentError('randint', 'high', `at most low + 2**53 + 1 (low = ${low})`, high);
    const out = new Float64Array(count);
    // NumPy draws on the closed interval [low, high - 1]; the width is exact, being at most 2**53.
    const rng = high - 1 - low;
    if (rng === 0) {
      out.fill(low);
      return out;
    }
    for (let i = 0; i < out.length; i++) out[i] = low + this.boundedMasked(rng);
    return out;
  }

  /**
   * A random permutation of `0 .. n-1`, NumPy's legacy `permutation(n)`: `arange(n)` put through {@link shuffle}.
   *
   * @param n - the number of elements, a non-negative integer below 2**31.
   * @example
   * ```ts
   * new RandomState(0).permutation(5); // Int32Array [2, 0, 1, 3, 4]
   * ```
   */
  permutation(n: number): Int32Array {
    if (!Number.isInteger(n) || n < 0 || n > 0x7fffffff)
      throw new ArgumentError('permutation', 'n', 'a non-negative integer below 2**31', n);
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = i;
    this.shuffle(out);
    return out;
  }

  /**
   * Shuffles `arr` in place, NumPy's legacy `shuffle`: Fisher–Yates from the last position down,
   * swapping position `i` with a bitmask-rejection draw in `[0, i]`. With `blockSize > 1` the array
   * is read as consecutive rows of `blockSize` elements (a row-major matrix) and whole rows are
   * shuffled, as NumPy shuffles a multi-dimensional array along its first axis.
   *
   * Unlike the rest of tensorly-ts this mutates its argument: that is what `shuffle` is for.
   *
   * @param arr - the array to shuffle in place; its length must be a multiple of `blockSize`.
   * @param blockSize - elements per row (default 1).
   * @returns `arr`.
   * @example
   * ```ts
   * new RandomState(0).shuffle([0, 1, 2, 3, 4]); // [2, 0, 1, 3, 4]
   * ```
   */
  shuffle<A extends MutableArrayLike<unknown>>(arr: A, blockSize = 1): A {
    if (!Number.isInteger(blockSize) || blockSize < 1)
      throw new ArgumentError('shuffle', 'blockSize', 'a positive integer', blockSize);
    if (arr === null || typeof arr !== 'object' || typeof arr.length !== 'number')
      throw new ArgumentError('shuffle', 'arr', 'an array or a typed array', arr);
    if (arr.length % blockSize !== 0)
      throw new ArgumentError('shuffle', 'arr', `a length that is a multiple of ${blockSize}`, arr);
    const rows = arr.length / blockSize;
    if (blockSize === 1) {
      for (let i = rows - 1; i > 0; i--) {
        const j = this.boundedMasked(i);
        const t = arr[i];
        arr[i] = arr[j];
        arr[j] = t;
      }
      return arr;
    }
    for (let i = rows - 1; i > 0; i--) {
      const j = this.boundedMasked(i);
      if (j === i) continue;
      const oi = i * blockSize;
      const oj = j * blockSize;
      for (let k = 0; k < blockSize; k++) {
        const t = arr[oi + k];
        arr[oi + k] = arr[oj + k];
        arr[oj + k] = t;
      }
    }
    return arr;
  }

  /**
   * Indices drawn from `0 .. n-1`, NumPy's legacy `choice(n, size, replace, p)`.
   *
   * Without `p`: with replacement it is `randint(0, n, size)`; without replacement it is the first
   * `size` entries of `permutation(n)`. With `p`: inverse-CDF sampling on the normalised cumulative
   * sums, and without replacement NumPy's repeat-until-distinct rounds, with the same draws.
   *
   * @param n - the population size, a non-negative integer.
   * @param size - the number of samples, or a shape.
   * @param replace - whether an index may repeat (default true).
   * @param p - optional probabilities, `n` non-negative numbers summing to 1 (within `sqrt(eps)`).
   * @throws ArgumentError for a bad `n`, `size` or `p`, or `size > n` without replacement.
   * @example
   * ```ts
   * new RandomState(0).choice(10, 3, false); // Int32Array [2, 8, 4]
   * ```
   */
  choice(n: number, size: Size, replace = true, p?: ArrayLike<number> | null): Int32Array {
    if (!Number.isInteger(n) || n < 0 || n > 0x7fffffff)
      throw new ArgumentError('choice', 'n', 'a non-negative integer below 2**31', n);
    const count = sizeOf('choice', size);
    if (n === 0 && count > 0)
      throw new ArgumentError('choice', 'n', 'a positive population unless no samples are taken', n);
    const probs = p === null || p === undefined ? null : checkProbabilities(p, n);
    if (replace) {
      if (probs === null) return Int32Array.from(this.randint(0, n, count));
      const cdf = normalisedCdf(probs);
      const out = new Int32Array(count);
      for (let i = 0; i < count; i++) out[i] = searchRight(cdf, this.random());
      return out;
    }
    if (count > n)
      throw new ArgumentError('choice', 'size', `at most ${n} samples without replacement`, size);
    if (probs === null) return this.permutation(n).slice(0, count);
    let positive = 0;
    for (let i = 0; i < n; i++) if (probs[i]! > 0) positive++;
    if (positive < count)
      throw new ArgumentError('choice', 'p', `at least ${count} non-zero probabilities`, p);
    const out = new Int32Array(count);
    const taken = new Uint8Array(n);
    let found = 0;
    while (found < count) {
      // Each round zeroes the probabilities already taken, draws the missing number of uniforms
      // in one block, and keeps the new indices in order of first appearance.
      for (let i = 0; i < found; i++) probs[out[i]!] = 0;
      const cdf = normalisedCdf(probs);
      const draws = this.randomSample(count - found);
      for (let k = 0; k < draws.length; k++) {
        const idx = searchRight(cdf, draws[k]!);
        if (taken[idx] === 1) continue;
        taken[idx] = 1;
        out[found++] = idx;
      }
    }
    return out;
  }

  /**
   * Standard exponential samples, `-log(1 - u)`, NumPy's legacy `standard_exponential(size)`.
   *
   * @param size - the number of samples, or a shape.
   * @example
   * ```ts
   * new RandomState(0).standardExponential(1); // Float64Array [0.79587450816311]
   * ```
   */
  standardExponential(size: Size): Float64Array {
    const out = new Float64Array(sizeOf('standardExponential', size));
    for (let i = 0; i < out.length; i++) out[i] = -log(1 - this.random());
    return out;
  }

  /**
   * Exponential samples with mean `scale`, NumPy's legacy `exponential(scale, size)`.
   *
   * @param scale - the mean, `>= 0`.
   * @param size - the number of samples, or a shape.
   * @throws ArgumentError when `scale` is negative.
   * @example
   * ```ts
   * new RandomState(0).exponential(2, 1); // Float64Array [1.59174901632622]
   * ```
   */
  exponential(scale: number, size: Size): Float64Array {
    checkNonNegative('exponential', 'scale', scale);
    const out = new Float64Array(sizeOf('exponential', size));
    for (let i = 0; i < out.length; i++) out[i] = scale * -log(1 - this.random());
    return out;
  }

  /**
   * Standard gamma samples of shape `shape`, NumPy's legacy `standard_gamma(shape, size)`:
   * Marsaglia & Tsang's squeeze method for `shape > 1` ("A simple method for generating gamma
   * variables", ACM TOMS 26(3), 2000) fed by the legacy polar normals; for `shape < 1` NumPy's
   * legacy two-branch rejection sampler, which tests `u^(1/shape)` against an exponential deviate
   * (in the manner of Ahrens & Dieter's method GS, Computing 12, 1974); `shape == 1` is the
   * exponential and `shape == 0` gives zeros.
   *
   * @param shape - the shape parameter, `>= 0`.
   * @param size - the number of samples, or a shape.
   * @throws ArgumentError when `shape` is negative.
   * @example
   * ```ts
   * new RandomState(0).standardGamma(2, 1); // Float64Array [5.138829576340244]
   * ```
   */
  standardGamma(shape: number, size: Size): Float64Array {
    checkNonNegative('standardGamma', 'shape', shape);
    const out = new Float64Array(sizeOf('standardGamma', size));
    for (let i = 0; i < out.length; i++) out[i] = this.standardGammaOne(shape);
    return out;
  }

  /**
   * Gamma samples with shape `shape` and scale `scale`: `scale * standardGamma(shape)`, NumPy's legacy `gamma`.
   *
   * @param shape - the shape parameter, `>= 0`.
   * @param scale - the scale parameter, `>= 0`.
   * @param size - the number of samples, or a shape.
   * @throws ArgumentError when `shape` or `scale` is negative.
   * @example
   * ```ts
   * new RandomState(0).gamma(2, 3, 1); // Float64Array [15.416488729020733]
   * ```
   */
  gamma(shape: number, scale: number, size: Size): Float64Array {
    checkNonNegative('gamma', 'shape', shape);
    checkNonNegative('gamma', 'scale', scale);
    const out = new Float64Array(sizeOf('gamma', size));
    for (let i = 0; i < out.length; i++) out[i] = scale * this.standardGammaOne(shape);
    return out;
  }

  /** One legacy standard gamma deviate; the branches and the order of draws are NumPy's. */
  private standardGammaOne(shape: number): number {
    if (shape === 1) return -log(1 - this.random());
    if (shape === 0) return 0;
    if (shape < 1) {
      for (;;) {
        const u = this.random();
        const v = -log(1 - this.random());
        if (u <= 1 - shape) {
          const x = pow(u, 1 / shape);
          if (x <= v) return x;
        } else {
          const y = -log((1 - u) / shape);
          const x = pow(1 - shape + shape * y, 1 / shape);
          if (x <= v + y) return x;
        }
      }
    }
    const b = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * b);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = this.gauss();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.random();
      if (u < 1 - 0.0331 * (x * x) * (x * x)) return b * v;
      if (log(u) < 0.5 * x * x + b * (1 - v + log(v))) return b * v;
    }
  }

  /**
   * An integer uniform on `[0, max]` by bitmask rejection (NumPy's `random_interval` and its masked
   * bounded draws): mask the raw output to the smallest all-ones mask covering `max` and retry until
   * the value fits. One 32-bit draw per try while `max < 2**32`, else two (high word first).
   */
  private boundedMasked(max: number): number {
    if (max === 0) return 0;
    if (max <= 0xffffffff) {
      const mask = smearRight(max);
      let v: number;
      do v = (this.nextUint32() & mask) >>> 0;
      while (v > max);
      return v;
    }
    // max < 2**53 here: the high word's mask has at most 21 bits, the low word is kept whole.
    const maskHi = smearRight(Math.floor(max / TWO_32));
    let v: number;
    do {
      const hi = this.nextUint32() & maskHi;
      const lo = this.nextUint32();
      v = hi * TWO_32 + lo;
    } while (v > max);
    return v;
  }

  /** NumPy's legacy unseeded state: 624 random words with the top bit of word 0 set. */
  private seedUnpredictably(): void {
    const c = (globalThis as { crypto?: { getRandomValues?: (a: Int32Array) => Int32Array } }).crypto;
    if (c !== undefined && typeof c.getRandomValues === 'function') c.getRandomValues(this.key);
    else for (let i = 0; i < N; i++) this.key[i] = Math.floor(Math.random() * TWO_32);
    this.key[0] = UPPER_MASK;
  }
}

/** MT19937's output tempering of one state word (as a signed 32-bit pattern). */
function temper(y: number): number {
  y ^= y >>> 11;
  y ^= (y << 7) & TEMPER_B;
  y ^= (y << 15) & TEMPER_C;
  return y ^ (y >>> 18);
}

/**
 * The MT19937 state recurrence, regenerating all 624 words, fused with the tempering of each new
 * word into `out` (one pass over memory instead of two).
 */
function refill(key: Int32Array, out: Int32Array): void {
  let i = 0;
  let y: number;
  let cur = key[0]!;
  let next: number;
  for (; i < N - M; i++) {
    next = key[i + 1]!;
    y = (cur & UPPER_MASK) | (next & LOWER_MASK);
    y = key[i + M]! ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
    key[i] = y;
    cur = next;
    y ^= y >>> 11;
    y ^= (y << 7) & TEMPER_B;
    y ^= (y << 15) & TEMPER_C;
    out[i] = y ^ (y >>> 18);
  }
  for (; i < N - 1; i++) {
    next = key[i + 1]!;
    y = (cur & UPPER_MASK) | (next & LOWER_MASK);
    y = key[i + M - N]! ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
    key[i] = y;
    cur = next;
    y ^= y >>> 11;
    y ^= (y << 7) & TEMPER_B;
    y ^= (y << 15) & TEMPER_C;
    out[i] = y ^ (y >>> 18);
  }
  y = (cur & UPPER_MASK) | (key[0]! & LOWER_MASK);
  y = key[M - 1]! ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
  key[N - 1] = y;
  out[N - 1] = temper(y);
}

/** MT19937's `init_genrand`: a linear congruential fill from one 32-bit seed. */
function initGenrand(key: Int32Array, seed: number): void {
  let s = seed >>> 0;
  for (let i = 0; i < N; i++) {
    key[i] = s;
    s = (Math.imul(1812433253, s ^ (s >>> 30)) + i + 1) >>> 0;
  }
}

/** MT19937's `init_by_array`: mixes a key of any length into the `init_genrand(19650218)` state. */
function initByArray(mt: Int32Array, initKey: Uint32Array): void {
  initGenrand(mt, 19650218);
  const len = initKey.length;
  let i = 1;
  let j = 0;
  for (let k = Math.max(N, len); k > 0; k--) {
    const prev = mt[i - 1]!;
    mt[i] = ((mt[i]! ^ Math.imul(prev ^ (prev >>> 30), 1664525)) >>> 0) + initKey[j]! + j;
    i++;
    j++;
    if (i >= N) {
      mt[0] = mt[N - 1]!;
      i = 1;
    }
    if (j >= len) j = 0;
  }
  for (let k = N - 1; k > 0; k--) {
    const prev = mt[i - 1]!;
    mt[i] = ((mt[i]! ^ Math.imul(prev ^ (prev >>> 30), 1566083941)) >>> 0) - i;
    i++;
    if (i >= N) {
      mt[0] = mt[N - 1]!;
      i = 1;
    }
  }
  // The top bit guarantees a non-zero state whatever the key.
  mt[0] = UPPER_MASK;
}

/** The smallest all-ones mask `2**k - 1` that is `>= v`, for `0 < v < 2**32`. */
function smearRight(v: number): number {
  v |= v >>> 1;
  v |= v >>> 2;
  v |= v >>> 4;
  v |= v >>> 8;
  v |= v >>> 16;
  return v >>> 0;
}

/** The element count of a NumPy `size`: a non-negative integer, or the product of a shape's dimensions. */
function sizeOf(fn: string, size: Size): number {
  if (typeof size === 'number') {
    if (Number.isInteger(size) && size >= 0) return size;
  } else if (Array.isArray(size)) {
    let n = 1;
    for (const d of size as readonly unknown[]) {
      if (typeof d !== 'number' || !Number.isInteger(d) || d < 0)
        throw new ArgumentError(fn, 'size', 'a non-negative integer or a shape of them', size);
      n *= d;
    }
    return n;
  }
  throw new ArgumentError(fn, 'size', 'a non-negative integer or a shape of them', size);
}

/** Whether `v` is an integer of magnitude at most 2**53 (every such integer is exact in a double). */
function isExactInteger(v: number): boolean {
  return typeof v === 'number' && Number.isInteger(v) && Math.abs(v) <= TWO_53;
}

/** NumPy's check for scale-like parameters: negative (including -0) is refused, NaN passes. */
function checkNonNegative(fn: string, name: string, v: number): void {
  if (typeof v !== 'number') throw new ArgumentError(fn, name, 'a number >= 0', v);
  if (v < 0 || Object.is(v, -0)) throw new ArgumentError(fn, name, 'a number >= 0', v);
}

/**
 * `choice`'s probabilities as a fresh Float64Array, checked as NumPy checks them: `n` entries,
 * no NaN, none negative, a sum within `sqrt(eps)` of 1 (summed with Kahan compensation).
 */
function checkProbabilities(p: ArrayLike<number>, n: number): Float64Array {
  if (p === null || typeof p !== 'object' || typeof p.length !== 'number')
    throw new ArgumentError('choice', 'p', 'an array of probabilities', p);
  if (p.length !== n) throw new ArgumentError('choice', 'p', `${n} probabilities (one per element)`, p);
  const probs = Float64Array.from(p);
  let sum = 0;
  let comp = 0;
  for (let i = 0; i < n; i++) {
    const v = probs[i]!;
    if (Number.isNaN(v)) throw new ArgumentError('choice', 'p', 'probabilities without NaN', p);
    if (v < 0) throw new ArgumentError('choice', 'p', 'non-negative probabilities', p);
    const yv = v - comp;
    const t = sum + yv;
    comp = t - sum - yv;
    sum = t;
  }
  if (!(Math.abs(sum - 1) <= Math.sqrt(2 ** -52)))
    throw new ArgumentError('choice', 'p', 'probabilities that sum to 1', p);
  return probs;
}

/** The running sums of `p` divided by the last one (NumPy's `cumsum` then `cdf /= cdf[-1]`). */
function normalisedCdf(p: Float64Array): Float64Array {
  const cdf = new Float64Array(p.length);
  let s = 0;
  for (let i = 0; i < p.length; i++) cdf[i] = s += p[i]!;
  const last = cdf[p.length - 1]!;
  for (let i = 0; i < cdf.length; i++) cdf[i] = cdf[i]! / last;
  return cdf;
}

/** The number of entries of the sorted `cdf` that are `<= u` (NumPy's `searchsorted(side='right')`). */
function searchRight(cdf: Float64Array, u: number): number {
  let lo = 0;
  let hi = cdf.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cdf[mid]! <= u) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
