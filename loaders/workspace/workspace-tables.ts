/**
 * The tables the workspace's pages load, made from the work folder by the
 * Framework data loaders in src/data/. Patient-level tables (cohort, lines,
 * exposures, sessions) exist only in the private build; see docs/workspace.md.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { regimenClassOf } from "../../core/engine/regimen.js";
import { ageBandSql, biomarkerGroupSql, periodSql } from "../../core/evaluation/subgroups.js";
import { formatMolecules } from "../../core/lines/line-record.js";
import { copyQueryToParquetStream, openDuckSession, sqlString, type DuckSession } from "../duckdb/session.js";
import { compareCohort } from "../../core/evaluation/evaluate-lines.js";
import { readEvaluationCohort } from "../evaluate/evaluation-cohort.js";
import { lastContactSql } from "../evaluate/last-contact.js";
import { readLinesFile } from "../evaluate/read-lines-file.js";
import { discoverDataset } from "../dataset/discover.js";
import type { Json } from "../../core/privacy/public-document.js";
import { publicSummary, type JointSubgroupHidden } from "../../core/privacy/public-summary.js";
import { CellTable } from "../../core/privacy/small-cells.js";
import { writeRowsParquet, type Row } from "./rows-parquet.js";
import { assertPrivateBuild, buildMode, buildThreshold } from "./build-mode.js";
import { ensureWorkspaceWorkdir, type WorkspaceWorkdir } from "./workspace-workdir.js";

const parquet = (w: WorkspaceWorkdir, file: string) => `read_parquet(${sqlString(join(w.workdir, file))})`;

/** Lines of every method (rule sets, and the gold standard as method `gold`), in one table. */
async function createLinesTable(session: DuckSession, w: WorkspaceWorkdir): Promise<void> {
  const parts = w.ruleSets.map(
    (r) =>
      `SELECT ${sqlString(r)} AS method, patient_id, line_number, start_date, end_date, molecules, regimen_label, regimen_class, is_maintenance_phase_present, maintenance_start, end_reason, start_rule, end_rule, trace FROM ${parquet(w, `lines-${r}.parquet`)}`,
  );
  await session.run(`CREATE TABLE ws_lines AS ${parts.join(" UNION ALL ")}`);
  if (!w.dataset || !w.hasGold) return;
  const listing = await discoverDataset(w.dataset);
  const gold = listing.files.find((f) => f.logicalName === "GOLD_LINES");
  if (!gold) return;
  const check = await readLinesFile(session, gold.path);
  const appender = await session.connection.createAppender("ws_lines");
  for (const l of check.lines) {
    const values: (string | number | boolean | null)[] = [
      "gold",
      l.patientId,
      l.lineNumber,
      l.startDate,
      l.endDate,
      formatMolecules(l.molecules),
      l.regimenLabel ?? null,
      regimenClassOf(l.molecules),
      l.isMaintenancePhasePresent ?? null,
      null,
      l.endReason ?? null,
      null,
      null,
      null,
    ];
    values.forEach((v, i) => {
      if (v === null) appender.appendNull();
      else if (i === 2) appender.appendInteger(v as number);
      else if (i === 3 || i === 4)
        appender.appendVarchar(new Date((v as number) * 86_400_000).toISOString().slice(0, 10));
      else if (i === 8) appender.appendBoolean(v as boolean);
      else appender.appendVarchar(String(v));
    });
    appender.endRow();
  }
  appender.flushSync();
  appender.closeSync();
}

/**
 * For every rule set, each cohort patient's kind of error against the gold
 * standard (agree, missed_lines, extra_lines, molecules_differ, start_shift),
 * computed by the same core comparison as `lotluca evaluate`.
 */
async function createPatientErrorsTable(session: DuckSession, w: WorkspaceWorkdir): Promise<void> {
  await session.run(
    "CREATE TABLE ws_patient_errors (method VARCHAR, patient_id VARCHAR, error_kind VARCHAR, gold_lines INTEGER, predicted_lines INTEGER, notes VARCHAR)",
  );
  if (!w.dataset || !w.hasGold) return;
  const cohort = await readEvaluationCohort(session, w.dataset, { workdir: w.workdir });
  const ids = new Set(cohort.patients.map((p) => p.patientId));
  const appender = await session.connection.createAppender("ws_patient_errors");
  for (const method of w.ruleSets) {
    const predicted = await readLinesFile(session, join(w.workdir, `lines-${method}.parquet`), { cohort: ids });
    for (const c of compareCohort(cohort.patients, cohort.gold.lines, predicted.lines)) {
      appender.appendVarchar(method);
      appender.appendVarchar(c.patient.patientId);
      appender.appendVarchar(c.errorKind);
      appender.appendInteger(c.gold.length);
      appender.appendInteger(c.pred.length);
      appender.appendVarchar(c.notes.join(" | "));
      appender.endRow();
    }
  }
  appender.flushSync();
  appender.closeSync();
}

/** Every patient of the cohort with the attributes the pages filter on. */
function cohortQuery(w: WorkspaceWorkdir): string {
  const primary = w.ruleSets[0] ?? "default";
  return `
    WITH p AS (SELECT * FROM ${parquet(w, "patients.parquet")}),
    lc AS (${lastContactSql(w.workdir)}),
    l AS (SELECT patient_id, count(*)::INTEGER AS n_lines, min(start_date) AS first_line_start
          FROM ${parquet(w, `lines-${primary}.parquet`)} GROUP BY 1)
    SELECT p.patient_id, p.sex, p.birth_year,
      (year(p.advanced_date) - p.birth_year)::INTEGER AS age_at_advanced,
      ${ageBandSql("(year(p.advanced_date) - p.birth_year)")} AS age_band,
      coalesce(p.histology, 'unknown') AS histology,
      ${biomarkerGroupSql("p")} AS biomarker_group,
      p.pdl1_tps, coalesce(p.stage_at_diagnosis, 'unknown') AS stage_at_diagnosis,
      p.advanced_date, p.advanced_date_inferred, p.advanced_date_source,
      ${periodSql("p.advanced_date", "no advanced date")} AS period,
      p.death_date, p.follow_up_end, least(lc.last_contact, p.follow_up_end) AS last_contact,
      (p.follow_up_end - p.advanced_date)::INTEGER AS follow_up_days,
      coalesce(l.n_lines, 0) AS n_lines, l.first_line_start,
      ${periodSql("l.first_line_start")} AS first_line_period
    FROM p LEFT JOIN l USING (patient_id) LEFT JOIN lc USING (patient_id)
    ORDER BY p.patient_id`;
}

/** Patient-level tables: built in the private build only. */
export const PATIENT_LEVEL_TABLES = ["cohort", "lines", "exposures", "sessions", "patient_errors"] as const;

export type WorkspaceTable =
  (typeof PATIENT_LEVEL_TABLES)[number] | "overview" | "accounting" | "accounting_reasons" | "unmapped_labels";

/**
 * Counts by one dimension at a time (overall, histology, biomarker group,
 * period, age band): patients, treated, lines, reaching line 2, deaths. In the
 * public build every count from 1 to 9 is masked (null).
 */
function overviewQuery(w: WorkspaceWorkdir): string {
  const dims = ["histology", "biomarker_group", "period", "age_band"];
  const agg = `count(*)::INTEGER AS patients, count(*) FILTER (WHERE n_lines > 0)::INTEGER AS treated,
      sum(n_lines)::INTEGER AS lines, count(*) FILTER (WHERE n_lines >= 2)::INTEGER AS reached_line2,
      count(*) FILTER (WHERE death_date IS NOT NULL)::INTEGER AS deaths`;
  const parts = [
    `SELECT 'all' AS dimension, 'all' AS value, ${agg} FROM c`,
    ...dims.map((d) => `SELECT '${d}' AS dimension, ${d} AS value, ${agg} FROM c GROUP BY ${d}`),
  ];
  return `WITH c AS (${cohortQuery(w)}), o AS (${parts.join(" UNION ALL ")})
    SELECT dimension, value, ${OVERVIEW_COUNTS.join(", ")} FROM o ORDER BY dimension, value`;
}

const OVERVIEW_COUNTS = ["patients", "treated", "lines", "reached_line2", "deaths"] as const;

/**
 * The overview as published: each dimension's values add up to the whole cohort
 * ('all'), column by column, so small counts are hidden with their complements
 * (core/privacy/small-cells.ts).
 */
export function publishOverview(rows: readonly Row[], threshold: number): Row[] {
  const cells = new CellTable();
  const key = (r: Row, c: string) => `${String(r.dimension)}\u0000${String(r.value)}\u0000${c}`;
  for (const r of rows) for (const c of OVERVIEW_COUNTS) cells.cell(key(r, c), Number(r[c] ?? 0));
  const all = rows.find((r) => r.dimension === "all");
  if (all) {
    for (const dimension of new Set(rows.map((r) => String(r.dimension)))) {
      if (dimension === "all") continue;
      const values = rows.filter((r) => r.dimension === dimension);
      for (const c of OVERVIEW_COUNTS)
        cells.relate(
          key(all, c),
          values.map((r) => key(r, c)),
        );
    }
  }
  const hidden = cells.suppress(threshold);
  return rows.map((r) => ({
    ...r,
    ...Object.fromEntries(OVERVIEW_COUNTS.map((c) => [c, hidden.has(key(r, c)) ? null : r[c]!])),
  }));
}

const OVERVIEW_SCHEMA = {
  dimension: "VARCHAR",
  value: "VARCHAR",
  patients: "INTEGER",
  treated: "INTEGER",
  lines: "INTEGER",
  reached_line2: "INTEGER",
  deaths: "INTEGER",
};

/** Writes one workspace table as Parquet to `out` (a data loader's standard output). */
export async function writeWorkspaceTable(name: WorkspaceTable, out: NodeJS.WritableStream): Promise<void> {
  if ((PATIENT_LEVEL_TABLES as readonly string[]).includes(name)) assertPrivateBuild(`the ${name} table`);
  const w = await ensureWorkspaceWorkdir();
  const session = await openDuckSession();
  try {
    let query: string;
    switch (name) {
      case "overview": {
        const rows = (await session.all(overviewQuery(w))) as Row[];
        await writeRowsParquet(session, publishOverview(rows, buildThreshold()), OVERVIEW_SCHEMA, out);
        return;
      }
      case "cohort":
        query = cohortQuery(w);
        break;
      case "lines":
        await createLinesTable(session, w);
        query = "SELECT * FROM ws_lines ORDER BY method, patient_id, line_number";
        break;
      case "patient_errors":
        await createPatientErrorsTable(session, w);
        query = "SELECT * FROM ws_patient_errors ORDER BY method, patient_id";
        break;
      case "exposures":
        query = `SELECT patient_id, date, molecule, drug_class, route, days_supply, source, provenance FROM ${parquet(w, "exposures.parquet")}`;
        break;
      case "sessions":
        query = `SELECT patient_id, kind, date, end_date, count, grouped, hospital, provenance FROM ${parquet(w, "sessions.parquet")}`;
        break;
      default:
        query = `SELECT * FROM ${parquet(w, `${name}.parquet`)}`;
    }
    await copyQueryToParquetStream(session, query, out);
  } finally {
    session.close();
  }
}

/**
 * Creates tables `cohort` and `lines` (and view `exposures`) in a session, as the
 * pages load them, for loaders that publish aggregates of them (public-aggregates.ts).
 */
export async function createAnalysisTables(session: DuckSession, w: WorkspaceWorkdir): Promise<void> {
  await session.run(`CREATE TABLE cohort AS ${cohortQuery(w)}`);
  await createLinesTable(session, w);
  await session.run("CREATE VIEW lines AS SELECT * FROM ws_lines");
  await session.run(`CREATE VIEW exposures AS SELECT * FROM ${parquet(w, "exposures.parquet")}`);
}

/** JSON documents of the work folder: leaderboard, evaluations by method, ingestion summary, simulator calibration. */
export async function workspaceSummary(jointHidden?: JointSubgroupHidden): Promise<Json> {
  const w = await ensureWorkspaceWorkdir();
  const json = async (path: string) => (existsSync(path) ? (JSON.parse(await readFile(path, "utf8")) as Json) : null);
  const evaluations: { [method: string]: Json } = {};
  for (const r of w.ruleSets) {
    const e = await json(join(w.workdir, `evaluation-${r}.json`));
    if (e) evaluations[r] = e;
  }
  const parts = {
    build: buildMode(),
    source: w.source,
    demo: w.demo as unknown as Json,
    ruleSets: w.ruleSets,
    hasGold: w.hasGold,
    ingest: await json(join(w.workdir, "ingest.json")),
    calibration: w.dataset ? await json(join(w.dataset, "calibration.json")) : null,
    leaderboard: await json(join(w.workdir, "leaderboard.json")),
    evaluations,
  };
  return buildMode() === "public" ? publicSummary(parts, buildThreshold(), jointHidden) : parts;
}
