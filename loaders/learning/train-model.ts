/**
 * Training the learned line-of-therapy model on labelled cohorts, with K-fold
 * cross-validation by patient (a patient's samples are all in one fold; metrics
 * are computed on held-out fold patients only, never on training patients).
 */
import { compareCohort } from "../../core/evaluation/evaluate-lines.js";
import { reconstructPatient } from "../../core/engine/reconstruct.js";
import { BOUNDARY_FEATURES } from "../../core/learning/boundary-features.js";
import { COMPOSITION_FEATURES } from "../../core/learning/composition-features.js";
import { ENTRY_FEATURES } from "../../core/learning/entry-features.js";
import {
  loadLearnedModel,
  MODEL_FORMAT,
  MODEL_VERSION,
  type CrossValidation,
  type LearnedModelJson,
} from "../../core/learning/learned-model.js";
import { LinearClassifier, trainLinearClassifier } from "../../core/learning/linear-classifier.js";
import { prepareLearned } from "../../core/learning/reconstruct-learned.js";
import type { LineRecord } from "../../core/lines/line-record.js";
import type { PatientEvents } from "../../core/events/events.js";
import type { RuleSet } from "../../core/rules/rule-set.js";
import type { LabelledCohort } from "./labelled-cohort.js";
import {
  addPatientSamples,
  emptySamples,
  trainingDataHash,
  type SampleSet,
  type TrainingSamples,
} from "./training-samples.js";

/** A composition class needs at least this many training lines; rarer ones are left out. */
export const MIN_CLASS_LINES = 20;
export const BOUNDARY_THRESHOLD = 0.5;
/**
 * Override thresholds tried by cross-validation for the `guarded` boundary mode
 * (the rules' boundaries kept unless the model is at least this sure against
 * one); 1 never overrides (rule boundaries + learned imputation).
 */
export const OVERRIDE_THRESHOLDS = [0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 0.98, 1] as const;
/** Override threshold of a model trained without cross-validation (folds < 2). */
export const DEFAULT_OVERRIDE_THRESHOLD = 0.9;
export const ENTRY_THRESHOLD = 0.5;
/** The entry classifier needs at least this many examples of each answer. */
const MIN_ENTRY_SAMPLES = 10;

export interface TrainOptions {
  folds?: number;
  steps?: number;
  /** Share of IV administrations hidden in the augmented copy of each patient (0 = no augmentation). */
  augmentShare?: number;
  onStage?: (stage: string) => void;
}

/** FNV-1a of a patient id, for a fold assignment that does not depend on order. */
export function foldOf(patientId: string, folds: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < patientId.length; i++) h = Math.imul(h ^ patientId.charCodeAt(i), 0x01000193);
  return (h >>> 0) % folds;
}

function subset<L>(set: SampleSet<L>, keep: (patient: string) => boolean): SampleSet<L> {
  const out: SampleSet<L> = { rows: [], labels: [], patients: [] };
  set.patients.forEach((p, i) => {
    if (!keep(p)) return;
    out.rows.push(set.rows[i]!);
    out.labels.push(set.labels[i]!);
    out.patients.push(p);
  });
  return out;
}

type Fitted = Pick<LearnedModelJson, "boundary" | "composition" | "entry">;

function fitClassifiers(samples: TrainingSamples, steps: number): Fitted {
  const boundary = trainLinearClassifier(
    BOUNDARY_FEATURES,
    samples.boundary.rows,
    samples.boundary.labels,
    ["continue", "start"],
    { steps },
  );
  const counts = new Map<string, number>();
  for (const l of samples.composition.labels) counts.set(l, (counts.get(l) ?? 0) + 1);
  const classes = [...counts]
    .filter(([, n]) => n >= MIN_CLASS_LINES)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([c]) => c);
  const index = new Map(classes.map((c, i) => [c, i]));
  const kept = samples.composition.labels.map((l) => index.has(l));
  const composition = trainLinearClassifier(
    COMPOSITION_FEATURES,
    samples.composition.rows.filter((_, i) => kept[i]),
    samples.composition.labels.filter((_, i) => kept[i]).map((l) => index.get(l)!),
    classes,
    { steps },
  );
  const positives = samples.entry.labels.filter((l) => l === 1).length;
  const entry =
    positives >= MIN_ENTRY_SAMPLES && samples.entry.labels.length - positives >= MIN_ENTRY_SAMPLES
      ? {
          ...trainLinearClassifier(ENTRY_FEATURES, samples.entry.rows, samples.entry.labels, ["other", "line1"], {
            steps,
          }),
          threshold: ENTRY_THRESHOLD,
        }
      : null;
  return { boundary: { ...boundary, threshold: BOUNDARY_THRESHOLD }, composition, entry };
}

function accuracy<L>(classifier: LinearClassifier, set: SampleSet<L>, labelOf: (l: L) => string): number {
  if (set.rows.length === 0) return 0;
  const probs = classifier.probabilities(set.rows);
  let right = 0;
  probs.forEach((p, i) => {
    const best = p.indexOf(Math.max(...p));
    if (classifier.json.classes[best] === labelOf(set.labels[i]!)) right++;
  });
  return right / set.rows.length;
}

/** Patient-level exact agreement of several predictors on the kept patients (one list of lines per predictor). */
function exactShares(
  cohorts: readonly LabelledCohort[],
  keep: (id: string) => boolean,
  variants: number,
  predict: (c: LabelledCohort, i: number) => LineRecord[][],
): number[] {
  const exact = new Array<number>(variants).fill(0);
  let n = 0;
  for (const cohort of cohorts) {
    const predicted: LineRecord[][] = Array.from({ length: variants }, () => []);
    const patients = cohort.patients.filter((p) => keep(p.patientId));
    const keepIds = new Set(patients.map((p) => p.patientId));
    cohort.events.forEach((e, i) => {
      if (keepIds.has(e.patient.patientId)) predict(cohort, i).forEach((lines, v) => predicted[v]!.push(...lines));
    });
    const gold = cohort.gold.filter((l) => keepIds.has(l.patientId));
    n += patients.length;
    predicted.forEach((lines, v) => {
      for (const c of compareCohort(patients, gold, lines)) if (c.exact) exact[v]!++;
    });
  }
  return exact.map((x) => (n === 0 ? 0 : x / n));
}

/** The override threshold with the best mean held-out exact agreement (ties: the more conservative). */
export function chooseOverrideThreshold(table: readonly { threshold: number; exact: number }[]): number {
  let best = table[0]!;
  for (const row of table)
    if (row.exact > best.exact || (row.exact === best.exact && row.threshold > best.threshold)) best = row;
  return best.threshold;
}

/**
 * Share of hospital (IV) administrations hidden in an augmented copy of each
 * training patient: coding habits differ between hospitals (a liste-en-sus drug
 * left uncoded leaves an anonymous séance where the line's drug was due), and a
 * model should not open a line there because its training practice coded well.
 */
export const AUGMENT_HIDE_IV_SHARE = 0.06;

/** FNV-1a of a string to [0, 1), for deterministic augmentation. */
function unitHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0) / 4294967296;
}

/** The patient with a deterministic share of IV administrations hidden (their séances stay). */
export function hideIvAdministrations(events: PatientEvents, share: number): PatientEvents {
  const exposures = events.exposures.filter(
    (e, k) => e.route !== "IV" || unitHash(`${events.patient.patientId}|${e.date}|${e.molecule}|${k}`) >= share,
  );
  return { ...events, exposures };
}

export function buildTrainingSamples(
  cohorts: readonly LabelledCohort[],
  rules: RuleSet,
  augmentShare = AUGMENT_HIDE_IV_SHARE,
): TrainingSamples {
  const samples = emptySamples();
  for (const cohort of cohorts) {
    for (const events of cohort.events) {
      const gold = cohort.goldByPatient.get(events.patient.patientId) ?? [];
      addPatientSamples(samples, events, gold, rules);
      if (augmentShare > 0) addPatientSamples(samples, hideIvAdministrations(events, augmentShare), gold, rules);
    }
  }
  return samples;
}

export function trainModel(
  cohorts: readonly LabelledCohort[],
  rules: RuleSet,
  options: TrainOptions = {},
): LearnedModelJson {
  const started = performance.now();
  const steps = options.steps ?? 300;
  options.onStage?.("features and labels");
  const augmentShare = options.augmentShare ?? AUGMENT_HIDE_IV_SHARE;
  const samples = buildTrainingSamples(cohorts, rules, augmentShare);
  let crossValidation: CrossValidation | null = null;
  let overrideThreshold = DEFAULT_OVERRIDE_THRESHOLD;
  const folds = options.folds ?? 0;
  if (folds >= 2) {
    const sums = { learned: 0, rules: 0, boundary: 0, composition: 0, entry: 0, entryFolds: 0 };
    const overrideSums = OVERRIDE_THRESHOLDS.map(() => 0);
    for (let k = 0; k < folds; k++) {
      options.onStage?.(`cross-validation fold ${k + 1}/${folds}`);
      const inFold = (id: string) => foldOf(id, folds) === k;
      const train = {
        boundary: subset(samples.boundary, (p) => !inFold(p)),
        composition: subset(samples.composition, (p) => !inFold(p)),
        entry: subset(samples.entry, (p) => !inFold(p)),
      };
      const model = loadLearnedModel(
        draftModel(fitClassifiers(train, steps), rules, samples, cohorts, 0, null, augmentShare),
      );
      // Held-out fold: free learned boundaries, then the guarded mode at every override threshold, then the rules.
      const shares = exactShares(cohorts, inFold, OVERRIDE_THRESHOLDS.length + 2, (c, i) => {
        const prepared = prepareLearned(c.events[i]!, model);
        return [
          prepared.reconstruct("learned", 1).lines,
          ...OVERRIDE_THRESHOLDS.map((t) => prepared.reconstruct("guarded", t).lines),
          reconstructPatient(c.events[i]!, rules).lines,
        ];
      });
      sums.learned += shares[0]!;
      OVERRIDE_THRESHOLDS.forEach((_, t) => (overrideSums[t]! += shares[t + 1]!));
      sums.rules += shares[OVERRIDE_THRESHOLDS.length + 1]!;
      sums.boundary += accuracy(model.boundary, subset(samples.boundary, inFold), (l) =>
        l === 1 ? "start" : "continue",
      );
      sums.composition += accuracy(model.composition, subset(samples.composition, inFold), (l) => l);
      const heldOutEntry = subset(samples.entry, inFold);
      if (model.entry && heldOutEntry.rows.length > 0) {
        sums.entry += accuracy(model.entry, heldOutEntry, (l) => (l === 1 ? "line1" : "other"));
        sums.entryFolds++;
      }
    }
    const overrideThresholds = OVERRIDE_THRESHOLDS.map((threshold, t) => ({
      threshold,
      exact: overrideSums[t]! / folds,
    }));
    overrideThreshold = chooseOverrideThreshold(overrideThresholds);
    crossValidation = {
      folds,
      patientExactAgreement: {
        learned: overrideThresholds.find((r) => r.threshold === overrideThreshold)!.exact,
        learnedFree: sums.learned / folds,
        rules: sums.rules / folds,
      },
      overrideThresholds,
      rulesWithImputation: overrideThresholds.find((r) => r.threshold === 1)!.exact,
      boundaryAccuracy: sums.boundary / folds,
      compositionAccuracy: sums.composition / folds,
      entryAccuracy: sums.entryFolds > 0 ? sums.entry / sums.entryFolds : null,
    };
  }
  options.onStage?.("final model");
  const fitted = fitClassifiers(samples, steps);
  fitted.boundary.overrideThreshold = overrideThreshold;
  return draftModel(
    fitted,
    rules,
    samples,
    cohorts,
    (performance.now() - started) / 1000,
    crossValidation,
    augmentShare,
  );
}

function draftModel(
  fitted: Fitted,
  rules: RuleSet,
  samples: TrainingSamples,
  cohorts: readonly LabelledCohort[],
  seconds: number,
  crossValidation: CrossValidation | null,
  augmentShare: number,
): LearnedModelJson {
  return {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    createdBy: "lotluca train",
    training: {
      datasets: cohorts.map((c) => ({
        dataset: c.dataset,
        seed: c.seed,
        profile: c.profile,
        patients: c.events.length,
      })),
      patients: cohorts.reduce((a, c) => a + c.events.length, 0),
      boundarySamples: samples.boundary.rows.length,
      compositionSamples: samples.composition.rows.length,
      entrySamples: samples.entry.rows.length,
      dataHash: trainingDataHash(samples),
      augmentation: { hiddenIvShare: augmentShare },
      seconds,
    },
    rules,
    ...fitted,
    crossValidation,
  };
}
