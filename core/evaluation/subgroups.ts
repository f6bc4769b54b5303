/**
 * Subgroups the evaluation reports metrics by: histology, biomarker group and
 * period of the first line. Pure: shared by the CLI and the workspace.
 */
import type { BiomarkerStatus } from "../events/events.js";
import { yearOf, type Day } from "../time/day.js";

export type BiomarkerGroup = "EGFR" | "ALK" | "ROS1" | "other driver" | "no driver" | "untested";

/**
 * EGFR, ALK and ROS1 positives by name (they decide targeted first lines);
 * BRAF, KRAS G12C, MET or RET positive: "other driver"; at least one negative and
 * no positive: "no driver"; nothing known: "untested".
 */
export function biomarkerGroupOf(markers: Partial<Record<string, BiomarkerStatus | null>>): BiomarkerGroup {
  if (markers.egfr === "positive") return "EGFR";
  if (markers.alk === "positive") return "ALK";
  if (markers.ros1 === "positive") return "ROS1";
  if (["braf", "kras_g12c", "met", "ret"].some((m) => markers[m] === "positive")) return "other driver";
  if (Object.values(markers).some((v) => v === "negative")) return "no driver";
  return "untested";
}

/** Period of a first line by its start year. */
export function periodOf(start: Day | undefined): string {
  if (start === undefined) return "no line";
  const year = yearOf(start);
  if (year < 2015) return "before 2015";
  if (year <= 2017) return "2015-2017";
  if (year <= 2020) return "2018-2020";
  return "2021 and later";
}
