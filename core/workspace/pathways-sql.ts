/**
 * Treatment pathways as SQL over the workspace's `cohort` and `lines` tables:
 * each treated patient's lines 1..depth (by regimen class or by regimen), then
 * how the pathway ends: "later lines" (a line beyond the depth), "still on
 * treatment" (the last line is ongoing at the end of follow-up), "death" (the
 * patient died after the last line) or "no further line" (alive, no new line by
 * the end of follow-up). The same SQL runs in DuckDB-WASM (pages) and in DuckDB
 * under Node (public aggregates, tests).
 */
import { sqlLiteral } from "./cohort-filter.js";

export type PathwayKey = "regimen_class" | "regimen_label";

export interface PathwayOptions {
  /** Lines drawn (2..6); beyond them, "later lines". */
  depth: number;
  /** Regimen class, or regimen (molecules). */
  key: PathwayKey;
  /** The method (rule set name, or "gold") whose lines are used. */
  method: string;
  /** SQL predicate over the cohort table (see cohort-filter.ts). */
  where: string;
  /** With `regimen_label`: regimens beyond this rank within a line are pooled as "other". */
  topRegimens?: number;
  cohortTable?: string;
  linesTable?: string;
}

export const PATHWAY_ENDS = ["later lines", "still on treatment", "death", "no further line"] as const;

/** One row per patient and step: step 1..depth are lines, the last step is the end. */
function stepsSql(o: PathwayOptions): string {
  const depth = Math.max(1, Math.floor(o.depth));
  const cohort = o.cohortTable ?? "cohort";
  const lines = o.linesTable ?? "lines";
  const top = o.topRegimens ?? 8;
  const label =
    o.key === "regimen_class"
      ? "coalesce(l.regimen_class, 'unknown')"
      : `CASE WHEN r.rank <= ${top} THEN l.regimen_label ELSE 'other' END`;
  const ranks =
    o.key === "regimen_class"
      ? ""
      : `, r AS (SELECT line_number, regimen_label, row_number() OVER (PARTITION BY line_number ORDER BY count(*) DESC, regimen_label) AS rank
                FROM fl GROUP BY line_number, regimen_label)`;
  const join = o.key === "regimen_class" ? "" : "JOIN r USING (line_number, regimen_label)";
  return `
    c AS (SELECT patient_id, death_date FROM ${cohort} WHERE ${o.where}),
    fl AS (SELECT l.patient_id, l.line_number, l.regimen_class, coalesce(l.regimen_label, l.molecules) AS regimen_label,
                  l.end_date, l.end_reason
           FROM ${lines} l JOIN c USING (patient_id) WHERE l.method = ${sqlLiteral(o.method)})${ranks},
    last AS (SELECT patient_id, max(line_number) AS n_lines FROM fl GROUP BY 1),
    steps AS (
      SELECT l.patient_id, l.line_number AS step, 'L' || l.line_number || ' ' || ${label} AS node, ${label} AS label
      FROM fl l ${join} WHERE l.line_number <= ${depth}
      UNION ALL
      SELECT p.patient_id, least(p.n_lines, ${depth}) + 1 AS step,
        CASE WHEN p.n_lines > ${depth} THEN 'later lines'
             WHEN l.end_date IS NULL OR l.end_reason = 'end_of_data' THEN 'still on treatment'
             WHEN c.death_date IS NOT NULL THEN 'death'
             ELSE 'no further line' END AS node, NULL AS label
      FROM last p JOIN c USING (patient_id)
      JOIN fl l ON l.patient_id = p.patient_id AND l.line_number = least(p.n_lines, ${depth})
    )`;
}

/** Sankey links: source node, target node, patients (INTEGER); nodes are "L<n> <label>" or an end. */
export function pathwayLinksSql(o: PathwayOptions): string {
  return `WITH ${stepsSql(o)}
    SELECT a.node AS source, b.node AS target, count(*)::INTEGER AS patients
    FROM steps a JOIN steps b ON a.patient_id = b.patient_id AND b.step = a.step + 1
    GROUP BY ALL ORDER BY patients DESC, source, target`;
}

/**
 * The most frequent sequences (lines 1..depth joined by " → ", then the end),
 * with patients (INTEGER) and their share of the treated patients under the
 * filter (DOUBLE in [0, 1]), and the number of treated patients (INTEGER).
 */
export function topSequencesSql(o: PathwayOptions, limit = 15): string {
  return `WITH ${stepsSql(o)},
    seq AS (SELECT patient_id,
              string_agg(label, ' → ' ORDER BY step) FILTER (WHERE label IS NOT NULL) AS sequence,
              max(node) FILTER (WHERE label IS NULL) AS ending
            FROM steps GROUP BY 1),
    treated AS (SELECT count(*) AS n FROM seq)
    SELECT sequence, ending, count(*)::INTEGER AS patients, (count(*) / any_value(treated.n))::DOUBLE AS share,
           any_value(treated.n)::INTEGER AS treated
    FROM seq, treated GROUP BY sequence, ending ORDER BY patients DESC, sequence, ending LIMIT ${Math.floor(limit)}`;
}
