/**
 * Scoring: the contract's metrics over a cohort, with percentile bootstrap 95 %
 * confidence intervals over patients (seeded), by line number and by subgroup,
 * and paired bootstrap differences between two methods.
 *
 * Every patient contributes fixed counts (scoring-frame.ts); a bootstrap
 * replicate only re-weights patients, so it costs one pass over the patients
 * plus the medians' passes over pre-sorted values (weighted-medians.ts).
 * Subgroups are slots of the same frame: a replicate resamples the whole
 * cohort and every subgroup's metrics are computed on the resampled patients
 * that belong to it (so a subgroup's size varies between replicates, as it
 * would between samples of the cohort).
 */
import { bootstrapWeights, percentileInterval } from "./bootstrap.js";
import type { PatientComparison } from "./compare.js";
import { METRIC_DEFINITIONS, type MetricId } from "./metric-definitions.js";
import { EvaluationSummary, type LineNumberMetrics, type SummaryCounts } from "./evaluation-summary.js";
import { C, N_COMPONENTS, prepareFrame, ScoringFrameBuilder, type ScoringFrame } from "./scoring-frame.js";
import { kmMedianOf, weightedMedianOf, type Weights } from "./weighted-medians.js";

export { prepareFrame, sortedObservations, type ScoringFrame } from "./scoring-frame.js";
export { weightedKmMedian } from "./weighted-medians.js";
export { LINE_NUMBERS_REPORTED, type LineNumberMetrics } from "./evaluation-summary.js";

/** Bootstrap replicates of each subgroup's CIs (the first ones of the overall replicates). */
export const SUBGROUP_REPLICATES = 200;

const METRIC_IDS: readonly MetricId[] = METRIC_DEFINITIONS.map((d) => d.id);
const M = METRIC_IDS.length;

export interface MetricEstimate {
  id: MetricId;
  value: number | null;
  lower: number | null;
  upper: number | null;
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
  regimenConfusion: SummaryCounts["regimenConfusion"];
  errorKinds: SummaryCounts["errorKinds"];
  bootstrap: { replicates: number; subgroupReplicates: number; seed: number; confLevel: number };
}

export interface EvaluateOptions {
  replicates?: number;
  seed?: number;
  confLevel?: number;
  /** Subgroup variables: name -> function giving the patient's value. */
  subgroups?: Record<string, (c: PatientComparison) => string>;
}

const ratio = (num: number, den: number): number | null => (den > 0 ? num / den : null);

/** Reusable buffers of one frame's replicate computations. */
interface Scratch {
  counts: Float64Array;
  sums: Float64Array;
  startMedian: Float64Array;
  goldMedian: Float64Array;
  predMedian: Float64Array;
}

function scratchOf(frame: ScoringFrame): Scratch {
  const slots = frame.slots.length;
  return {
    counts: new Float64Array(frame.groupRows.length / N_COMPONENTS),
    sums: new Float64Array(slots * N_COMPONENTS),
    startMedian: new Float64Array(slots),
    goldMedian: new Float64Array(slots),
    predMedian: new Float64Array(slots),
  };
}

/**
 * Every metric of the first `slotCount` slots (1: every patient; all slots:
 * subgroups too) under `weights` (null: every patient once), written to
 * out[slot * M + metric] in METRIC_DEFINITIONS order, NaN for "no value".
 */
function slotMetricValues(
  frame: ScoringFrame,
  weights: Weights | null,
  slotCount: number,
  out: Float64Array,
  scratch: Scratch,
): void {
  const { n, groupOf, groupRows, groupSlots, slotStride } = frame;
  const depth = slotCount === 1 ? 1 : slotStride;
  const { counts, sums } = scratch;
  counts.fill(0);
  if (weights) for (let i = 0; i < n; i++) counts[groupOf[i]!]! += weights[i]!;
  else for (let i = 0; i < n; i++) counts[groupOf[i]!]! += 1;
  const s = sums.subarray(0, slotCount * N_COMPONENTS).fill(0);
  const groups = counts.length;
  for (let g = 0; g < groups; g++) {
    const w = counts[g]!;
    if (w === 0) continue;
    const o = g * N_COMPONENTS;
    for (let k = 0; k < depth; k++) {
      const so = groupSlots[g * slotStride + k]! * N_COMPONENTS;
      for (let c = 0; c < N_COMPONENTS; c++) s[so + c]! += w * groupRows[o + c]!;
    }
  }
  const { startMedian, goldMedian, predMedian } = scratch;
  for (let slot = 0; slot < slotCount; slot++) {
    const o = slot * N_COMPONENTS;
    const sorted = frame.slotValues[slot]!;
    startMedian[slot] = weightedMedianOf(sorted.startErrors, weights, s[o + C.matchedLines]!);
    goldMedian[slot] = kmMedianOf(sorted.ttntGold, weights, s[o + C.hasTtntGold]!);
    predMedian[slot] = kmMedianOf(sorted.ttntPred, weights, s[o + C.hasTtntPred]!);
  }
  const nan = (x: number | null) => (x === null ? NaN : x);
  for (let slot = 0; slot < slotCount; slot++) {
    const v = s.subarray(slot * N_COMPONENTS, (slot + 1) * N_COMPONENTS);
    const precision = ratio(v[C.matchedPred]!, v[C.predStarts]!);
    const recall = ratio(v[C.matchedPred]!, v[C.goldStarts]!);
    const f1 =
      precision !== null && recall !== null && precision + recall > 0
        ? (2 * precision * recall) / (precision + recall)
        : null;
    const gold = goldMedian[slot]!;
    const pred = predMedian[slot]!;
    const values: Record<MetricId, number> = {
      patient_exact: nan(ratio(v[C.exact]!, v[C.patients]!)),
      patient_exact_strict: nan(ratio(v[C.exactStrict]!, v[C.patients]!)),
      line_count_agreement: nan(ratio(v[C.sameCount]!, v[C.patients]!)),
      line1_regimen_match: nan(ratio(v[C.l1Eq]!, v[C.l1Gold]!)),
      line1_regimen_match_strict: nan(ratio(v[C.l1EqStrict]!, v[C.l1Gold]!)),
      line2_regimen_match: nan(ratio(v[C.l2Eq]!, v[C.l2Gold]!)),
      line2_regimen_match_strict: nan(ratio(v[C.l2EqStrict]!, v[C.l2Gold]!)),
      mean_jaccard: nan(ratio(v[C.jaccard]!, v[C.goldLines]!)),
      mean_jaccard_strict: nan(ratio(v[C.jaccardStrict]!, v[C.goldLines]!)),
      start_error_median_days: startMedian[slot]!,
      start_within_7_days: nan(ratio(v[C.within7]!, v[C.matchedLines]!)),
      start_within_30_days: nan(ratio(v[C.within30]!, v[C.matchedLines]!)),
      boundary_precision: nan(precision),
      boundary_recall: nan(recall),
      boundary_f1: nan(f1),
      ttnt_median_gold_days: gold,
      ttnt_median_pred_days: pred,
      ttnt_median_difference_days: pred - gold,
    };
    for (let m = 0; m < M; m++) out[slot * M + m] = values[METRIC_IDS[m]!];
  }
}

const orNull = (x: number): number | null => (Number.isNaN(x) ? null : x);

/** Point values of every metric for (optionally weighted) patients of the whole frame. */
export function metricValues(frame: ScoringFrame, weights: Weights | null = null): Record<MetricId, number | null> {
  const out = new Float64Array(M);
  slotMetricValues(frame, weights, 1, out, scratchOf(frame));
  return Object.fromEntries(METRIC_IDS.map((id, m) => [id, orNull(out[m]!)])) as Record<MetricId, number | null>;
}

/**
 * Replicate values of replicates `from` to `to - 1`: for replicate r, the
 * values of every metric of slot 0 and, when r < `subgroupReplicates`, of every
 * slot; laid out as [r - from][slot][metric], NaN where there is no value or the
 * slot was not computed. Any split of the replicates gives the same values.
 */
export function replicateValues(
  frame: ScoringFrame,
  options: { seed: number; subgroupReplicates: number },
  from: number,
  to: number,
): Float64Array {
  const slots = frame.slots.length;
  const out = new Float64Array((to - from) * slots * M).fill(NaN);
  if (frame.n === 0) return out;
  const scratch = scratchOf(frame);
  let r = from;
  for (const w of bootstrapWeights(frame.n, to, options.seed, from)) {
    const slotCount = r < options.subgroupReplicates ? slots : 1;
    slotMetricValues(frame, w, slotCount, out.subarray((r - from) * slots * M, (r - from + 1) * slots * M), scratch);
    r++;
  }
  return out;
}

/**
 * Point values and percentile CIs of every slot from the replicate values
 * (as laid out by `replicateValues` for replicates 0 to R - 1).
 */
function slotEstimates(frame: ScoringFrame, samples: Float64Array, confLevel: number): MetricEstimate[][] {
  const slots = frame.slots.length;
  const replicates = samples.length / (slots * M);
  const point = new Float64Array(slots * M);
  slotMetricValues(frame, null, slots, point, scratchOf(frame));
  const column = new Float64Array(replicates);
  return frame.slots.map((_, slot) =>
    METRIC_IDS.map((id, m) => {
      for (let r = 0; r < replicates; r++) column[r] = samples[(r * slots + slot) * M + m]!;
      const [lower, upper] = percentileInterval(column, confLevel);
      return { id, value: orNull(point[slot * M + m]!), lower, upper };
    }),
  );
}

/** What an evaluation needs before its bootstrap replicates are drawn. */
export interface EvaluationPlan {
  frame: ScoringFrame;
  summary: SummaryCounts;
  replicates: number;
  subgroupReplicates: number;
  seed: number;
  confLevel: number;
}

/**
 * Collects compared patients one at a time into an evaluation plan (the
 * comparisons themselves are not kept).
 */
export class EvaluationBuilder {
  private readonly frame: ScoringFrameBuilder;
  private readonly summary = new EvaluationSummary();
  constructor(private readonly options: EvaluateOptions = {}) {
    this.frame = new ScoringFrameBuilder(options.subgroups ?? {});
  }
  add(c: PatientComparison): void {
    this.frame.add(c);
    this.summary.add(c);
  }
  finish(): EvaluationPlan {
    const replicates = this.options.replicates ?? 1000;
    return {
      frame: this.frame.finish(),
      summary: this.summary.finish(),
      replicates,
      subgroupReplicates: Math.min(replicates, SUBGROUP_REPLICATES),
      seed: this.options.seed ?? 20260701,
      confLevel: this.options.confLevel ?? 0.95,
    };
  }
}

export function planEvaluation(
  comparisons: readonly PatientComparison[],
  options: EvaluateOptions = {},
): EvaluationPlan {
  const builder = new EvaluationBuilder(options);
  for (const c of comparisons) builder.add(c);
  return builder.finish();
}

/** The evaluation from its plan and the values of replicates 0 to R - 1 (`replicateValues`, in any split). */
export function completeEvaluation(plan: EvaluationPlan, samples: Float64Array): Evaluation {
  const { frame, summary, replicates, subgroupReplicates, seed, confLevel } = plan;
  const bySlot = slotEstimates(frame, samples, confLevel);
  const subgroups: SubgroupMetrics[] = frame.slots.flatMap((slot, s) =>
    slot.variable === null
      ? []
      : [{ variable: slot.variable, value: slot.value!, patients: slot.patients, metrics: bySlot[s]! }],
  );
  return {
    patients: summary.patients,
    goldLines: summary.goldLines,
    predictedLines: summary.predictedLines,
    metrics: bySlot[0]!,
    byLineNumber: summary.byLineNumber,
    subgroups,
    regimenConfusion: summary.regimenConfusion,
    errorKinds: summary.errorKinds,
    bootstrap: { replicates, subgroupReplicates, seed, confLevel },
  };
}

/** Draws the plan's replicates in this thread and completes the evaluation. */
export function runEvaluation(plan: EvaluationPlan): Evaluation {
  return completeEvaluation(plan, replicateValues(plan.frame, plan, 0, plan.replicates));
}

/** The full evaluation of one prediction (replicates drawn here, in one thread). */
export function evaluateComparisons(
  comparisons: readonly PatientComparison[],
  options: EvaluateOptions = {},
): Evaluation {
  return runEvaluation(planEvaluation(comparisons, options));
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
  const scratchA = scratchOf(a);
  const scratchB = scratchOf(b);
  const pointA = new Float64Array(M);
  const pointB = new Float64Array(M);
  slotMetricValues(a, null, 1, pointA, scratchA);
  slotMetricValues(b, null, 1, pointB, scratchB);
  const va = new Float64Array(M);
  const vb = new Float64Array(M);
  /** Per metric, the difference in each replicate. */
  const differences = METRIC_IDS.map(() => new Float64Array(replicates).fill(NaN));
  let r = 0;
  if (method.length > 0) {
    for (const w of bootstrapWeights(method.length, replicates, options.seed ?? 20260701)) {
      slotMetricValues(a, w, 1, va, scratchA);
      slotMetricValues(b, w, 1, vb, scratchB);
      for (let m = 0; m < M; m++) differences[m]![r] = va[m]! - vb[m]!;
      r++;
    }
  }
  return METRIC_IDS.map((id, m) => {
    const [lower, upper] = percentileInterval(differences[m]!, confLevel);
    const pa = orNull(pointA[m]!);
    const pb = orNull(pointB[m]!);
    return {
      id,
      difference: pa !== null && pb !== null ? pa - pb : null,
      lower,
      upper,
      significant: lower !== null && upper !== null && (lower > 0 || upper < 0),
    };
  });
}
