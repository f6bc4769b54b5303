/**
 * The experiment behind docs/learning.md and the methods-comparison page:
 *
 *   npx tsx loaders/learning/run-comparison.ts CONFIG.json
 *
 * CONFIG lists two or more simulated practices (profiles), each with training
 * cohorts (seeds 1000-1999) and held-out evaluation cohorts (seeds 9000+, never
 * trained or tuned on), with their ingestion work folders (docs/learning.md).
 * For each practice the rules are tuned and the model trained on its training
 * cohorts; every method (`default`, `jmir-2021`, tuned, learned) is then scored
 * on every practice's evaluation cohorts. Train-on-one / test-on-the-other is
 * set against train-and-test-on-the-same with paired bootstrap differences on
 * the same patients; the learned model's probabilities are checked for
 * calibration (reliability, Brier) on the held-out patients. Writes the tuned
 * presets, the models and data/learning/comparison.json.
 */
import { readFile, writeFile, mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import type { PatientComparison } from "../../core/evaluation/compare.js";
import { pairedDifferences } from "../../core/evaluation/score.js";
import { loadLearnedModel } from "../../core/learning/learned-model.js";
import { loadRuleSet } from "../rules/load-rule-set.js";
import {
  compareMethods,
  learnedMethod,
  REPORTED_METRICS,
  rulesMethod,
  type CohortComparison,
} from "./compare-methods.js";
import { readLabelledCohort, type LabelledCohort } from "./labelled-cohort.js";
import { modelCalibration, type ModelCalibration } from "./model-calibration.js";
import { trainModel } from "./train-model.js";
import { tunedPreset, tuneRules } from "./tune-rules.js";

interface CohortRef {
  dataset: string;
  workdir: string;
}
interface PracticeConfig {
  name: string;
  train: CohortRef[];
  evaluate: CohortRef[];
  tunedOut: string;
  modelOut: string;
}
interface ExperimentConfig {
  practices: PracticeConfig[];
  out: string;
  folds: number;
  replicates: number;
}

/** Methods whose figures depend on the training practice. */
const TRAINED_METHODS = ["tuned", "learned", "learned-free", "rules+imputation"];

const log = (text: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${text}\n`);
const read = (refs: readonly CohortRef[]) => Promise.all(refs.map((r) => readLabelledCohort(r.dataset, r.workdir)));
const describe = (cohorts: readonly LabelledCohort[]) =>
  cohorts.map((c) => `seed ${c.seed ?? "?"} ${c.profile ?? "?"} (${c.events.length})`).join(" + ");

const config = JSON.parse(await readFile(process.argv[2]!, "utf8")) as ExperimentConfig;
const base = loadRuleSet("default", []);
const jmir = loadRuleSet("jmir-2021", []);
const evaluation = new Map<string, LabelledCohort[]>();
for (const practice of config.practices) evaluation.set(practice.name, await read(practice.evaluate));

interface Experiment {
  practice: string;
  comparisons: CohortComparison[];
  calibration: { cohort: string; profile: string | null; seed: number | null; calibration: ModelCalibration }[];
  training: Record<string, unknown>;
}
/** Per-patient comparisons: `${trainedPractice}|${cohort}|${method}`. */
const kept = new Map<string, PatientComparison[]>();
const experiments: Experiment[] = [];

for (const practice of config.practices) {
  const trainCohorts = await read(practice.train);
  const trainedOn = describe(trainCohorts);
  log(`${practice.name}: tuning on ${trainedOn}`);
  const tuneStarted = performance.now();
  const tuning = tuneRules(trainCohorts, base, { onStep: (s) => log(`  ${s.key}=${s.value}: ${s.exact.toFixed(4)}`) });
  const tuned = tunedPreset(tuning, base, trainedOn);
  const tuneSeconds = (performance.now() - tuneStarted) / 1000;
  await mkdir(dirname(practice.tunedOut), { recursive: true });
  await writeFile(practice.tunedOut, JSON.stringify(tuned, null, 2) + "\n");
  log(`${practice.name}: training on ${trainedOn}`);
  const json = trainModel(trainCohorts, base, { folds: config.folds, onStage: (s) => log(`  ${s}`) });
  await mkdir(dirname(practice.modelOut), { recursive: true });
  await writeFile(practice.modelOut, JSON.stringify(json) + "\n");
  const model = loadLearnedModel(json);
  const experiment: Experiment = {
    practice: practice.name,
    comparisons: [],
    calibration: [],
    training: {
      trainedOn,
      practice: practice.name,
      patients: json.training.patients,
      dataHash: json.training.dataHash,
      trainSecondsWithCv: json.training.seconds,
      tuneSeconds,
      tuning: { start: tuning.start, best: tuning.best, steps: tuning.steps, evaluations: tuning.evaluations },
      crossValidation: json.crossValidation,
      compositionClasses: json.composition.classes,
    },
  };
  for (const other of config.practices) {
    for (const cohort of evaluation.get(other.name)!) {
      log(`${practice.name}: scoring ${describe([cohort])}`);
      const keep = new Map<string, PatientComparison[]>();
      experiment.comparisons.push(
        compareMethods(
          cohort,
          [
            rulesMethod("default", base, "rules `default`"),
            rulesMethod("jmir-2021", jmir, "rules `jmir-2021` (the published peer algorithm)"),
            rulesMethod("tuned", tuned, `rules tuned on ${practice.name}`),
            learnedMethod(
              "learned",
              model,
              `learned model trained on ${practice.name}: rule boundaries overridden at P ≥ ${model.overrideThreshold ?? "-"} against them, séances imputed`,
            ),
            learnedMethod(
              "learned-free",
              model,
              "every boundary decided by the learned model at P(new line) ≥ 0.5, séances imputed (diagnostic)",
              "learned",
            ),
            learnedMethod(
              "rules+imputation",
              model,
              "rule boundaries + learned séance imputation (diagnostic)",
              "rules",
            ),
          ],
          trainedOn,
          { replicates: config.replicates, keep },
        ),
      );
      for (const [method, comparisons] of keep) kept.set(`${practice.name}|${cohort.dataset}|${method}`, comparisons);
      experiment.calibration.push({
        cohort: cohort.dataset,
        profile: cohort.profile,
        seed: cohort.seed,
        calibration: modelCalibration(cohort, model, { replicates: config.replicates }),
      });
    }
  }
  experiments.push(experiment);
}

// Train on one practice, test on another, against train and test on the same.
const crossPractice = [];
for (const tested of config.practices) {
  for (const cohort of evaluation.get(tested.name)!) {
    for (const trainedOn of config.practices) {
      if (trainedOn.name === tested.name) continue;
      for (const method of ["default", "jmir-2021", ...TRAINED_METHODS]) {
        const same = kept.get(`${tested.name}|${cohort.dataset}|${method}`)!;
        const other = kept.get(`${trainedOn.name}|${cohort.dataset}|${method}`)!;
        const metric = (name: string, list: PatientComparison[]) =>
          experiments
            .find((e) => e.practice === name)!
            .comparisons.find((c) => c.cohort === cohort.dataset)!
            .methods.find((m) => m.method === method)!
            .metrics.filter((m) => (REPORTED_METRICS as readonly string[]).includes(m.id) && list.length > 0);
        crossPractice.push({
          cohort: cohort.dataset,
          profile: cohort.profile,
          seed: cohort.seed,
          patients: cohort.events.length,
          method,
          trained: TRAINED_METHODS.includes(method),
          sameTrainedOn: tested.name,
          otherTrainedOn: trainedOn.name,
          same: metric(tested.name, same),
          other: metric(trainedOn.name, other),
          /** other − same, paired bootstrap on the same patients. */
          otherMinusSame: pairedDifferences(other, same, { replicates: config.replicates }).filter((d) =>
            (REPORTED_METRICS as readonly string[]).includes(d.id),
          ),
        });
      }
    }
  }
}

const [main, ...rest] = experiments;
await writeFile(
  config.out,
  JSON.stringify(
    {
      generatedBy: "loaders/learning/run-comparison.ts",
      protocol:
        "each practice (profile): tune and train on its seeds 1000-1999, score every method on every practice's seeds 9000+ (patients never seen in training); 95 % percentile bootstrap CIs; paired bootstrap differences on the same patients (vs default, and train-on-other minus train-on-same)",
      main,
      shift: rest[0] ?? null,
      experiments,
      crossPractice,
    },
    null,
    2,
  ) + "\n",
);
log(`wrote ${config.out}`);
