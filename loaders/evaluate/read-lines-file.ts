/**
 * Reads a lines file (GOLD_LINES, a reconstruction, a submission) as text cells
 * with DuckDB, CSV (`,` or `;`) or Parquet, and validates it with the core's
 * submission checker.
 */
import { extname } from "node:path";
import { DataError } from "../../core/errors/data-error.js";
import { validateSubmission, type SubmissionCheck } from "../../core/evaluation/submission.js";
import { LINES_COLUMNS, LINES_OPTIONAL_COLUMNS } from "../../core/contract/tables.js";
import { readCsvHeader } from "../dataset/csv-header.js";
import { sqlIdentifier, sqlString, type DuckSession } from "../duckdb/session.js";

const EXPECTED = [...LINES_COLUMNS, ...LINES_OPTIONAL_COLUMNS].map((c) => c.name);

/** Header and rows of a CSV or Parquet file, every cell as text (null when empty). */
export async function readTextCells(
  session: DuckSession,
  path: string,
): Promise<{ header: string[]; rows: (string | null)[][] }> {
  const ext = extname(path).toLowerCase();
  let source: string;
  let header: string[];
  if (ext === ".csv") {
    const csv = await readCsvHeader(path, EXPECTED);
    header = csv.columns;
    const columns = header.map((name) => `${sqlString(name)}: 'VARCHAR'`).join(", ");
    source = `SELECT * FROM read_csv(${sqlString(path)}, delim=${sqlString(csv.delimiter)}, quote='"', escape='"', header=true, auto_detect=false, columns={${columns}}, strict_mode=true)`;
  } else if (ext === ".parquet") {
    const described = await session.all(`DESCRIBE SELECT * FROM read_parquet(${sqlString(path)})`);
    header = described.map((r) => String(r.column_name));
    source = `SELECT ${header.map((h) => `CAST(${sqlIdentifier(h)} AS VARCHAR)`).join(", ")} FROM read_parquet(${sqlString(path)})`;
  } else {
    throw new DataError("unsupported file type", { file: path }, "a .csv or .parquet lines file");
  }
  let rows: (string | null)[][];
  try {
    const reader = await session.connection.runAndReadAll(source);
    rows = reader.getRows().map((row) => row.map((v) => (v === null ? null : String(v))));
  } catch (error) {
    throw new DataError(
      `cannot read the file: ${(error as Error).message.split("\n")[0]}`,
      { file: path },
      "a lines file",
    );
  }
  return { header, rows };
}

export async function readLinesFile(
  session: DuckSession,
  path: string,
  options: { cohort?: ReadonlySet<string>; maxProblems?: number } = {},
): Promise<SubmissionCheck> {
  const { header, rows } = await readTextCells(session, path);
  return validateSubmission(header, rows, { ...options, source: path });
}
