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
 * Grouped by line (line 1, 2, 3, 4+; OS by line is survival from the start of
 * that line, "line 1" being OS from line 1) or by the regimen class of one line.
 * Times are clamped to [0, end of follow-up].
 */
import { sqlLiteral } from "./cohort-filter.js";

export const ENDPOINTS = ["ttnt", "tot", "os"] as const;
export type Endpoint = (typeof ENDPOINTS)[number];

export const ENDPOINT_LABELS: Readonly<Record<Endpoint, string>> = {
  ttnt: "Time to next treatment",
  tot: "Time on treatment",
  os: "Overall survival",
};

export type SurvivalGrouping = { by: "line"; maxLine?: number } | { by: "regimen_class"; line: number };

export interface SurvivalOptions {
  endpoint: Endpoint;
  grouping: SurvivalGrouping;
  method: string;
  /** SQL predicate over the cohort table (see cohort-filter.ts). */
  where: string;
  cohortTable?: string;
  linesTable?: string;
}

function timeAndEvent(endpoint: Endpoint): { end: string; event: string } {
  switch (endpoint) {
    case "ttnt":
      return {
        end: "coalesce(least(next_start, death_date), follow_up_end)",
        event: "(next_start IS NOT NULL OR death_date IS NOT NULL)",
      };
    case "tot":
      return {
        end: "coalesce(end_date, follow_up_end)",
        event: "(end_date IS NOT NULL AND coalesce(end_reason, '') NOT IN ('end_of_data', 'ongoing'))",
      };
    case "os":
      return { end: "coalesce(death_date, follow_up_end)", event: "(death_date IS NOT NULL)" };
  }
}

/** SQL of the per-line observations: group, time (days, INTEGER), event (BOOLEAN). */
export function survivalObservationsSql(o: SurvivalOptions): string {
  const cohort = o.cohortTable ?? "cohort";
  const lines = o.linesTable ?? "lines";
  const { end, event } = timeAndEvent(o.endpoint);
  const g = o.grouping;
  const maxLine = g.by === "line" ? Math.max(1, Math.floor(g.maxLine ?? 4)) : 0;
  const group =
    g.by === "line"
      ? `CASE WHEN line_number >= ${maxLine} THEN 'line ${maxLine}${maxLine > 1 ? "+" : ""}' ELSE 'line ' || line_number END`
      : "coalesce(regimen_class, 'unknown')";
  const which = g.by === "line" ? "TRUE" : `line_number = ${Math.floor(g.line)}`;
  return `WITH c AS (SELECT patient_id, death_date, follow_up_end FROM ${cohort} WHERE ${o.where}),
    l AS (SELECT l.patient_id, l.line_number, l.start_date, l.end_date, l.end_reason, l.regimen_class,
                 lead(l.start_date) OVER (PARTITION BY l.patient_id ORDER BY l.line_number) AS next_start,
                 c.death_date, c.follow_up_end
          FROM ${lines} l JOIN c USING (patient_id) WHERE l.method = ${sqlLiteral(o.method)})
    SELECT ${group} AS "group",
           greatest(0, least(${end}, follow_up_end) - start_date)::INTEGER AS time,
           ${event} AS event
    FROM l WHERE ${which}`;
}

/** Counts per group and time: "group", time (days), events, censored (INTEGER), ordered. */
export function survivalCountsSql(o: SurvivalOptions): string {
  return `SELECT "group", time, count(*) FILTER (WHERE event)::INTEGER AS events,
           count(*) FILTER (WHERE NOT event)::INTEGER AS censored
    FROM (${survivalObservationsSql(o)}) GROUP BY ALL ORDER BY "group", time`;
}
