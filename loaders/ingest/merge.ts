/**
 * Merging contributions into exposures, and session rows into sessions.
 *
 * Exposures: per (patient, molecule), contributions are first grouped by day
 * (duplicate rows of any sources on one day are one day group). A day group
 * joins the exposure that starts the day before when it shares no source with
 * that starting day (two sources a day apart show one administration); it
 * never joins a group that itself joined: the window is 1 day from the
 * exposure's first date, so daily rows d, d+1, d+2, d+3 give two exposures
 * (d and d+2), not one. The exposure is dated at its first day; its primary
 * row is the earliest (then by source rank: warehouse, MED, MEDATU, ER_UCD_F,
 * ER_PHA_F; then table, row); every other row counts as a merged duplicate.
 * Route: the first non-null by source rank; days supply: the largest. With
 * `costs`, `cost_eur_by_source` maps each source to the sum of its rows' costs
 * (null when no row has one).
 *
 * Sessions: rows with the same (patient, kind, date, end date, hospital) are
 * one session (e.g. a radiotherapy séance seen as a stay and as a CCAM act).
 *
 * `ing_event_roles` (row_key, is_primary) feeds the accounting: every
 * contribution and session row (false), and the primary row of every exposure
 * and session (true); a row is used when it is primary at least once. A row is
 * named by one integer, its table's place (`ing_table_order`) and its row
 * number, so that grouping tens of millions of them is cheap;
 * `EVENT_ROLE_COUNTS` gives the used and merged rows of each table.
 */
import { sqlString, type DuckSession } from "../duckdb/session.js";
import { CONTRIBUTIONS_TABLE, SESSION_ROWS_TABLE, SOURCE_RANK } from "./contributions.js";

/** Every event source, in text order (as `list_sort` orders them). */
const SOURCES = Object.keys(SOURCE_RANK).sort();

/** SQL: the bit of a source (by its position in SOURCES), so that a set of sources is an integer mask. */
const sourceBit = (source: string) =>
  `CASE ${source} ${SOURCES.map((s, i) => `WHEN '${s}' THEN ${1 << i}`).join(" ")} END`;

/** SQL: the sources as a list, in text order (a source's index in SESSION_ROW_KEY is its place here, from 0). */
const SOURCES_LIST = `(CAST([${SOURCES.map((x) => `'${x}'`).join(", ")}] AS VARCHAR[]))`;

/** SQL: the sources as a list in rank order (SOURCE_RANK, 1 to 9): the source of rank r is its r-th item. */
const SOURCES_BY_RANK = `(CAST([${Object.entries(SOURCE_RANK)
  .sort((a, b) => a[1] - b[1])
  .map(([x, r], i) => {
    if (r !== i + 1) throw new Error(`SOURCE_RANK must number the sources 1, 2, 3...: ${x} has ${r}`);
    return `'${x}'`;
  })
  .join(", ")}] AS VARCHAR[]))`;

/** SQL aggregate: the mask of the group's distinct sources. */
const sourceMask = `bit_or(${sourceBit("source")})`;

/**
 * SQL: the sorted distinct sources of a mask; the same list as
 * `list_sort(list(DISTINCT source))`, without building a list per group.
 */
const sourcesOfMask = (mask: string) =>
  `list_filter([${SOURCES.map((s) => `'${s}'`).join(", ")}], lambda s, i: (${mask} >> (i - 1)) & 1 = 1)`;

/**
 * Table of the event tables' names in text order (`table_name`, `tidx` from 0): a table's place in a row key.
 * Kept after the merge: EVENT_ROLE_COUNTS names the tables by it.
 */
const TABLE_ORDER = "ing_table_order";

/** Bits of a row key for the row number and for the table's place (`tidx`). */
const ROW_BITS = 40;
const TABLE_BITS = 12;

/**
 * SQL: the order of the rows of an exposure (earliest date, then source rank,
 * table name, row) as one HUGEINT, for arg_min and list_sort: a composite key
 * of plain integers, in place of a row_number window over every contribution.
 * Needs `tidx` (TABLE_ORDER); days from 0001-01-01, rank < 16, tidx < 2^12, row < 2^40.
 */
const EXPOSURE_ROW_KEY =
  `((((date - DATE '0001-01-01')::HUGEINT * 16 + source_rank) << ${ROW_BITS + TABLE_BITS}) + ` +
  `(tidx::HUGEINT << ${ROW_BITS}) + source_row)`;

/** SQL: the rank key of the route of an exposure: non-null first, then source rank, then the row key. */
const ROUTE_KEY = `(((CASE WHEN route IS NULL THEN 1 ELSE 0 END)::HUGEINT << 120) + (source_rank::HUGEINT << 112) + ${EXPOSURE_ROW_KEY})`;

/** SQL: the order of the rows of a session (source in text order, table name, row) as one BIGINT. */
const SESSION_ROW_KEY =
  `((CASE source ${SOURCES.map((x, i) => `WHEN '${x}' THEN ${i}`).join(" ")} END::BIGINT << ${ROW_BITS + TABLE_BITS}) + ` +
  `(tidx::BIGINT << ${ROW_BITS}) + source_row)`;

/** SQL: the `table:row` of a row key `k` (its low bits), the table's name from `names` (SQL list, in tidx order). */
const tableRowOfKey = (k: string, names: string) =>
  `${names}[((${k} >> ${ROW_BITS}) & ${2 ** TABLE_BITS - 1})::INTEGER + 1] || ':' || (${k} & ${2 ** ROW_BITS - 1})::BIGINT`;

/**
 * SQL aggregate: the group's `table:row` in `key` order, joined with `|`. Same text as
 * `string_agg(... ORDER BY key)`, but an unordered list of integer keys sorted per group,
 * turned into text once sorted, is far cheaper than DuckDB's ordered aggregate over
 * millions of small groups (or a list of (key, text) structs).
 */
const provenance = (key: string, names: string) =>
  `array_to_string(list_transform(list_sort(list(${key})), k -> ${tableRowOfKey("k", names)}), '|')`;

export const EVENT_ROLES_TABLE = "ing_event_roles";

/** SQL: the (row_key, true) of the primary rows of `table` (column `primary_key`: its least row key, whose low bits are the row's). */
const primaryRoles = (table: string) =>
  `SELECT (primary_key & ${2 ** (ROW_BITS + TABLE_BITS) - 1})::BIGINT, true FROM ${table}`;

/** SQL: the (row_key, false) of every row of `table` (contributions or session rows). */
const rowRoles = (table: string) =>
  `SELECT (tidx::BIGINT << ${ROW_BITS}) + source_row, false FROM ${table} JOIN ${TABLE_ORDER} USING (table_name)`;

/**
 * SQL: per event table (`table_name`), its `used` rows (primary at least once) and `merged` rows
 * (never primary), from EVENT_ROLES_TABLE; tables without a contribution or session row are absent.
 */
export const EVENT_ROLE_COUNTS =
  `SELECT o.table_name, r.used, r.merged FROM (SELECT (row_key >> ${ROW_BITS})::INTEGER AS tidx, ` +
  `count(*) FILTER (WHERE used) AS used, count(*) FILTER (WHERE NOT used) AS merged FROM ` +
  `(SELECT row_key, bool_or(is_primary) AS used FROM ${EVENT_ROLES_TABLE} GROUP BY row_key) GROUP BY ALL) r ` +
  `JOIN ${TABLE_ORDER} o USING (tidx)`;

/**
 * Creates TABLE_ORDER over the contributions and session rows, checks that
 * the row keys hold their parts (fewer than 2^12 tables, rows below 2^40) and
 * returns the table names in tidx order as an SQL list.
 */
async function createTableOrder(session: DuckSession): Promise<string> {
  await session.run(
    `CREATE OR REPLACE TABLE ${TABLE_ORDER} AS SELECT table_name, (row_number() OVER (ORDER BY table_name) - 1)::INTEGER AS tidx ` +
      `FROM (SELECT DISTINCT table_name FROM ${CONTRIBUTIONS_TABLE} UNION SELECT DISTINCT table_name FROM ${SESSION_ROWS_TABLE})`,
  );
  const names = await session.all(`SELECT table_name FROM ${TABLE_ORDER} ORDER BY tidx`);
  const rows = await session.all(
    `SELECT max(source_row)::BIGINT AS max_row FROM (SELECT source_row FROM ${CONTRIBUTIONS_TABLE} ` +
      `UNION ALL SELECT source_row FROM ${SESSION_ROWS_TABLE})`,
  );
  const tables = names.length;
  const maxRow = Number(rows[0]?.max_row ?? 0);
  if (tables >= 2 ** TABLE_BITS || maxRow >= 2 ** ROW_BITS) {
    throw new Error(`Internal error: ${tables} tables or row ${maxRow} do not fit the merge's row keys`);
  }
  return `(CAST([${names.map((r) => sqlString(String(r.table_name))).join(", ")}] AS VARCHAR[]))`;
}

/**
 * Checks that every contribution's source_rank is its source's (SOURCE_RANK):
 * an exposure's source is read back from the rank bits of its primary row's key.
 */
async function checkSourceRanks(session: DuckSession): Promise<void> {
  const ranks = await session.all(
    `SELECT count(*) FILTER (WHERE source_rank IS DISTINCT FROM CASE source ` +
      `${Object.entries(SOURCE_RANK)
        .map(([x, r]) => `WHEN '${x}' THEN ${r}`)
        .join(" ")} END)::BIGINT AS n FROM ${CONTRIBUTIONS_TABLE}`,
  );
  if (Number(ranks[0]?.n ?? 0) > 0) {
    throw new Error(`Internal error: ${ranks[0]?.n} contributions have a source_rank other than their source's`);
  }
}

/** Rows aggregated at once by the merge: bounds the memory of its list and arg_min states. */
export const MERGE_ROWS_PER_CHUNK = 4_000_000;

/**
 * Creates `target` from `query` (a GROUP BY whose keys include patient_id, with
 * `$chunk` in its WHERE clause) run over disjoint sets of patients (by hash),
 * each of about `rowsPerChunk` rows of `source`: the groups never span two
 * chunks, so the table is the same as in one pass, but the aggregate states
 * (lists, strings) of 1M patients no longer have to fit in memory at once,
 * which DuckDB cannot spill.
 */
async function aggregateByPatientChunks(
  session: DuckSession,
  target: string,
  source: string,
  query: string,
  rowsPerChunk: number,
): Promise<void> {
  const counted = await session.all(`SELECT count(*)::BIGINT AS n FROM ${source}`);
  const chunks = Math.max(1, Math.ceil(Number(counted[0]?.n ?? 0) / Math.max(1, rowsPerChunk)));
  if (chunks === 1) {
    await session.run(`CREATE OR REPLACE TABLE ${target} AS ${query.replaceAll("$chunk", "true")}`);
    return;
  }
  const chunk = (i: number) => query.replaceAll("$chunk", `hash(patient_id) % ${chunks} = ${i}`);
  await session.run(`CREATE OR REPLACE TABLE ${target} AS ${chunk(0)}`);
  for (let i = 1; i < chunks; i++) await session.run(`INSERT INTO ${target} ${chunk(i)}`);
}

/** SQL aggregate: source -> sum of the group's costs (euros), sources without a cost left out. */
const costBySource =
  `CASE WHEN count(cost) > 0 THEN map_from_entries(list_filter([` +
  SOURCES.map((s) => `{'k': '${s}', 'v': sum(cost) FILTER (WHERE source = '${s}')}`).join(", ") +
  `], e -> e.v IS NOT NULL)) END`;

/** Table of the day groups that date their exposure the day before (patient_id, molecule, date, exposure_date). */
const SHIFTED_DAYS = "ing_shifted_days";

/**
 * Creates SHIFTED_DAYS. Per (patient, molecule), the day groups in date order
 * form islands: a day group that links (the previous day group is the day
 * before and shares no source with it) continues the island of the previous
 * one. Within an island, the day groups alternate between starting an
 * exposure (even places: dated that day) and joining the one the day before
 * (odd places: dated the day before); an island's days are consecutive, so a
 * day group's place is its date minus the island's first date. Only a few per
 * cent of the day groups link (2.7 % of 14.1M on the realistic 1M cohort): the
 * islands are found from the linked day groups and the day before each, so
 * that only those go through the island windows, and every other day group
 * is dated its own day (no row for it here).
 */
async function createShiftedDays(session: DuckSession): Promise<void> {
  const byDate = "PARTITION BY patient_id, molecule ORDER BY date";
  await session.run(
    `CREATE OR REPLACE TABLE ${SHIFTED_DAYS} AS ` +
      `WITH d AS (SELECT patient_id, molecule, date, ${sourceMask} AS sources FROM ${CONTRIBUTIONS_TABLE} GROUP BY ALL), ` +
      `linked AS (SELECT patient_id, molecule, date FROM (SELECT patient_id, molecule, date, sources, ` +
      `lag(date) OVER w AS prev_date, lag(sources) OVER w AS prev_sources FROM d WINDOW w AS (${byDate})) ` +
      `WHERE prev_date = date - 1 AND (sources & prev_sources) = 0), ` +
      // the island days: the linked day groups, and the day group before each (linked too, or its island's first)
      `island_days AS (SELECT patient_id, molecule, date, bool_or(link) AS link FROM (` +
      `SELECT patient_id, molecule, date, true AS link FROM linked UNION ALL ` +
      `SELECT patient_id, molecule, CAST(date - 1 AS DATE), false FROM linked) GROUP BY ALL), ` +
      `placed AS (SELECT patient_id, molecule, date, date - max(CASE WHEN NOT link THEN date END) ` +
      `OVER (${byDate} ROWS UNBOUNDED PRECEDING) AS place FROM island_days) ` +
      `SELECT patient_id, molecule, date, CAST(date - 1 AS DATE) AS exposure_date FROM placed WHERE place % 2 = 1`,
  );
}

/**
 * Merges the contributions into `ing_exposures` and the session rows into
 * `ing_sessions` (each with `primary_key`, the row key of its primary row),
 * and fills `ing_event_roles`; the table order is made once for both.
 */
export async function mergeEvents(
  session: DuckSession,
  rowsPerChunk = MERGE_ROWS_PER_CHUNK,
  options: { costs?: boolean } = {},
): Promise<void> {
  await checkSourceRanks(session);
  const names = await createTableOrder(session);
  await mergeExposures(session, names, rowsPerChunk, options);
  await mergeSessions(session, names, rowsPerChunk);
}

/** Exposures: the shifted days once, then one aggregation per chunk of patients. */
async function mergeExposures(
  session: DuckSession,
  names: string,
  rowsPerChunk: number,
  options: { costs?: boolean },
): Promise<void> {
  const key = EXPOSURE_ROW_KEY;
  await createShiftedDays(session);
  // atc and drug class of the primary row: one arg_min of a struct; its source: the rank bits of its key
  await aggregateByPatientChunks(
    session,
    "ing_exposures",
    CONTRIBUTIONS_TABLE,
    `SELECT patient_id, date, molecule, first.atc AS atc, first.drug_class AS drug_class, route, days_supply, ` +
      `${SOURCES_BY_RANK}[((primary_key >> ${ROW_BITS + TABLE_BITS}) & 15)::INTEGER] AS source, ` +
      `sources, provenance, rows${options.costs ? ", cost_eur_by_source" : ""}, primary_key FROM (` +
      `SELECT patient_id, coalesce(x.exposure_date, c.date) AS date, molecule, ` +
      `arg_min({'atc': atc, 'drug_class': drug_class}, ${key}) AS first, ` +
      `arg_min(route, ${ROUTE_KEY}) AS route, max(days_supply) AS days_supply, ` +
      `${sourcesOfMask(sourceMask)} AS sources, ${provenance(key, names)} AS provenance, ` +
      `count(*)::INTEGER AS rows${options.costs ? `, ${costBySource} AS cost_eur_by_source` : ""}, ` +
      `min(${key}) AS primary_key ` +
      `FROM ${CONTRIBUTIONS_TABLE} c LEFT JOIN ${SHIFTED_DAYS} x USING (patient_id, molecule, date) ` +
      `JOIN ${TABLE_ORDER} USING (table_name) WHERE $chunk ` +
      `GROUP BY patient_id, coalesce(x.exposure_date, c.date), molecule)`,
    rowsPerChunk,
  );
  await session.run(`DROP TABLE ${SHIFTED_DAYS}`);
  await session.run(
    `CREATE OR REPLACE TABLE ${EVENT_ROLES_TABLE} AS SELECT * FROM (${rowRoles(CONTRIBUTIONS_TABLE)}) AS r(row_key, is_primary) ` +
      `UNION ALL ${primaryRoles("ing_exposures")}`,
  );
}

async function mergeSessions(session: DuckSession, names: string, rowsPerChunk: number): Promise<void> {
  const key = SESSION_ROW_KEY;
  await aggregateByPatientChunks(
    session,
    "ing_sessions",
    SESSION_ROWS_TABLE,
    `SELECT patient_id, kind, date, end_date, max(count)::INTEGER AS count, ` +
      // the primary row's source: the high bits of its key (no arg_min)
      `hospital, bool_or(grouped) AS grouped, ${SOURCES_LIST}[(min(${key}) >> ${ROW_BITS + TABLE_BITS})::INTEGER + 1] AS source, ` +
      `${sourcesOfMask(sourceMask)} AS sources, ${provenance(key, names)} AS provenance, min(${key}) AS primary_key ` +
      `FROM ${SESSION_ROWS_TABLE} JOIN ${TABLE_ORDER} USING (table_name) WHERE $chunk ` +
      `GROUP BY patient_id, kind, date, end_date, hospital`,
    rowsPerChunk,
  );
  await session.run(
    `INSERT INTO ${EVENT_ROLES_TABLE} ${rowRoles(SESSION_ROWS_TABLE)} UNION ALL ${primaryRoles("ing_sessions")}`,
  );
}
