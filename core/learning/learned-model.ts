/**
 * MODEL.json: the learned line-of-therapy model as a portable file. Plain JSON
 * (loads in Node and in the browser): the rule set used as skeleton, the
 * boundary, composition and entry classifiers with their feature lists, the training
 * data hash, seeds and profiles, and the cross-validated metrics.
 */
import { DataError } from "../errors/data-error.js";
import { parseRuleSet, type RuleSet } from "../rules/rule-set.js";
import { LinearClassifier, type LinearClassifierJson } from "./linear-classifier.js";

export const MODEL_FORMAT = "lotluca-learned-lot";
export const MODEL_VERSION = 2;
/** Versions this code reads: 1 had no entry classifier. */
const READABLE_VERSIONS = [1, 2];

export interface TrainingDatasetInfo {
  dataset: string;
  seed: number | null;
  profile: string | null;
  patients: number;
}

export interface CrossValidation {
  folds: number;
  /** Held-out fold patients only; each metric is the mean over folds. */
  /**
   * `learned`: the model as used (the `guarded` mode at its override threshold; for
   * version-2 files without one, every boundary learned); `learnedFree`: every boundary
   * learned; `rules`: the rule set alone.
   */
  patientExactAgreement: { learned: number; learnedFree?: number; rules: number };
  boundaryAccuracy: number;
  compositionAccuracy: number;
  /** Entry decisions (line 1 before an inferred index) classified right; null without entry samples. */
  entryAccuracy?: number | null;
  /** Held-out-fold exact agreement of the `guarded` mode per override threshold tried (the best is the model's). */
  overrideThresholds?: { threshold: number; exact: number }[];
  /** Held-out-fold exact agreement of the rules' boundaries with the learned imputation. */
  rulesWithImputation?: number;
}

export interface LearnedModelJson {
  format: typeof MODEL_FORMAT;
  version: number;
  createdBy: string;
  training: {
    datasets: TrainingDatasetInfo[];
    patients: number;
    boundarySamples: number;
    compositionSamples: number;
    entrySamples?: number;
    /** Training augmentation: share of IV administrations hidden in a copy of each patient. */
    augmentation?: { hiddenIvShare: number };
    /** sha256 of the sorted training patient ids with their labels. */
    dataHash: string;
    seconds: number;
  };
  /** The rule set whose lines, treatment days and séances the model starts from. */
  rules: RuleSet;
  boundary: LinearClassifierJson & {
    /** P(new line) threshold of the `learned` boundary mode (every decision point decided by the model). */
    threshold: number;
    /**
     * Override threshold of the `guarded` boundary mode (the default when present): the rules'
     * boundaries are kept unless the model's probability against one is at least this; chosen by
     * cross-validation on the training cohorts (`crossValidation.overrideThresholds`).
     */
    overrideThreshold?: number;
  };
  composition: LinearClassifierJson;
  /** Whether a line found before an inferred index is line 1 (entry-features.ts); null: never (version 1). */
  entry?: (LinearClassifierJson & { threshold: number }) | null;
  crossValidation: CrossValidation | null;
}

export interface LoadedModel {
  json: LearnedModelJson;
  rules: RuleSet;
  boundary: LinearClassifier;
  threshold: number;
  /** Override threshold of the `guarded` mode; null: the model decides every boundary (`learned` mode). */
  overrideThreshold: number | null;
  composition: LinearClassifier;
  entry: LinearClassifier | null;
  entryThreshold: number;
}

export function loadLearnedModel(value: unknown, source = "model"): LoadedModel {
  const json = value as Partial<LearnedModelJson> | null;
  if (!json || json.format !== MODEL_FORMAT || !json.boundary || !json.composition || !json.rules) {
    throw new DataError(`${source} is not a LOT-LuCA learned model`, { file: source }, `"format": "${MODEL_FORMAT}"`);
  }
  if (!READABLE_VERSIONS.includes(Number(json.version))) {
    throw new DataError(`${source}: model version ${String(json.version)} is not supported`, { file: source });
  }
  const full = json as LearnedModelJson;
  return {
    json: full,
    rules: parseRuleSet(full.rules, `${source}: rules`),
    boundary: new LinearClassifier(full.boundary),
    threshold: full.boundary.threshold,
    overrideThreshold: full.boundary.overrideThreshold ?? null,
    composition: new LinearClassifier(full.composition),
    entry: full.entry ? new LinearClassifier(full.entry) : null,
    entryThreshold: full.entry?.threshold ?? 1,
  };
}
