/**
 * The experiment behind docs/learning.md and the methods-comparison page:
 *
 *   npx tsx loaders/learning/run-comparison.ts CONFIG.json
 *
 * CONFIG lists simulated datasets with their ingestion work folders (see
 * docs/learning.md): `train` (seeds 1000-1999), `evaluate` (seeds 9000+, never
 * trained or tuned on) and an optional `shift` experiment (train on one profile,
 * score another profile and seed). Writes the tuned preset, the models and
 * data/learning/comparison.json.
 */
import { readFile, writeFile, mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { loadLearnedModel } from "../../core/learning/learned-model.js";
import { loadRuleSet } from "../rules/load-rule-set.js";
import { compareMethods, learnedMethod, rulesMethod, type CohortComparison } from "./compare-methods.js";
import { readLabelledCohort, type LabelledCohort } from "./labelled-cohort.js";
import { trainModel } from "./train-model.js";
import { tunedPreset, tuneRules } from "./tune-rules.js";

interface CohortRef {
  dataset: string;
  workdir: string;
}
interface ExperimentConfig {
  train: CohortRef[];
  evaluate: CohortRef[];
  tunedOut: string;
  modelOut: string;
  shift?: { train: CohortRef[]; evaluate: CohortRef[]; tunedOut: string; modelOut: string };
  out: string;
  folds: number;
  replicates: number;
}

const log = (text: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${text}\n`);
const read = (refs: readonly CohortRef[]) => Promise.all(refs.map((r) => readLabelledCohort(r.dataset, r.workdir)));
const describe = (cohorts: readonly LabelledCohort[]) =>
  cohorts.map((c) => `seed ${c.seed ?? "?"} ${c.profile ?? "?"} (${c.events.length})`).join(" + ");

async function experiment(
  train: CohortRef[],
  evaluate: CohortRef[],
  tunedOut: string,
  modelOut: string,
  config: ExperimentConfig,
): Promise<{ comparisons: CohortComparison[]; training: Record<string, unknown> }> {
  const base = loadRuleSet("default", []);
  const trainCohorts = await read(train);
  const trainedOn = describe(trainCohorts);
  log(`tuning on ${trainedOn}`);
  const tuneStarted = performance.now();
  const tuning = tuneRules(trainCohorts, base, { onStep: (s) => log(`  ${s.key}=${s.value}: ${s.exact.toFixed(4)}`) });
  const tuned = tunedPreset(tuning, base, trainedOn);
  const tuneSeconds = (performance.now() - tuneStarted) / 1000;
  await mkdir(dirname(tunedOut), { recursive: true });
  await writeFile(tunedOut, JSON.stringify(tuned, null, 2) + "\n");
  log(`training on ${trainedOn}`);
  const json = trainModel(trainCohorts, base, { folds: config.folds, onStage: (s) => log(`  ${s}`) });
  await mkdir(dirname(modelOut), { recursive: true });
  await writeFile(modelOut, JSON.stringify(json) + "\n");
  const model = loadLearnedModel(json);
  const finalStarted = performance.now();
  trainModel(trainCohorts, base, { folds: 0 });
  const trainSeconds = (performance.now() - finalStarted) / 1000;
  const comparisons: CohortComparison[] = [];
  for (const ref of evaluate) {
    const [cohort] = await read([ref]);
    log(`scoring ${describe([cohort!])}`);
    comparisons.push(
      compareMethods(
        cohort!,
        [
          rulesMethod("default", base, "rules `default` 1.2.0"),
          rulesMethod("tuned", tuned, "rules tuned on the training seeds"),
          learnedMethod("learned", model, "learned boundaries + séance molecule imputation"),
          learnedMethod("rules+imputation", model, "rule boundaries + learned séance imputation (diagnostic)", "rules"),
        ],
        trainedOn,
        { replicates: config.replicates },
      ),
    );
  }
  return {
    comparisons,
    training: {
      trainedOn,
      patients: json.training.patients,
      dataHash: json.training.dataHash,
      trainSecondsWithoutCv: trainSeconds,
      trainSecondsWithCv: json.training.seconds,
      tuneSeconds,
      tuning: { start: tuning.start, best: tuning.best, steps: tuning.steps, evaluations: tuning.evaluations },
      crossValidation: json.crossValidation,
      compositionClasses: json.composition.classes,
    },
  };
}

const config = JSON.parse(await readFile(process.argv[2]!, "utf8")) as ExperimentConfig;
const main = await experiment(config.train, config.evaluate, config.tunedOut, config.modelOut, config);
const shift = config.shift
  ? await experiment(config.shift.train, config.shift.evaluate, config.shift.tunedOut, config.shift.modelOut, config)
  : null;
await writeFile(
  config.out,
  JSON.stringify(
    {
      generatedBy: "loaders/learning/run-comparison.ts",
      protocol:
        "train and tune on seeds 1000-1999, score on seeds 9000+ (patients never seen in training); 95 % percentile bootstrap CIs; paired bootstrap differences vs default on the same patients",
      main,
      shift,
    },
    null,
    2,
  ) + "\n",
);
log(`wrote ${config.out}`);
