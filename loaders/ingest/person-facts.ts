/**
 * Per-patient facts needed to check event dates: birth year, sex and death.
 *
 * Death rule: the PMSI in-hospital death (the earliest exit date of a linked
 * stay with SOR_MOD 9) when present, else IR_BEN_R BEN_DCD_DTE (the earliest of
 * the person's rows). Contract v1's warehouse has no death column. When both
 * sources give a date and they differ by more than 1 day, the patient counts in
 * the `death_disagreements` data-quality counter.
 *
 * Date checks: an event dated before 1 January of the birth year is rejected
 * (`before_birth`), one dated more than 1 day after death is rejected
 * (`after_death`); within 1 day after death it is kept (sources differ by a day).
 */
import { tablesOf, type Dataset } from "../dataset/index.js";
import { sqlIdentifier, type DuckSession } from "../duckdb/session.js";
import type { ReasonDetail } from "./classify.js";
import type { IngestReason } from "./reasons.js";

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
    `CREATE OR REPLACE TABLE ing_person_facts AS SELECT co.patient_id, ` +
      `coalesce(co.birth_year, bf.birth_year) AS birth_year, ` +
      `coalesce(co.sex, CASE bf.sex_code WHEN 1 THEN 'M' WHEN 2 THEN 'F' END) AS sex, ` +
      `pd.death_date AS death_date_pmsi, bf.death_date AS death_date_ir_ben, ` +
      `coalesce(pd.death_date, bf.death_date) AS death_date, ` +
      `CASE WHEN pd.death_date IS NOT NULL THEN 'pmsi' WHEN bf.death_date IS NOT NULL THEN 'ir_ben_r' END AS death_source, ` +
      `coalesce(abs(pd.death_date - bf.death_date) > 1, false) AS death_disagreement ` +
      `FROM ing_cohort co LEFT JOIN ing_ben_facts bf USING (patient_id) LEFT JOIN ing_pmsi_death pd USING (patient_id)`,
  );
}

/** SQL: `before_birth` / `after_death` for an event date, with person facts aliased `pf`. */
export function dateReason(date: string): string {
  return (
    `CASE WHEN pf.birth_year IS NOT NULL AND ${date} < make_date(pf.birth_year, 1, 1) THEN 'before_birth' ` +
    `WHEN pf.death_date IS NOT NULL AND ${date} > pf.death_date + 1 THEN 'after_death' END`
  );
}

/** Rejection details of the date reasons; `eventDate` and `birth_year` / `death_date` are output columns. */
export function dateDetails(column: string): Partial<Record<IngestReason, ReasonDetail>> {
  return {
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
