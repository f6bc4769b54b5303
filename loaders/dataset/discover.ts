/**
 * Discovery: lists a dataset folder and recognises each file as a table of the
 * data contract (section 1 of docs/data-contract.md). It reads no file content.
 *
 * Fatal (DataError): the folder is missing or not a folder; a required table is
 * missing; a PMSI year has some tables but not both T_MCOaaB and T_MCOaaC; no
 * PMSI year at all; the same table appears twice (CSV and Parquet, or two case
 * variants of its name). Anything else in the folder is listed as ignored.
 */
import { readdir, stat } from "node:fs/promises";
import { extname, join, resolve } from "node:path";
import { CONTRACT_TABLES, identifyTable, pmsiTableName, type TableSpec } from "../../core/contract/tables.js";
import { DataError } from "../../core/errors/data-error.js";

export type DatasetFileFormat = "csv" | "parquet";

/** One file of the folder recognised as a contract table. */
export interface DatasetFile {
  /** Table name as in the contract (`T_MCOaaB` for PMSI). */
  logicalName: string;
  /** Table name with the year for PMSI (`T_MCO19B`), else the logical name. */
  physicalName: string;
  /** Four-digit year of a PMSI table (two-digit years read as 20aa). */
  year?: number;
  spec: TableSpec;
  /** File name as found in the folder (e.g. `t_mco19b.csv`). */
  file: string;
  /** Absolute path. */
  path: string;
  format: DatasetFileFormat;
  sizeBytes: number;
}

/** A folder entry that is not a contract table, with why. */
export interface IgnoredFile {
  file: string;
  reason: string;
}

export interface DatasetListing {
  /** Absolute path of the folder. */
  dir: string;
  /** Recognised tables, in contract order then by year. */
  files: DatasetFile[];
  ignored: IgnoredFile[];
  /** PMSI years present, ascending. */
  pmsiYears: number[];
}

/** The tables every dataset must hold, apart from the per-year PMSI tables. */
export const REQUIRED_TABLES: readonly string[] = CONTRACT_TABLES.filter((t) => !t.optional && !t.perYear).map(
  (t) => t.name,
);

/** The per-year PMSI tables every PMSI year present must hold. */
export const REQUIRED_PMSI_TABLES: readonly string[] = CONTRACT_TABLES.filter((t) => !t.optional && t.perYear).map(
  (t) => t.name,
);

const FORMATS: Record<string, DatasetFileFormat> = { ".csv": "csv", ".parquet": "parquet" };

/** Lists `dir` and recognises its tables; throws DataError for the fatal cases above. */
export async function discoverDataset(dir: string): Promise<DatasetListing> {
  const root = resolve(dir);
  const info = await stat(root).catch(() => undefined);
  if (!info) throw new DataError("dataset folder not found", { file: root }, "a folder holding the contract tables");
  if (!info.isDirectory()) {
    throw new DataError("dataset path is not a folder", { file: root }, "a folder holding the contract tables");
  }

  const entries = (await readdir(root, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
  const files: DatasetFile[] = [];
  const ignored: IgnoredFile[] = [];
  for (const entry of entries) {
    // a symbolic link is followed: a link to a file is read as that file
    const isFile =
      entry.isFile() ||
      (entry.isSymbolicLink() && (await stat(join(root, entry.name)).catch(() => undefined))?.isFile());
    if (!isFile) {
      ignored.push({
        file: entry.name,
        reason: entry.isSymbolicLink() ? "a symbolic link to no file" : "not a regular file",
      });
      continue;
    }
    const extension = extname(entry.name);
    const format = FORMATS[extension.toLowerCase()];
    if (!format) {
      ignored.push({ file: entry.name, reason: "not a .csv or .parquet file" });
      continue;
    }
    const stem = entry.name.slice(0, -extension.length);
    const table = identifyTable(stem);
    if (!table) {
      ignored.push({ file: entry.name, reason: "not a table of the data contract" });
      continue;
    }
    const path = join(root, entry.name);
    const physicalName = table.year === undefined ? table.spec.name : pmsiTableName(table.spec.name, table.year);
    files.push({
      logicalName: table.spec.name,
      physicalName,
      ...(table.year === undefined ? {} : { year: table.year }),
      spec: table.spec,
      file: entry.name,
      path,
      format,
      sizeBytes: (await stat(path)).size,
    });
  }

  const byPhysical = new Map<string, DatasetFile>();
  for (const file of files) {
    const previous = byPhysical.get(file.physicalName);
    if (previous) {
      throw new DataError(
        `table ${file.physicalName} is present twice: ${previous.file} and ${file.file}`,
        { table: file.physicalName, file: root },
        "exactly one file per table (.csv or .parquet, names compared case-insensitively)",
      );
    }
    byPhysical.set(file.physicalName, file);
  }

  for (const name of REQUIRED_TABLES) {
    if (!byPhysical.has(name)) {
      throw new DataError(
        `required table ${name} is missing`,
        { table: name, file: root },
        `a file ${name}.csv or ${name}.parquet (name case-insensitive)`,
      );
    }
  }

  const pmsiYears = [...new Set(files.flatMap((f) => (f.year === undefined ? [] : [f.year])))].sort((a, b) => a - b);
  if (pmsiYears.length === 0) {
    const examples = REQUIRED_PMSI_TABLES.map((t) => pmsiTableName(t, 2019)).join(" and ");
    throw new DataError(
      "no PMSI year: the dataset holds no T_MCOaa* table",
      { file: root },
      `at least one PMSI year, e.g. ${examples} (.csv or .parquet)`,
    );
  }
  for (const year of pmsiYears) {
    for (const logical of REQUIRED_PMSI_TABLES) {
      const name = pmsiTableName(logical, year);
      if (!byPhysical.has(name)) {
        throw new DataError(
          `required table ${name} is missing for PMSI year ${year}`,
          { table: name, file: root },
          `a file ${name}.csv or ${name}.parquet: every PMSI year present needs ${REQUIRED_PMSI_TABLES.join(" and ")}`,
        );
      }
    }
  }

  const order = new Map(CONTRACT_TABLES.map((t, i) => [t.name, i]));
  files.sort(
    (a, b) =>
      (order.get(a.logicalName) ?? 0) - (order.get(b.logicalName) ?? 0) ||
      (a.year ?? 0) - (b.year ?? 0) ||
      a.file.localeCompare(b.file),
  );
  return { dir: root, files, ignored, pmsiYears };
}
