/**
 * The filter of the published (aggregate) pages: one subgroup at a time, all
 * patients or one value of one dimension (histology, biomarker group, period,
 * age band), since public aggregates are computed for one dimension at a time.
 * Opens on the shared filter when exactly one dimension is set there.
 */
import * as Inputs from "@observablehq/inputs";
import { compareCategories } from "../core/labels/labels.js";
import { ALL, DIMENSION_LABELS, FILTER_DIMENSIONS, type FilterDimension } from "../core/workspace/cohort-filter.js";
import { filterValueLabel } from "./filters.js";

export interface Subgroup {
  dimension: string;
  value: string;
}

export function subgroupSelect(rows: readonly Subgroup[]): HTMLElement & { value: Subgroup } {
  const options: Subgroup[] = [{ dimension: ALL, value: ALL }];
  for (const d of FILTER_DIMENSIONS) {
    const values = rows
      .filter((r) => r.dimension === d)
      .sort((a, b) => compareCategories(d, a.value, b.value))
      .filter((r, i, all) => i === 0 || all[i - 1]!.value !== r.value);
    options.push(...values);
  }
  const params = new URLSearchParams(location.search);
  const set = FILTER_DIMENSIONS.filter((d) => params.get(d) !== null);
  const start =
    set.length === 1 ? options.find((o) => o.dimension === set[0] && o.value === params.get(set[0]!)) : undefined;
  const input = Inputs.select(options, {
    label: "Subgroup",
    value: start ?? options[0],
    format: (o: Subgroup) =>
      o.dimension === ALL
        ? "All patients"
        : `${DIMENSION_LABELS[o.dimension as FilterDimension]}: ${filterValueLabel(o.dimension, o.value)}`,
  }) as HTMLElement & { value: Subgroup };
  input.classList.add("lotluca-subgroup");
  return input;
}

/** SQL predicate selecting a subgroup's rows in an aggregate table. */
export function subgroupWhere(s: Subgroup): string {
  const q = (v: string) => `'${v.replaceAll("'", "''")}'`;
  return `dimension = ${q(s.dimension)} AND value = ${q(s.value)}`;
}
