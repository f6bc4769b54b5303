/**
 * Every metric of the evaluation, defined once. The CLI help, the JSON output and
 * the workspace pages all show these texts.
 */

export type MetricId =
  | "patient_exact"
  | "patient_exact_strict"
  | "line_count_agreement"
  | "line1_regimen_match"
  | "line1_regimen_match_strict"
  | "line2_regimen_match"
  | "line2_regimen_match_strict"
  | "mean_jaccard"
  | "mean_jaccard_strict"
  | "start_error_median_days"
  | "start_within_7_days"
  | "start_within_30_days"
  | "boundary_precision"
  | "boundary_recall"
  | "boundary_f1"
  | "ttnt_median_gold_days"
  | "ttnt_median_pred_days"
  | "ttnt_median_difference_days";

export interface MetricDefinition {
  id: MetricId;
  label: string;
  /** Proportion in [0, 1], or days. */
  unit: "proportion" | "days";
  /** For ranking; undefined when neither direction is better (e.g. the gold median). */
  higherIsBetter: boolean | undefined;
  definition: string;
}

const SETS =
  "Molecule sets are equal after treating cisplatin = carboplatin and paclitaxel = nab-paclitaxel (strict: names as they are); `chemotherapy` and `investigational` equal only themselves.";

export const METRIC_DEFINITIONS: readonly MetricDefinition[] = [
  {
    id: "patient_exact",
    label: "Patient-level exact agreement",
    unit: "proportion",
    higherIsBetter: true,
    definition: `Share of cohort patients (ODH_PATIENT) whose prediction has the same number of lines as the gold standard and, for every line k, an equal molecule set and a start date within 30 days of gold line k. A patient with no line in either file agrees. ${SETS}`,
  },
  {
    id: "patient_exact_strict",
    label: "Patient-level exact agreement (strict molecules)",
    unit: "proportion",
    higherIsBetter: true,
    definition:
      "As patient-level exact agreement, with molecule sets compared strictly (no cisplatin = carboplatin, paclitaxel = nab-paclitaxel).",
  },
  {
    id: "line_count_agreement",
    label: "Agreement on the number of lines",
    unit: "proportion",
    higherIsBetter: true,
    definition: "Share of cohort patients whose predicted number of lines equals the gold number.",
  },
  {
    id: "line1_regimen_match",
    label: "Line-1 regimen exact match",
    unit: "proportion",
    higherIsBetter: true,
    definition: `Among patients with a gold line 1: share whose predicted line 1 exists and has an equal molecule set. ${SETS}`,
  },
  {
    id: "line1_regimen_match_strict",
    label: "Line-1 regimen exact match (strict)",
    unit: "proportion",
    higherIsBetter: true,
    definition: "As line-1 regimen exact match, molecule sets compared strictly.",
  },
  {
    id: "line2_regimen_match",
    label: "Line-2 regimen exact match",
    unit: "proportion",
    higherIsBetter: true,
    definition: `Among patients with a gold line 2: share whose predicted line 2 exists and has an equal molecule set. ${SETS}`,
  },
  {
    id: "line2_regimen_match_strict",
    label: "Line-2 regimen exact match (strict)",
    unit: "proportion",
    higherIsBetter: true,
    definition: "As line-2 regimen exact match, molecule sets compared strictly.",
  },
  {
    id: "mean_jaccard",
    label: "Mean Jaccard of molecule sets",
    unit: "proportion",
    higherIsBetter: true,
    definition:
      "Mean over all gold lines of |G ∩ P| / |G ∪ P| between gold line k and predicted line k (lines matched in order within a patient); a missing predicted line counts 0. Sets canonicalised as for equality.",
  },
  {
    id: "mean_jaccard_strict",
    label: "Mean Jaccard (strict)",
    unit: "proportion",
    higherIsBetter: true,
    definition: "As mean Jaccard, molecule names compared strictly.",
  },
  {
    id: "start_error_median_days",
    label: "Start-date error, median absolute days",
    unit: "days",
    higherIsBetter: false,
    definition:
      "Over matched lines (gold line k and predicted line k both exist): median of |predicted start − gold start| in days.",
  },
  {
    id: "start_within_7_days",
    label: "Start within 7 days",
    unit: "proportion",
    higherIsBetter: true,
    definition: "Over matched lines: share whose predicted start is within 7 days of the gold start.",
  },
  {
    id: "start_within_30_days",
    label: "Start within 30 days",
    unit: "proportion",
    higherIsBetter: true,
    definition: "Over matched lines: share whose predicted start is within 30 days of the gold start.",
  },
  {
    id: "boundary_precision",
    label: "Line-boundary precision",
    unit: "proportion",
    higherIsBetter: true,
    definition:
      "Each predicted line start matches at most one unmatched gold start of the same patient within 30 days, closest pairs first. Precision = matched predicted starts / all predicted starts.",
  },
  {
    id: "boundary_recall",
    label: "Line-boundary recall",
    unit: "proportion",
    higherIsBetter: true,
    definition: "Matched gold starts / all gold starts (matching as for precision).",
  },
  {
    id: "boundary_f1",
    label: "Line-boundary F1",
    unit: "proportion",
    higherIsBetter: true,
    definition: "Harmonic mean of boundary precision and recall: 2PR / (P + R).",
  },
  {
    id: "ttnt_median_gold_days",
    label: "Median time to next treatment (gold)",
    unit: "days",
    higherIsBetter: undefined,
    definition:
      "Kaplan-Meier median of the time from the start of gold line 1 to the start of gold line 2 or death, censored at the end of follow-up; among patients with a gold line 1.",
  },
  {
    id: "ttnt_median_pred_days",
    label: "Median time to next treatment (prediction)",
    unit: "days",
    higherIsBetter: undefined,
    definition:
      "The same Kaplan-Meier median computed from the predicted lines, among patients with a predicted line 1.",
  },
  {
    id: "ttnt_median_difference_days",
    label: "TTNT median difference (prediction − gold)",
    unit: "days",
    higherIsBetter: undefined,
    definition: "Predicted minus gold Kaplan-Meier median TTNT, in days; closer to 0 is better.",
  },
];

export function metricDefinition(id: MetricId): MetricDefinition {
  const d = METRIC_DEFINITIONS.find((m) => m.id === id);
  if (!d) throw new Error(`unknown metric ${id}`);
  return d;
}
