/**
 * Training samples from labelled patients: one boundary sample per decision
 * point (label: a gold line starts there), one composition sample per rule-
 * engine line with séances (label: the molecules the gold line has beyond the
 * visible ones). Lines whose visible drugs are not all in the gold line are left
 * out of the composition samples.
 */
import { createHash } from "node:crypto";
import { boundaryPoints, segmentsAt } from "../../core/learning/boundary-features.js";
import { compositionFeatures, seancesOf } from "../../core/learning/composition-features.js";
import type { FeatureVector } from "../../core/learning/feature-definition.js";
import { entryLabel } from "../../core/learning/entry-features.js";
import { boundaryLabels, goldLineAt, hiddenMolecules } from "../../core/learning/labels.js";
import { buildSkeleton, namedMolecules } from "../../core/learning/skeleton.js";
import type { PatientEvents } from "../../core/events/events.js";
import type { LineRecord } from "../../core/lines/line-record.js";
import type { RuleSet } from "../../core/rules/rule-set.js";

export interface SampleSet<L> {
  rows: FeatureVector[];
  labels: L[];
  /** Patient of each row. */
  patients: string[];
}

export interface TrainingSamples {
  boundary: SampleSet<number>;
  composition: SampleSet<string>;
  /** Entry candidates (line 1 before an inferred index?), label 1 = line 1. */
  entry: SampleSet<number>;
}

export function emptySamples(): TrainingSamples {
  return {
    boundary: { rows: [], labels: [], patients: [] },
    composition: { rows: [], labels: [], patients: [] },
    entry: { rows: [], labels: [], patients: [] },
  };
}

export function addPatientSamples(
  samples: TrainingSamples,
  events: PatientEvents,
  gold: readonly LineRecord[],
  rules: RuleSet,
): void {
  const id = events.patient.patientId;
  // Entry candidates are labelled from the gold; the skeleton then starts where
  // the gold's line 1 does (teacher forcing), so boundary and composition samples
  // come from the lines the model will see when the entry decision is right.
  const skeleton = buildSkeleton(events, rules, (candidates) => {
    const labels = candidates.map((c) => entryLabel(c, gold));
    candidates.forEach((c, k) => {
      samples.entry.rows.push(c.features);
      samples.entry.labels.push(labels[k]!);
      samples.entry.patients.push(id);
    });
    const k = labels.indexOf(1);
    return k < 0 ? null : candidates[k]!;
  });
  const first = skeleton.days[0];
  if (!first) return;
  const points = boundaryPoints(skeleton);
  const labels = boundaryLabels(first.date, points, gold);
  points.forEach((p, k) => {
    samples.boundary.rows.push(p.features);
    samples.boundary.labels.push(labels[k]!);
    samples.boundary.patients.push(id);
  });
  const segments = segmentsAt(
    skeleton.days,
    points.filter((p) => p.ruleStart).map((p) => p.dayIndex),
  );
  segments.forEach((segment, k) => {
    const start = segment[0]!.date;
    const nextStart = segments[k + 1]?.[0]?.date;
    const seances = seancesOf(skeleton.seances, start, nextStart);
    if (seances.length === 0) return;
    const line = goldLineAt(gold, start);
    if (!line) return;
    const hidden = hiddenMolecules(namedMolecules(segment), line);
    if (hidden === undefined) return;
    // Teacher forcing: the earlier lines' molecules are the gold's (the model sees its own imputations).
    const earlier = new Set(gold.filter((g) => g.lineNumber < line.lineNumber).flatMap((g) => g.molecules));
    samples.composition.rows.push(compositionFeatures(skeleton, segment, seances, k + 1, earlier));
    samples.composition.labels.push(hidden);
    samples.composition.patients.push(id);
  });
}

/** sha256 of the training patients and their labels, in a canonical order. */
export function trainingDataHash(samples: TrainingSamples): string {
  const hash = createHash("sha256");
  const lines: string[] = [];
  samples.boundary.patients.forEach((p, i) => lines.push(`b\t${p}\t${samples.boundary.labels[i]}`));
  samples.composition.patients.forEach((p, i) => lines.push(`c\t${p}\t${samples.composition.labels[i]}`));
  samples.entry.patients.forEach((p, i) => lines.push(`e\t${p}\t${samples.entry.labels[i]}`));
  lines.sort();
  for (const l of lines) hash.update(l + "\n");
  return hash.digest("hex");
}
