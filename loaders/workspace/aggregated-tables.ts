/**
 * The aggregated mode's files (workspace-mode.ts, docs/workspace.md "Large
 * cohorts"): what the Pathways and Survival pages compute once per method in the
 * browser (core/workspace/pathways-sql.ts preparePathwaysSql,
 * survival-sql.ts prepareSurvivalSql), computed here for every method (rule sets
 * and `gold`) and, for pathways, every line depth the page offers, counted by
 * every combination of the filter dimensions. The pages add these counts up
 * under a filter with the same SQL as in patient-level mode, so the figures are
 * the same.
 *
 * Below the threshold (patient-level mode) each file is written empty, with its
 * columns, and the pages do not load it. Cross-classified counts: private build
 * only.
 */
import {
  PATHWAY_DEPTHS,
  preparedPathwayParts,
  preparePathwaysSql,
  type PathwayKey,
} from "../../core/workspace/pathways-sql.js";
import { prepareSurvivalSql, survivalAggregateSql, type Endpoint } from "../../core/workspace/survival-sql.js";
import { copyQueryToParquetStream, openDuckSession, sqlString, type DuckSession } from "../duckdb/session.js";
import { assertPrivateBuild } from "./build-mode.js";
import { workspaceMode } from "./workspace-mode.js";
import { createAnalysisTables } from "./workspace-tables.js";
import { ensureWorkspaceWorkdir } from "./workspace-workdir.js";

/** File name (src/data/agg-<name>.parquet) -> what it holds. */
export const AGGREGATE_FILES = {
  "pathways-class-links": { pathways: "regimen_class", part: "links" },
  "pathways-class-sequences": { pathways: "regimen_class", part: "sequences" },
  "pathways-regimen-lines": { pathways: "regimen_label", part: "lines" },
  "pathways-regimen-links": { pathways: "regimen_label", part: "links" },
  "pathways-regimen-sequences": { pathways: "regimen_label", part: "sequences" },
  "survival-ttnt": { survival: "ttnt" },
  "survival-tot": { survival: "tot" },
  "survival-os": { survival: "os" },
} as const satisfies Record<
  string,
  { pathways: PathwayKey; part: "links" | "sequences" | "lines" } | { survival: Endpoint }
>;
export type AggregateFile = keyof typeof AGGREGATE_FILES;

/** The methods of the `lines` table (rule sets, then `gold` when present). */
async function methodsOf(session: DuckSession): Promise<string[]> {
  return (await session.all("SELECT DISTINCT method FROM lines ORDER BY method = 'gold', method")).map((r) =>
    String(r.method),
  );
}

/** Creates table `out`: one aggregate over tables `cohort` and `lines` (every method). */
export async function createAggregate(session: DuckSession, name: AggregateFile, out: string): Promise<void> {
  const spec = AGGREGATE_FILES[name];
  const methods = await methodsOf(session);
  let first = true;
  const add = async (select: string) => {
    await session.run(first ? `CREATE OR REPLACE TABLE ${out} AS ${select}` : `INSERT INTO ${out} ${select}`);
    first = false;
  };
  if ("survival" in spec) {
    for (const method of methods.length ? methods : ["none"]) {
      await session.run(prepareSurvivalSql({ method, name: "agg_prepared_survival" }));
      const rows = survivalAggregateSql({ prepared: "agg_prepared_survival", endpoint: spec.survival });
      await add(`SELECT ${sqlString(method)} AS method, * FROM (${rows})`);
    }
    return;
  }
  const index = preparedPathwayParts(spec.pathways).indexOf(spec.part);
  for (const method of methods.length ? methods : ["none"]) {
    for (const depth of PATHWAY_DEPTHS) {
      // Each statement makes one part on its own: only this file's.
      await session.run(preparePathwaysSql({ method, key: spec.pathways, depth, name: "agg_prepared" })[index]!);
      await add(`SELECT ${sqlString(method)} AS method, ${depth} AS depth, * FROM agg_prepared_${spec.part}`);
    }
  }
}

/** Writes one aggregated-mode file as Parquet to `out` (a data loader's standard output). */
export async function writeAggregateFile(name: AggregateFile, out: NodeJS.WritableStream): Promise<void> {
  assertPrivateBuild(`the aggregate ${name} (counts by every combination of the filters)`);
  const w = await ensureWorkspaceWorkdir();
  const session = await openDuckSession();
  try {
    const mode = await workspaceMode(session, w);
    await createAnalysisTables(session, w, mode.mode === "aggregated" ? "all" : "none");
    await createAggregate(session, name, "agg_out");
    await copyQueryToParquetStream(session, "SELECT * FROM agg_out", out);
  } finally {
    session.close();
  }
}
