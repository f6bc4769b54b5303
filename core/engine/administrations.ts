/**
 * From a patient's exposures and séances to the administrations the line rules
 * see: one per (day, molecule), with the last day it covers. Anonymous
 * chemotherapy séances become `chemotherapy` administrations unless a visible
 * drug given within `sessions.explainedWithinDays` explains them, or they fall
 * inside the cycle of a visible regimen (`sessions.inCycle`, see
 * session-cycle.ts).
 */
import type { PatientEvents } from "../events/events.js";
import { CHEMOTHERAPY_PLACEHOLDER } from "../reference/drugs.js";
import type { RuleSet } from "../rules/rule-set.js";
import type { Day } from "../time/day.js";
import { drugClassOf } from "./drug-class.js";
import { cycleOfSeance, explainingMolecules } from "./session-cycle.js";
import type { Decision } from "./types.js";

export interface Administration {
  date: Day;
  molecule: string;
  /** Last day covered (date for an injection; date + supply - 1 for an oral dispensing). */
  coverageEnd: Day;
  oral: boolean;
  /**
   * A `chemotherapy` séance inside the cycle of a visible regimen (day 8, day
   * 15): it joins the open line and never starts one (`session_in_cycle`).
   */
  inCycle?: boolean;
  /**
   * The molecules that explained a same-day séance (`session_explained`), set on
   * a `chemotherapy` administration kept only so that the companion-chemotherapy
   * rule can name the cytotoxics given with them; it adds nothing otherwise.
   */
  companionOf?: string[];
}

export { drugClassOf };

/** Séance dates of a (possibly grouped) chemotherapy RSA. */
function sessionDates(date: Day, endDate: Day, count: number, spread: boolean): Day[] {
  if (count <= 1 || !spread || endDate <= date) return [date];
  const dates: Day[] = [];
  const step = (endDate - date) / (count - 1);
  for (let i = 0; i < count; i++) dates.push(Math.round(date + i * step));
  return dates;
}

export function collectAdministrations(
  events: PatientEvents,
  rules: RuleSet,
): { administrations: Administration[]; sessionDecisions: Decision[] } {
  const ignored = new Set(rules.ignoreMolecules);
  const byKey = new Map<string, Administration>();
  const add = (a: Administration) => {
    const key = `${a.date}|${a.molecule}`;
    const existing = byKey.get(key);
    if (!existing) {
      byKey.set(key, a);
      return;
    }
    if (a.coverageEnd > existing.coverageEnd) existing.coverageEnd = a.coverageEnd;
    // A plain séance the same day outweighs an in-cycle or companion one.
    if (!a.inCycle) delete existing.inCycle;
    if (!a.companionOf) delete existing.companionOf;
    else if (existing.companionOf)
      existing.companionOf = [...new Set([...existing.companionOf, ...a.companionOf])].sort();
  };
  const visibleNonOralDays: Day[] = [];
  const visible = new Map<Day, Set<string>>();
  for (const e of events.exposures) {
    if (ignored.has(e.molecule)) continue;
    const oral = e.route === "PO";
    add({ date: e.date, molecule: e.molecule, coverageEnd: e.date + Math.max(1, e.daysSupply) - 1, oral });
    if (!oral) {
      visibleNonOralDays.push(e.date);
      const set = visible.get(e.date);
      if (set) set.add(e.molecule);
      else visible.set(e.date, new Set([e.molecule]));
    }
  }
  visibleNonOralDays.sort((a, b) => a - b);

  const sessionDecisions: Decision[] = [];
  if (rules.sessions.use && !ignored.has(CHEMOTHERAPY_PLACEHOLDER)) {
    const within = rules.sessions.explainedWithinDays;
    for (const s of events.sessions) {
      if (s.kind !== "chemotherapy") continue;
      for (const date of sessionDates(s.date, s.endDate, s.count, rules.sessions.spreadGrouped)) {
        if (hasWithin(visibleNonOralDays, date, within)) {
          const explaining = explainingMolecules(visible, date, within);
          sessionDecisions.push({
            rule: "session_explained",
            date,
            molecules: explaining.molecules,
            detail: `séance explained by ${explaining.molecules.join(", ")} given within ${within} day(s)`,
          });
          if (rules.sessions.companionChemotherapy.enabled)
            add({
              date: explaining.date,
              molecule: CHEMOTHERAPY_PLACEHOLDER,
              coverageEnd: explaining.date,
              oral: false,
              companionOf: explaining.molecules,
            });
          continue;
        }
        const cycle = rules.sessions.inCycle.enabled ? cycleOfSeance(visible, date, rules) : undefined;
        if (cycle?.explained) {
          sessionDecisions.push({
            rule: "session_explained",
            date,
            molecules: cycle.molecules,
            detail: `séance on day ${cycle.cycleDay} of the cycle of ${cycle.molecules.join(", ")}: explained by it (sessions.inCycle)`,
          });
        } else if (cycle) {
          sessionDecisions.push({
            rule: "session_placeholder",
            date,
            molecules: [CHEMOTHERAPY_PLACEHOLDER],
            detail: `séance on day ${cycle.cycleDay} of the cycle of ${cycle.molecules.join(", ")}: a cytotoxic given with it (sessions.inCycle)`,
          });
          add({ date, molecule: CHEMOTHERAPY_PLACEHOLDER, coverageEnd: date, oral: false, inCycle: true });
        } else {
          sessionDecisions.push({
            rule: "session_placeholder",
            date,
            molecules: [CHEMOTHERAPY_PLACEHOLDER],
            detail: s.grouped ? `séance of a grouped RSA (${s.count} séances)` : "anonymous séance",
          });
          add({ date, molecule: CHEMOTHERAPY_PLACEHOLDER, coverageEnd: date, oral: false });
        }
      }
    }
  }
  const administrations = [...byKey.values()].sort((a, b) =>
    a.date !== b.date ? a.date - b.date : a.molecule < b.molecule ? -1 : a.molecule > b.molecule ? 1 : 0,
  );
  return { administrations, sessionDecisions };
}

/** True when a sorted array holds a value within `within` of `date`. */
function hasWithin(sorted: readonly Day[], date: Day, within: number): boolean {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < date - within) lo = mid + 1;
    else hi = mid;
  }
  return lo < sorted.length && sorted[lo]! <= date + within;
}
