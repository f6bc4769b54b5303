/**
 * The public entry point of dataset reading: discover a folder, load every
 * contract table into DuckDB, validate it. The data stays in DuckDB: the result
 * names the typed tables and the rejections table, and carries the counts.
 *
 * Ingestion builds on this: it queries `LoadedTable.typedTable` (one per file;
 * `typedUnionQuery` unions the years of a PMSI table) and reports the
 * rejections table.
 */
import { stat } from "node:fs/promises";
import { sqlIdentifier, sqlString, type DuckSession } from "../duckdb/session.js";
import { discoverDataset, type DatasetFile, type DatasetFileFormat, type IgnoredFile } from "./discover.js";
import type { CsvDelimiter } from "./csv-header.js";
import { loadRawTable } from "./load.js";
import { readValidatedTable } from "./read-validated.js";
import { createRejectionsTable, validateRawTable } from "./validate.js";

/** One contract table of the dataset, loaded and validated. */
export interface LoadedTable {
  /** Contract name (`T_MCOaaB` for PMSI). */
  logicalName: string;
  /** Name with the year for PMSI (`T_MCO19B`), else the contract name. */
  physicalName: string;
  /** Four-digit year of a PMSI table. */
  year?: number;
  /** File name as found in the folder. */
  file: string;
  /** Absolute path of the file. */
  path: string;
  format: DatasetFileFormat;
  /** CSV only: the delimiter decided from the header. */
  delimiter?: CsvDelimiter;
  rowsRead: number;
  rowsValid: number;
  rowsRejected: number;
  /**
   * DuckDB table or view of the valid rows: `__row`, `__table`, `__file`, then
   * the contract columns, typed. A view of `rowsTable` when that is set.
   */
  typedTable: string;
  /** The table of every row read that `typedTable` is a view of (one-pass read; absent with `keepRaw`). */
  rowsTable?: string;
  /** DuckDB all-text table of every row (only with `keepRaw`). */
  rawTable?: string;
  /** File columns that are not in the contract (tolerated, not validated, not in the typed table). */
  extraColumns: string[];
  /** Optional contract columns absent from the file (lines tables): null in the typed table. */
  missingOptionalColumns: string[];
}

/** A column of a file that the contract does not know. */
export interface ExtraColumn {
  file: string;
  table: string;
  column: string;
}

export interface Dataset {
  /** Absolute path of the folder. */
  dir: string;
  /** Loaded tables, in contract order (PMSI by year). */
  tables: LoadedTable[];
  /** DuckDB table of rejected cells; columns as in `Rejection` (validate.ts) plus column_index. */
  rejectionsTable: string;
  /** PMSI years present, ascending. */
  pmsiYears: number[];
  /** Folder entries that are not contract tables (reported, not an error). */
  ignoredFiles: IgnoredFile[];
  extraColumns: ExtraColumn[];
}

export interface OpenDatasetOptions {
  /** Prefix of every DuckDB table created (default `ds_`): typed tables are `<prefix><physical name>`. */
  prefix?: string;
  /** Keep the raw all-text tables (`<prefix>raw_<physical name>`); by default they are dropped after validation. */
  keepRaw?: boolean;
  /** Called after each file is loaded and validated. */
  onTable?: (table: LoadedTable, index: number, total: number) => void;
  /** Called before each file is read (files are read concurrently: not in file order). */
  onFileStart?: (file: DatasetFile, index: number, total: number) => void;
  /**
   * Files read at the same time, each on its own connection (default: DuckDB's
   * thread count). DuckDB reads a CSV file of less than its buffer size (the
   * yearly PMSI tables, most nomenclatures) on one thread: reading several at once
   * keeps every core busy. Tables, rows and rejections are the same whatever the
   * number.
   */
  concurrency?: number;
}

/**
 * Runs `read(connection, index)` for every file, `concurrency` at a time, each
 * runner on its own connection (the first on `session` itself), the largest
 * files first so that the runners finish together.
 */
async function readConcurrently(
  session: DuckSession,
  files: readonly DatasetFile[],
  concurrency: number | undefined,
  read: (connection: DuckSession, index: number) => Promise<void>,
): Promise<void> {
  const wanted = concurrency ?? (await session.threads());
  const runners = Math.max(1, Math.min(Math.floor(wanted), files.length));
  const sizes = await Promise.all(files.map((f) => stat(f.path).then((s) => s.size)));
  const queue = files.map((_, i) => i).sort((a, b) => sizes[b]! - sizes[a]! || a - b);
  const connections = [session];
  // a fatal problem is reported for the first bad file in file order, as when reading one file at a time:
  // after one, only files before it are still read
  let firstFailure: { index: number; error: unknown } | undefined;
  try {
    for (let i = 1; i < runners; i++) connections.push(await session.connect());
    await Promise.all(
      connections.map(async (connection) => {
        for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
          if (firstFailure !== undefined && next > firstFailure.index) continue;
          try {
            await read(connection, next);
          } catch (error) {
            if (firstFailure === undefined || next < firstFailure.index) firstFailure = { index: next, error };
          }
        }
      }),
    );
    if (firstFailure !== undefined) throw firstFailure.error;
  } finally {
    for (const connection of connections.slice(1)) connection.close();
  }
}

/**
 * Reads and validates the dataset in `dir` into `session`. Throws DataError for
 * a fatal problem (see discover.ts and load.ts); rejected rows are not fatal.
 * Memory: configure the session (memory_limit, temp_directory) for large
 * datasets; DuckDB streams the files and spills to disk.
 */
export async function openDataset(
  dir: string,
  session: DuckSession,
  options: OpenDatasetOptions = {},
): Promise<Dataset> {
  const prefix = options.prefix ?? "ds_";
  const listing = await discoverDataset(dir);
  // Row numbers are rowids of the raw tables: they follow file order only with this setting.
  await session.run("SET preserve_insertion_order = true");
  const rejectionsTable = `${prefix}rejections`;
  await createRejectionsTable(session, rejectionsTable);

  const loaded: LoadedTable[] = new Array<LoadedTable>(listing.files.length);
  let reported = 0;
  const readOne = async (connection: DuckSession, index: number) => {
    const file = listing.files[index]!;
    options.onFileStart?.(file, index, listing.files.length);
    const typedName = `${prefix}${file.physicalName}`;
    if (options.keepRaw) {
      const rawName = `${prefix}raw_${file.physicalName}`;
      const raw = await loadRawTable(connection, file, rawName);
      const validated = await validateRawTable(connection, raw, typedName, rejectionsTable);
      loaded[index] = loadedTable(file, raw, raw.rowsRead, validated, { rawTable: rawName });
    } else {
      // one pass over the text: read, check and type every cell
      const read = await readValidatedTable(
        connection,
        file,
        typedName,
        `${prefix}rows_${file.physicalName}`,
        rejectionsTable,
      );
      loaded[index] = loadedTable(file, read.read, read.rowsRead, read, { rowsTable: read.rowsTable });
    }
    // progress in file order, whatever order the files finish in
    while (reported < loaded.length && loaded[reported] !== undefined) {
      options.onTable?.(loaded[reported]!, reported, listing.files.length);
      reported++;
    }
  };
  await readConcurrently(session, listing.files, options.concurrency, readOne);

  const tables = [...loaded];
  const extraColumns: ExtraColumn[] = tables.flatMap((table) =>
    table.extraColumns.map((column) => ({ file: table.file, table: table.physicalName, column })),
  );
  return {
    dir: listing.dir,
    tables,
    rejectionsTable,
    pmsiYears: listing.pmsiYears,
    ignoredFiles: listing.ignored,
    extraColumns,
  };
}

function loadedTable(
  file: DatasetFile,
  read: { delimiter?: CsvDelimiter; extraColumns: string[]; missingOptionalColumns: { name: string }[] },
  rowsRead: number,
  validated: { rowsValid: number; rowsRejected: number; typedTable: string },
  storage: { rawTable?: string; rowsTable?: string },
): LoadedTable {
  return {
    logicalName: file.logicalName,
    physicalName: file.physicalName,
    ...(file.year === undefined ? {} : { year: file.year }),
    file: file.file,
    path: file.path,
    format: file.format,
    ...(read.delimiter === undefined ? {} : { delimiter: read.delimiter }),
    rowsRead,
    rowsValid: validated.rowsValid,
    rowsRejected: validated.rowsRejected,
    typedTable: validated.typedTable,
    ...storage,
    extraColumns: read.extraColumns,
    missingOptionalColumns: read.missingOptionalColumns.map((c) => c.name),
  };
}

/** Drops a loaded table's typed table (and the rows or raw table behind it), once nothing reads it any more. */
export async function dropLoadedTable(session: DuckSession, table: LoadedTable): Promise<void> {
  if (table.rowsTable !== undefined) {
    await session.run(`DROP VIEW IF EXISTS ${sqlIdentifier(table.typedTable)}`);
    await session.run(`DROP TABLE IF EXISTS ${sqlIdentifier(table.rowsTable)}`);
  } else {
    await session.run(`DROP TABLE IF EXISTS ${sqlIdentifier(table.typedTable)}`);
  }
  if (table.rawTable !== undefined) await session.run(`DROP TABLE IF EXISTS ${sqlIdentifier(table.rawTable)}`);
}

/** The loaded tables of one contract table (several for PMSI: one per year), in year order. */
export function tablesOf(dataset: Dataset, logicalName: string): LoadedTable[] {
  return dataset.tables.filter((t) => t.logicalName === logicalName);
}

/**
 * SQL selecting the valid rows of a contract table across all its files (PMSI:
 * every year, with a `__year` column, null for tables without a year), or
 * undefined when the dataset has no such table.
 */
export function typedUnionQuery(dataset: Dataset, logicalName: string): string | undefined {
  const parts = tablesOf(dataset, logicalName).map(
    (t) => `SELECT *, CAST(${t.year ?? "NULL"} AS INTEGER) AS __year FROM ${sqlIdentifier(t.typedTable)}`,
  );
  return parts.length ? parts.join(" UNION ALL ") : undefined;
}

/** SQL selecting the rejections of one physical table (or all), ordered by file, row and column. */
export function rejectionsQuery(dataset: Dataset, physicalName?: string): string {
  const where = physicalName === undefined ? "" : ` WHERE table_name = ${sqlString(physicalName)}`;
  return `SELECT * FROM ${sqlIdentifier(dataset.rejectionsTable)}${where} ORDER BY file, source_row, column_index`;
}
