/**
 * Reading and validating a file in one pass: DuckDB reads the file (CSV or
 * Parquet), trims and checks every cell and types it in the same statement, and
 * stores each row once, typed, with its problems (`__problems`, null for a valid
 * row) in a rows table. The typed table is a view of its valid rows (nothing
 * copied), the rejections the problems of the others. Same rules, values,
 * row numbers and rejections as loading a raw table and validating it (load.ts +
 * validate.ts, still used with `keepRaw`), with the text read and checked once
 * instead of three times (materialise the text, type the valid rows, list the
 * problems) and each cell typed once.
 *
 * Row numbers are rowids of the rows table, created in file order
 * (`preserve_insertion_order = true`, set by openDataset).
 */
import { allColumns } from "../../core/contract/tables.js";
import { sqlIdentifier, sqlString, type DuckSession } from "../duckdb/session.js";
import type { DatasetFile } from "./discover.js";
import {
  expectedForm,
  normalisedCell,
  problemExpression,
  sqlType,
  typedStoredValue,
  typedValue,
} from "./column-rules.js";
import { fileSource, storedColumn, unreadableFile, type FileSource } from "./load.js";
import { shownCell, type ValidatedTable } from "./validate.js";

export interface ReadValidatedTable extends ValidatedTable {
  read: FileSource;
  rowsRead: number;
  /** The table holding every row read; `typedTable` is a view of its valid rows. */
  rowsTable: string;
}

/** Drops the table or view `name` of the main schema, if there is one (a dataset opened again in the same session). */
async function dropTableOrView(session: DuckSession, name: string): Promise<void> {
  const found = await session.all(
    `SELECT table_type AS t FROM information_schema.tables WHERE table_schema = 'main' AND table_name = ${sqlString(name)}`,
  );
  const type = found[0]?.t;
  if (type === "VIEW") await session.run(`DROP VIEW ${sqlIdentifier(name)}`);
  else if (type !== undefined) await session.run(`DROP TABLE ${sqlIdentifier(name)}`);
}

/**
 * Reads `file` into `rowsTable` (every row, typed, with its problems), appends
 * the problems of its rejected rows to `rejectionsTable` and creates
 * `typedTable`, a view of its valid rows (replacing a table or view of that
 * name): `__row`, `__table`, `__file`, then the contract columns in contract
 * order, typed; absent optional columns as typed nulls. Drop both with
 * `dropLoadedTable`.
 */
export async function readValidatedTable(
  session: DuckSession,
  file: DatasetFile,
  typedTable: string,
  rowsTable: string,
  rejectionsTable: string,
): Promise<ReadValidatedTable> {
  const read = await fileSource(session, file, { storedValues: true });
  const indexOf = new Map(read.fileColumns.map((name, i) => [name, i]));
  const checked = read.columns.map((column, k) => ({ column, k, fileIndex: indexOf.get(column.name) ?? -1 }));

  // w<k>: the cell as read; v<k>: trimmed, null when empty; t<k>: typed (computed once); p<k>: first problem
  // x<k>: a Parquet cell's stored value (DATE, TIMESTAMP, integer), typed without parsing its text
  const cells = checked.map(({ column, k }) => {
    const c = sqlIdentifier(column.name);
    const stored = read.storedTypes?.has(column.name) ? `, ${sqlIdentifier(storedColumn(column.name))} AS x${k}` : "";
    return `${c} AS w${k}, ${normalisedCell(c)} AS v${k}${stored}`;
  });
  const typed = checked.map(({ column, k }) => {
    const storedType = read.storedTypes?.get(column.name);
    const value =
      storedType === undefined ? typedValue(column, `v${k}`) : typedStoredValue(column, `x${k}`, storedType, `v${k}`);
    return `${value} AS t${k}`;
  });
  const problems = checked.map(({ column, k }) => `${problemExpression(column, `v${k}`, `t${k}`)} AS p${k}`);
  const allValid = checked.length ? checked.map(({ k }) => `p${k} IS NULL`).join(" AND ") : "true";
  // the cell as written where trimming changed it, else the trimmed cell (as in the rejections of validate.ts)
  const structs = checked.map(
    ({ column, k, fileIndex }) =>
      `struct_pack(column_name := ${sqlString(column.name)}, column_index := ${fileIndex + 1}, reason := p${k}, ` +
      `value := ${shownCell(`CASE WHEN w${k} <> coalesce(v${k}, '') THEN w${k} ELSE v${k} END`)}, ` +
      `expected := ${sqlString(expectedForm(column))})`,
  );
  const problemList = checked.length
    ? `CASE WHEN ${allValid} THEN NULL ELSE list_filter([${structs.join(", ")}], lambda s: s.reason IS NOT NULL) END`
    : "NULL";
  const stored = checked.map(
    ({ column, k }) => `CAST(t${k} AS ${sqlType(column.type)}) AS ${sqlIdentifier(column.name)}`,
  );
  const rows = sqlIdentifier(rowsTable);
  try {
    await session.run(
      `CREATE OR REPLACE TABLE ${rows} AS WITH ` +
        `cells AS (SELECT ${cells.length ? cells.join(", ") : "1 AS none"} FROM (${read.source})), ` +
        `typed AS (SELECT *${typed.length ? ", " + typed.join(", ") : ""} FROM cells), ` +
        `chk AS (SELECT *${problems.length ? ", " + problems.join(", ") : ""} FROM typed) ` +
        `SELECT ${[...stored, `${problemList} AS __problems`].join(", ")} FROM chk`,
    );
  } catch (error) {
    throw unreadableFile(file, read, error);
  }

  const counts = await session.all(`SELECT count(*)::BIGINT AS n, count(__problems)::BIGINT AS bad FROM ${rows}`);
  const rowsRead = Number(counts[0]?.n ?? 0);
  let rowsRejected = 0;
  if (Number(counts[0]?.bad ?? 0) > 0) {
    await session.run(
      `INSERT INTO ${sqlIdentifier(rejectionsTable)} ` +
        `SELECT ${sqlString(file.physicalName)}, ${sqlString(file.logicalName)}, ${sqlString(file.file)}, __row, ` +
        `p.column_name, p.column_index, p.reason, p.value, p.expected FROM (` +
        `SELECT rowid + 1 AS __row, unnest(__problems) AS p FROM ${rows} WHERE __problems IS NOT NULL)`,
    );
    const rejected = await session.all(
      `SELECT count(DISTINCT source_row)::BIGINT AS n FROM ${sqlIdentifier(rejectionsTable)} ` +
        `WHERE table_name = ${sqlString(file.physicalName)}`,
    );
    rowsRejected = Number(rejected[0]?.n ?? 0);
  }

  // the typed table: a view of the valid rows of the rows table. Copying them into a table of their own
  // cost a fifth to a half of the read itself (every typed cell copied once more, in file order); the view
  // stores nothing: `__row` is the row's rowid + 1 (file order), `__table` and `__file` constants.
  const present = new Set(read.columns.map((c) => c.name));
  const typedColumns = allColumns(file.spec)
    .filter((column) => present.has(column.name) || read.missingOptionalColumns.includes(column))
    .map((column) =>
      present.has(column.name)
        ? sqlIdentifier(column.name)
        : `CAST(NULL AS ${sqlType(column.type)}) AS ${sqlIdentifier(column.name)}`,
    );
  await dropTableOrView(session, typedTable);
  await session.run(
    `CREATE OR REPLACE VIEW ${sqlIdentifier(typedTable)} AS SELECT rowid + 1 AS __row, ` +
      `${sqlString(file.physicalName)} AS __table, ${sqlString(file.file)} AS __file, ${typedColumns.join(", ")} ` +
      `FROM ${rows} WHERE __problems IS NULL`,
  );
  const rowsValid = rowsRead - Number(counts[0]?.bad ?? 0);
  if (rowsValid + rowsRejected !== rowsRead) {
    throw new Error(
      `Internal error: ${file.file}: ${rowsRead} rows read but ${rowsValid} valid + ${rowsRejected} rejected`,
    );
  }
  return { read, rowsRead, rowsValid, rowsRejected, typedTable, rowsTable };
}
