// PLACEHOLDER written by the lead so the tree compiles; the RNG engineer replaces this whole file.
import { ArgumentError } from '../errors.js';

/** Placeholder seeded generator (replaced by the NumPy-compatible MT19937 implementation). */
export class RandomState {
  private state: number;
  constructor(seed = 0) {
    this.state = seed >>> 0 || 1;
  }
  /** Placeholder. */
  static fromSeed(seed?: number | RandomState | null): RandomState {
    if (seed instanceof RandomState) return seed;
    if (seed === null || seed === undefined) return new RandomState(Math.floor(Math.random() * 2 ** 32));
    if (typeof seed === 'number' && Number.isInteger(seed) && seed >= 0) return new RandomState(seed);
    throw new ArgumentError('checkRandomState', 'seed', 'an integer, null or a RandomState', seed);
  }
  /** Placeholder. */
  random(): number {
    this.state ^= this.state << 13;
    this.state ^= this.state >>> 17;
    this.state ^= this.state << 5;
    return (this.state >>> 0) / 4294967296;
  }
  /** Placeholder. */
  randomSample(size: number): Float64Array {
    const out = new Float64Array(size);
    for (let i = 0; i < size; i++) out[i] = this.random();
    return out;
  }
  /** Placeholder. */
  standardNormal(size: number): Float64Array {
    const out = new Float64Array(size);
    for (let i = 0; i < size; i++)
      out[i] = Math.sqrt(-2 * Math.log(1 - this.random())) * Math.cos(2 * Math.PI * this.random());
    return out;
  }
  /** Placeholder. */
  gamma(shape: number, scale: number, size: number): Float64Array {
    return this.standardNormal(size).map((v) => Math.abs(v) * shape * scale);
  }
}
