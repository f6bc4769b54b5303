/** `lotluca train`: the learned line-of-therapy model from labelled datasets (see docs/learning.md). */
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Command } from "commander";
import { UsageError } from "../../core/errors/data-error.js";
import { loadLearnedModel } from "../../core/learning/learned-model.js";
import { trainingReport, trainingReportMarkdown } from "../../core/learning/training-report.js";
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
  compare: string;
}

/** The model shipped in data/learning, the default reference of the training report. */
const SHIPPED_MODEL = fileURLToPath(new URL("../../data/learning/model.json", import.meta.url));

/** MODEL.json -> MODEL.report.md / MODEL.report.json. */
export function reportPaths(out: string): { markdown: string; json: string } {
  const stem = out.replace(/\.json$/i, "");
  return { markdown: `${stem}.report.md`, json: `${stem}.report.json` };
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
    .option(
      "--compare <MODEL.json|none>",
      "reference model for the report's 'what changed' section (default: the shipped data/learning/model.json)",
      SHIPPED_MODEL,
    )
    .addHelpText(
      "after",
      "\nA dataset without --workdir is ingested first. Train on training seeds only\n" +
        "(simulated 1000-1999) and score on others: see docs/learning.md.\n" +
        "Writes MODEL.json and a report for reviewers, MODEL.report.md and MODEL.report.json\n" +
        "(features, cross-validated figures, what changed against the reference model).\n",
    )
    .action(async (options: TrainOptions, command: Command) => {
      const io = outputOf(command);
      const folds = Number(options.folds);
      if (!Number.isInteger(folds) || folds < 0 || folds === 1)
        throw new UsageError("--folds must be 0 or an integer >= 2");
      if (options.workdir.length > 0 && options.workdir.length !== options.dataset.length)
        throw new UsageError("give one --workdir per --dataset (the ingestion work folder of each), or none");
      if (options.compare !== "none" && options.compare !== SHIPPED_MODEL && !existsSync(options.compare))
        throw new UsageError(`--compare: ${options.compare} does not exist (give a MODEL.json or none)`);
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
      let reference = null;
      if (options.compare !== "none") {
        if (existsSync(options.compare)) {
          const model = loadLearnedModel(JSON.parse(await readFile(options.compare, "utf8")), options.compare).json;
          reference = { name: options.compare, model };
        }
      }
      const report = trainingReport(json, reference);
      const paths = reportPaths(options.out);
      await writeFile(paths.json, JSON.stringify(report, null, 2) + "\n");
      await writeFile(paths.markdown, trainingReportMarkdown(report));
      const cv = json.crossValidation;
      io.out(
        `trained on ${json.training.patients} patients (${json.training.boundarySamples} decision points, ${json.training.compositionSamples} lines with séances) in ${json.training.seconds.toFixed(1)} s -> ${options.out}\n` +
          (cv
            ? `${cv.folds}-fold CV (held-out patients): exact agreement learned ${cv.patientExactAgreement.learned.toFixed(3)} (rule boundaries overridden at P ≥ ${json.boundary.overrideThreshold ?? "-"} against them) vs rules ${cv.patientExactAgreement.rules.toFixed(3)}; boundary accuracy ${cv.boundaryAccuracy.toFixed(3)}, composition accuracy ${cv.compositionAccuracy.toFixed(3)}\n`
            : "") +
          `report -> ${paths.markdown}, ${paths.json}\n`,
      );
    });
}
