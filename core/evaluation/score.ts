/**
 * Scoring: the contract's metrics over a cohort, with percentile bootstrap 95 %
 * confidence intervals over patients (seeded), by line number and by subgroup,
 * and paired bootstrap differences between two methods.
 *
 * Every patient contributes fixed counts (numerators and denominators); a
 * bootstrap replicate only re-weights patients, so a replicate costs one pass
 * over the patients instead of a re-comparison. Medians (start error, KM TTNT)
 * are recomputed per replicate from pre-sorted values with patient weights.
 */
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import { regimenClassOf } from "../engine/regimen.js";
import { kaplanMeier, type SurvivalObservation } from "../statistics/kaplan-meier.js";
import type { PatientComparison } from "./compare.js";
import { METRIC_DEFINITIONS, type MetricId } from "./metric-definitions.js";

/** Bootstrap replicates of each subgroup's CIs (at most the overall number). */
export const SUBGROUP_REPLICATES = 200;

/** Line numbers reported one by one; later lines are pooled in the last. */
export const LINE_NUMBERS_REPORTED = [1, 2, 3, 4] as const;

const C = {
  patients: 0,
  exact: 1,
  exactStrict: 2,
  sameCount: 3,
  l1Gold: 4,
  l1Eq: 5,
  l1EqStrict: 6,
  l2Gold: 7,
  l2Eq: 8,
  l2EqStrict: 9,
  goldLines: 10,
  jaccard: 11,
  jaccardStrict: 12,
  matchedLines: 13,
  within7: 14,
  within30: 15,
  matchedPred: 16,
  predStarts: 17,
  goldStarts: 18,
} as const;
const N_COMPONENTS = 19;

export interface MetricEstimate {
  id: MetricId;
  value: number | null;
  lower: number | null;
  upper: number | null;
}

export interface LineNumberMetrics {
  /** "1", "2", "3", "4+" */
  line: string;
  goldLines: number;
  regimenMatch: number | null;
  meanJaccard: number | null;
  startWithin30: number | null;
}

export interface SubgroupMetrics {
  variable: string;
  value: string;
  patients: number;
  metrics: MetricEstimate[];
}

export interface Evaluation {
  patients: number;
  goldLines: number;
  predictedLines: number;
  metrics: MetricEstimate[];
  byLineNumber: LineNumberMetrics[];
  subgroups: SubgroupMetrics[];
  /** Regimen classes of gold line k vs predicted line k; "none" when the line is missing. */
  regimenConfusion: { gold: string; predicted: string; count: number }[];
  errorKinds: { kind: string; patients: number }[];
  bootstrap: { replicates: number; seed: number; confLevel: number };
}

export interface EvaluateOptions {
  replicates?: number;
  seed?: number;
  confLevel?: number;
  /** Subgroup variables: name -> function giving the patient's value. */
  subgroups?: Record<string, (c: PatientComparison) => string>;
}

function components(c: PatientComparison, out: Float64Array, offset: number): void {
  out[offset + C.patients] = 1;
  out[offset + C.exact] = c.exact ? 1 : 0;
  out[offset + C.exactStrict] = c.exactStrict ? 1 : 0;
  out[offset + C.sameCount] = c.sameCount ? 1 : 0;
  const l1 = c.lines[0];
  const l2 = c.lines[1];
  out[offset + C.l1Gold] = l1?.gold ? 1 : 0;
  out[offset + C.l1Eq] = l1?.gold && l1.equal ? 1 : 0;
  out[offset + C.l1EqStrict] = l1?.gold && l1.equalStrict ? 1 : 0;
  out[offset + C.l2Gold] = l2?.gold ? 1 : 0;
  out[offset + C.l2Eq] = l2?.gold && l2.equal ? 1 : 0;
  out[offset + C.l2EqStrict] = l2?.gold && l2.equalStrict ? 1 : 0;
  let goldLines = 0;
  let jac = 0;
  let jacStrict = 0;
  let matched = 0;
  let w7 = 0;
  let w30 = 0;
  for (const l of c.lines) {
    if (l.gold) {
      goldLines++;
      jac += l.jaccard;
      jacStrict += l.jaccardStrict;
    }
    if (l.startErrorDays !== null) {
      matched++;
      if (l.startErrorDays <= 7) w7++;
      if (l.startErrorDays <= 30) w30++;
    }
  }
  out[offset + C.goldLines] = goldLines;
  out[offset + C.jaccard] = jac;
  out[offset + C.jaccardStrict] = jacStrict;
  out[offset + C.matchedLines] = matched;
  out[offset + C.within7] = w7;
  out[offset + C.within30] = w30;
  out[offset + C.matchedPred] = c.boundary.matchedPred;
  out[offset + C.predStarts] = c.boundary.predStarts;
  out[offset + C.goldStarts] = c.boundary.goldStarts;
}

const ratio = (num: number, den: number): number | null => (den > 0 ? num / den : null);

/** Values sorted ascending, each with the index of its patient (typed arrays for speed). */
export interface SortedValues {
  values: Float64Array;
  patients: Int32Array;
}

/** Survival observations sorted by time, each with the index of its patient. */
export interface SortedObservations {
  times: Float64Array;
  events: Uint8Array;
  patients: Int32Array;
}

/** Prepared per-patient data for fast (re-)weighted scoring. */
export interface ScoringFrame {
  comparisons: readonly PatientComparison[];
  /**
   * Patients with identical component counts share a row: `groupOf[i]` is
   * patient i's row in `groupRows` (N_COMPONENTS numbers each). A replicate
   * then sums weights per group (one addition per patient) instead of
   * weighting every component of every patient.
   */
  groupOf: Int32Array;
  groupRows: Float64Array;
  /** Start errors of matched lines. */
  startErrors: SortedValues;
  ttntGold: SortedObservations;
  ttntPred: SortedObservations;
}

function sortedValues(items: { value: number; patient: number }[]): SortedValues {
  items.sort((a, b) => a.value - b.value || a.patient - b.patient);
  return { values: Float64Array.from(items, (x) => x.value), patients: Int32Array.from(items, (x) => x.patient) };
}

/** Observations sorted by time (ties: patient order), as typed arrays. */
export function sortedObservations(items: { obs: SurvivalObservation; patient: number }[]): SortedObservations {
  items.sort((a, b) => a.obs.time - b.obs.time || a.patient - b.patient);
  return {
    times: Float64Array.from(items, (x) => x.obs.time),
    events: Uint8Array.from(items, (x) => (x.obs.event ? 1 : 0)),
    patients: Int32Array.from(items, (x) => x.patient),
  };
}

export function prepareFrame(comparisons: readonly PatientComparison[]): ScoringFrame {
  const row = new Float64Array(N_COMPONENTS);
  const groupOf = new Int32Array(comparisons.length);
  const groupIndex = new Map<string, number>();
  const rows: number[] = [];
  const startErrors: { value: number; patient: number }[] = [];
  const ttntGold: { obs: SurvivalObservation; patient: number }[] = [];
  const ttntPred: { obs: SurvivalObservation; patient: number }[] = [];
  comparisons.forEach((c, i) => {
    components(c, row, 0);
    const key = row.join(",");
    let g = groupIndex.get(key);
    if (g === undefined) {
      g = groupIndex.size;
      groupIndex.set(key, g);
      rows.push(...row);
    }
    groupOf[i] = g;
    for (const l of c.lines) if (l.startErrorDays !== null) startErrors.push({ value: l.startErrorDays, patient: i });
    if (c.ttntGold) ttntGold.push({ obs: c.ttntGold, patient: i });
    if (c.ttntPred) ttntPred.push({ obs: c.ttntPred, patient: i });
  });
  return {
    comparisons,
    groupOf,
    groupRows: Float64Array.from(rows),
    startErrors: sortedValues(startErrors),
    ttntGold: sortedObservations(ttntGold),
    ttntPred: sortedObservations(ttntPred),
  };
}

/** Median of weighted values (R's median: the mean of the two middle values for an even total). */
function weightedMedian(sorted: SortedValues, weights: Float64Array | null): number | null {
  const { values, patients } = sorted;
  const n = values.length;
  let total = 0;
  if (weights) for (let i = 0; i < n; i++) total += weights[patients[i]!]!;
  else total = n;
  if (total === 0) return null;
  const lowRank = Math.ceil(total / 2);
  const highRank = Math.floor(total / 2) + 1;
  let seen = 0;
  let low: number | null = null;
  for (let i = 0; i < n; i++) {
    seen += weights ? weights[patients[i]!]! : 1;
    if (low === null && seen >= lowRank) low = values[i]!;
    if (seen >= highRank) return total % 2 === 1 ? low! : (low! + values[i]!) / 2;
  }
  return low;
}

/**
 * Kaplan-Meier median with patient weights (integer multiplicities), using R's
 * rule for an exact 0.5 plateau; equals core/statistics' median when all
 * weights are 1 (tested).
 */
export function weightedKmMedian(sorted: SortedObservations, weights: Float64Array | null): number | null {
  const { times, events, patients } = sorted;
  const n = times.length;
  let atRisk = 0;
  if (weights) for (let i = 0; i < n; i++) atRisk += weights[patients[i]!]!;
  else atRisk = n;
  let survival = 1;
  let plateauStart: number | null = null;
  for (let i = 0; i < n;) {
    const time = times[i]!;
    let dead = 0;
    let leaving = 0;
    while (i < n && times[i] === time) {
      const w = weights ? weights[patients[i]!]! : 1;
      if (events[i] === 1) dead += w;
      leaving += w;
      i++;
    }
    if (dead > 0 && atRisk > 0) {
      survival *= 1 - dead / atRisk;
      if (plateauStart !== null && survival < 0.5 - 1e-9) return (plateauStart + time) / 2;
      if (plateauStart === null && Math.abs(survival - 0.5) < 1e-9) plateauStart = time;
      else if (plateauStart === null && survival < 0.5) return time;
    }
    atRisk -= leaving;
  }
  return null;
}

/** Point values of every metric for (optionally weighted) patients. */
export function metricValues(
  frame: ScoringFrame,
  weights: Float64Array | null = null,
): Record<MetricId, number | null> {
  const n = frame.comparisons.length;
  const { groupOf, groupRows } = frame;
  const groups = groupRows.length / N_COMPONENTS;
  const counts = new Float64Array(groups);
  if (weights) for (let i = 0; i < n; i++) counts[groupOf[i]!]! += weights[i]!;
  else for (let i = 0; i < n; i++) counts[groupOf[i]!]! += 1;
  const s = new Float64Array(N_COMPONENTS);
  for (let g = 0; g < groups; g++) {
    const w = counts[g]!;
    if (w === 0) continue;
    const o = g * N_COMPONENTS;
    for (let c = 0; c < N_COMPONENTS; c++) s[c]! += w * groupRows[o + c]!;
  }
  const precision = ratio(s[C.matchedPred]!, s[C.predStarts]!);
  const recall = ratio(s[C.matchedPred]!, s[C.goldStarts]!);
  const f1 =
    precision !== null && recall !== null && precision + recall > 0
      ? (2 * precision * recall) / (precision + recall)
      : null;
  const gold = weightedKmMedian(frame.ttntGold, weights);
  const pred = weightedKmMedian(frame.ttntPred, weights);
  return {
    patient_exact: ratio(s[C.exact]!, s[C.patients]!),
    patient_exact_strict: ratio(s[C.exactStrict]!, s[C.patients]!),
    line_count_agreement: ratio(s[C.sameCount]!, s[C.patients]!),
    line1_regimen_match: ratio(s[C.l1Eq]!, s[C.l1Gold]!),
    line1_regimen_match_strict: ratio(s[C.l1EqStrict]!, s[C.l1Gold]!),
    line2_regimen_match: ratio(s[C.l2Eq]!, s[C.l2Gold]!),
    line2_regimen_match_strict: ratio(s[C.l2EqStrict]!, s[C.l2Gold]!),
    mean_jaccard: ratio(s[C.jaccard]!, s[C.goldLines]!),
    mean_jaccard_strict: ratio(s[C.jaccardStrict]!, s[C.goldLines]!),
    start_error_median_days: weightedMedian(frame.startErrors, weights),
    start_within_7_days: ratio(s[C.within7]!, s[C.matchedLines]!),
    start_within_30_days: ratio(s[C.within30]!, s[C.matchedLines]!),
    boundary_precision: precision,
    boundary_recall: recall,
    boundary_f1: f1,
    ttnt_median_gold_days: gold,
    ttnt_median_pred_days: pred,
    ttnt_median_difference_days: gold !== null && pred !== null ? pred - gold : null,
  };
}

/**
 * Multinomial resampling weights of n patients for replicates `from` to `to - 1`.
 * Replicate r draws from its own generator seeded by (seed, r), so any split of
 * the replicates (threads, batches) gives the same samples.
 */
export function* bootstrapWeights(n: number, replicates: number, seed: number, from = 0): Generator<Float64Array> {
  const weights = new Float64Array(n);
  const scale = n / 4294967296;
  for (let b = from; b < replicates; b++) {
    const rng = xoroshiro128plus((Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul(b + 1, 0x85ebca77)) | 0);
    weights.fill(0);
    for (let i = 0; i < n; i++) weights[((rng.next() >>> 0) * scale) | 0]! += 1;
    yield weights;
  }
}

function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  return sorted[lo]! + (h - lo) * (sorted[Math.min(lo + 1, sorted.length - 1)]! - sorted[lo]!);
}

function estimates(
  point: Record<MetricId, number | null>,
  samples: Record<string, number[]>,
  confLevel: number,
): MetricEstimate[] {
  const a = (1 - confLevel) / 2;
  return METRIC_DEFINITIONS.map(({ id }) => {
    const sorted = (samples[id] ?? []).slice().sort((x, y) => x - y);
    return { id, value: point[id], lower: percentile(sorted, a), upper: percentile(sorted, 1 - a) };
  });
}

/** Metrics with percentile bootstrap CIs for one frame. */
export function scoreFrame(frame: ScoringFrame, replicates: number, seed: number, confLevel: number): MetricEstimate[] {
  const point = metricValues(frame);
  const samples: Record<string, number[]> = {};
  if (frame.comparisons.length > 0) {
    for (const w of bootstrapWeights(frame.comparisons.length, replicates, seed)) {
      const v = metricValues(frame, w);
      for (const [id, x] of Object.entries(v)) if (x !== null) (samples[id] ??= []).push(x);
    }
  }
  return estimates(point, samples, confLevel);
}

function byLineNumber(comparisons: readonly PatientComparison[]): LineNumberMetrics[] {
  const last = LINE_NUMBERS_REPORTED[LINE_NUMBERS_REPORTED.length - 1]!;
  return LINE_NUMBERS_REPORTED.map((k) => {
    let gold = 0;
    let eq = 0;
    let jac = 0;
    let matched = 0;
    let within = 0;
    for (const c of comparisons) {
      for (const l of c.lines) {
        const inBucket = k === last ? l.lineNumber >= k : l.lineNumber === k;
        if (!inBucket) continue;
        if (l.gold) {
          gold++;
          if (l.equal) eq++;
          jac += l.jaccard;
        }
        if (l.startErrorDays !== null) {
          matched++;
          if (l.startErrorDays <= 30) within++;
        }
      }
    }
    return {
      line: k === last ? `${k}+` : String(k),
      goldLines: gold,
      regimenMatch: ratio(eq, gold),
      meanJaccard: ratio(jac, gold),
      startWithin30: ratio(within, matched),
    };
  });
}

function regimenConfusion(comparisons: readonly PatientComparison[]): Evaluation["regimenConfusion"] {
  const counts = new Map<string, number>();
  for (const c of comparisons) {
    for (const l of c.lines) {
      const g = l.gold ? regimenClassOf(l.gold.molecules) : "none";
      const p = l.pred ? regimenClassOf(l.pred.molecules) : "none";
      const key = `${g}\u0000${p}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return [...counts]
    .map(([key, count]) => {
      const [gold, predicted] = key.split("\u0000") as [string, string];
      return { gold, predicted, count };
    })
    .sort((a, b) => b.count - a.count || a.gold.localeCompare(b.gold) || a.predicted.localeCompare(b.predicted));
}

/** The full evaluation of one prediction. */
export function evaluateComparisons(
  comparisons: readonly PatientComparison[],
  options: EvaluateOptions = {},
): Evaluation {
  const replicates = options.replicates ?? 1000;
  const seed = options.seed ?? 20260701;
  const confLevel = options.confLevel ?? 0.95;
  const frame = prepareFrame(comparisons);
  const subgroups: SubgroupMetrics[] = [];
  for (const [variable, valueOf] of Object.entries(options.subgroups ?? {})) {
    const groups = new Map<string, PatientComparison[]>();
    for (const c of comparisons) {
      const value = valueOf(c);
      const members = groups.get(value);
      if (members) members.push(c);
      else groups.set(value, [c]);
    }
    for (const [value, members] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
      subgroups.push({
        variable,
        value,
        patients: members.length,
        metrics: scoreFrame(prepareFrame(members), Math.min(replicates, SUBGROUP_REPLICATES), seed, confLevel),
      });
    }
  }
  const kinds = new Map<string, number>();
  for (const c of comparisons) kinds.set(c.errorKind, (kinds.get(c.errorKind) ?? 0) + 1);
  return {
    patients: comparisons.length,
    goldLines: comparisons.reduce((a, c) => a + c.gold.length, 0),
    predictedLines: comparisons.reduce((a, c) => a + c.pred.length, 0),
    metrics: scoreFrame(frame, replicates, seed, confLevel),
    byLineNumber: byLineNumber(comparisons),
    subgroups,
    regimenConfusion: regimenConfusion(comparisons),
    errorKinds: [...kinds].map(([kind, patients]) => ({ kind, patients })).sort((a, b) => b.patients - a.patients),
    bootstrap: { replicates, seed, confLevel },
  };
}

export interface PairedDifference {
  id: MetricId;
  /** Method minus reference. */
  difference: number | null;
  lower: number | null;
  upper: number | null;
  /** True when the CI excludes 0. */
  significant: boolean;
}

/**
 * Paired bootstrap differences (method − reference) on the same resampled
 * patients. Both comparison lists must hold the same patients in the same order.
 */
export function pairedDifferences(
  method: readonly PatientComparison[],
  reference: readonly PatientComparison[],
  options: { replicates?: number; seed?: number; confLevel?: number } = {},
): PairedDifference[] {
  if (
    method.length !== reference.length ||
    method.some((c, i) => c.patient.patientId !== reference[i]!.patient.patientId)
  ) {
    throw new Error("paired differences need the same patients in the same order");
  }
  const replicates = options.replicates ?? 1000;
  const confLevel = options.confLevel ?? 0.95;
  const a = prepareFrame(method);
  const b = prepareFrame(reference);
  const pointA = metricValues(a);
  const pointB = metricValues(b);
  const samples: Record<string, number[]> = {};
  for (const w of bootstrapWeights(method.length, replicates, options.seed ?? 20260701)) {
    const va = metricValues(a, w);
    const vb = metricValues(b, w);
    for (const { id } of METRIC_DEFINITIONS) {
      const x = va[id];
      const y = vb[id];
      if (x !== null && y !== null) (samples[id] ??= []).push(x - y);
    }
  }
  const alpha = (1 - confLevel) / 2;
  return METRIC_DEFINITIONS.map(({ id }) => {
    const sorted = (samples[id] ?? []).sort((x, y) => x - y);
    const pa = pointA[id];
    const pb = pointB[id];
    const lower = percentile(sorted, alpha);
    const upper = percentile(sorted, 1 - alpha);
    return {
      id,
      difference: pa !== null && pb !== null ? pa - pb : null,
      lower,
      upper,
      significant: lower !== null && upper !== null && (lower > 0 || upper < 0),
    };
  });
}

/** KM median of TTNT for a list of observations (core/statistics), for reports. */
export function ttntMedian(observations: readonly SurvivalObservation[]): number | null {
  return kaplanMeier(observations).median;
}
