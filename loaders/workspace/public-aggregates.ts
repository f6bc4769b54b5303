/**
 * Aggregates of the analytics pages, computed in Node for the pages that every
 * build publishes (src/results/*.md): pathways (Sankey links and top
 * sequences), survival (Kaplan-Meier points, numbers at risk, medians and
 * log-rank), cohort characteristics and data coverage by source. Each is
 * computed for all patients and for one filter dimension at a time (histology,
 * biomarker group, period, age band), with the same SQL the private pages run
 * in the browser (core/workspace/): each patient's pathway and each line's
 * survival times are prepared once, then counted per subgroup.
 *
 * Small-cell rule in the public build (see build-mode.ts, docs/trust.md): a
 * count from 1 to 9 is never published, nor one derivable from the others. The
 * overview, cohort profile, advanced dates, Sankey links and sequences share
 * totals and are suppressed together (core/privacy/cohort-cells.ts): each of
 * their loaders computes all their counts and writes its own part. Sankey links
 * and sequences of fewer than 10 patients are left out in both builds.
 * Kaplan-Meier groups of fewer than 10 lines are not published; curves are read
 * at whole months, drop only by 10 events or more and stop before fewer than 10
 * remain at risk (core/privacy/public-survival.ts); group sizes, events and
 * numbers at risk are rounded to the nearest 10 in the public build.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { kaplanMeierFromCounts } from "../../core/statistics/kaplan-meier-counts.js";
import { numbersAtRisk } from "../../core/statistics/kaplan-meier.js";
import { logRankFromCounts } from "../../core/statistics/log-rank-counts.js";
import { ALL, FILTER_DIMENSIONS, filterPredicate, NO_FILTER } from "../../core/workspace/cohort-filter.js";
import {
  preparedPathwayLinksSql,
  preparedPathwayTables,
  preparedTopSequencesSql,
  preparePathwaysSql,
  type PathwayKey,
} from "../../core/workspace/pathways-sql.js";
import {
  ENDPOINTS,
  preparedSurvivalCountsSql,
  prepareSurvivalSql,
  type SurvivalGrouping,
} from "../../core/workspace/survival-sql.js";
import { CONTRACT_TABLES, CONTRACT_VERSION } from "../../core/contract/tables.js";
import type { RuleSet } from "../../core/rules/rule-set.js";
import { loadRuleSet } from "../rules/load-rule-set.js";
import { openDuckSession, sqlString, type DuckSession } from "../duckdb/session.js";
import { writeRowsParquet, type Row } from "./rows-parquet.js";
import { publishAccounting } from "../../core/privacy/public-accounting.js";
import {
  cohortHiddenKeys,
  cohortKeys,
  LINES_CHARACTERISTIC,
  LINES_TOP_CATEGORY,
  type CohortCounts,
  type PathwayLinkCount,
  type PathwaySequenceCount,
  type ProfileCount,
} from "../../core/privacy/cohort-cells.js";
import { publicCurve } from "../../core/privacy/public-survival.js";
import {
  buildMode,
  buildThreshold,
  publishedCount,
  publishedRoundedCount,
  SMALL_CELL_THRESHOLD,
} from "./build-mode.js";
import { createAnalysisTables } from "./workspace-tables.js";
import { ensureWorkspaceWorkdir } from "./workspace-workdir.js";

export const PUBLIC_AGGREGATES = [
  "overview",
  "pathway-links",
  "top-sequences",
  "survival-curves",
  "survival-at-risk",
  "survival-groups",
  "cohort-profile",
  "coverage",
  "ingestion-accounting",
  "ingestion-reasons",
  "unmapped-labels",
  "index-dates",
] as const;
export type PublicAggregate = (typeof PUBLIC_AGGREGATES)[number];

/** The public pathways' line depth. */
export const PUBLIC_DEPTH = 3;
/** Numbers at risk every 6 months up to 60 (the published curves go as far as 10 remain at risk). */
export const AT_RISK_MONTHS = [0, 6, 12, 18, 24, 30, 36, 42, 48, 54, 60] as const;

/**
 * The minimum cell count of the published pathways (links and sequences of
 * fewer patients are left out): LOTLUCA_MIN_CELL_COUNT, 10 by default, never
 * below the small-cell threshold (10).
 */
export function pathwayMinCellCount(env: Record<string, string | undefined> = process.env): number {
  const given = env.LOTLUCA_MIN_CELL_COUNT;
  if (given === undefined || given === "") return SMALL_CELL_THRESHOLD;
  const n = Number(given);
  if (!Number.isInteger(n) || n < SMALL_CELL_THRESHOLD) {
    throw new Error(
      `LOTLUCA_MIN_CELL_COUNT must be an integer of at least ${SMALL_CELL_THRESHOLD} (published pathways), got ${JSON.stringify(given)}`,
    );
  }
  return n;
}
const DAYS_PER_MONTH = 30.4375;

export const PUBLIC_GROUPINGS: Readonly<Record<string, SurvivalGrouping>> = {
  line: { by: "line", maxLine: 4 },
  class_line1: { by: "regimen_class", line: 1 },
  class_line2: { by: "regimen_class", line: 2 },
};

interface Subgroup {
  dimension: string;
  value: string;
  where: string;
}

async function subgroups(session: DuckSession): Promise<Subgroup[]> {
  const out: Subgroup[] = [{ dimension: ALL, value: ALL, where: "TRUE" }];
  for (const d of FILTER_DIMENSIONS) {
    const values = await session.all(`SELECT DISTINCT ${d} AS v FROM cohort ORDER BY 1`);
    for (const { v } of values) {
      out.push({ dimension: d, value: String(v), where: filterPredicate({ ...NO_FILTER, [d]: String(v) }) });
    }
  }
  return out;
}

const big = (n: number) => n >= SMALL_CELL_THRESHOLD;

const PATHWAY_KEYS: readonly PathwayKey[] = ["regimen_class", "regimen_label"];

/** Prepares the pathway tables of both keys at the public depth (see preparePathwaysSql); returns their prefix by key. */
async function preparePathways(session: DuckSession, method: string): Promise<Record<PathwayKey, string>> {
  const names = {} as Record<PathwayKey, string>;
  for (const key of PATHWAY_KEYS) {
    const name = `public_pathways_${key}`;
    for (const sql of preparePathwaysSql({ depth: PUBLIC_DEPTH, key, method, name })) await session.run(sql);
    names[key] = name;
  }
  return names;
}

async function dropPathways(session: DuckSession, names: Record<PathwayKey, string>): Promise<void> {
  for (const key of PATHWAY_KEYS) {
    for (const table of preparedPathwayTables({ key, name: names[key] })) await session.run(`DROP TABLE ${table}`);
  }
}

/**
 * Every count of the cohort tables that share totals (overview, cohort profile,
 * advanced dates, pathway links and sequences of both node types), unmasked,
 * for all subgroups; then the keys to hide, computed on all of them at once
 * (core/privacy/cohort-cells.ts). Each of these files' loaders computes the
 * same set and writes its own part, so that they agree.
 */
async function cohortTables(
  session: DuckSession,
  method: string,
  subs: Subgroup[],
  workdir: string,
): Promise<{ counts: CohortCounts; hidden: Set<string>; top: Map<string, number> }> {
  const { counts, top } = await cohortCounts(session, method, subs, workdir);
  return { counts, hidden: cohortHiddenKeys(counts, buildThreshold()), top };
}

/**
 * The unmasked counts of the cohort tables of `method`'s lines, in a session
 * made by createAnalysisTables (exported for the tests that attack the
 * published files); `top` ranks the sequences that may be published.
 */
export async function publicCohortCounts(
  session: DuckSession,
  method: string,
  workdir?: string,
): Promise<{ counts: CohortCounts; top: Map<string, number> }> {
  return cohortCounts(session, method, await subgroups(session), workdir);
}

/**
 * The keys hidden by the joint suppression of the cohort tables of a work
 * folder's first rule set (for summary.json: its evaluations' subgroups are
 * cohort subgroups too).
 */
export async function publicCohortHiddenKeys(): Promise<Set<string>> {
  const w = await ensureWorkspaceWorkdir();
  const session = await openDuckSession();
  try {
    await createAnalysisTables(session, w);
    const method = w.ruleSets[0] ?? "default";
    return (await cohortTables(session, method, await subgroups(session), w.workdir)).hidden;
  } finally {
    session.close();
  }
}

/** The evaluation of `method` (evaluation-<method>.json): its patients and subgroups, if any. */
async function readEvaluationSubgroups(workdir: string, method: string): Promise<CohortCounts["evaluation"]> {
  const file = join(workdir, `evaluation-${method}.json`);
  if (!existsSync(file)) return undefined;
  const e = JSON.parse(await readFile(file, "utf8")) as {
    patients?: number;
    subgroups?: { variable: string; value: string; patients: number }[];
  };
  if (typeof e.patients !== "number") return undefined;
  return {
    patients: e.patients,
    subgroups: (e.subgroups ?? []).map((g) => ({
      variable: String(g.variable),
      value: String(g.value),
      patients: Number(g.patients),
    })),
  };
}

async function cohortCounts(
  session: DuckSession,
  method: string,
  subs: Subgroup[],
  workdir?: string,
  minCount = pathwayMinCellCount(),
): Promise<{ counts: CohortCounts; top: Map<string, number> }> {
  const overview = (await session.all(overviewSql())).map((r) => ({
    dimension: String(r.dimension),
    value: String(r.value),
    patients: Number(r.patients),
    treated: Number(r.treated),
    lines: Number(r.lines),
    reached_line2: Number(r.reached_line2),
    deaths: Number(r.deaths),
  }));
  const profile = await cohortProfileCounts(session, subs);
  const indexDates = (await session.all(indexDatesSql)).map((r) => ({
    source: String(r.source),
    inferred: Boolean(r.inferred),
    patients: Number(r.patients),
  }));
  const links: PathwayLinkCount[] = [];
  const sequences: PathwaySequenceCount[] = [];
  const unpublished = new Set<string>();
  /** Rank (0-based) of each published candidate sequence by key. */
  const top = new Map<string, number>();
  const names = await preparePathways(session, method);
  for (const s of subs) {
    for (const key of PATHWAY_KEYS) {
      const o = { key, name: names[key], where: s.where };
      for (const l of await session.all(preparedPathwayLinksSql(o))) {
        const link = {
          dimension: s.dimension,
          value: s.value,
          key,
          source: String(l.source),
          target: String(l.target),
        };
        links.push({ ...link, patients: Number(l.patients) });
        if (Number(l.patients) < minCount) unpublished.add(cohortKeys.link(link));
      }
      const all = await session.all(preparedTopSequencesSql(o, 1_000_000_000));
      all.forEach((q, i) => {
        const sequence = {
          dimension: s.dimension,
          value: s.value,
          key,
          sequence: q.sequence === null ? null : String(q.sequence),
          ending: String(q.ending),
        };
        sequences.push({ ...sequence, patients: Number(q.patients) });
        const k = cohortKeys.sequence(sequence);
        if (i < TOP_SEQUENCES && Number(q.patients) >= minCount) top.set(k, i);
        else unpublished.add(k);
      });
    }
  }
  await dropPathways(session, names);
  const evaluation = workdir === undefined ? undefined : await readEvaluationSubgroups(workdir, method);
  const counts: CohortCounts = {
    ...(evaluation ? { evaluation } : {}),
    all: { dimension: ALL, value: ALL },
    overview,
    profile,
    indexDates,
    links,
    sequences,
    unpublished,
  };
  return { counts, top };
}

/** The published sequences of each subgroup and node type (the most frequent). */
const TOP_SEQUENCES = 15;

function pathwayLinks({ counts, hidden }: Awaited<ReturnType<typeof cohortTables>>): Row[] {
  return counts.links.filter((l) => !hidden.has(cohortKeys.link(l))).map((l) => ({ ...l }));
}

function topSequences({ counts, hidden, top }: Awaited<ReturnType<typeof cohortTables>>): Row[] {
  const rows: Row[] = [];
  for (const q of counts.sequences) {
    const k = cohortKeys.sequence(q);
    if (!top.has(k) || hidden.has(k)) continue;
    // The share of treated gives their number back: both go with it.
    const treated = counts.overview.find((o) => o.dimension === q.dimension && o.value === q.value)?.treated ?? null;
    const shown = treated !== null && !hidden.has(cohortKeys.reached(q, 1));
    rows.push({
      dimension: q.dimension,
      value: q.value,
      key: q.key,
      sequence: q.sequence,
      ending: q.ending,
      patients: q.patients,
      share: shown && treated > 0 ? q.patients / treated : null,
      treated: shown ? treated : null,
    });
  }
  return rows;
}

type SurvivalTable = "curves" | "atRisk" | "groups";

/**
 * One survival table (each is its own data loader, so only the one asked for is
 * built: the curves' points are by far the largest). Every line's times and
 * events are prepared once (prepareSurvivalSql), then counted per subgroup.
 */
async function survival(session: DuckSession, method: string, subs: Subgroup[], want: SurvivalTable): Promise<Row[]> {
  const out: Row[] = [];
  const table = "public_survival_lines";
  await session.run(prepareSurvivalSql({ method, name: table }));
  const m = (d: number | null) => (d === null ? null : d / DAYS_PER_MONTH);
  for (const s of subs) {
    for (const endpoint of ENDPOINTS) {
      for (const [grouping, g] of Object.entries(PUBLIC_GROUPINGS)) {
        const rows = await session.all(
          preparedSurvivalCountsSql({ endpoint, grouping: g, name: table, where: s.where }),
        );
        const byGroup = new Map<string, { time: number; events: number; censored: number }[]>();
        for (const r of rows) {
          const k = String(r.group);
          if (!byGroup.has(k)) byGroup.set(k, []);
          byGroup.get(k)!.push({ time: Number(r.time), events: Number(r.events), censored: Number(r.censored) });
        }
        const kept = [...byGroup].filter(([, counts]) => big(counts.reduce((n, c) => n + c.events + c.censored, 0)));
        const test =
          want === "groups" && kept.length >= 2
            ? logRankFromCounts(kept.map(([name, counts]) => ({ name, counts })))
            : null;
        const base = { dimension: s.dimension, value: s.value, endpoint, grouping };
        for (const [group, counts] of kept) {
          const km = kaplanMeierFromCounts(counts);
          if (want === "groups") {
            out.push({
              ...base,
              group,
              patients: publishedRoundedCount(km.n),
              events: publishedRoundedCount(km.events),
              median: m(km.median),
              median_lower: m(km.medianLower),
              median_upper: m(km.medianUpper),
              chi_square: test?.chiSquare ?? null,
              df: test === null ? null : Number(test.df),
              p_value: test?.pValue ?? null,
            });
          } else if (want === "curves") {
            for (const point of publicCurve(km, { threshold: SMALL_CELL_THRESHOLD, daysPerMonth: DAYS_PER_MONTH }))
              out.push({ ...base, group, ...point, censored: false });
          } else {
            const n = numbersAtRisk(
              km,
              AT_RISK_MONTHS.map((mo) => mo * DAYS_PER_MONTH),
            );
            AT_RISK_MONTHS.forEach((month, i) =>
              out.push({ ...base, group, month, n_risk: publishedRoundedCount(n[i]!) }),
            );
          }
        }
      }
    }
  }
  await session.run(`DROP TABLE ${table}`);
  return out;
}

const CHARACTERISTICS: readonly [string, string][] = [
  ["Sex", "sex"],
  ["Age band", "age_band"],
  ["Histology", "histology"],
  ["Biomarker group", "biomarker_group"],
  ["Stage at diagnosis", "stage_at_diagnosis"],
  ["Period (advanced date)", "period"],
  [LINES_CHARACTERISTIC, `CASE WHEN n_lines >= 4 THEN '${LINES_TOP_CATEGORY}' ELSE n_lines::VARCHAR END`],
];

async function cohortProfileCounts(session: DuckSession, subs: Subgroup[]): Promise<ProfileCount[]> {
  const rows: ProfileCount[] = [];
  for (const s of subs) {
    for (const [characteristic, expression] of CHARACTERISTICS) {
      const counts = await session.all(
        `SELECT ${expression} AS category, count(*)::INTEGER AS patients FROM cohort WHERE ${s.where} GROUP BY 1 ORDER BY 2 DESC, 1`,
      );
      for (const c of counts)
        rows.push({
          dimension: s.dimension,
          value: s.value,
          characteristic,
          category: String(c.category),
          patients: Number(c.patients),
        });
    }
  }
  return rows;
}

/** Counts by one dimension at a time (as the workspace's overview table): patients, treated, lines, reaching line 2, deaths. */
function overviewSql(): string {
  const agg = `count(*)::INTEGER AS patients, count(*) FILTER (WHERE n_lines > 0)::INTEGER AS treated,
      coalesce(sum(n_lines), 0)::INTEGER AS lines, count(*) FILTER (WHERE n_lines >= 2)::INTEGER AS reached_line2,
      count(*) FILTER (WHERE death_date IS NOT NULL)::INTEGER AS deaths`;
  const parts = [
    `SELECT '${ALL}' AS dimension, '${ALL}' AS value, ${agg} FROM cohort`,
    ...FILTER_DIMENSIONS.map(
      (d) => `SELECT '${d}' AS dimension, ${d}::VARCHAR AS value, ${agg} FROM cohort GROUP BY ${d}`,
    ),
  ];
  return `SELECT * FROM (${parts.join(" UNION ALL ")}) ORDER BY dimension, value`;
}

async function coverage(session: DuckSession): Promise<Row[]> {
  const rows = await session.all(`
    SELECT source, count(DISTINCT patient_id)::INTEGER AS patients, count(*)::INTEGER AS exposures
    FROM (SELECT patient_id, unnest(sources) AS source FROM exposures) GROUP BY 1 ORDER BY 2 DESC, 1`);
  return rows.map((r) => ({
    source: String(r.source),
    patients: publishedCount(Number(r.patients)),
    exposures: publishedCount(Number(r.exposures)),
  }));
}

/**
 * The work folder's ingestion accounting, reasons and unmapped labels as
 * published: accounting and reasons suppressed together with complements
 * (core/privacy/public-accounting.ts); unmapped labels are free text copied from
 * the warehouse, so the public build publishes only their counts by reason.
 */
async function ingestionTable(session: DuckSession, workdir: string, name: PublicAggregate): Promise<Row[]> {
  const read = async (file: string) =>
    (await session.all(`SELECT * FROM read_parquet(${sqlString(join(workdir, `${file}.parquet`))})`)) as Row[];
  const threshold = buildThreshold();
  if (name === "unmapped-labels") {
    const labels = await read("unmapped_labels");
    if (buildMode() !== "public")
      return labels.map((r) => ({
        label: String(r.label),
        rows: Number(r.rows),
        reason: r.reason === null ? null : String(r.reason),
        resolved_by: r.resolved_by === null ? null : String(r.resolved_by),
      }));
    const byReason = new Map<string, Row>();
    for (const r of labels) {
      const k = `${String(r.reason)}\u0000${String(r.resolved_by)}`;
      const at: Row = byReason.get(k) ?? {
        label: null,
        rows: 0,
        reason: r.reason ?? null,
        resolved_by: r.resolved_by ?? null,
      };
      at.rows = Number(at.rows) + Number(r.rows);
      byReason.set(k, at);
    }
    return [...byReason.values()].map((r) => ({ ...r, rows: publishedCount(Number(r.rows)) }));
  }
  const accounting = await read("accounting");
  const reasons = await read("accounting_reasons");
  const published = publishAccounting(
    accounting.map((r) => ({
      table: String(r.table_name),
      rowsRead: Number(r.rows_read),
      used: Number(r.used),
      mergedDuplicates: Number(r.merged_duplicates),
      rejected: Number(r.rejected),
      outOfScope: Number(r.out_of_scope),
    })),
    reasons.map((r) => ({
      table: String(r.table_name),
      status: String(r.status),
      reason: String(r.reason),
      rows: Number(r.rows),
    })),
    threshold,
  );
  if (name === "ingestion-reasons")
    return published.reasons.map((r) => ({ table_name: r.table, status: r.status, reason: r.reason, rows: r.rows }));
  return published.tables.map((t, i) => ({
    table_name: t.table,
    logical_table: String(accounting[i]!.logical_table),
    rows_read: t.rowsRead,
    used: t.used,
    merged_duplicates: t.mergedDuplicates,
    rejected: t.rejected,
    out_of_scope: t.outOfScope,
  }));
}

/** Advanced (index) dates: read or inferred, and from which source. */
const indexDatesSql = `
    SELECT coalesce(advanced_date_source, 'none') AS source, coalesce(advanced_date_inferred, false) AS inferred,
           count(*)::INTEGER AS patients
    FROM cohort GROUP BY ALL ORDER BY patients DESC, source`;

/** A cohort table as published: its counts from the joint suppression (null when hidden). */
function maskedCohortTable(
  name: "overview" | "cohort-profile" | "index-dates",
  t: Awaited<ReturnType<typeof cohortTables>>,
): Row[] {
  const { counts, hidden } = t;
  const show = (key: string, n: number) => (hidden.has(key) ? null : n);
  if (name === "overview")
    return counts.overview.map((r) => ({
      dimension: r.dimension,
      value: r.value,
      ...Object.fromEntries(OVERVIEW_COUNTS.map((c) => [c, show(cohortKeys.overview(r, c), r[c])])),
    }));
  if (name === "cohort-profile")
    return counts.profile.map((r) => ({ ...r, patients: show(cohortKeys.profile(r), r.patients) }));
  return counts.indexDates.map((r) => ({ ...r, patients: show(cohortKeys.indexDate(r), r.patients) }));
}

const OVERVIEW_COUNTS = ["patients", "treated", "lines", "reached_line2", "deaths"] as const;

/** Column types of each aggregate (explicit, so that an empty table still has its schema). */
const SCHEMAS: Record<PublicAggregate, Record<string, string>> = {
  overview: {
    dimension: "VARCHAR",
    value: "VARCHAR",
    patients: "INTEGER",
    treated: "INTEGER",
    lines: "INTEGER",
    reached_line2: "INTEGER",
    deaths: "INTEGER",
  },
  "pathway-links": {
    dimension: "VARCHAR",
    value: "VARCHAR",
    key: "VARCHAR",
    source: "VARCHAR",
    target: "VARCHAR",
    patients: "INTEGER",
  },
  "top-sequences": {
    dimension: "VARCHAR",
    value: "VARCHAR",
    key: "VARCHAR",
    sequence: "VARCHAR",
    ending: "VARCHAR",
    patients: "INTEGER",
    share: "DOUBLE",
    treated: "INTEGER",
  },
  "survival-curves": {
    dimension: "VARCHAR",
    value: "VARCHAR",
    endpoint: "VARCHAR",
    grouping: "VARCHAR",
    group: "VARCHAR",
    time: "DOUBLE",
    survival: "DOUBLE",
    lower: "DOUBLE",
    upper: "DOUBLE",
    censored: "BOOLEAN",
  },
  "survival-at-risk": {
    dimension: "VARCHAR",
    value: "VARCHAR",
    endpoint: "VARCHAR",
    grouping: "VARCHAR",
    group: "VARCHAR",
    month: "DOUBLE",
    n_risk: "INTEGER",
  },
  "survival-groups": {
    dimension: "VARCHAR",
    value: "VARCHAR",
    endpoint: "VARCHAR",
    grouping: "VARCHAR",
    group: "VARCHAR",
    patients: "INTEGER",
    events: "INTEGER",
    median: "DOUBLE",
    median_lower: "DOUBLE",
    median_upper: "DOUBLE",
    chi_square: "DOUBLE",
    df: "DOUBLE",
    p_value: "DOUBLE",
  },
  "cohort-profile": {
    dimension: "VARCHAR",
    value: "VARCHAR",
    characteristic: "VARCHAR",
    category: "VARCHAR",
    patients: "INTEGER",
  },
  coverage: { source: "VARCHAR", patients: "INTEGER", exposures: "INTEGER" },
  "ingestion-accounting": {
    table_name: "VARCHAR",
    logical_table: "VARCHAR",
    rows_read: "INTEGER",
    used: "INTEGER",
    merged_duplicates: "INTEGER",
    rejected: "INTEGER",
    out_of_scope: "INTEGER",
  },
  "ingestion-reasons": { table_name: "VARCHAR", status: "VARCHAR", reason: "VARCHAR", rows: "INTEGER" },
  "unmapped-labels": { label: "VARCHAR", rows: "INTEGER", reason: "VARCHAR", resolved_by: "VARCHAR" },
  "index-dates": { source: "VARCHAR", inferred: "BOOLEAN", patients: "INTEGER" },
};

/** Computes one aggregate (rows of plain values). */
export async function computePublicAggregate(
  session: DuckSession,
  name: PublicAggregate,
  method: string,
  workdir: string,
): Promise<Row[]> {
  if (name === "coverage") return coverage(session);
  if (name === "ingestion-accounting" || name === "ingestion-reasons" || name === "unmapped-labels")
    return ingestionTable(session, workdir, name);
  const subs = await subgroups(session);
  switch (name) {
    case "overview":
    case "cohort-profile":
    case "index-dates":
      return maskedCohortTable(name, await cohortTables(session, method, subs, workdir));
    case "pathway-links":
      return pathwayLinks(await cohortTables(session, method, subs, workdir));
    case "top-sequences":
      return topSequences(await cohortTables(session, method, subs, workdir));
    case "survival-curves":
      return survival(session, method, subs, "curves");
    case "survival-at-risk":
      return survival(session, method, subs, "atRisk");
    case "survival-groups":
      return survival(session, method, subs, "groups");
  }
}

/** Writes one aggregate as Parquet to `out` (a data loader's standard output); lines of the first rule set. */
export async function writePublicAggregate(name: PublicAggregate, out: NodeJS.WritableStream): Promise<void> {
  const w = await ensureWorkspaceWorkdir();
  const session = await openDuckSession();
  try {
    await createAnalysisTables(session, w);
    const rows = await computePublicAggregate(session, name, w.ruleSets[0] ?? "default", w.workdir);
    await writeRowsParquet(session, rows, SCHEMAS[name], out);
  } finally {
    session.close();
  }
}

/** The Methods page's document: the rule sets in force (as loaded and validated) and the data contract's tables. */
export async function writeMethodsDocument(): Promise<{
  ruleSets: RuleSet[];
  contractVersion: number;
  tables: {
    name: string;
    family: string;
    description: string;
    columns: { name: string; type: string; nullable: boolean; description: string }[];
  }[];
}> {
  const w = await ensureWorkspaceWorkdir();
  return {
    ruleSets: w.ruleSets.map((r) => loadRuleSet(r)),
    contractVersion: CONTRACT_VERSION,
    tables: CONTRACT_TABLES.map((t) => ({
      name: t.name,
      family: t.family,
      description: t.description,
      columns: t.columns.map((c) => ({ name: c.name, type: c.type, nullable: c.nullable, description: c.description })),
    })),
  };
}
