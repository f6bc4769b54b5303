/**
 * The work folder that `lotluca ingest` (or `lotluca run`) writes and that
 * `lotluca reconstruct` reads: checked before anything is read, so that a wrong
 * folder gets a message saying what it is and what to run, not a DuckDB error.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { extname, join } from "node:path";
import { identifyTable } from "../../core/contract/tables.js";
import { DataError, UsageError } from "../../core/errors/data-error.js";

/** The file every work folder holds (one row per patient of the ingested dataset). */
export const WORK_FOLDER_MARKER = "patients.parquet";

const EXPECTED = `a work folder written by \`lotluca ingest\` or \`lotluca run\` (holding ${WORK_FOLDER_MARKER})`;

/** Contract tables (CSV or Parquet) found directly in `dir`. */
function contractTablesIn(dir: string): string[] {
  return readdirSync(dir).filter((file) => {
    const ext = extname(file).toLowerCase();
    return (ext === ".csv" || ext === ".parquet") && identifyTable(file.slice(0, -ext.length)) !== undefined;
  });
}

/** Throws a one-line error unless `dir` is a work folder. */
export function checkWorkFolder(dir: string): void {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new DataError("work folder not found", { file: dir }, EXPECTED);
  }
  if (existsSync(join(dir, WORK_FOLDER_MARKER))) return;
  const tables = contractTablesIn(dir);
  if (tables.length > 0) {
    throw new UsageError(
      `${dir} is a dataset folder (it holds contract tables such as ${tables.slice(0, 2).join(", ")}), not a work folder: ` +
        `run \`lotluca ingest ${dir} --out WORKDIR\` (or \`lotluca run ${dir} --out WORKDIR\`) first, then \`lotluca reconstruct WORKDIR\``,
    );
  }
  throw new DataError(`not a work folder: ${WORK_FOLDER_MARKER} is missing`, { file: dir }, EXPECTED);
}
