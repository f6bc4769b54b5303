/**
 * Drug costs per line, from the analysis table's cost columns
 * (core/studies/analysis-table.ts): by line number and regimen, the lines with
 * a known cost, the mean cost per line, and the cost per patient-year on
 * treatment (total cost over total time on treatment, in years of 365.25
 * days). Lines without a known cost (null) are left out and counted; when no
 * line has one, there is nothing to summarise.
 */

export interface CostedLine {
  line_number: number;
  molecules: string;
  tot_days: number;
  drug_cost_eur: number | null;
}

export interface LineCostSummary {
  line_number: number;
  regimen: string;
  lines: number;
  /** Lines with a known cost. */
  costed: number;
  totalEur: number;
  meanPerLineEur: number | null;
  perPatientYearEur: number | null;
}

const DAYS_PER_YEAR = 365.25;

/** Summary of a set of lines (one cohort, one regimen...). */
export function summariseCosts(lines: readonly CostedLine[]): Omit<LineCostSummary, "line_number" | "regimen"> {
  const costed = lines.filter((l) => l.drug_cost_eur !== null);
  const totalEur = costed.reduce((s, l) => s + l.drug_cost_eur!, 0);
  const years = costed.reduce((s, l) => s + l.tot_days, 0) / DAYS_PER_YEAR;
  return {
    lines: lines.length,
    costed: costed.length,
    totalEur,
    meanPerLineEur: costed.length === 0 ? null : totalEur / costed.length,
    perPatientYearEur: costed.length === 0 || years === 0 ? null : totalEur / years,
  };
}

/** By line number and regimen (molecules), most lines first within a line. */
export function costsByLineAndRegimen(lines: readonly CostedLine[]): LineCostSummary[] {
  const groups = new Map<string, CostedLine[]>();
  for (const l of lines) {
    const key = JSON.stringify([l.line_number, l.molecules]);
    const list = groups.get(key) ?? [];
    list.push(l);
    groups.set(key, list);
  }
  return [...groups]
    .map(([key, list]) => {
      const [line_number, molecules] = JSON.parse(key) as [number, string];
      return { line_number, regimen: molecules.replaceAll(";", " + "), ...summariseCosts(list) };
    })
    .sort((a, b) => a.line_number - b.line_number || b.lines - a.lines || a.regimen.localeCompare(b.regimen));
}

/** True when at least one line has a known cost (the work folder's exposures carry one). */
export function hasCosts(lines: readonly CostedLine[]): boolean {
  return lines.some((l) => l.drug_cost_eur !== null);
}
