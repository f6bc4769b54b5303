/**
 * Writes the ingestion outputs as Parquet files in the work folder, sorted for
 * streaming (patient_id first). Column by column: docs/ingestion.md.
 */
import { join } from "node:path";
import type { Dataset } from "../dataset/index.js";
import { sqlIdentifier, sqlString, type DuckSession } from "../duckdb/session.js";
import { writeAtomically } from "../output/atomic-file.js";
import { OUTCOMES_TABLE } from "./classify.js";

export const OUTPUT_FILES = {
  patients: "patients.parquet",
  exposures: "exposures.parquet",
  sessions: "sessions.parquet",
  accounting: "accounting.parquet",
  accountingReasons: "accounting_reasons.parquet",
  rejections: "rejections.parquet",
  unmappedLabels: "unmapped_labels.parquet",
} as const;

export type OutputName = keyof typeof OUTPUT_FILES;

/**
 * The query behind each output file. With `costs` (the dataset has the
 * contract's cost columns), exposures carry `cost_eur_by_source`.
 */
export function outputQueries(dataset: Dataset, options: { costs?: boolean } = {}): Record<OutputName, string> {
  const rej = sqlIdentifier(dataset.rejectionsTable);
  return {
    patients: `SELECT * FROM ing_patients ORDER BY patient_id`,
    exposures:
      `SELECT patient_id, date, molecule, atc, drug_class, route, days_supply, source, sources, provenance, ` +
      `rows AS row_count${options.costs ? ", cost_eur_by_source" : ""} FROM ing_exposures ORDER BY patient_id, date, molecule`,
    sessions:
      `SELECT patient_id, kind, date, end_date, count, grouped, hospital, source, sources, provenance ` +
      `FROM ing_sessions ORDER BY patient_id, date, kind, hospital`,
    accounting: `SELECT * FROM ing_accounting`,
    accountingReasons: `SELECT * FROM ing_accounting_reasons ORDER BY table_name, status, rows DESC, reason`,
    rejections:
      `SELECT table_name, logical_table, file, source_row, 'rejected' AS status, reason, column_name, value, expected ` +
      `FROM ${rej} UNION ALL SELECT table_name, logical_table, file, source_row, status, reason, column_name, value, ` +
      `expected FROM ${OUTCOMES_TABLE} ORDER BY table_name, source_row, reason`,
    unmappedLabels: `SELECT * FROM ing_unmapped_labels ORDER BY rows DESC, label`,
  };
}

export async function writeOutputs(
  session: DuckSession,
  dataset: Dataset,
  workdir: string,
  options: { costs?: boolean } = {},
): Promise<void> {
  const queries = outputQueries(dataset, options);
  for (const name of Object.keys(OUTPUT_FILES) as OutputName[]) {
    const file = join(workdir, OUTPUT_FILES[name]);
    // To a temporary name, then renamed (loaders/output/atomic-file.ts).
    await writeAtomically(file, (temporary) =>
      session.run(
        `COPY (${queries[name]}) TO ${sqlString(temporary)} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 122880)`,
      ),
    );
  }
}
