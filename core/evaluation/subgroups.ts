/**
 * Subgroups the evaluation and the workspace report by: histology, biomarker
 * group, period (of the first line, or of the advanced date) and age band.
 * Each is defined once, as data, with its JavaScript function and the same rule
 * as a SQL expression for DuckDB (Node or browser), tested to agree.
 */
import type { BiomarkerStatus } from "../events/events.js";
import { yearOf, type Day } from "../time/day.js";

export type BiomarkerGroup = "EGFR" | "ALK" | "ROS1" | "other driver" | "no driver" | "untested";

/** Positive markers in order of precedence, and the group they give. */
const DRIVER_GROUPS: readonly { markers: readonly string[]; group: BiomarkerGroup }[] = [
  { markers: ["egfr"], group: "EGFR" },
  { markers: ["alk"], group: "ALK" },
  { markers: ["ros1"], group: "ROS1" },
  { markers: ["braf", "kras_g12c", "met", "ret"], group: "other driver" },
];
export const BIOMARKERS = ["egfr", "alk", "ros1", "braf", "kras_g12c", "met", "ret"] as const;

/**
 * EGFR, ALK and ROS1 positives by name (they decide targeted first lines);
 * BRAF, KRAS G12C, MET or RET positive: "other driver"; at least one negative and
 * no positive: "no driver"; nothing known: "untested".
 */
export function biomarkerGroupOf(markers: Partial<Record<string, BiomarkerStatus | null>>): BiomarkerGroup {
  for (const { markers: names, group } of DRIVER_GROUPS) if (names.some((m) => markers[m] === "positive")) return group;
  if (Object.values(markers).some((v) => v === "negative")) return "no driver";
  return "untested";
}

/** The same rule as a SQL CASE over columns egfr, alk, ... of `alias`. */
export function biomarkerGroupSql(alias = ""): string {
  const col = (m: string) => (alias ? `${alias}.${m}` : m);
  const whens = DRIVER_GROUPS.map(
    ({ markers, group }) => `WHEN ${markers.map((m) => `${col(m)} = 'positive'`).join(" OR ")} THEN '${group}'`,
  );
  const negative = BIOMARKERS.map((m) => `${col(m)} = 'negative'`).join(" OR ");
  return `CASE ${whens.join(" ")} WHEN ${negative} THEN 'no driver' ELSE 'untested' END`;
}

/** Periods by start year. */
const PERIODS: readonly { until: number; label: string }[] = [
  { until: 2014, label: "before 2015" },
  { until: 2017, label: "2015-2017" },
  { until: 2020, label: "2018-2020" },
  { until: Number.POSITIVE_INFINITY, label: "2021 and later" },
];

export function periodOf(start: Day | undefined | null): string {
  if (start === undefined || start === null) return "no line";
  const year = yearOf(start);
  return PERIODS.find((p) => year <= p.until)!.label;
}

/** SQL CASE giving the period of a DATE expression. */
export function periodSql(dateExpression: string, none = "no line"): string {
  const whens = PERIODS.filter((p) => Number.isFinite(p.until)).map(
    (p) => `WHEN year(${dateExpression}) <= ${p.until} THEN '${p.label}'`,
  );
  return `CASE WHEN ${dateExpression} IS NULL THEN '${none}' ${whens.join(" ")} ELSE '${PERIODS[PERIODS.length - 1]!.label}' END`;
}

/** Age bands (age at the advanced date). */
const AGE_BANDS: readonly { until: number; label: string }[] = [
  { until: 49, label: "<50" },
  { until: 59, label: "50-59" },
  { until: 69, label: "60-69" },
  { until: 79, label: "70-79" },
  { until: Number.POSITIVE_INFINITY, label: "80+" },
];

export function ageBandOf(age: number | null): string {
  if (age === null) return "unknown";
  return AGE_BANDS.find((b) => age <= b.until)!.label;
}

export function ageBandSql(ageExpression: string): string {
  const whens = AGE_BANDS.filter((b) => Number.isFinite(b.until)).map(
    (b) => `WHEN ${ageExpression} <= ${b.until} THEN '${b.label}'`,
  );
  return `CASE WHEN ${ageExpression} IS NULL THEN 'unknown' ${whens.join(" ")} ELSE '${AGE_BANDS[AGE_BANDS.length - 1]!.label}' END`;
}
