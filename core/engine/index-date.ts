/**
 * The index of line 1 and the start of its window.
 *
 * - The advanced date read from the warehouse: window = `index.lookbackDays`
 *   before it (the contract's 30 days).
 * - An advanced date inferred by ingestion (first metastasis code, else first
 *   treatment): the claims code a metastasis at the first stay that records
 *   it, often weeks after the first line started (imaging, treatment, then the
 *   stay), so the window is `index.inferredLookbackDays` (rule
 *   `inferred_index_window`). Curative treatment (curative-treatment.ts) is set
 *   aside first; an inferred (or missing) date that falls before the end of
 *   curative treatment cannot be the advanced date of a relapse, so the index
 *   moves to the first treatment after it.
 * - No advanced date: the first treatment (`index.whenAdvancedDateMissing`).
 * Pure.
 */
import type { PatientInfo } from "../events/events.js";
import type { RuleSet } from "../rules/rule-set.js";
import { formatDay, type Day } from "../time/day.js";
import type { Administration } from "./administrations.js";
import type { CurativeEpisode } from "./curative-treatment.js";
import type { PatientLines } from "./types.js";

export interface IndexWindow {
  index: Day | null;
  source: PatientLines["indexSource"];
  /** First day of line 1's window (index - look-back). */
  threshold: Day | null;
  /** The look-back used. */
  lookbackDays: number;
  /** Why the index is where it is, when a rule moved it. */
  note: string | null;
}

export function indexWindow(
  patient: PatientInfo,
  administrations: readonly Administration[],
  curative: readonly CurativeEpisode[],
  rules: RuleSet,
): IndexWindow {
  let index: Day | null = patient.advancedDate;
  let source: PatientLines["indexSource"] =
    index === null ? "none" : patient.advancedDateInferred ? "inferred_advanced_date" : "advanced_date";
  let note: string | null = null;
  if (source !== "advanced_date" && curative.length > 0) {
    // Without a warehouse date, advanced disease starts after the last curative treatment.
    const curativeEnd = Math.max(...curative.map((e) => e.end));
    if (index === null || index <= curativeEnd) {
      const next = administrations.find((a) => a.date > curativeEnd);
      note =
        (index === null ? "no advanced date" : `inferred advanced date ${formatDay(index)}`) +
        ` before the end of curative treatment (${formatDay(curativeEnd)})`;
      if (next === undefined) return { index: null, source: "none", threshold: null, lookbackDays: 0, note };
      if (index === null && rules.index.whenAdvancedDateMissing === "no_lines")
        return { index: null, source: "none", threshold: null, lookbackDays: 0, note };
      if (index === null) source = "first_treatment";
      index = next.date;
    }
  }
  if (index === null && rules.index.whenAdvancedDateMissing === "first_treatment" && administrations.length > 0) {
    index = administrations[0]!.date;
    source = "first_treatment";
  }
  const lookbackDays =
    source === "inferred_advanced_date"
      ? (rules.index.inferredLookbackDays ?? rules.index.lookbackDays)
      : rules.index.lookbackDays;
  return { index, source, threshold: index === null ? null : index - lookbackDays, lookbackDays, note };
}
