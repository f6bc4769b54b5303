/**
 * Loading: one dataset file into DuckDB as a raw all-text table, in file order,
 * with nothing checked yet but the columns. CSV is parsed by DuckDB's reader with
 * the header and delimiter decided here (see csv-header.ts); Parquet is read with
 * read_parquet and every column cast to text, so both formats go through the
 * same validation.
 *
 * Fatal (DataError): a required column is missing (the error names the file, the
 * column and the expected columns); a column name appears twice in the header; a
 * CSV file that DuckDB cannot parse (wrong number of fields on a row, unclosed
 * quote, invalid UTF-8). Extra columns are kept in the raw table and reported.
 */
import { allColumns, LINES_OPTIONAL_COLUMNS, type ColumnSpec } from "../../core/contract/tables.js";
import { DataError } from "../../core/errors/data-error.js";
import { sqlIdentifier, sqlString, type DuckSession } from "../duckdb/session.js";
import { normalisedCell } from "./column-rules.js";
import { readCsvHeader, type CsvDelimiter } from "./csv-header.js";
import type { DatasetFile } from "./discover.js";

/** A file loaded as text, before validation. */
export interface RawTable {
  file: DatasetFile;
  /**
   * DuckDB all-text table, in file order: row i (rowid i - 1) is data row i. One
   * VARCHAR column per file column; a contract column holds the trimmed cell
   * (null when empty), and `originalColumn(name)` the cell as written where it
   * differs (else null). Extra columns are kept as written.
   */
  rawTable: string;
  /** Every column of the file, in file order. */
  fileColumns: string[];
  /** Contract columns present in the file, in contract order. */
  columns: ColumnSpec[];
  /** Optional contract columns (v2 additions, optional columns of a lines table) absent from the file. */
  missingOptionalColumns: ColumnSpec[];
  /** File columns that are not contract columns: kept in the raw table, not validated. */
  extraColumns: string[];
  delimiter?: CsvDelimiter;
  rowsRead: number;
  /**
   * False when loaded with `textOnly`: every column holds the cell exactly as
   * read (no trimming, no `originalColumn`), and validation normalises it.
   */
  normalised?: boolean;
}

export interface LoadRawOptions {
  /**
   * Store the cells as read, without the trimmed copy and `__orig__` columns
   * (validation computes both on the fly): one column per file column, so
   * loading a large file materialises half as much. Default false.
   */
  textOnly?: boolean;
}

const OPTIONAL_COLUMN_NAMES = new Set(LINES_OPTIONAL_COLUMNS.map((c) => c.name));

/**
 * True when a column may be absent from the file: the table's optional columns
 * (contract v2 additions) and the optional columns of a lines table (section 4).
 */
export function columnMayBeAbsent(file: DatasetFile, column: ColumnSpec): boolean {
  if (file.spec.optionalColumns?.includes(column)) return true;
  return file.spec.family === "lines" && OPTIONAL_COLUMN_NAMES.has(column.name);
}

/**
 * The file's column names with each accepted alias replaced by its contract
 * name (`DELAI` -> `DAT_DELAI` in T_MCOaaMEDATU), unless the contract name is
 * also there (the alias is then an extra column).
 */
export function canonicalColumnNames(file: DatasetFile, fileColumns: readonly string[]): string[] {
  const present = new Set(fileColumns);
  const renamed = new Map<string, string>();
  for (const column of allColumns(file.spec)) {
    if (present.has(column.name)) continue;
    const alias = column.aliases?.find((a) => present.has(a));
    if (alias !== undefined) renamed.set(alias, column.name);
  }
  return fileColumns.map((name) => renamed.get(name) ?? name);
}

function checkColumns(file: DatasetFile, fileColumns: string[]) {
  const expected = file.spec.columns.map((c) => (c.aliases ? `${c.name} (or ${c.aliases.join(", ")})` : c.name));
  const seen = new Set<string>();
  for (const name of fileColumns) {
    if (seen.has(name)) {
      throw new DataError(
        `column ${name} appears twice in the header`,
        { file: file.path, table: file.physicalName, column: name },
        `each column once: ${expected.join(", ")}`,
      );
    }
    seen.add(name);
  }
  const columns: ColumnSpec[] = [];
  const missingOptionalColumns: ColumnSpec[] = [];
  for (const column of allColumns(file.spec)) {
    if (seen.has(column.name)) columns.push(column);
    else if (columnMayBeAbsent(file, column)) missingOptionalColumns.push(column);
    else {
      const nearly = fileColumns.find((f) => f.trim().toUpperCase() === column.name.toUpperCase());
      const hint = nearly === undefined ? "" : ` (found ${JSON.stringify(nearly)}: column names are exact)`;
      throw new DataError(
        `required column ${column.name} is missing${hint}`,
        { file: file.path, table: file.physicalName, column: column.name },
        `columns ${expected.join(", ")}`,
        fileColumns.join(", "),
      );
    }
  }
  const known = new Set(allColumns(file.spec).map((c) => c.name));
  const extraColumns = fileColumns.filter((c) => !known.has(c));
  return { columns, missingOptionalColumns, extraColumns };
}

/** Name of the raw-table column holding a contract cell as written, where trimming changed it. */
export function originalColumn(name: string): string {
  return `__orig__${name}`;
}

function rawProjection(fileColumns: string[], contract: ReadonlySet<string>): string {
  return fileColumns
    .map((name) => {
      const c = sqlIdentifier(name);
      if (!contract.has(name)) return `${c} AS ${c}`;
      const v = normalisedCell(c);
      return `${v} AS ${c}, CASE WHEN ${c} <> coalesce(${v}, '') THEN ${c} END AS ${sqlIdentifier(originalColumn(name))}`;
    })
    .join(", ");
}

/** Longest cell or message part shown in an error or a rejection. */
export const MAX_SHOWN_CHARS = 200;

/**
 * The first lines of a DuckDB error, without the row it quotes (`Original
 * Line: ...`: a whole row of patient data) and cut to a readable length.
 */
export function firstLines(message: string, count: number): string {
  const text = message
    .split("\n")
    .filter((line) => !/^\s*Original Line:/i.test(line))
    .slice(0, count)
    .join(" ")
    .replace(/\s+/g, " ")
    .trim();
  return text.length > 2 * MAX_SHOWN_CHARS ? `${text.slice(0, 2 * MAX_SHOWN_CHARS)}...` : text;
}

async function countRows(session: DuckSession, table: string): Promise<number> {
  const rows = await session.all(`SELECT count(*)::BIGINT AS n FROM ${sqlIdentifier(table)}`);
  return Number(rows[0]?.n ?? 0);
}

/** How a file is read: its columns, and SQL selecting its cells as text (contract columns by their contract name). */
export interface FileSource {
  /** Every column of the file, in file order (aliases by their contract name). */
  fileColumns: string[];
  columns: ColumnSpec[];
  missingOptionalColumns: ColumnSpec[];
  extraColumns: string[];
  delimiter?: CsvDelimiter;
  /** SQL query: one VARCHAR column per file column, the cells as read, in file order. */
  source: string;
  /**
   * Parquet with `storedValues`: contract date and integer columns stored as a
   * DATE, TIMESTAMP or integer type, by contract name: their stored type; the
   * source also selects the stored value as `storedColumn(name)`.
   */
  storedTypes?: Map<string, string>;
}

/** Name of the source column holding a Parquet cell's stored value (see FileSource.storedTypes). */
export function storedColumn(name: string): string {
  return `__stored__${name}`;
}

/** Parquet types whose values can be typed without going through their text (see read-validated.ts). */
const STORED_DATE_TYPES = /^(DATE|TIMESTAMP|TIMESTAMP_NS|TIMESTAMP_MS|TIMESTAMP_S)$/;
const STORED_INTEGER_TYPES = /^(TINYINT|SMALLINT|INTEGER|BIGINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|HUGEINT)$/;

/**
 * Reads the header (CSV) or the schema (Parquet) of `file` and checks its
 * columns; reads no data row. Fatal (DataError) as described at the top.
 */
export async function fileSource(
  session: DuckSession,
  file: DatasetFile,
  options: { storedValues?: boolean } = {},
): Promise<FileSource> {
  let fileColumns: string[];
  let storedTypes: Map<string, string> | undefined;
  let delimiter: CsvDelimiter | undefined;
  let source: string;

  if (file.format === "csv") {
    const header = await readCsvHeader(
      file.path,
      file.spec.columns.map((c) => c.name),
    );
    // the header row is skipped: the columns are named here (aliases by their contract name)
    fileColumns = canonicalColumnNames(
      file,
      header.columns.map((name, i) => (name === "" ? `column${i + 1}` : name)),
    );
    delimiter = header.delimiter;
    const struct = fileColumns.map((name) => `${sqlString(name)}: 'VARCHAR'`).join(", ");
    source =
      `SELECT * FROM read_csv(${sqlString(file.path)}, delim=${sqlString(delimiter)}, quote='"', escape='"', ` +
      `header=true, auto_detect=false, columns={${struct}}, strict_mode=true, null_padding=false, ` +
      `encoding='utf-8', parallel=true)`;
  } else {
    let described: Record<string, unknown>[];
    try {
      described = await session.all(`DESCRIBE SELECT * FROM read_parquet(${sqlString(file.path)})`);
    } catch (error) {
      throw new DataError(
        `cannot read the Parquet file: ${firstLines((error as Error).message, 2)}`,
        { file: file.path, table: file.physicalName },
        "a Parquet file",
      );
    }
    const written = described.map((r) => String(r.column_name));
    fileColumns = canonicalColumnNames(file, written);
    const specs = new Map(allColumns(file.spec).map((c) => [c.name, c]));
    const casts = written.map((name, i) => {
      const canonical = fileColumns[i]!;
      const text = `CAST(${sqlIdentifier(name)} AS VARCHAR)`;
      const type = String(described[i]!.column_type);
      const spec = specs.get(canonical);
      let value = text;
      // a UCD stored as an integer has lost its leading zeros
      if (spec?.ucd && /INT/.test(type)) value = `lpad(${text}, greatest(13, length(${text}))::INTEGER, '0')`;
      // an integer stored as a floating-point or decimal number: its digits when whole (1955.0 -> 1955)
      if (spec?.type === "integer" && /^(DOUBLE|FLOAT|REAL|DECIMAL)/.test(type)) {
        const x = sqlIdentifier(name);
        value = `CASE WHEN ${x} = trunc(${x}) AND abs(${x}) < 1e15 THEN CAST(CAST(${x} AS BIGINT) AS VARCHAR) ELSE ${text} END`;
      }
      return `${value} AS ${sqlIdentifier(canonical)}`;
    });
    const stored: string[] = [];
    if (options.storedValues) {
      storedTypes = new Map();
      for (const [i, name] of written.entries()) {
        const canonical = fileColumns[i]!;
        const type = String(described[i]!.column_type);
        const spec = specs.get(canonical);
        const fits =
          (spec?.type === "date" && STORED_DATE_TYPES.test(type)) ||
          (spec?.type === "integer" && STORED_INTEGER_TYPES.test(type));
        if (!fits || storedTypes.has(canonical)) continue;
        storedTypes.set(canonical, type);
        stored.push(`${sqlIdentifier(name)} AS ${sqlIdentifier(storedColumn(canonical))}`);
      }
    }
    source = `SELECT ${[...casts, ...stored].join(", ")} FROM read_parquet(${sqlString(file.path)})`;
  }
  return {
    fileColumns,
    ...checkColumns(file, fileColumns),
    ...(delimiter === undefined ? {} : { delimiter }),
    source,
    ...(storedTypes ? { storedTypes } : {}),
  };
}

/** The DataError of a file that DuckDB could not read (CSV parse error, unreadable Parquet). */
export function unreadableFile(file: DatasetFile, read: FileSource, error: unknown): DataError {
  return new DataError(
    `cannot read the file: ${firstLines((error as Error).message, 3)}`,
    { file: file.path, table: file.physicalName },
    file.format === "csv"
      ? `UTF-8 CSV, delimiter ${JSON.stringify(read.delimiter)}, double quotes around fields that hold it, ${read.fileColumns.length} fields on every row`
      : "a Parquet file",
  );
}

/** Loads one file into `rawTable` (replaced if it exists). */
export async function loadRawTable(
  session: DuckSession,
  file: DatasetFile,
  rawTable: string,
  options: LoadRawOptions = {},
): Promise<RawTable> {
  const target = sqlIdentifier(rawTable);
  const read = await fileSource(session, file);
  const { source, fileColumns, delimiter, ...checked } = read;
  try {
    const contract = new Set(checked.columns.map((c) => c.name));
    const projection = options.textOnly ? "*" : rawProjection(fileColumns, contract);
    await session.run(`CREATE OR REPLACE TABLE ${target} AS SELECT ${projection} FROM (${source})`);
  } catch (error) {
    throw unreadableFile(file, read, error);
  }
  return {
    file,
    rawTable,
    fileColumns,
    ...checked,
    ...(delimiter === undefined ? {} : { delimiter }),
    rowsRead: await countRows(session, rawTable),
    ...(options.textOnly ? { normalised: false } : {}),
  };
}
