/**
 * Treatment pathways as SQL over the workspace's `cohort` and `lines` tables:
 * each treated patient's lines 1..depth (by regimen class or by regimen), then
 * how the pathway ends: "later lines" (a line beyond the depth), "still on
 * treatment" (the last line is ongoing at the end of follow-up), "death" (the
 * patient died after the last line) or "no further line" (alive, no new line by
 * the end of follow-up). The same SQL runs in DuckDB-WASM (pages) and in DuckDB
 * under Node (public aggregates, tests).
 *
 * Two ways to the same numbers:
 * - `pathwayLinksSql` / `topSequencesSql` compute everything from the patient-level
 *   tables for one filter (the reference, and the tests' expectation);
 * - `preparePathwaysSql` computes each patient's pathway once for one (method,
 *   key, depth), whatever the filter, and keeps it counted by the filter
 *   dimensions (a few thousand rows); `preparedPathwayLinksSql` /
 *   `preparedTopSequencesSql` then only add up these counts under a filter, in
 *   milliseconds on 100 000 patients. Only the regimen ranks (key
 *   `regimen_label`: the 8 most frequent regimens of each line under the
 *   filter) are recomputed per filter, from counts too.
 */
import { FILTER_DIMENSIONS, sqlLiteral } from "./cohort-filter.js";

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

/** The only columns of the cohort and lines tables that the pathway SQL reads (a page may load just these). */
export const PATHWAY_COLUMNS = {
  cohort: ["patient_id", "death_date", ...FILTER_DIMENSIONS],
  lines: [
    "method",
    "patient_id",
    "line_number",
    "regimen_class",
    "regimen_label",
    "molecules",
    "end_date",
    "end_reason",
  ],
} as const;

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

/** What prepared pathway tables depend on (not the filter). */
export interface PathwayPreparation {
  depth: number;
  key: PathwayKey;
  method: string;
  /** Prefix of the prepared tables' names (an SQL identifier). */
  name: string;
  cohortTable?: string;
  linesTable?: string;
}

/** Options of a query over prepared tables: `where` may only use the filter dimensions' columns. */
export interface PreparedPathwayOptions {
  key: PathwayKey;
  /** Prefix given to preparePathwaysSql. */
  name: string;
  /** SQL predicate over the filter dimensions (cohort-filter.ts's filterPredicate without alias). */
  where: string;
  topRegimens?: number;
}

const SAFE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const DIMS = FILTER_DIMENSIONS.join(", ");

function tableName(name: string, part: "links" | "sequences" | "lines"): string {
  if (!SAFE_NAME.test(name)) throw new Error(`Prepared table prefix ${JSON.stringify(name)} must match ${SAFE_NAME}`);
  return `${name}_${part}`;
}

/** The parts of the prepared tables of a node type, in the order preparePathwaysSql creates them. */
export function preparedPathwayParts(key: PathwayKey): readonly ("links" | "sequences" | "lines")[] {
  return key === "regimen_class" ? ["links", "sequences"] : ["lines", "links", "sequences"];
}

/** The names of the tables preparePathwaysSql creates. */
export function preparedPathwayTables(p: Pick<PathwayPreparation, "key" | "name">): string[] {
  return preparedPathwayParts(p.key).map((part) => tableName(p.name, part));
}

/** The line depths the Pathways page offers (its "Line depth" input); the aggregated mode prepares each. */
export const PATHWAY_DEPTHS = [2, 3, 4, 5] as const;

/**
 * Aggregated mode (docs/workspace.md): the prepared tables of every method and
 * depth, written by the data loaders as `<source>_<part>` tables (columns
 * `method`, `depth`, then the prepared table's columns). These statements
 * create the prepared tables of one (method, key, depth) from them, so that
 * preparedPathwayLinksSql and preparedTopSequencesSql run unchanged.
 */
export function preparedFromAggregatesSql(p: {
  key: PathwayKey;
  name: string;
  method: string;
  depth: number;
  /** Prefix of the aggregate tables (an SQL identifier). */
  source: string;
}): string[] {
  return preparedPathwayParts(p.key).map(
    (part) =>
      `CREATE OR REPLACE TABLE ${tableName(p.name, part)} AS SELECT * EXCLUDE (method, depth) FROM ${tableName(p.source, part)}
       WHERE method = ${sqlLiteral(p.method)} AND depth = ${Math.floor(p.depth)}`,
  );
}

/**
 * The steps of stepsSql for every patient of the cohort (no filter), with the
 * filter dimensions, the regimen class (`cls`) and the regimen (`raw`, before
 * any ranking) of each line step, and the end node of the end step.
 */
function allStepsSql(p: PathwayPreparation): string {
  const depth = Math.max(1, Math.floor(p.depth));
  const cohort = p.cohortTable ?? "cohort";
  const lines = p.linesTable ?? "lines";
  return `
    c AS (SELECT patient_id, death_date, ${DIMS} FROM ${cohort}),
    fl AS (SELECT l.patient_id, l.line_number, coalesce(l.regimen_class, 'unknown') AS cls,
                  coalesce(l.regimen_label, l.molecules) AS raw, l.end_date, l.end_reason
           FROM ${lines} l JOIN c USING (patient_id) WHERE l.method = ${sqlLiteral(p.method)}),
    last AS (SELECT patient_id, max(line_number) AS n_lines FROM fl GROUP BY 1),
    steps AS (
      SELECT l.patient_id, l.line_number AS step, l.cls, l.raw, NULL::VARCHAR AS end_node
      FROM fl l WHERE l.line_number <= ${depth}
      UNION ALL
      SELECT p.patient_id, least(p.n_lines, ${depth}) + 1 AS step, NULL AS cls, NULL AS raw,
        CASE WHEN p.n_lines > ${depth} THEN 'later lines'
             WHEN l.end_date IS NULL OR l.end_reason = 'end_of_data' THEN 'still on treatment'
             WHEN c.death_date IS NOT NULL THEN 'death'
             ELSE 'no further line' END AS end_node
      FROM last p JOIN c USING (patient_id)
      JOIN fl l ON l.patient_id = p.patient_id AND l.line_number = least(p.n_lines, ${depth})
    ),
    pairs AS (
      SELECT a.patient_id, a.step AS a_step, a.cls AS a_cls, a.raw AS a_raw,
             b.step AS b_step, b.cls AS b_cls, b.raw AS b_raw, b.end_node AS b_end
      FROM steps a JOIN steps b ON a.patient_id = b.patient_id AND b.step = a.step + 1
    )`;
}

/**
 * Statements (run in order) that create the prepared pathway tables of one
 * method, key and depth, named `<name>_links`, `<name>_sequences` (and
 * `<name>_lines` for key regimen_label), each a count `n` of patients (or of
 * lines) by the filter dimensions and what the queries need:
 * - regimen_class: links (source, target) and sequences (sequence, ending) as drawn;
 * - regimen_label: lines 1..depth by regimen (for the ranks), links by the two
 *   regimens before ranking, and sequences as lists of (line, regimen).
 */
export function preparePathwaysSql(p: PathwayPreparation): string[] {
  const [first, second, third] = preparedPathwayTables(p);
  const depth = Math.max(1, Math.floor(p.depth));
  const steps = allStepsSql(p);
  const withDims = (sql: string) => `WITH ${steps}, d AS (SELECT patient_id, ${DIMS} FROM c), x AS (${sql})`;
  if (p.key === "regimen_class") {
    return [
      `CREATE OR REPLACE TABLE ${first} AS ${withDims(`
        SELECT patient_id, 'L' || a_step || ' ' || a_cls AS source,
               coalesce(b_end, 'L' || b_step || ' ' || b_cls) AS target FROM pairs`)}
       SELECT ${DIMS}, source, target, count(*)::INTEGER AS n FROM x JOIN d USING (patient_id) GROUP BY ALL`,
      `CREATE OR REPLACE TABLE ${second} AS ${withDims(`
        SELECT patient_id, string_agg(cls, ' → ' ORDER BY step) FILTER (WHERE end_node IS NULL) AS sequence,
               max(end_node) AS ending
        FROM steps GROUP BY 1`)}
       SELECT ${DIMS}, sequence, ending, count(*)::INTEGER AS n FROM x JOIN d USING (patient_id) GROUP BY ALL`,
    ];
  }
  return [
    `CREATE OR REPLACE TABLE ${first} AS WITH ${steps}
     SELECT ${DIMS}, line_number, raw AS label, count(*)::INTEGER AS n
     FROM fl JOIN c USING (patient_id) WHERE line_number <= ${depth} GROUP BY ALL`,
    `CREATE OR REPLACE TABLE ${second} AS ${withDims(`
      SELECT patient_id, a_step, a_raw AS a_label, b_step, b_raw AS b_label, b_end FROM pairs`)}
     SELECT ${DIMS}, a_step, a_label, b_step, b_label, b_end, count(*)::INTEGER AS n
     FROM x JOIN d USING (patient_id) GROUP BY ALL`,
    `CREATE OR REPLACE TABLE ${third} AS ${withDims(`
      SELECT patient_id, coalesce(list(step ORDER BY step, raw) FILTER (WHERE end_node IS NULL), []) AS steps,
             coalesce(list(raw ORDER BY step, raw) FILTER (WHERE end_node IS NULL), []) AS labels,
             max(end_node) AS ending
      FROM steps GROUP BY 1`)}
     SELECT ${DIMS}, steps, labels, ending, count(*)::INTEGER AS n FROM x JOIN d USING (patient_id) GROUP BY ALL`,
  ];
}

/** Ranks of the regimens of each line under the filter (as in stepsSql), from the prepared line counts. */
function ranksSql(o: PreparedPathwayOptions): string {
  return `r AS (SELECT line_number, label, row_number() OVER (PARTITION BY line_number ORDER BY sum(n) DESC, label) AS rank
               FROM ${tableName(o.name, "lines")} WHERE ${o.where} GROUP BY line_number, label)`;
}

/** pathwayLinksSql's result (same rows, same order) from tables made by preparePathwaysSql. */
export function preparedPathwayLinksSql(o: PreparedPathwayOptions): string {
  const links = tableName(o.name, "links");
  const order = "ORDER BY patients DESC, source, target";
  if (o.key === "regimen_class") {
    return `SELECT source, target, sum(n)::INTEGER AS patients FROM ${links} WHERE ${o.where} GROUP BY ALL ${order}`;
  }
  const top = o.topRegimens ?? 8;
  return `WITH ${ranksSql(o)},
    p AS (SELECT a_step, a_label, b_step, b_label, b_end, sum(n) AS n FROM ${links} WHERE ${o.where} GROUP BY ALL),
    m AS (SELECT 'L' || p.a_step || ' ' || CASE WHEN ra.rank <= ${top} THEN p.a_label ELSE 'other' END AS source,
                 coalesce(p.b_end, 'L' || p.b_step || ' ' || CASE WHEN rb.rank <= ${top} THEN p.b_label ELSE 'other' END)
                   AS target, p.n
          FROM p JOIN r ra ON ra.line_number = p.a_step AND ra.label = p.a_label
          LEFT JOIN r rb ON rb.line_number = p.b_step AND rb.label = p.b_label
          WHERE p.b_end IS NOT NULL OR rb.rank IS NOT NULL)
    SELECT source, target, sum(n)::INTEGER AS patients FROM m GROUP BY ALL ${order}`;
}

/** topSequencesSql's result (same rows, same order) from tables made by preparePathwaysSql. */
export function preparedTopSequencesSql(o: PreparedPathwayOptions, limit = 15): string {
  const sequences = tableName(o.name, "sequences");
  const tail = `t AS (SELECT sum(patients)::BIGINT AS n FROM q)
    SELECT sequence, ending, patients::INTEGER AS patients, (patients / t.n)::DOUBLE AS share, t.n::INTEGER AS treated
    FROM q, t ORDER BY patients DESC, sequence, ending LIMIT ${Math.floor(limit)}`;
  if (o.key === "regimen_class") {
    return `WITH q AS (SELECT sequence, ending, sum(n)::BIGINT AS patients FROM ${sequences} WHERE ${o.where} GROUP BY ALL),
      ${tail}`;
  }
  const top = o.topRegimens ?? 8;
  // Patients are grouped by their list of (line, regimen) before the regimens
  // are ranked: the string of each distinct list is built once.
  return `WITH ${ranksSql(o)},
    g AS (SELECT row_number() OVER () AS id, * FROM (
            SELECT steps, labels, ending, sum(n) AS n FROM ${sequences} WHERE ${o.where} GROUP BY ALL)),
    e AS (SELECT id, unnest(steps) AS step, unnest(labels) AS label, unnest(range(len(labels))) AS i FROM g),
    m AS (SELECT e.id, e.i, CASE WHEN r.rank <= ${top} THEN e.label ELSE 'other' END AS label
          FROM e JOIN r ON r.line_number = e.step AND r.label = e.label),
    s AS (SELECT any_value(g.ending) AS ending, any_value(g.n) AS n, string_agg(m.label, ' → ' ORDER BY m.i) AS sequence
          FROM g LEFT JOIN m USING (id) GROUP BY g.id),
    q AS (SELECT sequence, ending, sum(n)::BIGINT AS patients FROM s
          WHERE sequence IS NOT NULL OR ending IS NOT NULL GROUP BY ALL),
    ${tail}`;
}
