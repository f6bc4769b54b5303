/**
 * `lotluca ingest DIR --out WORKDIR`: reads a dataset folder, builds the clean
 * events (patients, exposures, sessions) as Parquet in WORKDIR with the
 * accounting of every input row, and prints the accounting summary table.
 *
 * Exit code: 1 for a fatal problem (missing folder, table or column; unreadable
 * file; bad option), 0 otherwise (rejected rows are listed in
 * WORKDIR/rejections.parquet and counted in the summary).
 */
import type { Command } from "commander";
import { DEFAULT_INGEST_MEMORY_LIMIT, INGEST_STEPS, type IngestSummary } from "../../loaders/ingest/ingest.js";
import { ingestIntoWorkdir } from "../../loaders/pipeline/run-pipeline.js";
import { memoryLimitOption, outputFolderOption, threadsOption } from "../options.js";
import { withOutputFolder } from "../output-folder.js";
import { createProgress } from "../progress.js";

interface IngestCliOptions {
  out: string;
  endOfData?: string;
  paymentLagMonths?: string;
  json: boolean;
  memoryLimit: string;
  threads?: string;
  onDisk: boolean;
}

const count = (n: number) => n.toLocaleString("en-US");

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows
    .map((r) =>
      r
        .map((c, i) => (i >= 2 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

/** The accounting summary printed at the end of `lotluca ingest`. */
export function formatIngestSummary(summary: IngestSummary): string {
  const rows = [["table", "file", "read", "used", "merged", "rejected", "out of scope"]];
  for (const t of summary.accounting.tables) {
    rows.push([
      t.table,
      t.file,
      count(t.rowsRead),
      count(t.used),
      count(t.mergedDuplicates),
      count(t.rejected),
      count(t.outOfScope),
    ]);
  }
  const out = [`Ingested ${summary.dataset} into ${summary.workdir}`, "", table(rows), ""];
  const reasons = summary.accounting.reasons.filter((r) => r.status !== "merged_duplicate");
  if (reasons.length) {
    out.push("Rejected and out-of-scope rows by reason:");
    for (const r of reasons) out.push(`  ${r.table}  ${r.status}  ${r.reason}  ${count(r.rows)}`);
    out.push("");
  }
  const c = summary.counts;
  const q = summary.dataQuality;
  out.push(
    `patients ${count(c.patients)}, exposures ${count(c.exposures)}, sessions ${count(c.sessions)}, ` +
      `unmapped labels ${count(c.unmappedLabels)}`,
    `end of data ${summary.endOfData} (${summary.endOfDataDerivation.rule}); ` +
      `deaths: ${count(q.deathsFromPmsi)} PMSI, ${count(q.deathsFromIrBen)} IR_BEN_R, ` +
      `${count(q.deathDisagreements)} disagreements > 1 day; advanced date inferred for ${count(q.advancedDateInferred)}`,
    `time ${(summary.timingsMs.total ?? 0) / 1000} s`,
  );
  return out.join("\n") + "\n";
}

export function registerIngest(program: Command): void {
  program
    .command("ingest")
    .description("build clean, traceable treatment events (Parquet) from a dataset folder, with row accounting")
    .argument("<dir>", "dataset folder (one .csv or .parquet file per contract table)")
    .requiredOption("--out <workdir>", "work folder for the outputs (created if needed)")
    .option(
      "--end-of-data <date>",
      "end of data YYYY-MM-DD (default: the latest ER_PRS_F flux date FLX_DIS_DTD minus the payment lag)",
    )
    .option("--payment-lag-months <n>", "months taken off the latest flux date for the end of data", "6")
    .option("--json", "print the summary as JSON instead of the table", false)
    .option(
      "--memory-limit <size>",
      "DuckDB memory limit (it evicts and spills to WORKDIR/.duckdb-tmp beyond)",
      DEFAULT_INGEST_MEMORY_LIMIT,
    )
    .option("--threads <n>", "DuckDB threads (default: all cores)")
    .option("--on-disk", "keep DuckDB's tables in a file in WORKDIR/.duckdb-tmp (compressed; slower)", false)
    .option("--in-memory", "in-memory DuckDB database, spilling beyond the memory limit (the default)", false)
    .action(async (dir: string, options: IngestCliOptions, command: Command) => {
      const output = command.configureOutput();
      const write = (text: string) => (output.writeOut ? output.writeOut(text) : process.stdout.write(text));
      const memoryLimit = memoryLimitOption(options.memoryLimit);
      const threads = options.threads === undefined ? undefined : threadsOption(options.threads);
      await outputFolderOption(options.out);
      const quiet = Boolean(command.optsWithGlobals().quiet) || options.json;
      const progress = createProgress("ingest", INGEST_STEPS.length, { unit: "steps", silent: quiet });
      try {
        const summary = await withOutputFolder(options.out, () =>
          ingestIntoWorkdir(dir, options.out, {
            memoryLimit,
            onDisk: options.onDisk,
            ...(options.endOfData === undefined ? {} : { endOfData: options.endOfData }),
            ...(threads === undefined ? {} : { threads }),
            ...(options.paymentLagMonths === undefined ? {} : { paymentLagMonths: Number(options.paymentLagMonths) }),
            onStep: (_step, index) => progress.update(index),
          }),
        );
        progress.update(INGEST_STEPS.length);
        progress.stop();
        write(options.json ? JSON.stringify(summary, null, 2) + "\n" : formatIngestSummary(summary));
      } catch (error) {
        progress.abort();
        throw error;
      }
    });
}
