/**
 * From a patient's exposures and séances to the administrations the line rules
 * see: one per (day, molecule), with the last day it covers. Anonymous
 * chemotherapy séances become `chemotherapy` administrations unless a visible
 * drug given within `sessions.explainedWithinDays` explains them.
 */
import type { PatientEvents } from "../events/events.js";
import { CHEMOTHERAPY_PLACEHOLDER, INVESTIGATIONAL_PLACEHOLDER, drugByMolecule } from "../reference/drugs.js";
import type { RuleSet } from "../rules/rule-set.js";
import type { Day } from "../time/day.js";
import type { Decision } from "./types.js";

export interface Administration {
  date: Day;
  molecule: string;
  /** Last day covered (date for an injection; date + supply - 1 for an oral dispensing). */
  coverageEnd: Day;
  oral: boolean;
}

export function drugClassOf(molecule: string): string {
  if (molecule === CHEMOTHERAPY_PLACEHOLDER) return "chemotherapy";
  if (molecule === INVESTIGATIONAL_PLACEHOLDER) return "investigational";
  return drugByMolecule(molecule)?.drugClass ?? "unknown";
}

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
    if (!existing) byKey.set(key, a);
    else if (a.coverageEnd > existing.coverageEnd) existing.coverageEnd = a.coverageEnd;
  };
  const visibleNonOralDays: Day[] = [];
  for (const e of events.exposures) {
    if (ignored.has(e.molecule)) continue;
    const oral = e.route === "PO";
    add({ date: e.date, molecule: e.molecule, coverageEnd: e.date + Math.max(1, e.daysSupply) - 1, oral });
    if (!oral) visibleNonOralDays.push(e.date);
  }
  visibleNonOralDays.sort((a, b) => a - b);

  const sessionDecisions: Decision[] = [];
  if (rules.sessions.use && !ignored.has(CHEMOTHERAPY_PLACEHOLDER)) {
    const within = rules.sessions.explainedWithinDays;
    for (const s of events.sessions) {
      if (s.kind !== "chemotherapy") continue;
      for (const date of sessionDates(s.date, s.endDate, s.count, rules.sessions.spreadGrouped)) {
        if (hasWithin(visibleNonOralDays, date, within)) {
          sessionDecisions.push({
            rule: "session_explained",
            date,
            molecules: [],
            detail: `séance explained by a visible drug within ${within} day(s)`,
          });
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
