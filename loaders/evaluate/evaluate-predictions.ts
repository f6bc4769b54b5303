/**
 * Scores predicted lines against a dataset's gold standard: reads the cohort and
 * the gold (evaluation-cohort.ts), validates the predictions, compares every
 * cohort patient and computes the metrics with bootstrap CIs, overall, by line
 * number and by subgroup.
 */
import { comparePatient, type EvaluationPatient, type PatientComparison } from "../../core/evaluation/compare.js";
import { evaluateComparisons, type Evaluation } from "../../core/evaluation/score.js";
import { periodOf } from "../../core/evaluation/subgroups.js";
import type { SubmissionCheck } from "../../core/evaluation/submission.js";
import type { LineRecord } from "../../core/lines/line-record.js";
import type { EvaluationCohort } from "./evaluation-cohort.js";

export interface EvaluationOptions {
  replicates?: number;
  seed?: number;
}

function groupByPatient(lines: readonly LineRecord[]): Map<string, LineRecord[]> {
  const map = new Map<string, LineRecord[]>();
  for (const l of lines) {
    const list = map.get(l.patientId);
    if (list) list.push(l);
    else map.set(l.patientId, [l]);
  }
  return map;
}

/** One comparison per cohort patient, in cohort order (a patient absent from a file has no line). */
export function compareCohort(
  patients: readonly EvaluationPatient[],
  gold: readonly LineRecord[],
  predicted: readonly LineRecord[],
): PatientComparison[] {
  const g = groupByPatient(gold);
  const p = groupByPatient(predicted);
  return patients.map((patient) =>
    comparePatient(patient, g.get(patient.patientId) ?? [], p.get(patient.patientId) ?? []),
  );
}

export const SUBGROUPS: Record<string, (c: PatientComparison) => string> = {
  histology: (c) => c.patient.histology ?? "unknown",
  biomarker_group: (c) => c.patient.biomarkerGroup,
  first_line_period: (c) => periodOf(c.gold[0]?.startDate),
};

export function evaluatePredictions(
  cohort: EvaluationCohort,
  predictions: SubmissionCheck,
  options: EvaluationOptions = {},
): { evaluation: Evaluation; comparisons: PatientComparison[] } {
  const comparisons = compareCohort(cohort.patients, cohort.gold.lines, predictions.lines);
  const evaluation = evaluateComparisons(comparisons, {
    replicates: options.replicates ?? 1000,
    seed: options.seed ?? 20260701,
    subgroups: SUBGROUPS,
  });
  return { evaluation, comparisons };
}
