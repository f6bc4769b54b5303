/**
 * Per-patient facts needed to check event dates: birth year, sex and death.
 *
 * Death rule: the PMSI in-hospital death (the earliest exit date of a linked
 * stay with SOR_MOD 9) when present, else IR_BEN_R BEN_DCD_DTE (the earliest of
 * the person's rows). Contract v1's warehouse has no death column. When both
 * sources give a date and they differ by more than 1 day, the patient counts in
 * the `death_disagreements` data-quality counter.
 *
 * An implausible death date (before 2000 or after the run date: `2999-06-15`)
 * is not used, counted in `dataQuality.implausibleDeaths`. A death in the last
 * months of the extract (after the end of data, before the run date) is a real
 * death and is used.
 *
 * Date checks, the first that applies decides: an event dated before 1 January
 * of the birth year is rejected (`before_birth`); more than 1 day after death,
 * rejected (`after_death`; within 1 day after death it is kept: sources differ
 * by a day); before 2000 or after the run date (the extraction cannot hold
 * it), rejected (`implausible_date`).
 */
import { tablesOf, type Dataset } from "../dataset/index.js";
import { sqlIdentifier, type DuckSession } from "../duckdb/session.js";
import type { ReasonDetail } from "./classify.js";
import type { IngestReason } from "./reasons.js";

/** No event of the SNDS era of this project is dated before it. */
export const FIRST_PLAUSIBLE_DATE = "2000-01-01";

/** SQL: a death date that cannot be true (before 2000, or after the run date). */
const implausibleDeath = `(death_date < DATE '${FIRST_PLAUSIBLE_DATE}' OR death_date > current_date)`;

export async function buildPersonFacts(session: DuckSession, dataset: Dataset): Promise<void> {
  const stays = tablesOf(dataset, "T_MCOaaB").map(
    (t) =>
      `SELECT s.patient_id, s.exit_date FROM ${sqlIdentifier(t.typedTable)} r JOIN ing_stays s ` +
      `ON s.year = ${t.year ?? 0} AND s.eta_num = r.ETA_NUM AND s.rsa_num = r.RSA_NUM ` +
      `WHERE r.SOR_MOD = '9' AND s.link_reason IS NULL`,
  );
  await session.run(
    `CREATE OR REPLACE TABLE ing_pmsi_death AS SELECT patient_id, min(exit_date) AS death_date ` +
      `FROM (${stays.join(" UNION ALL ")}) GROUP BY ALL`,
  );
  await session.run(
    `CREATE OR REPLACE TABLE ing_person_facts AS ` +
      `WITH pd AS (SELECT patient_id, death_date, ${implausibleDeath} AS late FROM ing_pmsi_death), ` +
      `bf AS (SELECT patient_id, birth_year, sex_code, death_date, ${implausibleDeath} AS late FROM ing_ben_facts) ` +
      `SELECT co.patient_id, ` +
      `coalesce(co.birth_year, bf.birth_year) AS birth_year, ` +
      `coalesce(co.sex, CASE bf.sex_code WHEN 1 THEN 'M' WHEN 2 THEN 'F' END) AS sex, ` +
      `pd.death_date AS death_date_pmsi, bf.death_date AS death_date_ir_ben, ` +
      `coalesce(CASE WHEN NOT pd.late THEN pd.death_date END, CASE WHEN NOT bf.late THEN bf.death_date END) AS death_date, ` +
      `CASE WHEN NOT pd.late THEN 'pmsi' WHEN NOT bf.late THEN 'ir_ben_r' END AS death_source, ` +
      `coalesce(abs(pd.death_date - bf.death_date) > 1, false) AS death_disagreement, ` +
      `coalesce(pd.late, true) AND coalesce(bf.late, true) AND coalesce(pd.late, bf.late, false) AS implausible_death ` +
      `FROM ing_cohort co LEFT JOIN bf USING (patient_id) LEFT JOIN pd USING (patient_id)`,
  );
}

/** SQL: `before_birth` / `after_death` for an event date, with person facts aliased `pf`. */
export function dateReason(date: string): string {
  return (
    `CASE WHEN pf.birth_year IS NOT NULL AND ${date} < make_date(pf.birth_year, 1, 1) THEN 'before_birth' ` +
    `WHEN pf.death_date IS NOT NULL AND ${date} > pf.death_date + 1 THEN 'after_death' ` +
    `WHEN ${date} < DATE '${FIRST_PLAUSIBLE_DATE}' OR ${date} > current_date THEN 'implausible_date' END`
  );
}

/** Rejection details of the date reasons; `eventDate` and `birth_year` / `death_date` are output columns. */
export function dateDetails(column: string): Partial<Record<IngestReason, ReasonDetail>> {
  return {
    implausible_date: {
      column,
      value: "strftime(event_date, '%Y-%m-%d')",
      expected: `a date from ${FIRST_PLAUSIBLE_DATE} to the run date`,
    },
    before_birth: {
      column,
      value: "strftime(event_date, '%Y-%m-%d')",
      expected: "a date on or after 1 January of the birth year",
    },
    after_death: {
      column,
      value: "strftime(event_date, '%Y-%m-%d')",
      expected: "a date at most 1 day after the death date",
    },
  };
}
