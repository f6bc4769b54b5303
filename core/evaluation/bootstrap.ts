/**
 * The percentile bootstrap over patients: multinomial resampling weights (a
 * patient's multiplicity in a replicate), seeded per replicate, and percentiles
 * of the replicate values.
 */
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";

/**
 * Multinomial resampling weights of n patients for replicates `from` to `to - 1`.
 * Replicate r draws from its own generator seeded by (seed, r), so any split of
 * the replicates (threads, batches) gives the same samples. The yielded array
 * is reused: read it before asking for the next one. Multiplicities are
 * 16-bit: a patient drawn 65,536 times out of n draws is impossible for
 * n < 65,536 and has probability below 10^-200,000 otherwise.
 */
export function* bootstrapWeights(n: number, to: number, seed: number, from = 0): Generator<Uint16Array> {
  const weights = new Uint16Array(n);
  const scale = n / 4294967296;
  for (let b = from; b < to; b++) {
    const rng = xoroshiro128plus((Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul(b + 1, 0x85ebca77)) | 0);
    weights.fill(0);
    for (let i = 0; i < n; i++) weights[((rng.next() >>> 0) * scale) | 0]!++;
    yield weights;
  }
}

/** Linear-interpolation percentile (R's type 7) of ascending values. */
export function percentile(sorted: ArrayLike<number>, p: number): number | null {
  if (sorted.length === 0) return null;
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  return sorted[lo]! + (h - lo) * (sorted[Math.min(lo + 1, sorted.length - 1)]! - sorted[lo]!);
}

/** The (lower, upper) percentile interval of the non-NaN values among `values`. */
export function percentileInterval(values: ArrayLike<number>, confLevel: number): [number | null, number | null] {
  let count = 0;
  const kept = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i])) kept[count++] = values[i]!;
  const sorted = kept.subarray(0, count).sort();
  const a = (1 - confLevel) / 2;
  return [percentile(sorted, a), percentile(sorted, 1 - a)];
}
