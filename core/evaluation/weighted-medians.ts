/**
 * Medians under bootstrap weights, over pre-sorted values: the median of start
 * errors (R's `median`: the mean of the two middle values for an even total)
 * and the Kaplan-Meier median of TTNT (R's rule for an exact 0.5 plateau). A
 * patient's weight is its multiplicity in the replicate; null weights mean 1
 * for everyone. These are the bootstrap's hot loops: one pass, stopping at the
 * median, no allocation.
 */
import type { SortedObservations, SortedValues } from "./scoring-frame.js";

/** Multiplicities of patients in a replicate (integers). */
export type Weights = Uint16Array | Float64Array;

/** Total weight of the patients of `patients` (one entry per value). */
export function totalWeight(patients: Int32Array, weights: Weights | null): number {
  if (weights === null) return patients.length;
  let total = 0;
  for (let i = 0; i < patients.length; i++) total += weights[patients[i]!]!;
  return total;
}

/**
 * Weighted median of `sorted`, whose values weigh `total` in all (known from
 * the component sums, so the pass can stop at the median); NaN when empty.
 */
export function weightedMedianOf(sorted: SortedValues, weights: Weights | null, total: number): number {
  if (!(total > 0)) return NaN;
  const { values, patients } = sorted;
  const lowRank = Math.ceil(total / 2);
  const highRank = Math.floor(total / 2) + 1;
  let seen = 0;
  let low = NaN;
  const n = values.length;
  for (let i = 0; i < n; i++) {
    seen += weights === null ? 1 : weights[patients[i]!]!;
    if (seen >= lowRank) {
      if (low !== low) low = values[i]!;
      if (seen >= highRank) return total % 2 === 1 ? low : (low + values[i]!) / 2;
    }
  }
  return low;
}

/**
 * Kaplan-Meier median of `sorted`, whose observations weigh `atRisk` in all;
 * NaN when the curve does not reach 0.5 (when it stays at exactly 0.5 until the
 * last observation, the midpoint with the last time, as R).
 */
export function kmMedianOf(sorted: SortedObservations, weights: Weights | null, atRisk: number): number {
  const { times, events, patients } = sorted;
  let survival = 1;
  let plateau = NaN;
  let lastTime = NaN;
  const n = times.length;
  for (let i = 0; i < n;) {
    const time = times[i]!;
    let dead = 0;
    let leaving = 0;
    do {
      const w = weights === null ? 1 : weights[patients[i]!]!;
      dead += events[i]! * w;
      leaving += w;
      i++;
    } while (i < n && times[i] === time);
    if (leaving > 0) lastTime = time;
    if (dead > 0 && atRisk > 0) {
      survival *= 1 - dead / atRisk;
      if (plateau === plateau) {
        if (survival < 0.5 - 1e-9) return (plateau + time) / 2;
      } else if (Math.abs(survival - 0.5) < 1e-9) plateau = time;
      else if (survival < 0.5) return time;
    }
    atRisk -= leaving;
  }
  // The curve stays at exactly 0.5 until the last observation: R's midpoint with the last time.
  return plateau === plateau ? (plateau + lastTime) / 2 : NaN;
}

/**
 * Kaplan-Meier median of one population with patient weights (integer
 * multiplicities); equals core/statistics' median when all weights are 1
 * (tested).
 */
export function weightedKmMedian(sorted: SortedObservations, weights: Weights | null): number | null {
  const m = kmMedianOf(sorted, weights, totalWeight(sorted.patients, weights));
  return Number.isNaN(m) ? null : m;
}
