/**
 * The published (aggregate) version of the line-start cohorts page: for each
 * method, line (1, 2, 3) and regimen at that line's start, the number of
 * patients and the Kaplan-Meier medians (with 95 % CIs) of time to next
 * treatment and overall survival from the line's start, from the analysis
 * table. Regimens of fewer than 10 patients are pooled as "other regimens",
 * and when these are fewer than 10 the smallest regimens of the line join them
 * until they are 10 or more (a masked "other regimens" would be the line's
 * total, published elsewhere, minus the regimens shown); in the public build a
 * count from 1 to 9 (a line of fewer than 10 patients in all) is masked (null)
 * and a group of fewer than 10 patients has no median. No patient row is written.
 */
import { kaplanMeier } from "../../core/statistics/kaplan-meier.js";
import type { AnalysisRow } from "../../core/studies/analysis-table.js";
import { copyQueryToParquetStream, openDuckSession } from "../duckdb/session.js";
import { publishedCount, SMALL_CELL_THRESHOLD } from "../workspace/build-mode.js";
import { ensureWorkspaceWorkdir } from "../workspace/workspace-workdir.js";
import { workspaceAnalysisRows } from "./workspace-analysis.js";

export const OTHER_REGIMENS = "other regimens";

export interface LineStartAggregate {
  method: string;
  /** "line 1", "line 2", "line 3" (text: the public build's scan treats small integers as counts). */
  line: string;
  regimen: string;
  patients: number | null;
  ttnt_median: number | null;
  ttnt_lower: number | null;
  ttnt_upper: number | null;
  os_median: number | null;
  os_lower: number | null;
  os_upper: number | null;
}

/** Aggregates of the analysis rows (pure given the build mode). */
export function lineStartAggregates(rows: readonly AnalysisRow[], maxLine = 3): LineStartAggregate[] {
  const groups = new Map<string, AnalysisRow[]>();
  for (const r of rows) {
    if (r.line_number > maxLine) continue;
    const k = JSON.stringify([r.method, r.line_number, r.molecules]);
    const list = groups.get(k) ?? [];
    list.push(r);
    groups.set(k, list);
  }
  const pooled = new Map<string, { method: string; line: number; regimen: string; rows: AnalysisRow[] }>();
  for (const [k, list] of groups) {
    const [method, line, molecules] = JSON.parse(k) as [string, number, string];
    const regimen = list.length >= SMALL_CELL_THRESHOLD ? molecules.replaceAll(";", " + ") : OTHER_REGIMENS;
    const key = JSON.stringify([method, line, regimen]);
    const g = pooled.get(key) ?? { method, line, regimen, rows: [] };
    for (const row of list) g.rows.push(row); // not push(...list): a regimen of a large cohort overflows the call stack
    pooled.set(key, g);
  }
  // "Other regimens" of 1 to 9 patients would come back by subtraction from the
  // line's total (published elsewhere: treated patients, patients reaching line
  // 2): the smallest regimens of the line join it until it has 10 or more.
  for (const other of [...pooled.values()].filter((g) => g.regimen === OTHER_REGIMENS)) {
    const named = () =>
      [...pooled.entries()]
        .filter(([, g]) => g.method === other.method && g.line === other.line && g.regimen !== OTHER_REGIMENS)
        .sort(([, a], [, b]) => a.rows.length - b.rows.length || b.regimen.localeCompare(a.regimen));
    while (other.rows.length < SMALL_CELL_THRESHOLD && named().length > 0) {
      const [key, smallest] = named()[0]!;
      for (const row of smallest.rows) other.rows.push(row);
      pooled.delete(key);
    }
  }
  const out: LineStartAggregate[] = [];
  for (const g of pooled.values()) {
    const patients = publishedCount(g.rows.length);
    const shown = g.rows.length >= SMALL_CELL_THRESHOLD;
    const km = (e: "ttnt" | "os") =>
      shown ? kaplanMeier(g.rows.map((r) => ({ time: r[`${e}_days`], event: r[`${e}_event`] }))) : null;
    const ttnt = km("ttnt");
    const os = km("os");
    out.push({
      method: g.method,
      line: `line ${g.line}`,
      regimen: g.regimen,
      patients,
      ttnt_median: ttnt?.median ?? null,
      ttnt_lower: ttnt?.medianLower ?? null,
      ttnt_upper: ttnt?.medianUpper ?? null,
      os_median: os?.median ?? null,
      os_lower: os?.medianLower ?? null,
      os_upper: os?.medianUpper ?? null,
    });
  }
  return out.sort(
    (a, b) =>
      a.method.localeCompare(b.method) ||
      a.line.localeCompare(b.line) ||
      Number(a.regimen === OTHER_REGIMENS) - Number(b.regimen === OTHER_REGIMENS) ||
      (b.patients ?? 0) - (a.patients ?? 0) ||
      a.regimen.localeCompare(b.regimen),
  );
}

export async function writeLineStartAggregates(out: NodeJS.WritableStream): Promise<void> {
  const w = await ensureWorkspaceWorkdir();
  const session = await openDuckSession();
  try {
    const aggregates = lineStartAggregates(await workspaceAnalysisRows(session, w));
    await session.run(
      `CREATE TABLE line_start (method VARCHAR, line VARCHAR, regimen VARCHAR, patients INTEGER,
        ttnt_median DOUBLE, ttnt_lower DOUBLE, ttnt_upper DOUBLE, os_median DOUBLE, os_lower DOUBLE, os_upper DOUBLE)`,
    );
    const appender = await session.connection.createAppender("line_start");
    for (const a of aggregates) {
      appender.appendVarchar(a.method);
      appender.appendVarchar(a.line);
      appender.appendVarchar(a.regimen);
      for (const v of [a.patients])
        if (v === null) appender.appendNull();
        else appender.appendInteger(v);
      for (const v of [a.ttnt_median, a.ttnt_lower, a.ttnt_upper, a.os_median, a.os_lower, a.os_upper])
        if (v === null) appender.appendNull();
        else appender.appendDouble(v);
      appender.endRow();
    }
    appender.flushSync();
    appender.closeSync();
    await copyQueryToParquetStream(session, "SELECT * FROM line_start", out);
  } finally {
    session.close();
  }
}
