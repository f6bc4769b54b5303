/**
 * Calibration of a model's probabilities on held-out decisions: reliability
 * bins (mean predicted probability against the observed frequency) and the
 * Brier score with a patient-level percentile bootstrap CI (a patient's
 * decisions are resampled together). Pure.
 */
import { bootstrapWeights, percentileInterval } from "../evaluation/bootstrap.js";

/** One probabilistic decision and what happened: outcome 1 (the event) or 0. */
export interface ScoredDecision {
  patientId: string;
  probability: number;
  outcome: number;
}

export interface ReliabilityBin {
  lower: number;
  upper: number;
  decisions: number;
  meanPredicted: number | null;
  observed: number | null;
}

export interface CalibrationSummary {
  decisions: number;
  patients: number;
  /** Mean squared difference between probability and outcome (0 = perfect). */
  brier: number | null;
  brierLower: number | null;
  brierUpper: number | null;
  /** Brier score of always predicting the observed base rate (a reference). */
  brierBaseRate: number | null;
  reliability: ReliabilityBin[];
}

/** Equal-width bins of the predicted probability. */
export function reliabilityBins(decisions: readonly ScoredDecision[], bins = 10): ReliabilityBin[] {
  const out: ReliabilityBin[] = Array.from({ length: bins }, (_, k) => ({
    lower: k / bins,
    upper: (k + 1) / bins,
    decisions: 0,
    meanPredicted: 0,
    observed: 0,
  }));
  for (const d of decisions) {
    const bin = out[Math.min(bins - 1, Math.floor(d.probability * bins))]!;
    bin.decisions++;
    bin.meanPredicted! += d.probability;
    bin.observed! += d.outcome;
  }
  for (const bin of out) {
    bin.meanPredicted = bin.decisions > 0 ? bin.meanPredicted! / bin.decisions : null;
    bin.observed = bin.decisions > 0 ? bin.observed! / bin.decisions : null;
  }
  return out;
}

export function brierScore(decisions: readonly ScoredDecision[]): number | null {
  if (decisions.length === 0) return null;
  let sum = 0;
  for (const d of decisions) sum += (d.probability - d.outcome) ** 2;
  return sum / decisions.length;
}

export function calibrationSummary(
  decisions: readonly ScoredDecision[],
  options: { bins?: number; replicates?: number; seed?: number; confLevel?: number } = {},
): CalibrationSummary {
  const patients = [...new Set(decisions.map((d) => d.patientId))];
  const slot = new Map(patients.map((p, i) => [p, i]));
  const squared = new Float64Array(patients.length);
  const count = new Float64Array(patients.length);
  let events = 0;
  for (const d of decisions) {
    const i = slot.get(d.patientId)!;
    squared[i]! += (d.probability - d.outcome) ** 2;
    count[i]!++;
    events += d.outcome;
  }
  const replicates = options.replicates ?? 1000;
  const values = new Float64Array(replicates).fill(NaN);
  if (patients.length > 0) {
    let r = 0;
    for (const w of bootstrapWeights(patients.length, replicates, options.seed ?? 20260701)) {
      let s = 0;
      let n = 0;
      for (let i = 0; i < patients.length; i++) {
        s += w[i]! * squared[i]!;
        n += w[i]! * count[i]!;
      }
      values[r++] = n > 0 ? s / n : NaN;
    }
  }
  const [brierLower, brierUpper] = percentileInterval(values, options.confLevel ?? 0.95);
  const base = decisions.length > 0 ? events / decisions.length : null;
  return {
    decisions: decisions.length,
    patients: patients.length,
    brier: brierScore(decisions),
    brierLower,
    brierUpper,
    brierBaseRate: base === null ? null : base * (1 - base),
    reliability: reliabilityBins(decisions, options.bins ?? 10),
  };
}
