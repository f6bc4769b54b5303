/**
 * Scores predicted lines against the gold standard over a cohort: compares
 * every cohort patient (a patient absent from a file has no line) and computes
 * the metrics with bootstrap CIs, overall, by line number and by subgroup. Pure:
 * the CLI (loaders/evaluate) and the in-browser submission checker call it with
 * the same inputs and get the same numbers.
 */
import type { LineRecord } from "../lines/line-record.js";
import { comparePatient, type EvaluationPatient, type PatientComparison } from "./compare.js";
import { evaluateComparisons, type Evaluation } from "./score.js";
import { periodOf } from "./subgroups.js";
import type { SubmissionCheck } from "./submission.js";

/** The cohort and its gold standard, as read from a dataset (or from the workspace's tables). */
export interface EvaluationCohort {
  patients: EvaluationPatient[];
  gold: Pick<SubmissionCheck, "lines">;
}

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
  predictions: Pick<SubmissionCheck, "lines">,
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
