/**
 * Calibration of a learned model on a held-out labelled cohort: every
 * probabilistic decision it makes, with what the gold standard says happened.
 * - boundary: P(new line) at each decision point; outcome = a gold line starts there;
 * - composition: the probability of the imputed molecules of a line; outcome =
 *   the line's molecules equal those of the gold line starting within 30 days;
 * - entry: P(line 1) of a line before an inferred index; outcome = the gold line 1 starts there.
 */
import { boundaryPoints } from "../../core/learning/boundary-features.js";
import { calibrationSummary, type CalibrationSummary, type ScoredDecision } from "../../core/learning/calibration.js";
import { entryCandidates, entryLabel } from "../../core/learning/entry-features.js";
import { boundaryLabels, goldLineAt } from "../../core/learning/labels.js";
import type { LoadedModel } from "../../core/learning/learned-model.js";
import { entryChooser, reconstructLearned } from "../../core/learning/reconstruct-learned.js";
import { buildSkeleton } from "../../core/learning/skeleton.js";
import type { LabelledCohort } from "./labelled-cohort.js";

export interface ModelCalibration {
  boundary: CalibrationSummary;
  composition: CalibrationSummary;
  entry: CalibrationSummary | null;
}

export function modelCalibration(
  cohort: LabelledCohort,
  model: LoadedModel,
  options: { replicates?: number; seed?: number } = {},
): ModelCalibration {
  const boundary: ScoredDecision[] = [];
  const composition: ScoredDecision[] = [];
  const entry: ScoredDecision[] = [];
  const start = model.boundary.json.classes.indexOf("start");
  const line1 = model.entry?.json.classes.indexOf("line1") ?? -1;
  for (const events of cohort.events) {
    const patientId = events.patient.patientId;
    const gold = cohort.goldByPatient.get(patientId) ?? [];
    if (model.entry) {
      const found = entryCandidates(events, model.rules);
      if (found) {
        const probs = model.entry.probabilities(found.candidates.map((c) => c.features));
        found.candidates.forEach((c, k) =>
          entry.push({ patientId, probability: probs[k]![line1]!, outcome: entryLabel(c, gold) }),
        );
      }
    }
    const skeleton = buildSkeleton(events, model.rules, entryChooser(model));
    const first = skeleton.days[0];
    if (first) {
      const points = boundaryPoints(skeleton);
      const labels = boundaryLabels(first.date, points, gold);
      const probs = model.boundary.probabilities(points.map((p) => p.features));
      points.forEach((_, k) => boundary.push({ patientId, probability: probs[k]![start]!, outcome: labels[k]! }));
    }
    for (const line of reconstructLearned(events, model).lines) {
      if (!line.decisions.some((d) => d.detail.startsWith("chemotherapy séances imputed"))) continue;
      const match = goldLineAt(gold, line.startDate);
      const right = match !== undefined && match.molecules.join(";") === [...line.molecules].sort().join(";");
      composition.push({ patientId, probability: line.confidence ?? 0, outcome: right ? 1 : 0 });
    }
  }
  return {
    boundary: calibrationSummary(boundary, options),
    composition: calibrationSummary(composition, options),
    entry: model.entry ? calibrationSummary(entry, options) : null,
  };
}
