/**
 * A plain-JSON report of a read dataset: per-table counts, the first problems,
 * problem counts by table, column and reason, ignored files and extra columns.
 * Used by `lotluca validate` (text and `--json`), reusable by pages and tests.
 */
import { sqlIdentifier, sqlString, type DuckSession } from "../duckdb/session.js";
import type { IgnoredFile } from "./discover.js";
import { rejectionsQuery, type Dataset, type ExtraColumn } from "./open-dataset.js";
import type { Rejection } from "./validate.js";

export interface TableReport {
  table: string;
  logicalTable: string;
  year: number | null;
  file: string;
  format: string;
  delimiter: string | null;
  rowsRead: number;
  rowsValid: number;
  rowsRejected: number;
  extraColumns: string[];
}

export interface ProblemCount {
  table: string;
  column: string;
  reason: string;
  expected: string;
  count: number;
}

export interface DatasetReport {
  dir: string;
  pmsiYears: number[];
  tables: TableReport[];
  totals: { rowsRead: number; rowsValid: number; rowsRejected: number; problems: number };
  problemCounts: ProblemCount[];
  /** The first problems, by table order, row and column. */
  problems: Rejection[];
  ignoredFiles: IgnoredFile[];
  extraColumns: ExtraColumn[];
}

/** Builds the report, listing at most `maxProblems` individual problems. */
export async function datasetReport(
  session: DuckSession,
  dataset: Dataset,
  maxProblems: number,
): Promise<DatasetReport> {
  const tables: TableReport[] = dataset.tables.map((t) => ({
    table: t.physicalName,
    logicalTable: t.logicalName,
    year: t.year ?? null,
    file: t.file,
    format: t.format,
    delimiter: t.delimiter ?? null,
    rowsRead: t.rowsRead,
    rowsValid: t.rowsValid,
    rowsRejected: t.rowsRejected,
    extraColumns: t.extraColumns,
  }));
  const sum = (pick: (t: TableReport) => number) => tables.reduce((s, t) => s + pick(t), 0);
  const rejections = sqlIdentifier(dataset.rejectionsTable);
  const countRows = await session.all(
    `SELECT table_name, column_name, reason, any_value(expected) AS expected, count(*)::BIGINT AS n ` +
      `FROM ${rejections} GROUP BY table_name, column_name, reason ORDER BY n DESC, table_name, column_name, reason`,
  );
  const problemCounts = countRows.map((r) => ({
    table: String(r.table_name),
    column: String(r.column_name),
    reason: String(r.reason),
    expected: String(r.expected),
    count: Number(r.n),
  }));
  const order = new Map(dataset.tables.map((t, i) => [t.physicalName, i]));
  const firstRows =
    maxProblems > 0
      ? await session.all(
          `SELECT * FROM (${rejectionsQuery(dataset)}) ORDER BY ` +
            `CASE table_name ${[...order].map(([name, i]) => `WHEN ${sqlString(name)} THEN ${i}`).join(" ")} END, ` +
            `source_row, column_index LIMIT ${Math.floor(maxProblems)}`,
        )
      : [];
  const problems: Rejection[] = firstRows.map((r) => ({
    table_name: String(r.table_name),
    logical_table: String(r.logical_table),
    file: String(r.file),
    source_row: Number(r.source_row),
    column_name: String(r.column_name),
    reason: String(r.reason),
    value: r.value === null || r.value === undefined ? null : String(r.value),
    expected: String(r.expected),
  }));
  return {
    dir: dataset.dir,
    pmsiYears: dataset.pmsiYears,
    tables,
    totals: {
      rowsRead: sum((t) => t.rowsRead),
      rowsValid: sum((t) => t.rowsValid),
      rowsRejected: sum((t) => t.rowsRejected),
      problems: problemCounts.reduce((s, p) => s + p.count, 0),
    },
    problemCounts,
    problems,
    ignoredFiles: dataset.ignoredFiles,
    extraColumns: dataset.extraColumns,
  };
}
