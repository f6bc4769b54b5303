/** `lotluca reconstruct` and `lotluca run`: lines of therapy from ingested events, and the whole job. */
import type { Command } from "commander";
import { UsageError } from "../../core/errors/data-error.js";
import { listPresets, loadRuleSet } from "../../loaders/rules/load-rule-set.js";
import { RULE_ALIASES } from "../../core/rules/rule-set.js";
import { readLearnedModel, reconstructWorkdirLearned } from "../../loaders/learning/learned-lines-file.js";
import { countPatients, reconstructWorkdir, runPipeline } from "../../loaders/pipeline/run-pipeline.js";
import { checkWorkFolder } from "../../loaders/pipeline/work-folder.js";
import { existingWorkdirOption, outputFileOption, outputWorkdirOption, threadsOption } from "../options.js";
import { withOutputFolder } from "../output-folder.js";
import { verifyWorkdir } from "../../loaders/output/workdir-manifest.js";
import { createProgress, type Progress } from "../progress.js";
import { outputOf } from "../output.js";
import { textTable } from "../format/text-table.js";
import { evaluationReport } from "./evaluate.js";

const collect = (value: string, previous: string[]) => [...previous, value];

const rulesHelp = () =>
  `\nRule sets: presets ${listPresets().join(", ")} (data/rules/*.json, documented in data/rules/README.md), or a JSON file.\n` +
  "Override any field with --set key=value (repeatable), e.g. --set gap.days=120 --set droppedDrugs.startsNewLine=true\n" +
  `(keys: the dotted field names of data/rules/README.md; short names ${Object.entries(RULE_ALIASES)
    .map(([alias, key]) => `${alias} = ${key}`)
    .join(", ")}).\n`;

const THREADS_HELP =
  "threads reconstructing patient ranges, the main one and N-1 workers (default: all cores, one per 5,000 patients at most); same lines whatever the number";

interface ReconstructOptions {
  rules: string;
  set: string[];
  out: string;
  batchSize: string;
  method: string;
  model?: string;
  overwrite: boolean;
  threads?: string;
}

function batchSizeOf(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--batch-size must be a positive integer, got ${text}`);
  return n;
}

export function registerReconstruct(program: Command): void {
  program
    .command("reconstruct")
    .description("reconstruct lines of therapy from an ingestion work folder (see `lotluca ingest`)")
    .argument("<workdir>", "work folder written by `lotluca ingest`")
    .option("--rules <preset|file>", "rule set: a preset name or a JSON file", "default")
    .option("--set <key=value>", "override one rule (repeatable)", collect, [])
    .requiredOption("--out <file>", "lines file to write: .parquet or .csv (never a table of a dataset)")
    .option("--overwrite", "replace --out if it exists", false)
    .option("--batch-size <n>", "patients per batch", "2000")
    .option("--threads <n>", THREADS_HELP)
    .option("--method <method>", "rules, or learned (with --model; see docs/learning.md)", "rules")
    .option("--model <MODEL.json>", "learned model written by `lotluca train`")
    .addHelpText("after", rulesHelp())
    .action(async (workdir: string, options: ReconstructOptions, command: Command) => {
      const io = outputOf(command);
      if (options.method !== "rules" && options.method !== "learned")
        throw new UsageError(`--method must be rules or learned, got ${options.method}`);
      if (options.method === "learned" && !options.model)
        throw new UsageError("--method learned needs --model MODEL.json");
      await existingWorkdirOption(workdir, "run `lotluca ingest DATASET --out WORKDIR` first");
      await outputFileOption(options.out, options.overwrite);
      checkWorkFolder(workdir);
      await verifyWorkdir(workdir);
      const quiet = Boolean(command.parent?.opts().quiet);
      const progress = createProgress("reconstruct", await countPatients(workdir), { unit: "patients", silent: quiet });
      const batch = { batchSize: batchSizeOf(options.batchSize), onPatients: (done: number) => progress.update(done) };
      const threads = options.threads === undefined ? undefined : threadsOption(options.threads);
      const summary =
        options.method === "learned"
          ? await reconstructWorkdirLearned(workdir, await readLearnedModel(options.model!), options.out, batch)
          : await reconstructWorkdir(workdir, loadRuleSet(options.rules, options.set), options.out, {
              ...batch,
              ...(threads === undefined ? {} : { threads }),
            });
      progress.stop();
      io.out(
        `${summary.lines} lines for ${summary.patientsWithLines} of ${summary.patients} patients (${summary.ruleSet}) in ${summary.seconds.toFixed(1)} s -> ${options.out}\n` +
          textTable(
            ["line", "lines"],
            Object.entries(summary.linesByNumber).map(([k, v]) => [k, v]),
          ),
      );
    });

  program
    .command("run")
    .description("the main job: ingest a dataset, reconstruct its lines, and evaluate them when it has a gold standard")
    .argument("<dataset>", "dataset folder (data contract tables, CSV or Parquet)")
    .requiredOption("--out <workdir>", "work folder for every output")
    .option("--rules <preset|file>", "rule set(s), comma-separated presets or JSON files", "default")
    .option("--set <key=value>", "override one rule of every rule set (repeatable)", collect, [])
    .option(
      "--end-of-data <date>",
      "end of data YYYY-MM-DD (default: the latest ER_PRS_F flux date FLX_DIS_DTD minus the payment lag)",
    )
    .option("--payment-lag-months <n>", "months taken off the latest flux date for the end of data", "6")
    .option("--replicates <n>", "bootstrap replicates of the evaluation", "200")
    .option("--threads <n>", THREADS_HELP)
    .addHelpText("after", rulesHelp())
    .action(
      async (
        dataset: string,
        options: {
          out: string;
          rules: string;
          set: string[];
          endOfData?: string;
          paymentLagMonths: string;
          replicates: string;
          threads?: string;
        },
        command: Command,
      ) => {
        const io = outputOf(command);
        await outputWorkdirOption(options.out, dataset);
        const quiet = Boolean(command.parent?.opts().quiet);
        const ruleSets = options.rules.split(",").map((r) => loadRuleSet(r.trim(), options.set));
        const replicates = Number(options.replicates);
        if (!Number.isInteger(replicates) || replicates < 0)
          throw new UsageError(`--replicates must be an integer >= 0`);
        const threads = options.threads === undefined ? undefined : threadsOption(options.threads);
        let bar: Progress | undefined;
        let stageStarted = Date.now();
        const summary = await withOutputFolder(options.out, () =>
          runPipeline({
            dataset,
            workdir: options.out,
            ruleSets,
            replicates,
            ...(threads === undefined ? {} : { threads }),
            ingest: {
              ...(options.endOfData ? { endOfData: options.endOfData } : {}),
              paymentLagMonths: Number(options.paymentLagMonths),
            },
            onStage: (stage) => {
              bar?.stop();
              bar = undefined;
              stageStarted = Date.now();
              if (!quiet) io.err(`${stage}...\n`);
            },
            onPatients: (done, total) => {
              // created at the first range done: its clock starts with the stage
              bar ??= createProgress("reconstruct", total, {
                unit: "patients",
                silent: quiet,
                startedAt: stageStarted,
              });
              bar.update(done);
            },
          }),
        );
        bar?.stop();
        const i = summary.ingest;
        io.out(
          `ingested ${i.counts.patients} patients: ${i.counts.exposures} exposures, ${i.counts.sessions} sessions; ${i.counts.rejectedRows} rows rejected, ${i.counts.outOfScopeRows} out of scope (see ${options.out}/accounting.parquet)\n`,
        );
        for (const r of summary.reconstructions) {
          io.out(`${r.ruleSet}: ${r.lines} lines for ${r.patientsWithLines} of ${r.patients} patients -> ${r.file}\n`);
        }
        for (const e of summary.evaluations)
          io.out("\n" + evaluationReport(e.evaluation, `Evaluation of ${e.ruleSet}`));
      },
    );
}
