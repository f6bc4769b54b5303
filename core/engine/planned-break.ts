/**
 * Rule `gap.plannedBreak`: after a gap longer than `gap.days` but at most
 * `maxDays`, a restart of the drugs the line was on when it stopped (all of
 * them in `molecules`: immunotherapy, maintenance drugs) is the end of a
 * planned break, not a new line (contract, section 4: "a restart of the same
 * regimen after a planned break, without progression, stays in the same line").
 * A restart that adds any other drug, or comes later, is a new line (`gap`).
 * Pure.
 */
import type { RuleSet } from "../rules/rule-set.js";
import type { Day } from "../time/day.js";

export interface LineSoFar {
  administrations: readonly { date: Day; molecule: string }[];
  lastAdministration: Day;
}

/** The molecules given in the last `windowDays` before the line's last administration. */
export function lastRegimen(line: LineSoFar, windowDays: number): Set<string> {
  const out = new Set<string>();
  for (const a of line.administrations) if (a.date >= line.lastAdministration - windowDays) out.add(a.molecule);
  return out;
}

/** Why the restart on this day ends a planned break, or undefined when it does not. */
export function plannedBreakRestart(
  line: LineSoFar,
  dayMolecules: ReadonlySet<string>,
  gap: number,
  rules: RuleSet,
): string | undefined {
  const rule = rules.gap.plannedBreak;
  if (!rule.enabled || gap > rule.maxDays || dayMolecules.size === 0) return undefined;
  const last = lastRegimen(line, rules.regimenWindowDays);
  for (const m of dayMolecules) if (!rule.molecules.includes(m) || !last.has(m)) return undefined;
  const names = [...dayMolecules].sort().join(", ");
  return `${names} restarted after ${gap} days (> ${rules.gap.days}, <= ${rule.maxDays}), as the line stopped: end of a planned break`;
}
