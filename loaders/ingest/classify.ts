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
  /**
   * The physical tables classified together: one table, or every year of one
   * logical table (e.g. T_MCO15C ... T_MCO25C) in one statement.
   */
  tables: LoadedTable[];
  /**
   * SQL yielding one row per valid row of every table: `__row`, `__table` (the
   * physical table name, as the typed tables carry it), `reason` (null when
   * fine), payload columns.
   */
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

/** Name of the classified table of a set of physical tables (one, or the years of one logical table). */
export function classifiedTable(tables: LoadedTable[]): string {
  return tables.length === 1 ? `ing_cls_${tables[0]!.physicalName}` : `ing_cls_${tables[0]!.logicalName}`;
}

function detailCase(details: Classification["details"], pick: (d: ReasonDetail) => string): string {
  const entries = Object.entries(details) as [IngestReason, ReasonDetail][];
  if (entries.length === 0) return "CAST(NULL AS VARCHAR)";
  return `CASE reason ${entries.map(([r, d]) => `WHEN '${r}' THEN ${pick(d)}`).join(" ")} END`;
}

/** SQL: the file of a row's physical table (`__table`). */
function fileOf(tables: LoadedTable[]): string {
  if (tables.length === 1) return sqlString(tables[0]!.file);
  return `CASE __table ${tables.map((t) => `WHEN ${sqlString(t.physicalName)} THEN ${sqlString(t.file)}`).join(" ")} END`;
}

/**
 * Classifies the rows of one table, or of the years of one logical table, into
 * `classifiedTable(tables)` (every column of `query` plus `status`), records
 * the rejected and out-of-scope rows and the used count of each physical
 * table. One statement checks, per physical table, that there is one outcome
 * per valid row (count and distinct rows) and counts its used rows. Returns
 * the classified table's name.
 */
export async function classifyRows(session: DuckSession, c: Classification): Promise<string> {
  const target = classifiedTable(c.tables);
  const status = statusSql("reason", c.okStatus);
  await session.run(
    `CREATE OR REPLACE TABLE ${sqlIdentifier(target)} AS SELECT *, ${status} AS status FROM (${c.query})`,
  );
  const counts = await session.all(
    `SELECT __table AS t, count(*)::BIGINT AS n, count(DISTINCT __row)::BIGINT AS d, ` +
      `count(*) FILTER (WHERE status = 'used')::BIGINT AS used FROM ${sqlIdentifier(target)} GROUP BY ALL`,
  );
  const byTable = new Map(counts.map((r) => [String(r.t), r]));
  for (const table of c.tables) {
    const n = Number(byTable.get(table.physicalName)?.n ?? 0);
    const d = Number(byTable.get(table.physicalName)?.d ?? 0);
    if (n !== table.rowsValid || d !== n) {
      throw new Error(
        `Internal error: classifying ${table.physicalName} gave ${n} outcomes for ${d} distinct rows, ` +
          `but the table has ${table.rowsValid} valid rows`,
      );
    }
  }
  if ([...byTable.keys()].some((t) => !c.tables.some((x) => x.physicalName === t))) {
    throw new Error(`Internal error: classifying ${target} gave rows of tables outside ${target}`);
  }
  const column = detailCase(c.details, (x) => sqlString(x.column));
  const value = detailCase(c.details, (x) => `CAST(${x.value} AS VARCHAR)`);
  const expected = detailCase(c.details, (x) => sqlString(x.expected));
  await session.run(
    `INSERT INTO ${OUTCOMES_TABLE} SELECT __table, ${sqlString(c.tables[0]!.logicalName)}, ` +
      `${fileOf(c.tables)}, __row, status, reason, ${column}, ${value}, ${expected} ` +
      `FROM ${sqlIdentifier(target)} WHERE status IN ('rejected', 'out_of_scope')`,
  );
  await insertUsedCounts(
    session,
    c.tables.map((t) => [t.physicalName, Number(byTable.get(t.physicalName)?.used ?? 0)]),
  );
  return target;
}

async function insertUsedCounts(session: DuckSession, counts: [string, number][]): Promise<void> {
  if (counts.length === 0) return;
  await session.run(
    `INSERT INTO ${USED_COUNTS_TABLE} VALUES ${counts.map(([t, n]) => `(${sqlString(t)}, ${n})`).join(", ")}`,
  );
}

/**
 * Classifies a table whose every valid row has the same outcome (nomenclatures,
 * GOLD_LINES): no join, so one outcome per valid row by construction, and
 * nothing is copied.
 */
export async function classifyWhole(
  session: DuckSession,
  table: LoadedTable,
  reason: IngestReason | null,
  details: Classification["details"] = {},
): Promise<void> {
  if (reason === null) {
    await insertUsedCounts(session, [[table.physicalName, table.rowsValid]]);
    return;
  }
  const status = statusSql(sqlString(reason), "'used'");
  const detail = details[reason];
  await session.run(
    `INSERT INTO ${OUTCOMES_TABLE} SELECT ${sqlString(table.physicalName)}, ${sqlString(table.logicalName)}, ` +
      `${sqlString(table.file)}, __row, ${status}, ${sqlString(reason)}, ` +
      `${detail ? sqlString(detail.column) : "NULL"}, ${detail ? `CAST(${detail.value} AS VARCHAR)` : "NULL"}, ` +
      `${detail ? sqlString(detail.expected) : "NULL"} FROM ${sqlIdentifier(table.typedTable)}`,
  );
  await insertUsedCounts(session, [[table.physicalName, 0]]);
}
