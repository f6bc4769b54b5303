/** `lotluca export`: the analysis table (one row per patient and line) of a work folder and a lines file. */
import type { Command } from "commander";
import { ANALYSIS_COLUMNS } from "../../core/studies/analysis-table.js";
import { openDuckSession } from "../../loaders/duckdb/session.js";
import { analysisFormatOf, writeAnalysisTable } from "../../loaders/studies/analysis-table-file.js";
import { outputOf } from "../output.js";

export function registerExport(program: Command): void {
  program
    .command("export")
    .description(
      "the analysis table: one row per patient and line with covariates at the line's start, outcomes from it and drug costs (docs/studies.md)",
    )
    .requiredOption("--workdir <dir>", "work folder written by `lotluca ingest` or `lotluca run` (patients, exposures)")
    .requiredOption(
      "--lines <file>",
      "lines file (.parquet or .csv): a reconstruction (lines-default.parquet), a submission, or the dataset's GOLD_LINES",
    )
    .requiredOption("--out <file>", "table to write: .parquet or .csv")
    .option("--method <name>", "value of the method column (default: from the lines file name, GOLD_LINES -> gold)")
    .addHelpText(
      "after",
      `\nColumns: ${ANALYSIS_COLUMNS.map((c) => c.name).join(", ")}.\n` +
        "Outcomes in days from the line's start: ttnt (next line or death; censored at the end of follow-up),\n" +
        "tot (end of the line; censored when ongoing or ended by end_of_data), os (death; censored at the end of follow-up).\n",
    )
    .action(async (options: { workdir: string; lines: string; out: string; method?: string }, command: Command) => {
      const io = outputOf(command);
      analysisFormatOf(options.out);
      const session = await openDuckSession();
      try {
        const s = await writeAnalysisTable(session, options);
        io.out(
          `${s.rows} rows (${s.linesRead} lines of ${s.patientsWithLines} of ${s.patients} patients, method ${s.method}) -> ${options.out}\n` +
            (s.costs
              ? "drug costs from exposures.parquet (cost_eur_by_source)\n"
              : "no cost column in exposures.parquet: the drug_cost_* columns are null\n"),
        );
      } finally {
        session.close();
      }
    });
}
