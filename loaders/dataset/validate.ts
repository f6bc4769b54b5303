/**
 * Validation: turns a raw all-text table into (a) a typed table of its valid rows
 * and (b) rows of the shared rejections table, one per problem cell. Every rule
 * comes from the contract (see column-rules.ts); all the work is SQL in DuckDB,
 * so the data never passes through JavaScript.
 *
 * A row with several problems is rejected once (it counts once in rowsRejected)
 * and lists every problem. Nothing is dropped silently: for every table,
 * rowsRead = rowsValid + rowsRejected, and this is checked.
 */
import { allColumns, type ColumnSpec } from "../../core/contract/tables.js";
import { sqlIdentifier, sqlString, type DuckSession } from "../duckdb/session.js";
import { expectedForm, normalisedCell, problemExpression, sqlType, typedValue } from "./column-rules.js";
import { MAX_SHOWN_CHARS, originalColumn, type RawTable } from "./load.js";

/** SQL: a cell as shown in a rejection, cut after MAX_SHOWN_CHARS characters (a 20 MB cell is not copied). */
export const shownCell = (cell: string) =>
  `CASE WHEN length(${cell}) > ${MAX_SHOWN_CHARS} THEN left(${cell}, ${MAX_SHOWN_CHARS}) || '... (' || ` +
  `length(${cell}) || ' characters)' ELSE ${cell} END`;

/** Columns of the rejections table, one row per problem cell. */
export interface Rejection {
  /** Physical table (`T_MCO19B`). */
  table_name: string;
  /** Contract table (`T_MCOaaB`). */
  logical_table: string;
  /** File name as found in the folder. */
  file: string;
  /** 1-based data row in the file (header excluded). */
  source_row: number;
  column_name: string;
  /** Reason code, see REJECTION_REASONS. */
  reason: string;
  /** The cell as written in the file (before trimming; cut after 200 characters); null for an empty cell. */
  value: string | null;
  /** The expected form of the column, in words. */
  expected: string;
}

/** Creates (or replaces) the empty rejections table. */
export async function createRejectionsTable(session: DuckSession, name: string): Promise<void> {
  await session.run(
    `CREATE OR REPLACE TABLE ${sqlIdentifier(name)} (table_name VARCHAR, logical_table VARCHAR, file VARCHAR, ` +
      `source_row BIGINT, column_name VARCHAR, column_index INTEGER, reason VARCHAR, value VARCHAR, expected VARCHAR)`,
  );
}

export interface ValidatedTable {
  typedTable: string;
  rowsValid: number;
  rowsRejected: number;
}

/** Metadata columns every typed table starts with. */
export const TYPED_METADATA_COLUMNS = ["__row", "__table", "__file"] as const;

/**
 * Validates `raw` into `typedTable` (replaced if it exists) and appends its
 * problems to `rejectionsTable`. The typed table holds `__row` (BIGINT, 1-based
 * data row of the file), `__table` (physical table name), `__file` (file name),
 * then every contract column in contract order with its DuckDB type; optional
 * columns absent from the file are typed nulls.
 */
export async function validateRawTable(
  session: DuckSession,
  raw: RawTable,
  typedTable: string,
  rejectionsTable: string,
): Promise<ValidatedTable> {
  const file = raw.file;
  const indexOf = new Map(raw.fileColumns.map((name, i) => [name, i]));
  const checked = raw.columns.map((column, k) => {
    const v = `v${k}`;
    const typed = typedValue(column, v);
    return { column, k, v, typed, fileIndex: indexOf.get(column.name) ?? -1 };
  });

  // r<k>: the cell as written (null when empty), v<k>: trimmed (null when empty after trimming)
  let normCte: string;
  if (raw.normalised === false) {
    // text-only raw table: trim here, once per cell (same values as the normalised raw table)
    const cells = checked.map(({ column, k }) => {
      const c = sqlIdentifier(column.name);
      return `${c} AS w${k}, ${normalisedCell(c)} AS v${k}`;
    });
    const norm = checked.map(
      ({ k }) => `CASE WHEN w${k} <> coalesce(v${k}, '') THEN w${k} ELSE v${k} END AS r${k}, v${k}`,
    );
    normCte =
      `cells AS (SELECT ${["rowid + 1 AS __row", ...cells].join(", ")} FROM ${sqlIdentifier(raw.rawTable)}), ` +
      `norm AS (SELECT ${["__row", ...norm].join(", ")} FROM cells)`;
  } else {
    const normalised = [
      "rowid + 1 AS __row",
      ...checked.map(({ column, k, v }) => {
        const original = sqlIdentifier(originalColumn(column.name));
        return `coalesce(${original}, ${sqlIdentifier(column.name)}) AS r${k}, ${sqlIdentifier(column.name)} AS ${v}`;
      }),
    ].join(", ");
    normCte = `norm AS (SELECT ${normalised} FROM ${sqlIdentifier(raw.rawTable)})`;
  }
  const problems = checked.map(({ column, k, v, typed }) => `${problemExpression(column, v, typed)} AS p${k}`);
  const checkedCte =
    `WITH ${normCte}, ` + `chk AS (SELECT *${problems.length ? ", " + problems.join(", ") : ""} FROM norm)`;
  const allValid = checked.length ? checked.map(({ k }) => `p${k} IS NULL`).join(" AND ") : "true";

  const present = new Map(checked.map((c) => [c.column.name, c]));
  const typedColumns = allColumns(file.spec)
    .filter((column) => present.has(column.name) || raw.missingOptionalColumns.includes(column))
    .map((column: ColumnSpec) => {
      const c = present.get(column.name);
      const value = c ? `CAST(${c.typed} AS ${sqlType(column.type)})` : `CAST(NULL AS ${sqlType(column.type)})`;
      return `${value} AS ${sqlIdentifier(column.name)}`;
    });
  await session.run(
    `CREATE OR REPLACE TABLE ${sqlIdentifier(typedTable)} AS ${checkedCte} ` +
      `SELECT __row, ${sqlString(file.physicalName)} AS __table, ${sqlString(file.file)} AS __file, ` +
      `${typedColumns.join(", ")} FROM chk WHERE ${allValid}`,
  );

  const valid = await session.all(`SELECT count(*)::BIGINT AS n FROM ${sqlIdentifier(typedTable)}`);
  const rowsValid = Number(valid[0]?.n ?? 0);
  // The rejection pass recomputes every rule: skip it when every row is valid.
  let rowsRejected = 0;
  if (rowsValid < raw.rowsRead) {
    const structs = checked.map(
      ({ column, k, fileIndex }) =>
        `struct_pack(column_name := ${sqlString(column.name)}, column_index := ${fileIndex + 1}, ` +
        `reason := p${k}, value := ${shownCell(`r${k}`)}, expected := ${sqlString(expectedForm(column))})`,
    );
    await session.run(
      `INSERT INTO ${sqlIdentifier(rejectionsTable)} ${checkedCte} ` +
        `SELECT ${sqlString(file.physicalName)}, ${sqlString(file.logicalName)}, ${sqlString(file.file)}, __row, ` +
        `p.column_name, p.column_index, p.reason, p.value, p.expected FROM (` +
        `SELECT __row, unnest(list_filter([${structs.join(", ")}], lambda s: s.reason IS NOT NULL)) AS p ` +
        `FROM chk WHERE NOT (${allValid}))`,
    );

    const rejected = await session.all(
      `SELECT count(DISTINCT source_row)::BIGINT AS n FROM ${sqlIdentifier(rejectionsTable)} ` +
        `WHERE table_name = ${sqlString(file.physicalName)}`,
    );
    rowsRejected = Number(rejected[0]?.n ?? 0);
  }
  if (rowsValid + rowsRejected !== raw.rowsRead) {
    throw new Error(
      `Internal error: ${file.file}: ${raw.rowsRead} rows read but ${rowsValid} valid + ${rowsRejected} rejected`,
    );
  }
  return { typedTable, rowsValid, rowsRejected };
}
