/**
 * Scores predicted lines against the gold standard over a cohort: compares
 * every cohort patient (a patient absent from a file has no line) and computes
 * the metrics with bootstrap CIs, overall, by line number and by subgroup. Pure:
 * the CLI (loaders/evaluate) and the in-browser submission checker call it with
 * the same inputs and get the same numbers.
 */
import { DEFAULT_CENSORING, type Censoring } from "../statistics/censoring.js";
import type { LineRecord } from "../lines/line-record.js";
import { AgreementCache, comparePatient, type EvaluationPatient, type PatientComparison } from "./compare.js";
import { EvaluationBuilder, evaluateComparisons, type Evaluation, type EvaluationPlan } from "./score.js";
import { periodOf } from "./subgroups.js";
import type { SubmissionCheck } from "./submission.js";

/** The cohort and its gold standard, as read from a dataset (or from the workspace's tables). */
export interface EvaluationCohort {
  patients: EvaluationPatient[];
  gold: Pick<SubmissionCheck, "lines">;
  /** Where TTNT is censored (core/statistics/censoring.ts); default end of data. */
  censoring?: Censoring;
}

export interface EvaluationOptions {
  replicates?: number;
  seed?: number;
}

/**
 * Compares every cohort patient, in cohort order (a patient absent from a file
 * has no line), handing each comparison to `visit`.
 */
export function forEachComparison(
  patients: readonly EvaluationPatient[],
  gold: readonly LineRecord[],
  predicted: readonly LineRecord[],
  visit: (comparison: PatientComparison) => void,
  censoring: Censoring = DEFAULT_CENSORING,
): void {
  const indexOf = new Map<string, number>();
  patients.forEach((p, i) => indexOf.set(p.patientId, i));
  const byPatient = (lines: readonly LineRecord[]) => {
    const lists: (LineRecord[] | undefined)[] = new Array<LineRecord[] | undefined>(patients.length);
    for (const l of lines) {
      const i = indexOf.get(l.patientId);
      if (i === undefined) continue; // not a cohort patient: the submission check reports it
      const list = lists[i];
      if (list) list.push(l);
      else lists[i] = [l];
    }
    return lists;
  };
  const g = byPatient(gold);
  const p = byPatient(predicted);
  const cache = new AgreementCache();
  for (let i = 0; i < patients.length; i++)
    visit(comparePatient(patients[i]!, g[i] ?? [], p[i] ?? [], cache, censoring));
}

/** One comparison per cohort patient, in cohort order. */
export function compareCohort(
  patients: readonly EvaluationPatient[],
  gold: readonly LineRecord[],
  predicted: readonly LineRecord[],
  censoring: Censoring = DEFAULT_CENSORING,
): PatientComparison[] {
  const comparisons: PatientComparison[] = [];
  forEachComparison(patients, gold, predicted, (c) => comparisons.push(c), censoring);
  return comparisons;
}

export const SUBGROUPS: Record<string, (c: PatientComparison) => string> = {
  histology: (c) => c.patient.histology ?? "unknown",
  biomarker_group: (c) => c.patient.biomarkerGroup,
  first_line_period: (c) => periodOf(c.gold[0]?.startDate),
};

const evaluateOptions = (options: EvaluationOptions) => ({
  replicates: options.replicates ?? 1000,
  seed: options.seed ?? 20260701,
  subgroups: SUBGROUPS,
});

/** The evaluation and every patient's comparison (for error explorers and paired differences). */
export function evaluatePredictions(
  cohort: EvaluationCohort,
  predictions: Pick<SubmissionCheck, "lines">,
  options: EvaluationOptions = {},
): { evaluation: Evaluation; comparisons: PatientComparison[] } {
  const comparisons = compareCohort(cohort.patients, cohort.gold.lines, predictions.lines, cohort.censoring);
  return { evaluation: evaluateComparisons(comparisons, evaluateOptions(options)), comparisons };
}

/**
 * The plan of an evaluation (frame and counts, before the bootstrap), without
 * keeping the comparisons: what large cohorts use (the CLI's evaluate).
 * `runEvaluation(plan)` gives the same evaluation as `evaluatePredictions`.
 */
export function planCohortEvaluation(
  cohort: EvaluationCohort,
  predictions: Pick<SubmissionCheck, "lines">,
  options: EvaluationOptions = {},
): EvaluationPlan {
  const builder = new EvaluationBuilder(evaluateOptions(options));
  forEachComparison(cohort.patients, cohort.gold.lines, predictions.lines, (c) => builder.add(c), cohort.censoring);
  return builder.finish();
}
