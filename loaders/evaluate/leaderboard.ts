/**
 * The jury's leaderboard: several predictions scored on the same cohort, with
 * paired bootstrap differences against a reference method (same resampled
 * patients for every method), so that only gaps whose CI excludes 0 are read
 * as real. Invalid submissions are listed with their problems, never ranked.
 */
import type { PatientComparison } from "../../core/evaluation/compare.js";
import {
  pairedDifferences,
  planEvaluation,
  type Evaluation,
  type PairedDifference,
} from "../../core/evaluation/score.js";
import type { SubmissionCheck, SubmissionProblem } from "../../core/evaluation/submission.js";
import {
  compareCohort,
  SUBGROUPS,
  type EvaluationCohort,
  type EvaluationOptions,
} from "../../core/evaluation/evaluate-lines.js";
import { defaultThreads, runEvaluationInThreads } from "./parallel-bootstrap.js";

export interface LeaderboardEntryInput {
  name: string;
  kind: "rule_set" | "submission" | "model";
  source: string;
  check: SubmissionCheck;
}

export interface LeaderboardEntry {
  name: string;
  kind: LeaderboardEntryInput["kind"];
  source: string;
  valid: boolean;
  problemCount: number;
  problems: SubmissionProblem[];
  evaluation: Evaluation | null;
  /** Paired differences against the reference (null for the reference itself or an invalid entry). */
  versusReference: PairedDifference[] | null;
  rank: number | null;
}

export interface Leaderboard {
  reference: string;
  rankedBy: "patient_exact";
  patients: number;
  entries: LeaderboardEntry[];
}

/**
 * Scores every valid input (the evaluation of each is the core's
 * `evaluatePredictions`, its bootstrap drawn on `threads` worker threads for
 * large cohorts: same values whatever the number) and ranks them.
 */
export async function buildLeaderboard(
  cohort: EvaluationCohort,
  inputs: readonly LeaderboardEntryInput[],
  reference: string,
  options: EvaluationOptions & { threads?: number } = {},
): Promise<Leaderboard> {
  if (!inputs.some((i) => i.name === reference)) {
    throw new Error(`reference method ${reference} is not among ${inputs.map((i) => i.name).join(", ")}`);
  }
  const scored = new Map<string, { evaluation: Evaluation; comparisons: PatientComparison[] }>();
  for (const input of inputs) {
    if (!input.check.valid) continue;
    const comparisons = compareCohort(cohort.patients, cohort.gold.lines, input.check.lines, cohort.censoring);
    const plan = planEvaluation(comparisons, {
      replicates: options.replicates ?? 1000,
      seed: options.seed ?? 20260701,
      subgroups: SUBGROUPS,
    });
    const evaluation = await runEvaluationInThreads(plan, options.threads ?? defaultThreads());
    scored.set(input.name, { evaluation, comparisons });
  }
  const ref = scored.get(reference);
  const entries: LeaderboardEntry[] = inputs.map((input) => {
    const s = scored.get(input.name);
    return {
      name: input.name,
      kind: input.kind,
      source: input.source,
      valid: input.check.valid,
      problemCount: input.check.problemCount,
      problems: input.check.problems.slice(0, 50),
      evaluation: s?.evaluation ?? null,
      versusReference:
        s && ref && input.name !== reference
          ? pairedDifferences(s.comparisons, ref.comparisons, {
              replicates: options.replicates ?? 1000,
              seed: options.seed ?? 20260701,
            })
          : null,
      rank: null,
    };
  });
  const value = (e: LeaderboardEntry) => e.evaluation?.metrics.find((m) => m.id === "patient_exact")?.value ?? -1;
  // Competition ranking: equal scores share a rank (1, 1, 3, ...).
  const ranked = entries.filter((e) => e.evaluation).sort((a, b) => value(b) - value(a));
  ranked.forEach((e, i) => (e.rank = i > 0 && value(e) === value(ranked[i - 1]!) ? ranked[i - 1]!.rank : i + 1));
  entries.sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.name.localeCompare(b.name));
  return { reference, rankedBy: "patient_exact", patients: cohort.patients.length, entries };
}
