/**
 * Training labels from the gold standard: does a gold line start at this
 * decision point, and which molecules hid behind a line's séances. Pure.
 */
import { START_TOLERANCE_DAYS } from "../evaluation/compare.js";
import type { LineRecord } from "../lines/line-record.js";
import type { Day } from "../time/day.js";
import type { BoundaryPoint } from "./boundary-features.js";

/**
 * 1 for the decision points nearest to a gold line start (within the scoring
 * tolerance), 0 for the others. The patient's first treatment day competes as
 * the start of line 1 and is not a decision point.
 */
export function boundaryLabels(firstDay: Day, points: readonly BoundaryPoint[], gold: readonly LineRecord[]): number[] {
  const labels = points.map(() => 0);
  for (const line of gold) {
    let best = -1;
    let bestDistance = Math.abs(firstDay - line.startDate);
    points.forEach((p, k) => {
      const distance = Math.abs(p.date - line.startDate);
      if (distance < bestDistance) {
        best = k;
        bestDistance = distance;
      }
    });
    if (best >= 0 && bestDistance <= START_TOLERANCE_DAYS) labels[best] = 1;
  }
  return labels;
}

/** The gold line starting nearest to `start`, within the scoring tolerance. */
export function goldLineAt(gold: readonly LineRecord[], start: Day): LineRecord | undefined {
  let best: LineRecord | undefined;
  for (const line of gold) {
    const distance = Math.abs(line.startDate - start);
    if (distance <= START_TOLERANCE_DAYS && (!best || distance < Math.abs(best.startDate - start))) best = line;
  }
  return best;
}

/**
 * The molecules the gold line has beyond those visible in the predicted line
 * (`;`-joined, "" for none), or undefined when a visible drug is not in the
 * gold line (the line itself is wrong: no composition label).
 */
export function hiddenMolecules(visible: readonly string[], gold: LineRecord): string | undefined {
  const goldSet = new Set(gold.molecules);
  if (visible.some((m) => !goldSet.has(m))) return undefined;
  return gold.molecules
    .filter((m) => !visible.includes(m))
    .sort()
    .join(";");
}
