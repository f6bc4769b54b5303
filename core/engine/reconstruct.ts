/**
 * Line-of-therapy reconstruction for one patient: a pure function of the
 * patient's events and a rule set. No I/O, no clock, no global state; the same
 * code runs in the CLI, the data loaders, the tests and the browser.
 *
 * Curative treatment recognised from the claims is set aside first
 * (curative-treatment.ts), then the index is placed (index-date.ts). The
 * algorithm walks the patient's treatment days in order and keeps one open
 * line. Each day either joins the open line (regimen window, same drugs,
 * substitution, maintenance, exempt gap, planned break, séance in cycle) or
 * closes it and opens the next (new drug, gap, séance rhythm). Each rule is a
 * small named step in its own module; every decision is recorded with the rule
 * that fired and its date. See docs/reconstruction.md for the rules in prose.
 */
import type { PatientEvents } from "../events/events.js";
import { formatMolecules } from "../lines/line-record.js";
import { CHEMOTHERAPY_PLACEHOLDER } from "../reference/drugs.js";
import { lineIsIn, type MaintenanceRule, type RuleSet } from "../rules/rule-set.js";
import type { Day } from "../time/day.js";
import { collectAdministrations, drugClassOf, type Administration } from "./administrations.js";
import { companionChemotherapy } from "./companion-chemotherapy.js";
import { anonymousGap } from "./anonymous-gap.js";
import { findCurativeTreatment } from "./curative-treatment.js";
import { indexWindow } from "./index-date.js";
import { lineEnd } from "./line-end.js";
import { plannedBreakRestart } from "./planned-break.js";
import { regimenClassOf, regimenLabelOf } from "./regimen.js";
import { rhythmChangeAt } from "./session-rhythm.js";
import type { CurativeRule, Decision, ExcludedAdministration, PatientLines, ReconstructedLine } from "./types.js";

interface TreatmentDay {
  date: Day;
  administrations: Administration[];
  /** Molecules of the day's ordinary administrations (not in-cycle, not companion séances). */
  molecules: Set<string>;
  /** True when the day has a séance in the cycle of a visible regimen (`session_in_cycle`). */
  inCycle: boolean;
  /** Visible drugs that explained a séance that day (companion-chemotherapy candidates). */
  companions: string[];
  coverageEnd: Day;
}

interface OpenLine {
  start: Day;
  windowEnd: Day;
  /** Molecules that decide whether a drug is new to the line. */
  molecules: Set<string>;
  /** Molecules the line also lists, added by séances that never start a line (in cycle). */
  addedMolecules: Set<string>;
  /** The companion-chemotherapy rule fired (the line lists `chemotherapy` unless it names a cytotoxic). */
  companion: boolean;
  administrations: Administration[];
  /** Days whose only ordinary molecule is the séance placeholder. */
  seanceOnlyDays: Day[];
  lastAdministration: Day;
  coverageEnd: Day;
  maintenanceStart: Day | null;
  startDecision: Decision;
  decisions: Decision[];
}

function groupByDay(administrations: readonly Administration[]): TreatmentDay[] {
  const days: TreatmentDay[] = [];
  for (const a of administrations) {
    let day = days[days.length - 1];
    if (!day || day.date !== a.date) {
      day = {
        date: a.date,
        administrations: [],
        molecules: new Set(),
        inCycle: false,
        companions: [],
        coverageEnd: a.date,
      };
      days.push(day);
    }
    day.administrations.push(a);
    if (a.companionOf) {
      day.companions = [...new Set([...day.companions, ...a.companionOf])].sort();
      continue; // companion séances add no treatment of their own
    }
    day.coverageEnd = Math.max(day.coverageEnd, a.coverageEnd);
    if (a.inCycle) day.inCycle = true;
    else day.molecules.add(a.molecule);
  }
  // A day of in-cycle séances only, or of companion séances only, is an ordinary séance day
  // when no line is open to take it: the walk sees `molecules` empty and decides.
  return days;
}

const isSeanceOnly = (day: TreatmentDay) => day.molecules.size === 1 && day.molecules.has(CHEMOTHERAPY_PLACEHOLDER);

const sorted = (set: Iterable<string>) => [...set].sort();

/** The day's administrations that count as treatment (companion séances only once accepted). */
const treatmentOf = (day: TreatmentDay) => day.administrations.filter((a) => !a.companionOf);

function openLine(day: TreatmentDay, rules: RuleSet, startDecision: Decision): OpenLine {
  // A line opened by in-cycle séances alone lists them as an ordinary séance.
  const molecules = day.molecules.size > 0 ? new Set(day.molecules) : new Set([CHEMOTHERAPY_PLACEHOLDER]);
  return {
    start: day.date,
    windowEnd: day.date + rules.regimenWindowDays,
    molecules,
    addedMolecules: new Set(),
    companion: false,
    administrations: treatmentOf(day),
    seanceOnlyDays: isSeanceOnly(day) ? [day.date] : [],
    lastAdministration: day.date,
    coverageEnd: day.coverageEnd,
    maintenanceStart: null,
    startDecision,
    decisions: [],
  };
}

function extendLine(line: OpenLine, day: TreatmentDay): void {
  for (const m of day.molecules) line.molecules.add(m);
  line.administrations.push(...treatmentOf(day));
  if (isSeanceOnly(day)) line.seanceOnlyDays.push(day.date);
  line.lastAdministration = day.date;
  line.coverageEnd = Math.max(line.coverageEnd, day.coverageEnd);
}

/** Séances that join the open line without ever starting one: in cycle (day 8 / 15) and companion. */
function addSeances(
  line: OpenLine,
  day: TreatmentDay,
  lineNumber: number,
  events: PatientEvents,
  rules: RuleSet,
): void {
  const listed = (m: string) => line.molecules.has(m) || line.addedMolecules.has(m);
  if (day.inCycle && !listed(CHEMOTHERAPY_PLACEHOLDER)) {
    line.addedMolecules.add(CHEMOTHERAPY_PLACEHOLDER);
    line.decisions.push({
      rule: "session_in_cycle",
      date: day.date,
      molecules: [CHEMOTHERAPY_PLACEHOLDER],
      detail:
        "anonymous séance on day 8 or 15 of a cycle whose drugs are visible on day 1: a cytotoxic given with them",
    });
  }
  if (day.companions.length === 0) return;
  const why = companionChemotherapy(day.companions, events.patient, lineNumber, day.date - line.start, rules);
  if (!why) return;
  line.administrations.push(...day.administrations.filter((a) => a.companionOf));
  if (line.companion || listed(CHEMOTHERAPY_PLACEHOLDER)) return;
  line.companion = true;
  line.decisions.push({
    rule: "session_companion",
    date: day.date,
    molecules: [CHEMOTHERAPY_PLACEHOLDER],
    detail: why,
  });
}

/** The line's molecules: the walk's, the in-cycle séances', and the companion placeholder unless a cytotoxic is named. */
function lineMolecules(line: OpenLine, rules: RuleSet): string[] {
  const out = new Set([...line.molecules, ...line.addedMolecules]);
  if (line.companion) {
    const unless = rules.sessions.companionChemotherapy.unlessLineHasClasses;
    if ([...out].some((m) => unless.includes(drugClassOf(m))))
      line.decisions = line.decisions.filter((d) => d.rule !== "session_companion");
    else out.add(CHEMOTHERAPY_PLACEHOLDER);
  }
  return sorted(out);
}

function maintenanceApplies(rule: MaintenanceRule, lineNumber: number, induction: ReadonlySet<string>): boolean {
  if (!lineIsIn(rule.lines, lineNumber)) return false;
  if (rule.inductionClasses.length === 0) return true;
  for (const m of induction) if (rule.inductionClasses.includes(drugClassOf(m))) return true;
  return false;
}

function substitutes(rules: RuleSet, molecule: string, line: ReadonlySet<string>): string | undefined {
  for (const group of rules.substitutions) {
    if (!group.includes(molecule)) continue;
    const partner = group.find((m) => m !== molecule && line.has(m));
    if (partner) return partner;
  }
  return undefined;
}

interface Closed {
  line: OpenLine;
  /** The decision that ended it: the next line's start, or undefined for the last line. */
  endedBy: Decision | undefined;
}

export function reconstructPatient(events: PatientEvents, rules: RuleSet): PatientLines {
  const { patient } = events;
  const { administrations: all, sessionDecisions } = collectAdministrations(events, rules);
  const excluded: ExcludedAdministration[] = [];

  // Curative treatment, recognised from the claims when the warehouse gives no advanced date.
  const curative =
    patient.advancedDate !== null && !patient.advancedDateInferred
      ? []
      : findCurativeTreatment(
          all.filter((a) => !a.companionOf),
          events.sessions,
          rules,
        );
  const curativeOf = new Map<Administration, CurativeRule>();
  for (const episode of curative) for (const a of episode.administrations) curativeOf.set(a, episode.rule);
  const administrations: Administration[] = [];
  for (const a of all) {
    const rule = curativeOf.get(a);
    if (rule === undefined) administrations.push(a);
    else if (!a.companionOf) excluded.push({ date: a.date, molecule: a.molecule, rule });
  }
  const curativeDecisions = curative.map((e) => e.decision);

  const window = indexWindow(patient, administrations, curative, rules);
  const { index } = window;
  const result = (lines: ReconstructedLine[]): PatientLines => ({
    patientId: patient.patientId,
    index,
    indexSource: window.source,
    lines,
    excluded,
    sessionDecisions,
    curativeDecisions,
  });
  if (index === null || window.threshold === null) {
    for (const a of administrations)
      if (!a.companionOf) excluded.push({ date: a.date, molecule: a.molecule, rule: "no_index" });
    return result([]);
  }
  const threshold = window.threshold;

  let candidates = administrations;
  if (rules.index.preIndexRegimen === "ignore") {
    candidates = [];
    for (const a of administrations) {
      if (a.date >= threshold) candidates.push(a);
      else if (!a.companionOf) excluded.push({ date: a.date, molecule: a.molecule, rule: "before_index" });
    }
  }

  const closed: Closed[] = [];
  let current: OpenLine | undefined;
  const lineNumberOfCurrent = () => closed.filter((c) => c.line.start >= threshold).length + 1;
  const days = groupByDay(candidates);

  for (let k = 0; k < days.length; k++) {
    const day = days[k]!;
    const dayMolecules = () => sorted(day.molecules.size > 0 ? day.molecules : [CHEMOTHERAPY_PLACEHOLDER]);
    if (!current) {
      if (day.molecules.size === 0 && !day.inCycle) continue; // companion séances alone: nothing to open
      current = openLine(day, rules, {
        rule: "first_treatment",
        date: day.date,
        molecules: dayMolecules(),
        detail: "first administration",
      });
      continue;
    }
    const reference = rules.gap.measureFrom === "coverage_end" ? current.coverageEnd : current.lastAdministration;
    const gap = day.date - reference;
    if (
      current.start < threshold &&
      day.date >= threshold &&
      gap > rules.index.preIndexContinuationMaxGapDays &&
      rules.index.preIndexRegimen === "exclude_continuation"
    ) {
      // The pre-index regimen stopped before the index window: what follows is line 1.
      const decision: Decision = {
        rule: "first_treatment",
        date: day.date,
        molecules: dayMolecules(),
        detail: `first administration of the index window; the regimen started before it stopped ${gap} days earlier`,
      };
      closed.push({ line: current, endedBy: decision });
      current = openLine(day, rules, decision);
      continue;
    }
    const anonymous = anonymousGap(current, day.molecules, gap, rules);
    if (anonymous) {
      const decision: Decision = { rule: "gap", date: day.date, molecules: dayMolecules(), detail: anonymous };
      closed.push({ line: current, endedBy: decision });
      current = openLine(day, rules, decision);
      continue;
    }
    if (gap > rules.gap.days) {
      const exempt =
        day.molecules.size > 0 &&
        [...day.molecules].every((m) => rules.gap.exemptMolecules.includes(m) && current!.molecules.has(m));
      if (exempt) {
        current.decisions.push({
          rule: "gap_exempt",
          date: day.date,
          molecules: sorted(day.molecules),
          detail: `${gap}-day gap > ${rules.gap.days} days, but ${sorted(day.molecules).join(", ")} is exempt from the gap rule`,
        });
        extendLine(current, day);
        continue;
      }
      const restart = plannedBreakRestart(current, day.molecules, gap, rules);
      if (restart) {
        current.decisions.push({
          rule: "planned_break",
          date: day.date,
          molecules: sorted(day.molecules),
          detail: restart,
        });
        extendLine(current, day);
        continue;
      }
      const decision: Decision = {
        rule: "gap",
        date: day.date,
        molecules: dayMolecules(),
        detail: `${gap} days without treatment (> ${rules.gap.days})`,
      };
      closed.push({ line: current, endedBy: decision });
      current = openLine(day, rules, decision);
      continue;
    }

    const lineNumber = lineNumberOfCurrent();
    if (isSeanceOnly(day) && day.date > current.windowEnd) {
      const upcoming: Day[] = [];
      for (let j = k + 1; j < days.length && upcoming.length < 3; j++)
        if (isSeanceOnly(days[j]!)) upcoming.push(days[j]!.date);
      const change = rhythmChangeAt(current.seanceOnlyDays, day.date, upcoming, rules);
      if (change) {
        const decision: Decision = {
          rule: "session_rhythm",
          date: day.date,
          molecules: dayMolecules(),
          detail: change,
        };
        closed.push({ line: current, endedBy: decision });
        current = openLine(day, rules, decision);
        continue;
      }
    }

    const added = [...day.molecules].filter((m) => !current!.molecules.has(m)).sort();
    let newDrug: string | undefined;
    const pending: Decision[] = [];
    for (const m of added) {
      if (day.date <= current.windowEnd) {
        pending.push({
          rule: "regimen_window",
          date: day.date,
          molecules: [m],
          detail: `${m} added ${day.date - current.start} days after the line start (window ${rules.regimenWindowDays})`,
        });
        continue;
      }
      const partner = substitutes(rules, m, current.molecules);
      if (partner) {
        pending.push({ rule: "substitution", date: day.date, molecules: [m], detail: `${m} substitutes ${partner}` });
        continue;
      }
      const sw = rules.maintenance.switch;
      if (
        sw.molecules.includes(m) &&
        maintenanceApplies(sw, lineNumber, current.molecules) &&
        current.lastAdministration - current.start >= sw.minInductionDays &&
        day.date - current.lastAdministration <= sw.maxDaysAfterInduction
      ) {
        pending.push({
          rule: "switch_maintenance",
          date: day.date,
          molecules: [m],
          detail: `switch maintenance by ${m}`,
        });
        continue;
      }
      newDrug = m;
      break;
    }
    if (newDrug !== undefined) {
      const decision: Decision = {
        rule: "new_drug",
        date: day.date,
        molecules: dayMolecules(),
        detail: `${newDrug} is new after the ${rules.regimenWindowDays}-day regimen window`,
      };
      closed.push({ line: current, endedBy: decision });
      current = openLine(day, rules, decision);
      continue;
    }
    for (const d of pending) {
      current.decisions.push(d);
      if (d.rule === "switch_maintenance") current.maintenanceStart ??= d.date;
    }
    for (const m of day.molecules) current.addedMolecules.delete(m);
    addSeances(current, day, lineNumber, events, rules);
    extendLine(current, day);
  }
  if (current) closed.push({ line: current, endedBy: undefined });

  // Regimens started before the index window are not lines (adjuvant, chemoradiation + consolidation).
  const kept: Closed[] = [];
  for (const c of closed) {
    if (c.line.start < threshold) {
      for (const a of c.line.administrations)
        excluded.push({ date: a.date, molecule: a.molecule, rule: "pre_index_regimen" });
      continue;
    }
    // Dropped drugs and continuation maintenance are judged on the whole line.
    let piece: Closed | undefined = c;
    while (piece) {
      const split = applyDrops(piece.line, kept.length + 1, rules);
      if (!split) {
        kept.push(piece);
        piece = undefined;
      } else {
        kept.push({ line: split.before, endedBy: split.after.startDecision });
        piece = { line: split.after, endedBy: piece.endedBy };
      }
    }
  }
  const first = kept[0]?.line;
  if (first && first.startDecision.rule === "first_treatment" && first.start < index - rules.index.lookbackDays) {
    first.startDecision = {
      ...first.startDecision,
      rule: "inferred_index_window",
      detail:
        `${index - first.start} days before the inferred advanced date (window ${window.lookbackDays} days)` +
        (window.note ? `; ${window.note}` : ""),
    };
  } else if (first && window.note) {
    first.startDecision = { ...first.startDecision, detail: `${first.startDecision.detail}; ${window.note}` };
  }
  return result(kept.map((c, i) => finishLine(c, i + 1, kept[i + 1]?.line.start, events, rules)));
}

/**
 * Finds drugs of a line that stopped while others went on (last given more than
 * `droppedDrugs.afterDays` before the line's last treatment). When every drug
 * given after them is a continuation-maintenance drug, the line enters
 * maintenance; otherwise the drop is recorded, and splits the line only if the
 * rules say dropped drugs start a new line.
 */
function applyDrops(
  line: OpenLine,
  lineNumber: number,
  rules: RuleSet,
): { before: OpenLine; after: OpenLine } | undefined {
  const lastOf = new Map<string, Day>();
  for (const a of line.administrations)
    lastOf.set(a.molecule, Math.max(lastOf.get(a.molecule) ?? a.coverageEnd, a.coverageEnd));
  const dropped = [...lastOf].filter(([, last]) => line.coverageEnd - last > rules.droppedDrugs.afterDays);
  if (dropped.length === 0) return undefined;
  const droppedSet = new Set(dropped.map(([m]) => m));
  const lastDropped = Math.max(...dropped.map(([, last]) => last));
  const after = line.administrations.filter((a) => a.date > lastDropped);
  const firstAfter = after[0]?.date ?? lastDropped;
  const continuing = sorted(new Set(after.map((a) => a.molecule)));
  const cont = rules.maintenance.continuation;
  const isContinuation =
    continuing.length > 0 &&
    continuing.every((m) => cont.molecules.includes(m)) &&
    maintenanceApplies(cont, lineNumber, droppedSet) &&
    lastDropped - line.start >= cont.minInductionDays &&
    firstAfter - lastDropped <= cont.maxDaysAfterInduction;
  if (isContinuation) {
    line.decisions.push({
      rule: "continuation_maintenance",
      date: firstAfter,
      molecules: continuing,
      detail: `${sorted(droppedSet).join(", ")} stopped; ${continuing.join(", ")} continue as maintenance`,
    });
    if (line.maintenanceStart === null || firstAfter < line.maintenanceStart) line.maintenanceStart = firstAfter;
    line.decisions.sort((a, b) => a.date - b.date);
    if (rules.droppedDrugs.exemptContinuationMaintenance || !rules.droppedDrugs.startsNewLine) return undefined;
  }
  const decision: Decision = {
    rule: "dropped_drug",
    date: firstAfter,
    molecules: sorted(droppedSet),
    detail: `${sorted(droppedSet).join(", ")} stopped while ${continuing.join(", ") || "nothing"} continued`,
  };
  if (!rules.droppedDrugs.startsNewLine || after.length === 0) {
    if (!isContinuation) {
      line.decisions.push(decision);
      line.decisions.sort((a, b) => a.date - b.date);
    }
    return undefined;
  }
  const beforeAdministrations = line.administrations.filter((a) => a.date <= lastDropped);
  const rebuild = (administrations: Administration[], start: Day, startDecision: Decision): OpenLine => ({
    start,
    windowEnd: start + rules.regimenWindowDays,
    molecules: new Set(administrations.map((a) => a.molecule)),
    addedMolecules: start === line.start ? new Set(line.addedMolecules) : new Set(),
    companion: start === line.start && line.companion,
    administrations,
    seanceOnlyDays: [],
    lastAdministration: Math.max(...administrations.map((a) => a.date)),
    coverageEnd: Math.max(...administrations.map((a) => a.coverageEnd)),
    maintenanceStart: null,
    startDecision,
    decisions: line.decisions.filter((d) => (start === line.start ? d.date <= lastDropped : d.date > lastDropped)),
  });
  return {
    before: rebuild(beforeAdministrations, line.start, line.startDecision),
    after: rebuild(after, firstAfter, decision),
  };
}

function finishLine(
  c: Closed,
  lineNumber: number,
  nextStart: Day | undefined,
  events: PatientEvents,
  rules: RuleSet,
): ReconstructedLine {
  const { line, endedBy } = c;
  const { patient } = events;
  const molecules = lineMolecules(line, rules);
  const lastTreatmentDay = line.coverageEnd;
  const { end, endReason, endDecision } = lineEnd(patient, rules, {
    start: line.start,
    lastTreatmentDay,
    nextStart,
    endedBy,
  });
  return {
    patientId: patient.patientId,
    lineNumber,
    startDate: line.start,
    endDate: end,
    molecules,
    regimenLabel: regimenLabelOf(molecules),
    regimenClass: regimenClassOf(molecules),
    isMaintenancePhasePresent: line.maintenanceStart !== null,
    maintenanceStart: line.maintenanceStart,
    endReason,
    lastTreatmentDay,
    startDecision: line.startDecision,
    endDecision,
    decisions: line.decisions,
  };
}

/** The contract's molecules cell of a reconstructed line. */
export function moleculesCell(line: Pick<ReconstructedLine, "molecules">): string {
  return formatMolecules(line.molecules);
}
