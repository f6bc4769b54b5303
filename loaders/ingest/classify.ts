/**
 * Row classification: every valid row of an input table gets exactly one
 * outcome, decided in SQL over the whole table. Rows that become events
 * (`event`) go on to merging, rows used for linkage, diagnosis or death count
 * as `used`, and rejected or out-of-scope rows are recorded, with the column,
 * value and expected form that explain them, in the outcomes table (written as
 * rejections.parquet). A classification that does not give one outcome per
 * valid row (a join fan-out) is an internal error, caught here.
 */
import type { LoadedTable } from "../dataset/index.js";
import { sqlIdentifier, sqlString, type DuckSession } from "../duckdb/session.js";
import { statusSql, type IngestReason } from "./reasons.js";

export const OUTCOMES_TABLE = "ing_outcomes";
export const USED_COUNTS_TABLE = "ing_used_counts";

/** How a reason is explained in the rejections: the column, its value (SQL over the row) and the expected form. */
export interface ReasonDetail {
  column: string;
  /** SQL expression over the classified row, cast to text. */
  value: string;
  expected: string;
}

export interface Classification {
  table: LoadedTable;
  /** SQL yielding one row per valid row of `table.typedTable`: `__row`, `reason` (null when fine), payload columns. */
  query: string;
  /** SQL expression giving the status of a row whose reason is null: `'event'` or `'used'`. */
  okStatus: string;
  details: Partial<Record<IngestReason, ReasonDetail>>;
}

export async function createOutcomeTables(session: DuckSession): Promise<void> {
  await session.run(
    `CREATE OR REPLACE TABLE ${OUTCOMES_TABLE} (table_name VARCHAR, logical_table VARCHAR, file VARCHAR, ` +
      `source_row BIGINT, status VARCHAR, reason VARCHAR, column_name VARCHAR, value VARCHAR, expected VARCHAR)`,
  );
  await session.run(`CREATE OR REPLACE TABLE ${USED_COUNTS_TABLE} (table_name VARCHAR, used BIGINT)`);
}

/** Name of the classified table of a physical table. */
export function classifiedTable(table: LoadedTable): string {
  return `ing_cls_${table.physicalName}`;
}

function detailCase(details: Classification["details"], pick: (d: ReasonDetail) => string): string {
  const entries = Object.entries(details) as [IngestReason, ReasonDetail][];
  if (entries.length === 0) return "CAST(NULL AS VARCHAR)";
  return `CASE reason ${entries.map(([r, d]) => `WHEN '${r}' THEN ${pick(d)}`).join(" ")} END`;
}

/**
 * Classifies the rows of one table into `ing_cls_<physical name>` (every
 * column of `query` plus `status`), records its rejected and out-of-scope rows
 * and its used count. Returns the classified table's name.
 */
export async function classifyRows(session: DuckSession, c: Classification): Promise<string> {
  const target = classifiedTable(c.table);
  const status = statusSql("reason", c.okStatus);
  await session.run(
    `CREATE OR REPLACE TABLE ${sqlIdentifier(target)} AS SELECT *, ${status} AS status FROM (${c.query})`,
  );
  const counts = await session.all(
    `SELECT count(*)::BIGINT AS n, count(DISTINCT __row)::BIGINT AS d FROM ${sqlIdentifier(target)}`,
  );
  const n = Number(counts[0]?.n ?? 0);
  const d = Number(counts[0]?.d ?? 0);
  if (n !== c.table.rowsValid || d !== n) {
    throw new Error(
      `Internal error: classifying ${c.table.physicalName} gave ${n} outcomes for ${d} distinct rows, ` +
        `but the table has ${c.table.rowsValid} valid rows`,
    );
  }
  const column = detailCase(c.details, (x) => sqlString(x.column));
  const value = detailCase(c.details, (x) => `CAST(${x.value} AS VARCHAR)`);
  const expected = detailCase(c.details, (x) => sqlString(x.expected));
  await session.run(
    `INSERT INTO ${OUTCOMES_TABLE} SELECT ${sqlString(c.table.physicalName)}, ${sqlString(c.table.logicalName)}, ` +
      `${sqlString(c.table.file)}, __row, status, reason, ${column}, ${value}, ${expected} ` +
      `FROM ${sqlIdentifier(target)} WHERE status IN ('rejected', 'out_of_scope')`,
  );
  await session.run(
    `INSERT INTO ${USED_COUNTS_TABLE} SELECT ${sqlString(c.table.physicalName)}, count(*) ` +
      `FROM ${sqlIdentifier(target)} WHERE status = 'used'`,
  );
  return target;
}

/** Classifies a table whose every valid row has the same outcome (nomenclatures, GOLD_LINES). */
export async function classifyWhole(
  session: DuckSession,
  table: LoadedTable,
  reason: IngestReason | null,
  details: Classification["details"] = {},
): Promise<void> {
  const target = await classifyRows(session, {
    table,
    query: `SELECT __row, CAST(${reason === null ? "NULL" : sqlString(reason)} AS VARCHAR) AS reason FROM ${sqlIdentifier(table.typedTable)}`,
    okStatus: "'used'",
    details,
  });
  await session.run(`DROP TABLE ${sqlIdentifier(target)}`);
}
