/**
 * The rule-engine skeleton the learned model works on: the rule engine's lines
 * for a patient, the treatment days it kept in lines (administrations grouped by
 * day), and the chemotherapy séance dates (placeholder or explained). When
 * the advanced date is inferred, an entry chooser may start line 1 at a line
 * the rules found before their index window (entry-features.ts). Pure.
 */
import { collectAdministrations } from "../engine/administrations.js";
import { reconstructPatient } from "../engine/reconstruct.js";
import type { PatientLines } from "../engine/types.js";
import type { PatientEvents } from "../events/events.js";
import { CHEMOTHERAPY_PLACEHOLDER } from "../reference/drugs.js";
import type { RuleSet } from "../rules/rule-set.js";
import type { Day } from "../time/day.js";
import { entryCandidates, type EntryCandidate } from "./entry-features.js";

export interface SkeletonDay {
  date: Day;
  /** Molecules given that day, sorted (may include `chemotherapy`). */
  molecules: string[];
  /** Last day covered by that day's administrations (oral supply). */
  coverageEnd: Day;
  /** True when some administration that day is an injection (not oral). */
  nonOral: boolean;
}

export interface SeanceDay {
  date: Day;
  /** True when a visible drug given within `sessions.explainedWithinDays` explains it. */
  explained: boolean;
}

export interface Skeleton {
  events: PatientEvents;
  rules: RuleSet;
  /** The rule engine's reconstruction. */
  ruleLines: PatientLines;
  /** Treatment days kept in the rule engine's lines, in date order. */
  days: SkeletonDay[];
  /** Chemotherapy séance dates on or after the first kept day, in date order. */
  seances: SeanceDay[];
  /** The entry candidate chosen as line 1 before the inferred index, when one was. */
  entry: EntryCandidate | null;
}

/** Picks the entry candidate that starts line 1 (candidates in date order), or null for the rules' index window. */
export type EntryChooser = (candidates: readonly EntryCandidate[]) => EntryCandidate | null;

/** The long look-back reconstruction from the chosen candidate on, renumbered. */
function fromEntry(lines: PatientLines, entry: EntryCandidate): PatientLines {
  const kept = lines.lines.filter((l) => l.startDate >= entry.line.startDate);
  return { ...lines, lines: kept.map((l, i) => ({ ...l, lineNumber: i + 1 })) };
}

export function buildSkeleton(events: PatientEvents, rules: RuleSet, chooseEntry?: EntryChooser): Skeleton {
  let ruleLines = reconstructPatient(events, rules);
  let entry: EntryCandidate | null = null;
  if (chooseEntry) {
    const found = entryCandidates(events, rules);
    entry = found ? chooseEntry(found.candidates) : null;
    if (found && entry) ruleLines = fromEntry(found.lines, entry);
  }
  const { administrations, sessionDecisions } = collectAdministrations(events, rules);
  const excluded = new Set(ruleLines.excluded.map((e) => `${e.date}|${e.molecule}`));
  // A companion administration (molecules the rules attach to a séance) follows the day it belongs to.
  const excludedDates = new Set(ruleLines.excluded.map((e) => e.date));
  const from = entry?.line.startDate ?? Number.NEGATIVE_INFINITY;
  const days: SkeletonDay[] = [];
  for (const a of administrations) {
    if (a.date < from || excluded.has(`${a.date}|${a.molecule}`)) continue;
    if (a.companionOf && excludedDates.has(a.date)) continue;
    const last = days[days.length - 1];
    if (last && last.date === a.date) {
      if (!last.molecules.includes(a.molecule)) last.molecules.push(a.molecule);
      last.coverageEnd = Math.max(last.coverageEnd, a.coverageEnd);
      last.nonOral ||= !a.oral;
    } else {
      days.push({ date: a.date, molecules: [a.molecule], coverageEnd: a.coverageEnd, nonOral: !a.oral });
    }
  }
  for (const d of days) d.molecules.sort();
  const first = days[0]?.date ?? Number.POSITIVE_INFINITY;
  const seances: SeanceDay[] = sessionDecisions
    .filter((s) => s.date >= first && (s.rule === "session_explained" || s.rule === "session_placeholder"))
    .map((s) => ({ date: s.date, explained: s.rule === "session_explained" }))
    .sort((a, b) => a.date - b.date);
  return { events, rules, ruleLines, days, seances, entry };
}

/** Named molecules of a set of days (the placeholder left out). */
export function namedMolecules(days: readonly SkeletonDay[]): string[] {
  const set = new Set<string>();
  for (const d of days) for (const m of d.molecules) if (m !== CHEMOTHERAPY_PLACEHOLDER) set.add(m);
  return [...set].sort();
}
