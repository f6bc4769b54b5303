/**
 * The workspace's shared filters, as data and as SQL: histology, biomarker
 * group, period (of the advanced date) and age band, each "all" or one value,
 * are one predicate over the `cohort` table (columns of the same names, see
 * loaders/workspace/workspace-tables.ts). Every analytics page restricts its
 * queries with it, and the public aggregates are computed for one dimension at
 * a time with the same columns.
 */
import { labelOf } from "../labels/labels.js";

export const FILTER_DIMENSIONS = ["histology", "biomarker_group", "period", "age_band"] as const;
export type FilterDimension = (typeof FILTER_DIMENSIONS)[number];

/** Readable names of the dimensions. */
export const DIMENSION_LABELS: Readonly<Record<FilterDimension, string>> = {
  histology: "Histology",
  biomarker_group: "Biomarker group",
  period: "Period (advanced date)",
  age_band: "Age band",
};

/** The value that selects every patient. */
export const ALL = "all";

export type CohortFilter = Readonly<Record<FilterDimension, string>>;

export const NO_FILTER: CohortFilter = { histology: ALL, biomarker_group: ALL, period: ALL, age_band: ALL };

/** A SQL string literal. */
export function sqlLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/**
 * The filter as a SQL predicate over the cohort's columns (`alias.column` when
 * an alias is given); `TRUE` when nothing is selected.
 */
export function filterPredicate(filter: CohortFilter, alias = ""): string {
  const col = (d: string) => (alias ? `${alias}.${d}` : d);
  const parts = FILTER_DIMENSIONS.filter((d) => filter[d] !== ALL).map((d) => `${col(d)} = ${sqlLiteral(filter[d])}`);
  return parts.length === 0 ? "TRUE" : parts.join(" AND ");
}

/**
 * The active filters in words, values labelled, e.g. "histology = Squamous cell
 * carcinoma, age band = 70-79"; "all patients" when none.
 */
export function describeFilter(filter: CohortFilter): string {
  const parts = FILTER_DIMENSIONS.filter((d) => filter[d] !== ALL).map(
    (d) => `${DIMENSION_LABELS[d].toLowerCase()} = ${labelOf(filter[d], d === "histology" ? "histology" : undefined)}`,
  );
  return parts.length === 0 ? "all patients" : parts.join(", ");
}

/** Reads a filter from query-string-like pairs; unknown keys are ignored, missing ones are "all". */
export function filterFromParams(params: { get(name: string): string | null }): CohortFilter {
  const out: Record<string, string> = {};
  for (const d of FILTER_DIMENSIONS) out[d] = params.get(d) ?? ALL;
  return out as CohortFilter;
}

/** The non-"all" filters as query-string pairs (the URL a page shares). */
export function filterToParams(filter: CohortFilter): [string, string][] {
  return FILTER_DIMENSIONS.filter((d) => filter[d] !== ALL).map((d) => [d, filter[d]]);
}
