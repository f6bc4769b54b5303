/** `lotluca train`: the learned line-of-therapy model from labelled datasets (see docs/learning.md). */
import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { Command } from "commander";
import { UsageError } from "../../core/errors/data-error.js";
import { ingestIntoWorkdir } from "../../loaders/pipeline/run-pipeline.js";
import { readLabelledCohort } from "../../loaders/learning/labelled-cohort.js";
import { trainModel } from "../../loaders/learning/train-model.js";
import { loadRuleSet } from "../../loaders/rules/load-rule-set.js";
import { outputOf } from "../output.js";

const collect = (value: string, previous: string[]) => [...previous, value];

interface TrainOptions {
  dataset: string[];
  workdir: string[];
  out: string;
  folds: string;
  rules: string;
}

export function registerTrain(program: Command): void {
  program
    .command("train")
    .description("train the learned line-of-therapy model on datasets with a gold standard (GOLD_LINES)")
    .requiredOption("--dataset <dir>", "dataset folder with GOLD_LINES (repeatable)", collect, [])
    .option(
      "--workdir <dir>",
      "its ingestion work folder (repeatable, same order); default: ingest into work-<dataset name> next to MODEL.json",
      collect,
      [],
    )
    .requiredOption("--out <MODEL.json>", "model file to write")
    .option("--folds <k>", "patient-level cross-validation folds (0 = none)", "5")
    .option("--rules <preset|file>", "rule set used as the skeleton", "default")
    .addHelpText(
      "after",
      "\nA dataset without --workdir is ingested first. Train on training seeds only\n" +
        "(simulated 1000-1999) and score on others: see docs/learning.md.\n",
    )
    .action(async (options: TrainOptions, command: Command) => {
      const io = outputOf(command);
      const folds = Number(options.folds);
      if (!Number.isInteger(folds) || folds < 0 || folds === 1)
        throw new UsageError("--folds must be 0 or an integer >= 2");
      if (options.workdir.length > 0 && options.workdir.length !== options.dataset.length)
        throw new UsageError("give one --workdir per --dataset (the ingestion work folder of each), or none");
      const rules = loadRuleSet(options.rules, []);
      const cohorts = [];
      const quiet = Boolean(command.parent?.opts().quiet);
      for (const [i, dataset] of options.dataset.entries()) {
        const workdir = options.workdir[i] ?? join(dirname(options.out), `work-${basename(dataset)}`);
        if (!existsSync(join(workdir, "patients.parquet"))) {
          if (!quiet) io.err(`ingest ${dataset} -> ${workdir}...\n`);
          await ingestIntoWorkdir(dataset, workdir);
        }
        cohorts.push(await readLabelledCohort(dataset, workdir));
      }
      const json = trainModel(cohorts, rules, { folds, onStage: (s) => quiet || io.err(`${s}...\n`) });
      await writeFile(options.out, JSON.stringify(json) + "\n");
      const cv = json.crossValidation;
      io.out(
        `trained on ${json.training.patients} patients (${json.training.boundarySamples} decision points, ${json.training.compositionSamples} lines with séances) in ${json.training.seconds.toFixed(1)} s -> ${options.out}\n` +
          (cv
            ? `${cv.folds}-fold CV (held-out patients): exact agreement learned ${cv.patientExactAgreement.learned.toFixed(3)} vs rules ${cv.patientExactAgreement.rules.toFixed(3)}; boundary accuracy ${cv.boundaryAccuracy.toFixed(3)}, composition accuracy ${cv.compositionAccuracy.toFixed(3)}\n`
            : ""),
      );
    });
}
