/**
 * The private workspace's analysis table: the analysis table
 * (core/studies/analysis-table.ts) of every method the workspace shows (its
 * rule sets, and the gold standard as method `gold` when the dataset has one),
 * in one Parquet file (src/data/analysis.parquet.ts). Patient-level: refused in
 * the public build.
 */
import { join } from "node:path";
import type { AnalysisRow } from "../../core/studies/analysis-table.js";
import { discoverDataset } from "../dataset/discover.js";
import { copyQueryToParquetStream, openDuckSession, type DuckSession } from "../duckdb/session.js";
import { assertPrivateBuild } from "../workspace/build-mode.js";
import { ensureWorkspaceWorkdir, type WorkspaceWorkdir } from "../workspace/workspace-workdir.js";
import { createSampleTable, SAMPLE_TABLE, workspaceMode } from "../workspace/workspace-mode.js";
import { buildAnalysisTable, createAnalysisTable } from "./analysis-table-file.js";

/** The lines file of each method the workspace shows, as the pages' `lines` table has them. */
export async function workspaceLinesFiles(w: WorkspaceWorkdir): Promise<{ method: string; lines: string }[]> {
  const files = w.ruleSets.map((r) => ({ method: r, lines: join(w.workdir, `lines-${r}.parquet`) }));
  if (w.dataset && w.hasGold) {
    const gold = (await discoverDataset(w.dataset)).files.find((f) => f.logicalName === "GOLD_LINES");
    if (gold) files.push({ method: "gold", lines: gold.path });
  }
  return files;
}

/** Every method's rows, in the order of workspaceLinesFiles (only the patients of `only` when given). */
export async function workspaceAnalysisRows(
  session: DuckSession,
  w: WorkspaceWorkdir,
  only?: ReadonlySet<string>,
): Promise<AnalysisRow[]> {
  const rows: AnalysisRow[] = [];
  for (const f of await workspaceLinesFiles(w)) {
    const table = await buildAnalysisTable(session, { workdir: w.workdir, ...f, ...(only ? { only } : {}) });
    // one at a time: spreading a million rows as arguments overflows the call stack
    for (const row of table.rows) rows.push(row);
  }
  return rows;
}

export async function writeWorkspaceAnalysisTable(out: NodeJS.WritableStream): Promise<void> {
  assertPrivateBuild("the analysis table");
  const w = await ensureWorkspaceWorkdir();
  const session = await openDuckSession();
  try {
    // Aggregated mode (large cohorts): the sample's patients only (workspace-mode.ts).
    const mode = await workspaceMode(session, w);
    let only: Set<string> | undefined;
    if (mode.mode === "aggregated") {
      await createSampleTable(session, w, mode.samplePatients!);
      only = new Set((await session.all(`SELECT patient_id FROM ${SAMPLE_TABLE}`)).map((r) => String(r.patient_id)));
    }
    await createAnalysisTable(session, "analysis", await workspaceAnalysisRows(session, w, only));
    await copyQueryToParquetStream(session, "SELECT * FROM analysis ORDER BY method, patient_id, line_number", out);
  } finally {
    session.close();
  }
}
