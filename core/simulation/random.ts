/**
 * Seeded randomness for the simulator. Every patient draws from its own
 * xoroshiro128+ stream whose state is derived from (seed, patient index, stream
 * id) by an integer hash, so patients are independent of each other and of the
 * batch size: patient 41 is the same whether 100 or 1,000,000 are generated.
 */
import { xoroshiro128plusFromState } from "pure-rand/generator/xoroshiro128plus";
import type { JumpableRandomGenerator } from "pure-rand/types/JumpableRandomGenerator";

/** Independent streams of one patient: the clinical truth and its observation never share draws. */
export const STREAM_TRUTH = 1;
export const STREAM_OBSERVATION = 2;
/** What a contract-v2 dataset adds to the observation (forms, noise rows, new tables): never moves the v1 draws. */
export const STREAM_CONTRACT_V2 = 3;
/** Lines given with an antineoplastic outside the lung list (truth side, drawn apart from the course). */
export const STREAM_OFF_LIST_DRUGS = 4;

/** 32-bit integer mixing (murmur3 finaliser). */
function mix32(value: number): number {
  let h = value | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

/** Hashes a list of integers into one 32-bit integer (order matters). */
export function hashIntegers(...values: number[]): number {
  let h = 0x9e3779b9;
  for (const v of values) {
    // Split numbers above 2^32 (large seeds or indexes) into two words.
    const low = v | 0;
    const high = Math.floor(v / 4294967296) | 0;
    h = mix32(h ^ low) + 0x7f4a7c15;
    h = mix32(h ^ high) + 0x6a09e667;
  }
  return mix32(h);
}

export class Rng {
  private readonly generator: JumpableRandomGenerator;

  constructor(seed: number, index: number, stream: number) {
    const state: number[] = [1, 2, 3, 4].map((k) => hashIntegers(seed, index, stream, k));
    // xoroshiro128+ must not start from an all-zero state.
    if ((state[0]! | state[1]! | state[2]! | state[3]!) === 0) state[0] = 1;
    this.generator = xoroshiro128plusFromState(state);
  }

  /** Uniform in [0, 1). */
  uniform(): number {
    const a = this.generator.next() & 0x3ffffff;
    const b = this.generator.next() & 0x7ffffff;
    return a * 1.4901161193847656e-8 + b * 1.1102230246251565e-16;
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return p > 0 && this.uniform() < p;
  }

  /** Integer uniform in [low, high] (inclusive). */
  int(low: number, high: number): number {
    return low + Math.floor(this.uniform() * (high - low + 1));
  }

  /** One element, uniformly. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError("pick from an empty list");
    return items[Math.floor(this.uniform() * items.length)]!;
  }

  /** One key of a table of non-negative weights (need not sum to 1). */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
    // for...in, in the order of Object.entries (string keys, integers first), without building the entries.
    let total = 0;
    let last: K | undefined;
    for (const key in weights) total += weights[key];
    let u = this.uniform() * total;
    for (const key in weights) {
      u -= weights[key];
      if (u < 0) return key;
      last = key;
    }
    return last!;
  }

  /** Standard normal (Box-Muller). */
  normal(): number {
    const u1 = 1 - this.uniform();
    const u2 = this.uniform();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  /** Log-normal with the given median and log-scale standard deviation. */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }
}
