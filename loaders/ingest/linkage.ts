/**
 * Person linkage. The cohort is ODH_PATIENT (patient_id = BEN_IDT_ANO). IR_BEN_R
 * maps (BEN_NIR_PSA, BEN_RNG_GEM) -> BEN_IDT_ANO for DCIR rows, and
 * BEN_NIR_PSA alone for PMSI stays (NIR_ANO_17, no rank). A key that maps to 2+
 * persons is ambiguous; a key that maps to none is unknown; a person outside
 * ODH_PATIENT is out of the cohort. A stay links only when every *_RET is "0"
 * (COH_NAI_RET and COH_SEX_RET where present: empty = absent). A stay in an
 * error GHM (90*) or with SEJ_TYP B (billed for another hospital) is out of
 * scope (`error_ghm`, `billed_for_another_hospital`): so is every row of it.
 *
 * Tables created: ing_cohort (ODH_PATIENT, one row per patient), ing_dcir_person
 * (nir, rng, person, n), ing_nir_person (nir, person, n), ing_stays (one row per
 * stay and year: year, eta_num, rsa_num, patient_id, entry_date, exit_date,
 * link_reason null when linked), ing_ben_facts (birth year, sex, death date per person).
 */
import { PMSI_LINKAGE_RETURN_CODES, PMSI_OPTIONAL_RETURN_CODES } from "../../core/contract/tables.js";
import { tablesOf, typedUnionQuery, type Dataset } from "../dataset/index.js";
import { sqlIdentifier, type DuckSession } from "../duckdb/session.js";
import { classifyRows, type ReasonDetail } from "./classify.js";
import { withKeyRank } from "./key-rank.js";
import type { IngestReason } from "./reasons.js";

const q = sqlIdentifier;

/** SQL: the linkage reason of a row from its person map row `m` (columns person, n) and cohort row `co`. */
export function personReason(m: string, co: string): string {
  return `CASE WHEN ${m}.n IS NULL THEN 'unknown_nir' WHEN ${m}.n > 1 THEN 'ambiguous_nir' WHEN ${co}.patient_id IS NULL THEN 'person_not_in_cohort' END`;
}

/** Rejection details of the linkage reasons, for a table whose person key is given by `nir` (SQL). */
export function personDetails(nir: string, column: string): Partial<Record<IngestReason, ReasonDetail>> {
  return {
    unknown_nir: { column, value: nir, expected: "a NIR (and rank) present in IR_BEN_R" },
    ambiguous_nir: { column, value: nir, expected: "a NIR (and rank) that IR_BEN_R maps to one person" },
    person_not_in_cohort: { column, value: nir, expected: "a person of ODH_PATIENT" },
  };
}

export async function buildCohort(session: DuckSession, dataset: Dataset): Promise<void> {
  const table = tablesOf(dataset, "ODH_PATIENT")[0]!;
  const cls = await classifyRows(session, {
    tables: [table],
    query:
      `SELECT *, CASE WHEN row_number() OVER (PARTITION BY patient_id ORDER BY __row) > 1 ` +
      `THEN 'duplicate_patient' END AS reason FROM ${q(table.typedTable)}`,
    okStatus: "'used'",
    details: {
      duplicate_patient: { column: "patient_id", value: "patient_id", expected: "one ODH_PATIENT row per patient" },
    },
  });
  await session.run(
    `CREATE OR REPLACE TABLE ing_cohort AS SELECT * EXCLUDE (reason, status) FROM ${q(cls)} WHERE status = 'used'`,
  );
  await session.run(`DROP TABLE ${q(cls)}`);
}

export async function buildPersonMaps(session: DuckSession, dataset: Dataset): Promise<void> {
  const table = tablesOf(dataset, "IR_BEN_R")[0]!;
  const ben = q(table.typedTable);
  const cls = await classifyRows(session, {
    tables: [table],
    query:
      `SELECT b.__row, b.__table, b.BEN_IDT_ANO, CASE WHEN co.patient_id IS NULL THEN 'person_not_in_cohort' END AS reason ` +
      `FROM ${ben} b LEFT JOIN ing_cohort co ON co.patient_id = b.BEN_IDT_ANO`,
    okStatus: "'used'",
    details: {
      person_not_in_cohort: { column: "BEN_IDT_ANO", value: "BEN_IDT_ANO", expected: "a person of ODH_PATIENT" },
    },
  });
  await session.run(`DROP TABLE ${q(cls)}`);
  await session.run(
    `CREATE OR REPLACE TABLE ing_dcir_person AS SELECT BEN_NIR_PSA AS nir, BEN_RNG_GEM AS rng, ` +
      `min(BEN_IDT_ANO) AS person, count(DISTINCT BEN_IDT_ANO) AS n FROM ${ben} GROUP BY ALL`,
  );
  await session.run(
    `CREATE OR REPLACE TABLE ing_nir_person AS SELECT BEN_NIR_PSA AS nir, ` +
      `min(BEN_IDT_ANO) AS person, count(DISTINCT BEN_IDT_ANO) AS n FROM ${ben} GROUP BY ALL`,
  );
  await session.run(
    `CREATE OR REPLACE TABLE ing_ben_facts AS SELECT BEN_IDT_ANO AS patient_id, min(BEN_NAI_ANN) AS birth_year, ` +
      `min(BEN_SEX_COD) AS sex_code, min(BEN_DCD_DTE) AS death_date FROM ${ben} ` +
      `WHERE BEN_IDT_ANO IN (SELECT patient_id FROM ing_cohort) GROUP BY ALL`,
  );
}

const RET = [...PMSI_LINKAGE_RETURN_CODES, ...PMSI_OPTIONAL_RETURN_CODES];

/** SQL: the scope reason of a stay from its T_MCOaaB summary `b` (columns error_ghm, type_b). */
export const stayScopeReason = (b: string) =>
  `CASE WHEN ${b}.error_ghm THEN 'error_ghm' WHEN ${b}.type_b THEN 'billed_for_another_hospital' END`;

/**
 * SQL: per stay of every year of T_MCOaaB (`union`: `typedUnionQuery`), whether
 * it is an error GHM (90*) or a SEJ_TYP B stay.
 */
export const stayScopeSummary = (union: string) =>
  `SELECT __year, ETA_NUM, RSA_NUM, bool_or(starts_with(upper(GRG_GHM), '90')) AS error_ghm, ` +
  `bool_or(upper(coalesce(SEJ_TYP, '')) = 'B') AS type_b FROM (${union}) GROUP BY ALL`;

/**
 * SQL: the stay key `ETA_NUM/RSA_NUM` that the stay reasons show, from the
 * columns `stay_eta`, `stay_rsa` of the row (built only for the rows shown).
 */
export const STAY_KEY = "stay_eta || '/' || stay_rsa";

/** Rejection details of the stay scope reasons (the row exposes `stay_eta`, `stay_rsa`). */
export const STAY_SCOPE_DETAILS: Partial<Record<IngestReason, ReasonDetail>> = {
  error_ghm: { column: "GRG_GHM", value: STAY_KEY, expected: "a stay outside the error GHMs 90*" },
  billed_for_another_hospital: {
    column: "SEJ_TYP",
    value: STAY_KEY,
    expected: "a stay whose SEJ_TYP is not B (B: billed for another hospital)",
  },
};

/** Classifies every T_MCOaaC (linkage), all years in one statement, and builds ing_stays. */
export async function linkStays(session: DuckSession, dataset: Dataset): Promise<void> {
  const tables = tablesOf(dataset, "T_MCOaaC");
  const union = typedUnionQuery(dataset, "T_MCOaaC");
  if (union === undefined) {
    await session.run(
      `CREATE OR REPLACE TABLE ing_stays (year INTEGER, table_name VARCHAR, source_row BIGINT, eta_num VARCHAR, ` +
        `rsa_num VARCHAR, patient_id VARCHAR, entry_date DATE, exit_date DATE, link_reason VARCHAR)`,
    );
    return;
  }
  const badRet = RET.map((c) => `coalesce(${q(c)}, '0') <> '0'`).join(" OR ");
  const retText = `concat_ws(' ', ${RET.map((c) => `CASE WHEN ${q(c)} <> '0' THEN '${c}=' || ${q(c)} END`).join(", ")})`;
  const stays = typedUnionQuery(dataset, "T_MCOaaB");
  // without T_MCOaaB, an empty relation with the same keys: a hash join still (not a nested loop)
  const scopeJoin =
    `LEFT JOIN (${stays ? stayScopeSummary(stays) : "SELECT NULL AS __year, NULL AS ETA_NUM, NULL AS RSA_NUM, false AS error_ghm, false AS type_b WHERE false"}) b ` +
    `ON b.__year = c.__year AND b.ETA_NUM = c.ETA_NUM AND b.RSA_NUM = c.RSA_NUM`;
  const cls = await classifyRows(session, {
    tables,
    query:
      // ret_text only where a reason shows it (unlinkable_stay): not built for every row
      `WITH c AS (SELECT *, (${badRet}) AS bad_ret FROM (${withKeyRank(`(${union})`, ["__year", "ETA_NUM", "RSA_NUM"], "k")})) ` +
      `SELECT c.__row, c.__table, c.__year, c.k, c.ETA_NUM AS stay_eta, c.RSA_NUM AS stay_rsa, c.NIR_ANO_17, ` +
      `c.EXE_SOI_DTD, c.EXE_SOI_DTF, CASE WHEN c.bad_ret THEN ${retText} END AS ret_text, m.person, ` +
      `CASE WHEN c.k > 1 THEN 'duplicate_stay' ELSE coalesce(${stayScopeReason("b")}, ` +
      `CASE WHEN c.bad_ret THEN 'unlinkable_stay' END, ${personReason("m", "co")}) END AS reason ` +
      `FROM c LEFT JOIN ing_nir_person m ON m.nir = c.NIR_ANO_17 LEFT JOIN ing_cohort co ON co.patient_id = m.person ` +
      scopeJoin,
    okStatus: "'used'",
    details: {
      ...STAY_SCOPE_DETAILS,
      duplicate_stay: {
        column: "RSA_NUM",
        value: STAY_KEY,
        expected: "one row per stay (ETA_NUM, RSA_NUM)",
      },
      unlinkable_stay: { column: "*_RET", value: "ret_text", expected: "every linkage return code *_RET = 0" },
      ...personDetails("NIR_ANO_17", "NIR_ANO_17"),
    },
  });
  await session.run(
    `CREATE OR REPLACE TABLE ing_stays AS SELECT __year AS year, __table AS table_name, __row AS source_row, ` +
      `stay_eta AS eta_num, stay_rsa AS rsa_num, CASE WHEN reason IS NULL THEN person END AS patient_id, ` +
      `EXE_SOI_DTD AS entry_date, EXE_SOI_DTF AS exit_date, reason AS link_reason ` +
      `FROM ${q(cls)} WHERE k = 1`,
  );
  await session.run(`DROP TABLE ${q(cls)}`);
}

/**
 * SQL fragments to link a PMSI row (alias `r`, of a table of `year`) to its
 * stay: the join clause (alias `s`), the reason expression (orphan, or the
 * stay's linkage reason) and the `stay_key` column the details refer to.
 */
export function stayJoin(year: string): { join: string; reason: string; key: string } {
  return {
    join: `LEFT JOIN ing_stays s ON s.year = ${year} AND s.eta_num = r.ETA_NUM AND s.rsa_num = r.RSA_NUM`,
    reason: `CASE WHEN s.source_row IS NULL THEN 'orphan_stay' ELSE s.link_reason END`,
    key: `r.ETA_NUM AS stay_eta, r.RSA_NUM AS stay_rsa`,
  };
}

/** Rejection details of the stay reasons for a PMSI table joined with `stayJoin`. */
export function stayDetails(): Partial<Record<IngestReason, ReasonDetail>> {
  const value = STAY_KEY;
  const column = "RSA_NUM";
  return {
    orphan_stay: { column, value, expected: "a stay (ETA_NUM, RSA_NUM) of T_MCOaaC of the same year" },
    ...STAY_SCOPE_DETAILS,
    unlinkable_stay: { column, value, expected: "a stay whose linkage return codes *_RET are all 0" },
    duplicate_stay: { column, value, expected: "one row per stay (ETA_NUM, RSA_NUM)" },
    ...personDetails(STAY_KEY, "RSA_NUM"),
  };
}
