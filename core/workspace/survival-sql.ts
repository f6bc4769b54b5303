/**
 * Survival end points as SQL over the workspace's `cohort` and `lines` tables,
 * aggregated to (group, time, events, censored) rows so that Kaplan-Meier runs on
 * counts (core/statistics/kaplan-meier-counts.ts), not on one row per patient.
 *
 * End points, in days from the start of a line:
 * - ttnt (time to next treatment): to the start of the next line or death,
 *   whichever comes first; censored at the end of follow-up;
 * - tot (time on treatment): to the end of the line (any reason, death
 *   included); censored when the line is ongoing at the end of follow-up;
 * - os (overall survival): to death; censored at the end of follow-up.
 * The end of follow-up of a patient without the event is the end of data (the
 * default) or, with `censoring: "last_contact"`, the cohort's `last_contact`
 * when earlier (core/statistics/censoring.ts); deaths and next lines are events
 * either way.
 * Grouped by line (line 1, 2, 3, 4+; OS by line is survival from the start of
 * that line, "line 1" being OS from line 1) or by the regimen class of one line.
 * Times are clamped to [0, end of follow-up].
 *
 * `survivalCountsSql` computes from the patient-level tables for one filter (the
 * reference). `prepareSurvivalSql` computes, once per method, every line's time
 * and event for the three end points with the filter dimensions; then
 * `preparedSurvivalCountsSql` gives the same rows under any filter without the
 * join and window that per-line times need.
 */
import { DEFAULT_CENSORING, type Censoring } from "../statistics/censoring.js";
import { FILTER_DIMENSIONS, sqlLiteral } from "./cohort-filter.js";

export const ENDPOINTS = ["ttnt", "tot", "os"] as const;
export type Endpoint = (typeof ENDPOINTS)[number];

export const ENDPOINT_LABELS: Readonly<Record<Endpoint, string>> = {
  ttnt: "Time to next treatment",
  tot: "Time on treatment",
  os: "Overall survival",
};

/** The only columns of the cohort and lines tables that the survival SQL reads (a page may load just these). */
export const SURVIVAL_COLUMNS = {
  cohort: ["patient_id", "death_date", "follow_up_end", "last_contact", ...FILTER_DIMENSIONS],
  lines: ["method", "patient_id", "line_number", "start_date", "end_date", "end_reason", "regimen_class"],
} as const;

export type SurvivalGrouping = { by: "line"; maxLine?: number } | { by: "regimen_class"; line: number };

export interface SurvivalOptions {
  endpoint: Endpoint;
  grouping: SurvivalGrouping;
  method: string;
  /** SQL predicate over the cohort table (see cohort-filter.ts). */
  where: string;
  cohortTable?: string;
  linesTable?: string;
  /** Where patients without the event are censored; default end of data. */
  censoring?: Censoring;
}

function timeAndEvent(endpoint: Endpoint): { end: string; event: string } {
  switch (endpoint) {
    case "ttnt":
      return {
        end: "coalesce(least(next_start, death_date), censor_at)",
        event: "(next_start IS NOT NULL OR death_date IS NOT NULL)",
      };
    case "tot":
      return {
        end: "coalesce(end_date, censor_at)",
        event: "(end_date IS NOT NULL AND coalesce(end_reason, '') NOT IN ('end_of_data', 'ongoing'))",
      };
    case "os":
      return { end: "coalesce(death_date, censor_at)", event: "(death_date IS NOT NULL)" };
  }
}

/** The group of a line (SQL over line_number and regimen_class) and which lines count. */
function groupAndLines(g: SurvivalGrouping): { group: string; which: string } {
  const maxLine = g.by === "line" ? Math.max(1, Math.floor(g.maxLine ?? 4)) : 0;
  return {
    group:
      g.by === "line"
        ? `CASE WHEN line_number >= ${maxLine} THEN 'line ${maxLine}${maxLine > 1 ? "+" : ""}' ELSE 'line ' || line_number END`
        : "coalesce(regimen_class, 'unknown')",
    which: g.by === "line" ? "TRUE" : `line_number = ${Math.floor(g.line)}`,
  };
}

/** Every line of the method for the cohort rows kept by `where`, with what the end points need. */
function linesSql(
  o: { method: string; where: string; cohortTable?: string; linesTable?: string; censoring?: Censoring },
  dims: readonly string[] = [],
): string {
  const censorAt =
    (o.censoring ?? DEFAULT_CENSORING) === "last_contact"
      ? "least(c.follow_up_end, coalesce(c.last_contact, c.follow_up_end))"
      : "c.follow_up_end";
  const cohort = o.cohortTable ?? "cohort";
  const lines = o.linesTable ?? "lines";
  const keep = (prefix: string) => dims.map((d) => `, ${prefix}${d}`).join("");
  const lastContact = (o.censoring ?? DEFAULT_CENSORING) === "last_contact" ? ", last_contact" : "";
  return `c AS (SELECT patient_id, death_date, follow_up_end${lastContact}${keep("")} FROM ${cohort} WHERE ${o.where}),
    l AS (SELECT l.patient_id, l.line_number, l.start_date, l.end_date, l.end_reason, l.regimen_class,
                 lead(l.start_date) OVER (PARTITION BY l.patient_id ORDER BY l.line_number, l.start_date, l.end_date)
                   AS next_start,
                 c.death_date, c.follow_up_end, ${censorAt} AS censor_at${keep("c.")}
          FROM ${lines} l JOIN c USING (patient_id) WHERE l.method = ${sqlLiteral(o.method)})`;
}

/** A line's time (days from its start, clamped to [0, end of follow-up]) for one end point. */
function timeSql(endpoint: Endpoint): string {
  return `greatest(0, least(${timeAndEvent(endpoint).end}, follow_up_end) - start_date)::INTEGER`;
}

/** SQL of the per-line observations: group, time (days, INTEGER), event (BOOLEAN). */
export function survivalObservationsSql(o: SurvivalOptions): string {
  const { group, which } = groupAndLines(o.grouping);
  return `WITH ${linesSql(o)}
    SELECT ${group} AS "group", ${timeSql(o.endpoint)} AS time, ${timeAndEvent(o.endpoint).event} AS event
    FROM l WHERE ${which}`;
}

/** Counts per group and time: "group", time (days), events, censored (INTEGER), ordered. */
export function survivalCountsSql(o: SurvivalOptions): string {
  return `SELECT "group", time, count(*) FILTER (WHERE event)::INTEGER AS events,
           count(*) FILTER (WHERE NOT event)::INTEGER AS censored
    FROM (${survivalObservationsSql(o)}) GROUP BY ALL ORDER BY "group", time`;
}

const SAFE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Creates table `name`: one row per line of the method for every cohort
 * patient, with the filter dimensions (cohort-filter.ts), line_number,
 * regimen_class, and `<endpoint>_time` / `<endpoint>_event` for each end point.
 */
export function prepareSurvivalSql(o: {
  method: string;
  name: string;
  cohortTable?: string;
  linesTable?: string;
  censoring?: Censoring;
}): string {
  if (!SAFE_NAME.test(o.name)) throw new Error(`Prepared table name ${JSON.stringify(o.name)} must match ${SAFE_NAME}`);
  const columns = ENDPOINTS.map((e) => `${timeSql(e)} AS ${e}_time, ${timeAndEvent(e).event} AS ${e}_event`);
  return `CREATE OR REPLACE TABLE ${o.name} AS WITH ${linesSql({ ...o, where: "TRUE" }, FILTER_DIMENSIONS)}
    SELECT ${FILTER_DIMENSIONS.join(", ")}, line_number, regimen_class, ${columns.join(", ")} FROM l`;
}

/**
 * survivalCountsSql's rows (same order) from the table made by
 * prepareSurvivalSql; `where` may only use the filter dimensions.
 */
export function preparedSurvivalCountsSql(o: {
  endpoint: Endpoint;
  grouping: SurvivalGrouping;
  name: string;
  where: string;
}): string {
  if (!SAFE_NAME.test(o.name)) throw new Error(`Prepared table name ${JSON.stringify(o.name)} must match ${SAFE_NAME}`);
  if (!(ENDPOINTS as readonly string[]).includes(o.endpoint)) throw new Error(`Unknown end point ${o.endpoint}`);
  const { group, which } = groupAndLines(o.grouping);
  return `SELECT ${group} AS "group", ${o.endpoint}_time AS time,
      count(*) FILTER (WHERE ${o.endpoint}_event)::INTEGER AS events,
      count(*) FILTER (WHERE NOT ${o.endpoint}_event)::INTEGER AS censored
    FROM ${o.name} WHERE (${o.where}) AND ${which} GROUP BY ALL ORDER BY "group", time`;
}

/**
 * Aggregated mode (docs/workspace.md): the rows of one end point of a table made
 * by prepareSurvivalSql, counted by filter dimensions, line_number,
 * regimen_class and time (days): events and censored (INTEGER). Written by the
 * data loaders with a `method` column in front, one file per end point.
 */
export function survivalAggregateSql(o: { prepared: string; endpoint: Endpoint }): string {
  if (!SAFE_NAME.test(o.prepared))
    throw new Error(`Prepared table name ${JSON.stringify(o.prepared)} must match ${SAFE_NAME}`);
  if (!(ENDPOINTS as readonly string[]).includes(o.endpoint)) throw new Error(`Unknown end point ${o.endpoint}`);
  return `SELECT ${FILTER_DIMENSIONS.join(", ")}, line_number, regimen_class, ${o.endpoint}_time AS time,
      count(*) FILTER (WHERE ${o.endpoint}_event)::INTEGER AS events,
      count(*) FILTER (WHERE NOT ${o.endpoint}_event)::INTEGER AS censored
    FROM ${o.prepared} GROUP BY ALL`;
}

/**
 * survivalCountsSql's rows (same order) from an aggregated table of one end
 * point (`method` then survivalAggregateSql's columns); `where` may only use the
 * filter dimensions.
 */
export function aggregatedSurvivalCountsSql(o: {
  table: string;
  method: string;
  grouping: SurvivalGrouping;
  where: string;
}): string {
  if (!SAFE_NAME.test(o.table))
    throw new Error(`Aggregate table name ${JSON.stringify(o.table)} must match ${SAFE_NAME}`);
  const { group, which } = groupAndLines(o.grouping);
  return `SELECT ${group} AS "group", time, sum(events)::INTEGER AS events, sum(censored)::INTEGER AS censored
    FROM ${o.table} WHERE method = ${sqlLiteral(o.method)} AND (${o.where}) AND ${which}
    GROUP BY ALL ORDER BY "group", time`;
}
