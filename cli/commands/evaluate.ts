/** `lotluca evaluate`: scores a lines file against a dataset's gold standard. */
import type { Command } from "commander";
import { writeFile } from "node:fs/promises";
import { DataError, UsageError } from "../../core/errors/data-error.js";
import { verifyWorkdir } from "../../loaders/output/workdir-manifest.js";
import { censoringOption } from "../options.js";
import { METRIC_DEFINITIONS, metricDefinition } from "../../core/evaluation/metric-definitions.js";
import type { Evaluation, MetricEstimate } from "../../core/evaluation/score.js";
import type { SubmissionCheck } from "../../core/evaluation/submission.js";
import { parseContractDate } from "../../core/time/day.js";
import { openDuckSession } from "../../loaders/duckdb/session.js";
import { readEvaluationCohort } from "../../loaders/evaluate/evaluation-cohort.js";
import { planCohortEvaluation } from "../../core/evaluation/evaluate-lines.js";
import { defaultThreads, runEvaluationInThreads } from "../../loaders/evaluate/parallel-bootstrap.js";
import { readLinesFile } from "../../loaders/evaluate/read-lines-file.js";
import { daysToMonths, formatMonthsAndDays, labelOf } from "../../core/labels/labels.js";
import { textTable } from "../format/text-table.js";
import { outputOf } from "../output.js";

export function definitionsHelp(): string {
  return (
    "\nMetrics (data contract, section 5):\n" +
    METRIC_DEFINITIONS.map((d) => `  ${d.id}: ${d.definition}`).join("\n") +
    "\n\nEach metric has a percentile bootstrap 95 % CI over patients (seeded; --replicates, --seed).\n"
  );
}

/**
 * A metric as printed: proportions with 3 decimals; TTNT medians in months with
 * the days ("7.4 months (225 days)"); date errors in days.
 */
export function formatEstimate(m: MetricEstimate): [string, string, string] {
  const unit = metricDefinition(m.id).unit;
  if (unit === "proportion") {
    const f = (x: number | null) => (x === null ? "—" : x.toFixed(3));
    return [metricDefinition(m.id).label, f(m.value), m.lower === null ? "" : `[${f(m.lower)}, ${f(m.upper)}]`];
  }
  if (!m.id.startsWith("ttnt_")) {
    // A date error: in days.
    const f = (x: number | null) => (x === null ? "—" : x.toFixed(1));
    return [
      metricDefinition(m.id).label,
      m.value === null ? "—" : `${f(m.value)} days`,
      m.lower === null ? "" : `[${f(m.lower)}, ${f(m.upper)}] days`,
    ];
  }
  const months = (x: number | null) => (x === null ? "—" : daysToMonths(x).toFixed(1));
  return [
    metricDefinition(m.id).label,
    formatMonthsAndDays(m.value),
    m.lower === null ? "" : `[${months(m.lower)}, ${months(m.upper)}] months`,
  ];
}

export function evaluationReport(evaluation: Evaluation, title: string): string {
  const lines: string[] = [
    `${title}: ${evaluation.patients} patients, ${evaluation.goldLines} gold lines, ${evaluation.predictedLines} predicted lines (bootstrap ${evaluation.bootstrap.replicates}, seed ${evaluation.bootstrap.seed})`,
    "",
    textTable(["metric", "value", "95 % CI"], evaluation.metrics.map(formatEstimate)),
    "By line number:",
    textTable(
      ["line", "gold lines", "regimen match", "mean Jaccard", "start within 30 d"],
      evaluation.byLineNumber.map((l) => [
        l.line,
        l.goldLines,
        l.regimenMatch?.toFixed(3) ?? "—",
        l.meanJaccard?.toFixed(3) ?? "—",
        l.startWithin30?.toFixed(3) ?? "—",
      ]),
    ),
    "Patients by kind of error:",
    textTable(
      ["kind", "patients"],
      evaluation.errorKinds.map((k) => [labelOf(k.kind, "errorKind"), k.patients]),
    ),
  ];
  return lines.join("\n");
}

export function submissionProblemsReport(check: SubmissionCheck, max = 20): string {
  const shown = check.problems.slice(0, max).map((p) => `  ${p.message}`);
  const more =
    check.problemCount > shown.length ? [`  ... ${check.problemCount - shown.length} more (see --json)`] : [];
  return [`${check.problemCount} problem(s) in ${check.rowsRead} rows:`, ...shown, ...more].join("\n") + "\n";
}

interface EvaluateOptions {
  dataset: string;
  pred: string;
  json?: string;
  workdir?: string;
  endOfData?: string;
  replicates: string;
  seed: string;
  threads: string;
  lenient: boolean;
  censoring: string;
}

export function registerEvaluate(program: Command): void {
  program
    .command("evaluate")
    .description("score a lines file (CSV or Parquet) against a dataset's gold standard, with bootstrap 95 % CIs")
    .requiredOption("--dataset <dir>", "dataset folder holding ODH_PATIENT and GOLD_LINES")
    .requiredOption("--pred <file>", "predicted lines (.csv or .parquet, contract section 4)")
    .option(
      "--json <file>",
      "write the full evaluation (metrics, CIs, by line, subgroups, confusion, definitions) as JSON",
    )
    .option("--workdir <dir>", "ingestion work folder: take death and end of follow-up from its patients.parquet")
    .option("--end-of-data <date>", "end of data for TTNT censoring (default: latest date in the dataset)")
    .option(
      "--censoring <rule>",
      "censor TTNT at the end of data or at each patient's last contact (end_of_data | last_contact; last_contact needs --workdir)",
      "end_of_data",
    )
    .option("--replicates <n>", "bootstrap replicates", "1000")
    .option("--seed <n>", "bootstrap seed", "20260701")
    .option(
      "--threads <n>",
      "threads drawing the bootstrap replicates (same results whatever the number)",
      String(defaultThreads()),
    )
    .option("--lenient", "score the valid rows of a submission that has problems (the problems are listed)", false)
    .addHelpText("after", definitionsHelp())
    .action(async (options: EvaluateOptions, command: Command) => {
      const io = outputOf(command);
      const replicates = Number(options.replicates);
      const seed = Number(options.seed);
      if (!Number.isInteger(replicates) || replicates < 0)
        throw new UsageError(`--replicates must be an integer >= 0, got ${options.replicates}`);
      if (!Number.isInteger(seed)) throw new UsageError(`--seed must be an integer, got ${options.seed}`);
      const threads = Number(options.threads);
      if (!Number.isInteger(threads) || threads < 1)
        throw new UsageError(`--threads must be an integer >= 1, got ${options.threads}`);
      const endOfData = options.endOfData === undefined ? undefined : parseContractDate(options.endOfData);
      if (options.endOfData !== undefined && endOfData === undefined) {
        throw new UsageError(`--end-of-data ${options.endOfData}: expected a date YYYY-MM-DD`);
      }
      const censoring = censoringOption(options.censoring);
      if (censoring === "last_contact" && !options.workdir)
        throw new UsageError(
          "--censoring last_contact needs --workdir (the last contacts come from its exposures and sessions)",
        );
      if (options.workdir) await verifyWorkdir(options.workdir);
      const session = await openDuckSession();
      try {
        const cohort = await readEvaluationCohort(session, options.dataset, {
          censoring,
          ...(options.workdir ? { workdir: options.workdir } : {}),
          ...(endOfData !== undefined ? { endOfData } : {}),
        });
        const predictions = await readLinesFile(session, options.pred, {
          cohort: new Set(cohort.patients.map((p) => p.patientId)),
          followUpEnd: new Map(cohort.patients.map((p) => [p.patientId, p.followUpEnd])),
        });
        if (predictions.problemCount > 0) io.err(submissionProblemsReport(predictions));
        if (predictions.otherCohort) {
          throw new DataError(predictions.problems[0]!.message.replace(`${options.pred}: `, ""), {
            file: options.pred,
          });
        }
        if (!predictions.valid && !options.lenient) {
          throw new DataError(
            `the predictions have ${predictions.problemCount} problem(s) (listed above); fix them or use --lenient to score the valid rows`,
            { file: options.pred },
          );
        }
        const plan = planCohortEvaluation(cohort, predictions, { replicates, seed });
        const evaluation = await runEvaluationInThreads(plan, threads);
        io.out(evaluationReport(evaluation, `Evaluation of ${options.pred}`));
        if (options.json) {
          await writeFile(
            options.json,
            JSON.stringify(
              { definitions: METRIC_DEFINITIONS, evaluation, submission: { ...predictions, lines: undefined } },
              null,
              2,
            ),
          );
        }
      } finally {
        session.close();
      }
    });
}
