/**
 * Drug costs of the Pathways page as SQL over the workspace's `cohort` table and
 * the analysis table (`analysis`: one row per method, patient and line, with
 * `tot_days` and `drug_cost_eur`; core/studies/analysis-table.ts): for lines
 * 1..depth of one method under a filter, by line and node (regimen class, or
 * regimen as on the Sankey), plus one row per line for every regimen together
 * (`regimen` null). The figures are those of core/studies/line-costs.ts
 * (`summariseCosts`, used by the Line-start cohorts page): lines, lines with a
 * known cost, their total, the mean per line with a cost, and the cost per
 * patient-year on treatment (total cost over the time on treatment of the lines
 * with a cost, in years of 365.25 days; null when that time is 0).
 */
import { sqlLiteral } from "./cohort-filter.js";
import type { PathwayOptions } from "./pathways-sql.js";

/** The analysis table's columns this SQL reads (a page may load just these). */
export const LINE_COST_COLUMNS = [
  "method",
  "patient_id",
  "line_number",
  "regimen_class",
  "regimen_label",
  "molecules",
  "tot_days",
  "drug_cost_eur",
] as const;

export interface LineCostRow {
  line_number: number;
  /** Regimen class or regimen; null on a line's row for every regimen. */
  regimen: string | null;
  lines: number;
  costed: number;
  total_eur: number;
  mean_per_line_eur: number | null;
  per_patient_year_eur: number | null;
}

export interface LineCostOptions extends Pick<PathwayOptions, "method" | "key" | "depth" | "where"> {
  cohortTable?: string;
  analysisTable?: string;
}

/** Rows of LineCostRow, by line, the line's total first, then most lines first. */
export function lineCostsSql(o: LineCostOptions): string {
  const depth = Math.max(1, Math.floor(o.depth));
  const regimen =
    o.key === "regimen_class" ? "coalesce(a.regimen_class, 'unknown')" : "coalesce(a.regimen_label, a.molecules)";
  const costedDays = "sum(tot_days) FILTER (WHERE drug_cost_eur IS NOT NULL)";
  return `WITH c AS (SELECT patient_id FROM ${o.cohortTable ?? "cohort"} WHERE ${o.where}),
    a AS (SELECT a.line_number, ${regimen} AS regimen, a.tot_days, a.drug_cost_eur
          FROM ${o.analysisTable ?? "analysis"} a JOIN c USING (patient_id)
          WHERE a.method = ${sqlLiteral(o.method)} AND a.line_number <= ${depth})
    SELECT line_number::INTEGER AS line_number, regimen,
      count(*)::INTEGER AS lines,
      count(drug_cost_eur)::INTEGER AS costed,
      coalesce(sum(drug_cost_eur), 0)::DOUBLE AS total_eur,
      CASE WHEN count(drug_cost_eur) = 0 THEN NULL ELSE sum(drug_cost_eur) / count(drug_cost_eur) END::DOUBLE
        AS mean_per_line_eur,
      CASE WHEN count(drug_cost_eur) = 0 OR coalesce(${costedDays}, 0) = 0 THEN NULL
           ELSE sum(drug_cost_eur) / (${costedDays} / 365.25) END::DOUBLE AS per_patient_year_eur
    FROM a GROUP BY GROUPING SETS ((line_number, regimen), (line_number))
    ORDER BY line_number, regimen IS NOT NULL, lines DESC, regimen`;
}
