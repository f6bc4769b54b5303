/**
 * How many gold-standard molecules ingestion found: for every molecule of every
 * GOLD_LINES line (placeholders `chemotherapy` and `investigational` aside), is
 * there an exposure of that molecule for the patient between the line's start
 * and its end (or, for a line ongoing in the gold, the end of follow-up, never before
 * the line's start: the end of data may precede a line the gold standard still
 * records), with 1 day of tolerance? A check of
 * ingestion against a simulated cohort (used by tests and the bench).
 */
import { join } from "node:path";
import { tablesOf, type Dataset } from "../dataset/index.js";
import { sqlIdentifier, sqlString, type DuckSession } from "../duckdb/session.js";
import { OUTPUT_FILES } from "./write-outputs.js";

export interface GoldCoverage {
  molecules: number;
  found: number;
  share: number;
  /** Missing molecules, by molecule. */
  missingByMolecule: Record<string, number>;
}

/** Coverage of the gold molecules of `dataset` (opened in `session`) by the exposures in `workdir`. */
export async function goldCoverage(session: DuckSession, dataset: Dataset, workdir: string): Promise<GoldCoverage> {
  const gold = tablesOf(dataset, "GOLD_LINES")[0];
  if (!gold) return { molecules: 0, found: 0, share: 1, missingByMolecule: {} };
  const file = (name: keyof typeof OUTPUT_FILES) => `read_parquet(${sqlString(join(workdir, OUTPUT_FILES[name]))})`;
  const rows = await session.all(
    `WITH g AS (SELECT patient_id, start_date, end_date, unnest(string_split(molecules, ';')) AS molecule ` +
      `FROM ${sqlIdentifier(gold.typedTable)}), ` +
      `m AS (SELECT g.*, coalesce(g.end_date, greatest(p.follow_up_end, g.start_date)) AS until FROM g JOIN ${file("patients")} p USING (patient_id) ` +
      `WHERE molecule NOT IN ('chemotherapy', 'investigational')), ` +
      `hit AS (SELECT m.*, EXISTS (SELECT 1 FROM ${file("exposures")} x WHERE x.patient_id = m.patient_id ` +
      `AND x.molecule = m.molecule AND x.date BETWEEN m.start_date - 1 AND m.until + 1) AS found FROM m) ` +
      `SELECT molecule, count(*)::BIGINT AS n, count(*) FILTER (WHERE found)::BIGINT AS found FROM hit GROUP BY ALL`,
  );
  let molecules = 0;
  let found = 0;
  const missingByMolecule: Record<string, number> = {};
  for (const r of rows) {
    molecules += Number(r.n);
    found += Number(r.found);
    const missing = Number(r.n) - Number(r.found);
    if (missing > 0) missingByMolecule[String(r.molecule)] = missing;
  }
  return { molecules, found, share: molecules === 0 ? 1 : found / molecules, missingByMolecule };
}
