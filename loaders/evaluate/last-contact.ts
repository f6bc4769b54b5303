/**
 * Each patient's last contact in the data, from the ingestion outputs of a work
 * folder: the latest date of an exposure (a claim, a séance's drug, a warehouse
 * administration) or of a session (séance or stay, its end when it has one). Used
 * to censor at the last contact (core/statistics/censoring.ts).
 */
import { join } from "node:path";
import { sqlString } from "../duckdb/session.js";

/** SQL: (patient_id, last_contact DATE), one row per patient with any contact. */
export function lastContactSql(workdir: string): string {
  const file = (name: string) => `read_parquet(${sqlString(join(workdir, `${name}.parquet`))})`;
  return `SELECT patient_id, max(d)::DATE AS last_contact FROM (
      SELECT patient_id, date AS d FROM ${file("exposures")}
      UNION ALL SELECT patient_id, coalesce(end_date, date) AS d FROM ${file("sessions")}
    ) WHERE patient_id IS NOT NULL GROUP BY patient_id`;
}
