/**
 * PMSI stays and acts -> sessions (anonymous chemotherapy séances,
 * radiotherapy, surgery), plus the stays used only for death and metastasis
 * codes.
 *
 * T_MCOaaB (per year, linked through T_MCOaaC):
 * - GRG_GHM 28Z07Z or DGN_PAL Z511: chemotherapy séance; DGN_PAL Z5100 or
 *   Z5101: radiotherapy séance. Date = stay entry, end date = stay exit,
 *   count = max(1, NBR_SEA), grouped = NBR_SEA > 1, hospital = ETA_NUM.
 *   Dated before birth / more than 1 day after death: rejected.
 * - any other stay: `used` when it carries a death (SOR_MOD 9) or a metastasis
 *   code (C77-C79 except C77.1, in DGN_PAL or DGN_REL), else out of scope
 *   `not_a_treatment_event`.
 * T_MCOaaA: CCAM ZZNL* radiotherapy, GFFA* / GFFC* lung resection (surgery),
 * dated stay entry + ENT_DAT_DEL; other acts out of scope `not_a_treatment_event`.
 * T_MCOaaD: ASS_DGN C77-C79 except C77.1 used (metastasis), other codes out
 * of scope `not_a_metastasis_code`.
 * Stays in an error GHM (90*) or with SEJ_TYP B are out of scope, with every
 * row of them (linkage.ts: `error_ghm`, `billed_for_another_hospital`).
 * Stays missing or not linked: see linkage.ts (`orphan_stay`, `unlinkable_stay`...).
 */
import { tablesOf, typedUnionQuery, type Dataset } from "../dataset/index.js";
import { sqlIdentifier, type DuckSession } from "../duckdb/session.js";
import { classifyRows } from "./classify.js";
import { SESSION_ROWS_TABLE } from "./contributions.js";
import { withKeyRank } from "./key-rank.js";
import { STAY_KEY, stayDetails, stayJoin } from "./linkage.js";
import { dateDetails, dateReason } from "./person-facts.js";

const q = sqlIdentifier;
const code = (c: string) => `upper(replace(coalesce(${c}, ''), '.', ''))`;
/**
 * SQL: an ICD-10 code of distant metastasis: C77-C79 except C77.1
 * (intrathoracic lymph nodes: regional disease in lung cancer, stage III).
 */
export const metastasisSql = (c: string) =>
  `(regexp_matches(${code(c)}, '^C7[789]') AND NOT starts_with(${code(c)}, 'C771'))`;
export const CHEMO_GHM = "28Z07Z";
export const CHEMO_DIAGNOSIS = "Z511";
export const RADIOTHERAPY_DIAGNOSES = ["Z5100", "Z5101"] as const;
export const RADIOTHERAPY_CCAM_PREFIX = "ZZNL";
export const SURGERY_CCAM_PREFIXES = ["GFFA", "GFFC"] as const;

/**
 * Each logical table (B, A, D) is classified with all its years in one
 * statement (`typedUnionQuery`: the rows carry `__year` and `__table`).
 */
export async function ingestStays(session: DuckSession, dataset: Dataset): Promise<void> {
  await session.run(
    `CREATE OR REPLACE TABLE ing_metastasis (patient_id VARCHAR, date DATE, table_name VARCHAR, source_row BIGINT)`,
  );
  const stay = stayJoin("r.__year");
  const staysB = typedUnionQuery(dataset, "T_MCOaaB");
  if (staysB !== undefined) {
    const kind =
      `CASE WHEN upper(r.GRG_GHM) = '${CHEMO_GHM}' OR ${code("r.DGN_PAL")} = '${CHEMO_DIAGNOSIS}' THEN 'chemotherapy' ` +
      `WHEN ${code("r.DGN_PAL")} IN (${RADIOTHERAPY_DIAGNOSES.map((d) => `'${d}'`).join(", ")}) THEN 'radiotherapy' END`;
    const metastasis = `(${metastasisSql("r.DGN_PAL")} OR ${metastasisSql("r.DGN_REL")})`;
    const cls = await classifyRows(session, {
      tables: tablesOf(dataset, "T_MCOaaB"),
      query:
        `WITH r AS (${withKeyRank(`(${staysB})`, ["__year", "ETA_NUM", "RSA_NUM"], "k")}) ` +
        `SELECT r.__row, r.__table, ${stay.key}, s.patient_id, s.entry_date AS event_date, greatest(s.entry_date, s.exit_date) AS end_date, ` +
        `r.ETA_NUM AS hospital, r.NBR_SEA, ${kind} AS kind, ${metastasis} AS metastasis, ` +
        `CASE WHEN r.k > 1 THEN 'duplicate_stay' ELSE coalesce(${stay.reason}, ` +
        `CASE WHEN ${kind} IS NOT NULL THEN ${dateReason("s.entry_date")} ` +
        `WHEN NOT (coalesce(r.SOR_MOD, '') = '9' OR ${metastasis}) THEN 'not_a_treatment_event' END) END AS reason ` +
        `FROM r ${stay.join} LEFT JOIN ing_person_facts pf ON pf.patient_id = s.patient_id`,
      okStatus: "CASE WHEN kind IS NOT NULL THEN 'event' ELSE 'used' END",
      details: {
        ...stayDetails(),
        ...dateDetails("EXE_SOI_DTD"),
        not_a_treatment_event: {
          column: "GRG_GHM",
          value: STAY_KEY,
          expected: "a séance (28Z07Z, Z511, Z5100, Z5101), a death or a metastasis code",
        },
      },
    });
    await session.run(
      `INSERT INTO ${SESSION_ROWS_TABLE} SELECT patient_id, kind, event_date, end_date, greatest(1, coalesce(NBR_SEA, 1)), ` +
        `hospital, coalesce(NBR_SEA, 1) > 1, 'pmsi_stay', __table, __row FROM ${q(cls)} WHERE status = 'event'`,
    );
    await session.run(
      `INSERT INTO ing_metastasis SELECT patient_id, event_date, __table, __row ` +
        `FROM ${q(cls)} WHERE status IN ('used', 'event') AND metastasis`,
    );
    await session.run(`DROP TABLE ${q(cls)}`);
  }

  const acts = typedUnionQuery(dataset, "T_MCOaaA");
  if (acts !== undefined) {
    const date = "CAST(s.entry_date + r.ENT_DAT_DEL AS DATE)";
    const act = "upper(r.CDC_ACT)";
    const kind =
      `CASE WHEN starts_with(${act}, '${RADIOTHERAPY_CCAM_PREFIX}') THEN 'radiotherapy' ` +
      `WHEN ${SURGERY_CCAM_PREFIXES.map((p) => `starts_with(${act}, '${p}')`).join(" OR ")} THEN 'surgery' END`;
    const cls = await classifyRows(session, {
      tables: tablesOf(dataset, "T_MCOaaA"),
      query:
        `SELECT r.__row, r.__table, ${stay.key}, s.patient_id, ${date} AS event_date, r.ETA_NUM AS hospital, r.CDC_ACT, ${kind} AS kind, ` +
        `coalesce(${stay.reason}, CASE WHEN ${kind} IS NULL THEN 'not_a_treatment_event' END, ${dateReason(date)}) AS reason ` +
        `FROM (${acts}) r ${stay.join} LEFT JOIN ing_person_facts pf ON pf.patient_id = s.patient_id`,
      okStatus: "'event'",
      details: {
        ...stayDetails(),
        ...dateDetails("ENT_DAT_DEL"),
        not_a_treatment_event: {
          column: "CDC_ACT",
          value: "CDC_ACT",
          expected: "a radiotherapy (ZZNL*) or lung resection (GFFA*, GFFC*) act",
        },
      },
    });
    await session.run(
      `INSERT INTO ${SESSION_ROWS_TABLE} SELECT patient_id, kind, event_date, event_date, 1, hospital, false, ` +
        `'pmsi_act', __table, __row FROM ${q(cls)} WHERE status = 'event'`,
    );
    await session.run(`DROP TABLE ${q(cls)}`);
  }

  const diagnoses = typedUnionQuery(dataset, "T_MCOaaD");
  if (diagnoses !== undefined) {
    const cls = await classifyRows(session, {
      tables: tablesOf(dataset, "T_MCOaaD"),
      query:
        `SELECT r.__row, r.__table, ${stay.key}, s.patient_id, s.entry_date AS event_date, r.ASS_DGN, ` +
        `coalesce(${stay.reason}, CASE WHEN NOT ${metastasisSql("r.ASS_DGN")} THEN 'not_a_metastasis_code' END) AS reason ` +
        `FROM (${diagnoses}) r ${stay.join}`,
      okStatus: "'used'",
      details: {
        ...stayDetails(),
        not_a_metastasis_code: {
          column: "ASS_DGN",
          value: "ASS_DGN",
          expected: "a distant metastasis code C77-C79 (C77.1 excluded)",
        },
      },
    });
    await session.run(
      `INSERT INTO ing_metastasis SELECT patient_id, event_date, __table, __row FROM ${q(cls)} WHERE status = 'used'`,
    );
    await session.run(`DROP TABLE ${q(cls)}`);
  }
}
