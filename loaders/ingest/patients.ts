/**
 * The patients table: the cohort (ODH_PATIENT) with birth year and sex
 * (warehouse first, else IR_BEN_R), death (see person-facts.ts), end of
 * follow-up (death date, else the dataset's end of data) and the advanced
 * date: ODH_PATIENT.advanced_date, else inferred as the earliest date of a
 * metastasis code (C77-C79 but C77.1, in DGN_PAL, DGN_REL or ASS_DGN of a linked stay:
 * the stay entry date), else the first antineoplastic exposure or
 * chemotherapy séance; `advanced_date_inferred` and `advanced_date_source`
 * (warehouse | metastasis_code | first_treatment | none) say which.
 */
import { sqlString, type DuckSession } from "../duckdb/session.js";

export const ADVANCED_DATE_SOURCES = ["warehouse", "metastasis_code", "first_treatment", "none"] as const;

export async function buildPatients(session: DuckSession, endOfData: string): Promise<void> {
  await session.run(
    `CREATE OR REPLACE TABLE ing_patients AS ` +
      `WITH met AS (SELECT patient_id, min(date) AS d FROM ing_metastasis WHERE patient_id IS NOT NULL GROUP BY ALL), ` +
      `tx AS (SELECT patient_id, min(date) AS d FROM (SELECT patient_id, date FROM ing_exposures UNION ALL ` +
      `SELECT patient_id, date FROM ing_sessions WHERE kind = 'chemotherapy') GROUP BY ALL) ` +
      `SELECT co.patient_id, co.center_id, pf.birth_year, pf.sex, pf.death_date, pf.death_source, ` +
      `pf.death_date_pmsi, pf.death_date_ir_ben, ` +
      `coalesce(pf.death_date, DATE ${sqlString(endOfData)}) AS follow_up_end, ` +
      `coalesce(co.advanced_date, met.d, tx.d) AS advanced_date, ` +
      `co.advanced_date IS NULL AND coalesce(met.d, tx.d) IS NOT NULL AS advanced_date_inferred, ` +
      `CASE WHEN co.advanced_date IS NOT NULL THEN 'warehouse' WHEN met.d IS NOT NULL THEN 'metastasis_code' ` +
      `WHEN tx.d IS NOT NULL THEN 'first_treatment' ELSE 'none' END AS advanced_date_source, ` +
      `co.diagnosis_date, co.stage_at_diagnosis, co.histology, co.egfr, co.alk, co.ros1, co.braf, co.kras_g12c, ` +
      `co.met, co.ret, co.pdl1_tps, co.ecog, co.smoking ` +
      `FROM ing_cohort co JOIN ing_person_facts pf USING (patient_id) ` +
      `LEFT JOIN met USING (patient_id) LEFT JOIN tx USING (patient_id)`,
  );
}
