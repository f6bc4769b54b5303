/**
 * The honest comparison: rules `default`, tuned rules and the learned model
 * scored on held-out cohorts (seeds never used for training or tuning), with
 * bootstrap CIs and paired differences against `default` on the same patients.
 */
import { reconstructPatient } from "../../core/engine/reconstruct.js";
import { evaluatePredictions } from "../../core/evaluation/evaluate-lines.js";
import type { PatientComparison } from "../../core/evaluation/compare.js";
import { pairedDifferences, type MetricEstimate, type PairedDifference } from "../../core/evaluation/score.js";
import type { LoadedModel } from "../../core/learning/learned-model.js";
import { reconstructLearned, type BoundaryMode } from "../../core/learning/reconstruct-learned.js";
import type { LineRecord } from "../../core/lines/line-record.js";
import type { RuleSet } from "../../core/rules/rule-set.js";
import type { LabelledCohort } from "./labelled-cohort.js";

export const REPORTED_METRICS = [
  "patient_exact",
  "line_count_agreement",
  "line1_regimen_match",
  "line2_regimen_match",
  "mean_jaccard",
  "boundary_f1",
  "start_within_30_days",
] as const;

export interface MethodResult {
  method: string;
  description: string;
  metrics: MetricEstimate[];
  /** Method − default, paired bootstrap on the same patients. */
  versusDefault: PairedDifference[] | null;
  errorKinds: { kind: string; patients: number }[];
}

export interface CohortComparison {
  cohort: string;
  seed: number | null;
  profile: string | null;
  patients: number;
  /** Training cohorts of the model and the tuned rules scored here. */
  trainedOn: string;
  methods: MethodResult[];
}

export interface Method {
  name: string;
  description: string;
  predict: (cohort: LabelledCohort) => LineRecord[];
}

export const rulesMethod = (name: string, rules: RuleSet, description: string): Method => ({
  name,
  description,
  predict: (c) => c.events.flatMap((e) => reconstructPatient(e, rules).lines),
});

export const learnedMethod = (
  name: string,
  model: LoadedModel,
  description: string,
  boundaries?: BoundaryMode,
): Method => ({
  name,
  description,
  predict: (c) =>
    c.events.flatMap((e) => reconstructLearned(e, model, boundaries === undefined ? {} : { boundaries }).lines),
});

export function compareMethods(
  cohort: LabelledCohort,
  methods: readonly Method[],
  trainedOn: string,
  options: {
    replicates?: number;
    seed?: number;
    /** Filled with each method's per-patient comparisons (for paired differences across experiments). */
    keep?: Map<string, PatientComparison[]>;
  } = {},
): CohortComparison {
  const replicates = options.replicates ?? 1000;
  const seed = options.seed ?? 20260701;
  const evaluationCohort = { patients: cohort.patients, gold: { lines: cohort.gold } };
  const results = methods.map((m) => ({
    method: m,
    ...evaluatePredictions(evaluationCohort, { lines: m.predict(cohort) }, { replicates, seed }),
  }));
  for (const r of results) options.keep?.set(r.method.name, r.comparisons);
  const reference = results[0]!;
  const keep = (id: string) => (REPORTED_METRICS as readonly string[]).includes(id);
  return {
    cohort: cohort.dataset,
    seed: cohort.seed,
    profile: cohort.profile,
    patients: cohort.patients.length,
    trainedOn,
    methods: results.map((r, i) => ({
      method: r.method.name,
      description: r.method.description,
      metrics: r.evaluation.metrics.filter((m) => keep(m.id)),
      versusDefault:
        i === 0
          ? null
          : pairedDifferences(r.comparisons, reference.comparisons, { replicates, seed }).filter((d) => keep(d.id)),
      errorKinds: r.evaluation.errorKinds,
    })),
  };
}
