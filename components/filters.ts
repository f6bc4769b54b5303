/**
 * The shared filter form of the analytics pages: one select per dimension of
 * core/workspace/cohort-filter.ts (histology, biomarker group, period, age band),
 * and the pathways' line depth. Its state lives in the URL query string (a page
 * can be shared as a link) and in localStorage (going from Pathways to Survival
 * through the navigation keeps the filters); the URL wins when both are set.
 * An input event that leaves the value unchanged does not reach the page
 * (skipUnchangedInput), so one change reruns the page's queries once.
 */
import * as Inputs from "@observablehq/inputs";
import {
  ALL,
  DIMENSION_LABELS,
  FILTER_DIMENSIONS,
  filterFromParams,
  filterToParams,
  type CohortFilter,
  type FilterDimension,
} from "../core/workspace/cohort-filter.js";
import { compareCategories, isOrdinal, labelOf, type LabelDomain } from "../core/labels/labels.js";

/** The label domain of a filter dimension's values (histology codes; the others are words already). */
export function dimensionDomain(dimension: string): LabelDomain | undefined {
  return dimension === "histology" ? "histology" : undefined;
}

/** A filter value as shown: "All", or its label. */
export function filterValueLabel(dimension: string, value: string): string {
  return value === ALL ? "All" : labelOf(value, dimensionDomain(dimension));
}

export type FilterChoices = Readonly<Record<FilterDimension, readonly string[]>>;

const STORAGE_KEY = "lotluca.filters";
const SHARED_KEYS = [...FILTER_DIMENSIONS, "depth"] as const;

/** Stored and URL parameters merged (URL first). */
function sharedParams(): URLSearchParams {
  const merged = new URLSearchParams();
  let stored: Record<string, string> = {};
  try {
    stored = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? "{}") as Record<string, string>;
  } catch {
    stored = {};
  }
  const url = new URLSearchParams(location.search);
  for (const key of SHARED_KEYS) {
    const value = url.get(key) ?? stored[key];
    if (typeof value === "string") merged.set(key, value);
  }
  return merged;
}

/** Writes shared parameters to the URL (replacing the history entry) and to localStorage. */
function saveParams(updates: Record<string, string | null>): void {
  const params = sharedParams();
  for (const [k, v] of Object.entries(updates)) {
    if (v === null || v === ALL) params.delete(k);
    else params.set(k, v);
  }
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(Object.fromEntries(params)));
  } catch {
    // Storage refused (private mode): the URL still carries the state.
  }
  const url = new URL(location.href);
  for (const key of SHARED_KEYS) url.searchParams.delete(key);
  for (const [k, v] of params) url.searchParams.set(k, v);
  history.replaceState(history.state, "", url);
}

/**
 * Drops the `input` events after which an input's value is unchanged, so that
 * the page's cells do not recompute for nothing. Observable Inputs' selects
 * turn a `change` event into a second `input` event unless a trusted `input`
 * came first: a scripted selection (a test, the benchmark, an assistive tool)
 * gives two events for one change, and every query would run twice. Call it
 * before `view()`, so that its listener runs before Framework's.
 */
export function skipUnchangedInput<T extends HTMLElement & { value: unknown }>(input: T): T {
  let last = JSON.stringify(input.value);
  input.addEventListener("input", (event) => {
    const now = JSON.stringify(input.value);
    if (now === last) event.stopImmediatePropagation();
    last = now;
  });
  return input;
}

/** The filter the page opens with: from the URL, else from the last page visited. */
export function initialFilter(choices: FilterChoices): CohortFilter {
  const f = filterFromParams(sharedParams());
  const out: Record<string, string> = {};
  for (const d of FILTER_DIMENSIONS) out[d] = choices[d].includes(f[d]) ? f[d] : ALL;
  return out as CohortFilter;
}

/**
 * The filter form: its value is a CohortFilter; every change is saved (URL and
 * localStorage) before the input event reaches the page's cells.
 */
export function filterForm(choices: FilterChoices, { value }: { value?: CohortFilter } = {}): HTMLElement {
  const start = value ?? initialFilter(choices);
  const inputs = Object.fromEntries(
    FILTER_DIMENSIONS.map((d) => [
      d,
      Inputs.select([ALL, ...choices[d]], {
        label: DIMENSION_LABELS[d],
        value: start[d],
        format: (v: string) => filterValueLabel(d, v),
      }),
    ]),
  );
  const form = skipUnchangedInput(Inputs.form(inputs) as HTMLElement & { value: CohortFilter });
  form.classList.add("lotluca-filters");
  for (const d of FILTER_DIMENSIONS) (inputs[d] as HTMLElement).dataset.dimension = d;
  form.addEventListener("input", () => saveParams({ ...form.value }));
  return form;
}

/** The line-depth input of the pathways (lines drawn before "later lines"), shared like the filters. */
export function lineDepthInput({ min = 2, max = 5, fallback = 3 } = {}): HTMLElement {
  const stored = Number(sharedParams().get("depth"));
  const value = Number.isInteger(stored) && stored >= min && stored <= max ? stored : fallback;
  const input = skipUnchangedInput(
    Inputs.range([min, max], { label: "Line depth", step: 1, value }) as HTMLElement & { value: number },
  );
  input.classList.add("lotluca-depth");
  input.addEventListener("input", () => saveParams({ depth: String(input.value) }));
  return input;
}

/** Distinct values of each dimension in the cohort table (SQL). */
export function filterChoicesSql(cohortTable = "cohort"): string {
  return FILTER_DIMENSIONS.map(
    (d) => `SELECT '${d}' AS dimension, ${d} AS value, count(*)::INTEGER AS n FROM ${cohortTable} GROUP BY ${d}`,
  ).join(" UNION ALL ");
}

/**
 * The same rows as filterChoicesSql from the overview table (overview.parquet:
 * patients by one dimension at a time), for pages that load no patient rows
 * (the aggregated mode of large cohorts).
 */
export function overviewChoicesSql(overviewTable = "overview"): string {
  return `SELECT dimension, value, patients AS n FROM ${overviewTable} WHERE dimension IN (${FILTER_DIMENSIONS.map((d) => `'${d}'`).join(", ")})`;
}

/** Choices from rows of (dimension, value): ordinal dimensions in their natural order, the others most frequent first. */
export function choicesFromRows(rows: readonly { dimension: unknown; value: unknown; n?: unknown }[]): FilterChoices {
  const out: Record<string, string[]> = {};
  for (const d of FILTER_DIMENSIONS) {
    out[d] = rows
      .filter((r) => r.dimension === d && typeof r.value === "string")
      .sort((a, b) =>
        isOrdinal(d)
          ? compareCategories(d, String(a.value), String(b.value))
          : Number(b.n ?? 0) - Number(a.n ?? 0) || String(a.value).localeCompare(String(b.value)),
      )
      .map((r) => String(r.value));
  }
  return out as unknown as FilterChoices;
}

/** A link to another page of the workspace carrying the current filter in its query string. */
export function pageHref(path: string, filter: CohortFilter): string {
  const params = new URLSearchParams(filterToParams(filter));
  const q = params.toString();
  return q ? `${path}?${q}` : path;
}
