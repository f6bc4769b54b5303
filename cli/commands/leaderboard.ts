/** `lotluca leaderboard`: ranks rule sets and submitted predictions on a dataset's gold standard. */
import type { Command } from "commander";
import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { UsageError } from "../../core/errors/data-error.js";
import { metricDefinition } from "../../core/evaluation/metric-definitions.js";
import type { Leaderboard } from "../../loaders/evaluate/leaderboard.js";
import { verifyWorkdir } from "../../loaders/output/workdir-manifest.js";
import { countPatients, ingestIntoWorkdir, rankAll, reconstructAll } from "../../loaders/pipeline/run-pipeline.js";
import { loadRuleSet } from "../../loaders/rules/load-rule-set.js";
import { labelOf } from "../../core/labels/labels.js";
import { textTable } from "../format/text-table.js";
import { outputOf } from "../output.js";
import { definitionsHelp } from "./evaluate.js";

const collect = (value: string, previous: string[]) => [...previous, value];
const HEADLINE = [
  "patient_exact",
  "line_count_agreement",
  "line1_regimen_match",
  "boundary_f1",
  "mean_jaccard",
] as const;

export function leaderboardReport(board: Leaderboard): string {
  const f = (x: number | null | undefined) => (x === null || x === undefined ? "—" : x.toFixed(3));
  const rows = board.entries.map((e) => {
    const metric = (id: string) => e.evaluation?.metrics.find((m) => m.id === id);
    const exact = metric("patient_exact");
    const diff = e.versusReference?.find((d) => d.id === "patient_exact");
    return [
      e.rank === null ? "—" : String(e.rank),
      e.name,
      labelOf(e.kind, "entryKind"),
      e.valid ? `${f(exact?.value)} [${f(exact?.lower)}, ${f(exact?.upper)}]` : `invalid (${e.problemCount} problems)`,
      ...HEADLINE.slice(1).map((id) => f(metric(id)?.value)),
      e.name === board.reference
        ? "reference"
        : diff
          ? `${diff.difference! >= 0 ? "+" : ""}${f(diff.difference)} [${f(diff.lower)}, ${f(diff.upper)}]${diff.significant ? " *" : ""}`
          : "—",
    ];
  });
  return (
    `Leaderboard: ${board.patients} patients, ranked by ${metricDefinition("patient_exact").label.toLowerCase()}; ` +
    `differences are paired bootstrap 95 % CIs against ${board.reference} (* = CI excludes 0)\n\n` +
    textTable(
      [
        "rank",
        "method",
        "kind",
        "exact agreement [95 % CI]",
        "line count",
        "line-1 regimen",
        "boundary F1",
        "Jaccard",
        `vs ${board.reference}`,
      ],
      rows,
    )
  );
}

interface LeaderboardOptions {
  dataset: string;
  workdir: string;
  rules: string;
  pred: string[];
  submissions: string;
  reference?: string;
  json?: string;
  replicates: string;
  seed: string;
}

export function registerLeaderboard(program: Command): void {
  program
    .command("leaderboard")
    .description(
      "rank rule sets and submitted predictions on a dataset's gold standard, with paired bootstrap differences",
    )
    .requiredOption("--dataset <dir>", "dataset folder with GOLD_LINES")
    .requiredOption("--workdir <dir>", "work folder (ingested here first when it holds no patients.parquet)")
    .option("--rules <presets>", "rule sets to rank, comma-separated", "default,jmir-2021")
    .option("--pred <file>", "a prediction file to rank (repeatable)", collect, [])
    .option("--submissions <dir>", "folder of prediction files to rank", "data/submissions")
    .option("--reference <name>", "method the others are compared with (default: the first rule set)")
    .option("--json <file>", "write the leaderboard as JSON (also written to WORKDIR/leaderboard.json)")
    .option("--replicates <n>", "bootstrap replicates", "1000")
    .option("--seed <n>", "bootstrap seed", "20260701")
    .addHelpText("after", definitionsHelp())
    .action(async (options: LeaderboardOptions, command: Command) => {
      const io = outputOf(command);
      const replicates = Number(options.replicates);
      if (!Number.isInteger(replicates) || replicates < 0) throw new UsageError("--replicates must be an integer >= 0");
      if (!existsSync(join(options.workdir, "patients.parquet"))) {
        io.err(`ingesting ${options.dataset} into ${options.workdir}...\n`);
        await ingestIntoWorkdir(options.dataset, options.workdir);
      } else await verifyWorkdir(options.workdir);
      const ruleSets = options.rules.split(",").map((r) => loadRuleSet(r.trim()));
      const reconstructions = await reconstructAll(options.workdir, ruleSets, {
        patients: await countPatients(options.workdir),
      });
      const { leaderboard } = await rankAll(options.dataset, options.workdir, reconstructions, {
        predictions: options.pred,
        submissions: options.submissions,
        ...(options.reference ? { reference: options.reference } : {}),
        replicates,
        seed: Number(options.seed),
      });
      io.out(leaderboardReport(leaderboard));
      for (const e of leaderboard.entries.filter((x) => !x.valid)) {
        io.out(`\n${e.name} (${e.source}) is not ranked: ${e.problems[0]?.message ?? "invalid"}\n`);
      }
      if (options.json) await writeFile(options.json, JSON.stringify(leaderboard, null, 2));
    });
}
