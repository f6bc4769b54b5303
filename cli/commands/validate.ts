/**
 * `lotluca validate DIR`: reads a dataset folder as the data contract says and
 * reports what it found: rows read, valid and rejected per table, and the first
 * problems, one line each (file, row, column, value, expected form).
 *
 * Exit code: 1 for a fatal problem (missing folder, table or column; unreadable
 * file), 0 otherwise; with `--strict`, 2 when any row is rejected.
 */
import { CommanderError, type Command } from "commander";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { UsageError } from "../../core/errors/data-error.js";
import { openDuckSession } from "../../loaders/duckdb/session.js";
import { datasetReport, openDataset, type DatasetReport } from "../../loaders/dataset/index.js";
import { memoryLimitOption, threadsOption } from "../options.js";
import { createProgress } from "../progress.js";

interface ValidateOptions {
  json?: string;
  maxErrors: string;
  strict: boolean;
  memoryLimit: string;
  threads?: string;
}

function table(rows: string[][], rightAligned: ReadonlySet<number>): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows
    .map((r) =>
      r
        .map((c, i) => (rightAligned.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

const count = (n: number) => n.toLocaleString("en-US");

/** The human-readable report printed by `lotluca validate`. */
export function formatReport(report: DatasetReport, maxErrors: number): string {
  const out: string[] = [`Dataset ${report.dir}`, `PMSI years: ${report.pmsiYears.join(", ")}`, ""];
  const rows = [["table", "file", "rows read", "valid", "rejected"]];
  for (const t of report.tables) {
    rows.push([t.table, t.file, count(t.rowsRead), count(t.rowsValid), count(t.rowsRejected)]);
  }
  const totals = report.totals;
  rows.push(["total", "", count(totals.rowsRead), count(totals.rowsValid), count(totals.rowsRejected)]);
  out.push(table(rows, new Set([2, 3, 4])), "");

  for (const f of report.ignoredFiles) out.push(`ignored: ${f.file} (${f.reason})`);
  for (const e of report.extraColumns) out.push(`extra column (not validated): ${e.file} ${e.column}`);
  if (report.ignoredFiles.length || report.extraColumns.length) out.push("");

  if (totals.problems === 0) {
    out.push("No rejected rows.");
    return out.join("\n") + "\n";
  }
  out.push(`Problems by table, column and reason (${count(totals.problems)} in ${count(totals.rowsRejected)} rows):`);
  for (const p of report.problemCounts) {
    out.push(`  ${p.table}.${p.column}  ${p.reason}  ${count(p.count)}  (expected ${p.expected})`);
  }
  out.push("");
  if (maxErrors > 0) {
    const shown = report.problems.length;
    out.push(`First ${shown} problem${shown === 1 ? "" : "s"}:`);
    for (const p of report.problems) {
      const value = p.value === null ? "empty" : JSON.stringify(p.value);
      out.push(
        `  ${p.file} row ${p.source_row} column ${p.column_name}: ${p.reason}, found ${value}, expected ${p.expected}`,
      );
    }
    if (totals.problems > shown) out.push(`  ... ${count(totals.problems - shown)} more (see --json or --max-errors)`);
  }
  return out.join("\n") + "\n";
}

function parseMaxErrors(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) {
    throw new UsageError(`--max-errors must be a non-negative integer, got ${JSON.stringify(text)}`);
  }
  return n;
}

export function registerValidate(program: Command): void {
  program
    .command("validate")
    .description("read a dataset folder and check it against the data contract; report rejected rows")
    .argument("<dir>", "dataset folder (one .csv or .parquet file per contract table)")
    .option("--json <file>", "also write the full report as JSON to this file")
    .option("--max-errors <n>", "number of individual problems to print", "20")
    .option("--strict", "exit with code 2 when any row is rejected", false)
    .option("--memory-limit <size>", "DuckDB memory limit (it spills to a temporary folder beyond)", "2GB")
    .option("--threads <n>", "DuckDB threads (default: all cores)")
    .action(async (dir: string, options: ValidateOptions, command: Command) => {
      const maxErrors = parseMaxErrors(options.maxErrors);
      const memoryLimit = memoryLimitOption(options.memoryLimit);
      const threads = options.threads === undefined ? undefined : threadsOption(options.threads);
      const output = command.configureOutput();
      const write = (text: string) => (output.writeOut ? output.writeOut(text) : process.stdout.write(text));
      const quiet = Boolean(command.optsWithGlobals().quiet);
      const spill = await mkdtemp(join(tmpdir(), "lotluca-validate-"));
      const session = await openDuckSession({
        memoryLimit,
        tempDirectory: spill,
        ...(threads === undefined ? {} : { threads }),
      });
      try {
        let progress: ReturnType<typeof createProgress> | undefined;
        const dataset = await openDataset(dir, session, {
          onFileStart: (_file, index, total) => {
            progress ??= createProgress("validate", total, { unit: "files", silent: quiet });
            progress.update(index);
          },
          onTable: (_table, index) => progress?.update(index + 1),
        });
        (progress as ReturnType<typeof createProgress> | undefined)?.stop();
        const report = await datasetReport(session, dataset, maxErrors);
        write(formatReport(report, maxErrors));
        if (options.json) {
          const full = await datasetReport(session, dataset, Math.max(maxErrors, 1000));
          await writeFile(options.json, JSON.stringify(full, null, 2) + "\n", "utf8");
        }
        if (options.strict && report.totals.rowsRejected > 0) {
          const message = `lotluca: ${count(report.totals.rowsRejected)} rejected rows (--strict)\n`;
          if (output.writeErr) output.writeErr(message);
          else process.stderr.write(message);
          throw new CommanderError(2, "lotluca.strict", message);
        }
      } finally {
        session.close();
        await rm(spill, { recursive: true, force: true });
      }
    });
}
