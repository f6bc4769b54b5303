/**
 * The accounting of every input table: rows read = used + merged duplicates +
 * rejected + out of scope, each with reasons. Rejected rows come from the
 * dataset reader's validation (first problem cell of the row gives the reason)
 * and from ingestion (classify.ts); used and merged rows of event tables come
 * from the merge roles (a row is used when it is the primary row of at least
 * one exposure or session, merged otherwise). The identity is checked for
 * every table: a mismatch is an internal error.
 */
import type { Dataset } from "../dataset/index.js";
import { sqlIdentifier, sqlString, type DuckSession } from "../duckdb/session.js";
import { OUTCOMES_TABLE, USED_COUNTS_TABLE } from "./classify.js";
import { EVENT_ROLE_COUNTS } from "./merge.js";

export interface TableAccounting {
  table: string;
  logicalTable: string;
  file: string;
  rowsRead: number;
  used: number;
  mergedDuplicates: number;
  rejected: number;
  outOfScope: number;
}

export interface ReasonCount {
  table: string;
  status: "rejected" | "out_of_scope" | "merged_duplicate";
  reason: string;
  rows: number;
}

export interface Accounting {
  tables: TableAccounting[];
  reasons: ReasonCount[];
}

/** Builds `ing_accounting` and `ing_accounting_reasons`, checks the identity and returns both. */
export async function buildAccounting(session: DuckSession, dataset: Dataset): Promise<Accounting> {
  const values = dataset.tables
    .map(
      (t) =>
        `(${sqlString(t.physicalName)}, ${sqlString(t.logicalName)}, ${sqlString(t.file)}, ${t.rowsRead}, ${t.rowsRejected})`,
    )
    .join(", ");
  await session.run(
    `CREATE OR REPLACE TABLE ing_tables AS SELECT * FROM (VALUES ${values}) ` +
      `AS t(table_name, logical_table, file, rows_read, rows_invalid)`,
  );
  await session.run(`CREATE OR REPLACE TABLE ing_role_counts AS ${EVENT_ROLE_COUNTS}`);
  const rej = sqlIdentifier(dataset.rejectionsTable);
  await session.run(
    `CREATE OR REPLACE TABLE ing_accounting_reasons AS ` +
      `SELECT table_name, 'rejected' AS status, reason, count(*)::BIGINT AS rows FROM ` +
      `(SELECT table_name, source_row, arg_min(reason, column_index) AS reason FROM ${rej} GROUP BY ALL) GROUP BY ALL ` +
      `UNION ALL SELECT table_name, status, reason, count(*)::BIGINT FROM ${OUTCOMES_TABLE} GROUP BY ALL ` +
      `UNION ALL SELECT table_name, 'merged_duplicate', 'merged_duplicate', merged FROM ing_role_counts WHERE merged > 0`,
  );
  await session.run(
    `CREATE OR REPLACE TABLE ing_accounting AS SELECT t.table_name, t.logical_table, t.file, t.rows_read::BIGINT AS rows_read, ` +
      `(coalesce(u.used, 0) + coalesce(e.used, 0))::BIGINT AS used, coalesce(e.merged, 0)::BIGINT AS merged_duplicates, ` +
      `(t.rows_invalid + coalesce(o.rejected, 0))::BIGINT AS rejected, coalesce(o.out_of_scope, 0)::BIGINT AS out_of_scope ` +
      `FROM ing_tables t ` +
      `LEFT JOIN (SELECT table_name, sum(used) AS used FROM ${USED_COUNTS_TABLE} GROUP BY ALL) u USING (table_name) ` +
      `LEFT JOIN ing_role_counts e USING (table_name) ` +
      `LEFT JOIN (SELECT table_name, count(*) FILTER (WHERE status = 'rejected') AS rejected, ` +
      `count(*) FILTER (WHERE status = 'out_of_scope') AS out_of_scope FROM ${OUTCOMES_TABLE} GROUP BY ALL) o USING (table_name)`,
  );
  const rows = await session.all(`SELECT * FROM ing_accounting`);
  const order = new Map(dataset.tables.map((t, i) => [t.physicalName, i]));
  const tables = rows
    .map((r): TableAccounting => ({
      table: String(r.table_name),
      logicalTable: String(r.logical_table),
      file: String(r.file),
      rowsRead: Number(r.rows_read),
      used: Number(r.used),
      mergedDuplicates: Number(r.merged_duplicates),
      rejected: Number(r.rejected),
      outOfScope: Number(r.out_of_scope),
    }))
    .sort((a, b) => (order.get(a.table) ?? 0) - (order.get(b.table) ?? 0));
  for (const t of tables) {
    if (t.used + t.mergedDuplicates + t.rejected + t.outOfScope !== t.rowsRead) {
      throw new Error(
        `Internal error: accounting of ${t.table}: ${t.rowsRead} rows read but ${t.used} used + ` +
          `${t.mergedDuplicates} merged + ${t.rejected} rejected + ${t.outOfScope} out of scope`,
      );
    }
  }
  const reasonRows = await session.all(
    `SELECT * FROM ing_accounting_reasons ORDER BY table_name, status, rows DESC, reason`,
  );
  const reasons = reasonRows.map((r): ReasonCount => ({
    table: String(r.table_name),
    status: String(r.status) as ReasonCount["status"],
    reason: String(r.reason),
    rows: Number(r.rows),
  }));
  return { tables, reasons };
}
