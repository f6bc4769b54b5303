/**
 * Line-of-therapy reconstruction for one patient: a pure function of the
 * patient's events and a rule set. No I/O, no clock, no global state; the same
 * code runs in the CLI, the data loaders, the tests and the browser.
 *
 * The algorithm walks the patient's treatment days in order and keeps one open
 * line. Each day either joins the open line (regimen window, same drugs,
 * substitution, maintenance, exempt gap) or closes it and opens the next (new
 * drug, gap). Every decision is recorded with the rule that fired and its date.
 * See docs/reconstruction.md for the rules in prose.
 */
import type { PatientEvents } from "../events/events.js";
import { formatMolecules } from "../lines/line-record.js";
import { lineIsIn, type MaintenanceRule, type RuleSet } from "../rules/rule-set.js";
import type { Day } from "../time/day.js";
import { collectAdministrations, drugClassOf, type Administration } from "./administrations.js";
import { lineEnd } from "./line-end.js";
import { regimenClassOf, regimenLabelOf } from "./regimen.js";
import type { Decision, ExcludedAdministration, PatientLines, ReconstructedLine } from "./types.js";

interface TreatmentDay {
  date: Day;
  administrations: Administration[];
  molecules: Set<string>;
  coverageEnd: Day;
}

interface OpenLine {
  start: Day;
  windowEnd: Day;
  molecules: Set<string>;
  administrations: Administration[];
  lastAdministration: Day;
  coverageEnd: Day;
  maintenanceStart: Day | null;
  startDecision: Decision;
  decisions: Decision[];
}

function groupByDay(administrations: readonly Administration[]): TreatmentDay[] {
  const days: TreatmentDay[] = [];
  for (const a of administrations) {
    const last = days[days.length - 1];
    if (last && last.date === a.date) {
      last.administrations.push(a);
      last.molecules.add(a.molecule);
      last.coverageEnd = Math.max(last.coverageEnd, a.coverageEnd);
    } else {
      days.push({ date: a.date, administrations: [a], molecules: new Set([a.molecule]), coverageEnd: a.coverageEnd });
    }
  }
  return days;
}

const sorted = (set: Iterable<string>) => [...set].sort();

function openLine(day: TreatmentDay, rules: RuleSet, startDecision: Decision): OpenLine {
  const line: OpenLine = {
    start: day.date,
    windowEnd: day.date + rules.regimenWindowDays,
    molecules: new Set(day.molecules),
    administrations: [...day.administrations],
    lastAdministration: day.date,
    coverageEnd: day.coverageEnd,
    maintenanceStart: null,
    startDecision,
    decisions: [],
  };
  return line;
}

function extendLine(line: OpenLine, day: TreatmentDay): void {
  for (const m of day.molecules) line.molecules.add(m);
  line.administrations.push(...day.administrations);
  line.lastAdministration = day.date;
  line.coverageEnd = Math.max(line.coverageEnd, day.coverageEnd);
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
  const { administrations, sessionDecisions } = collectAdministrations(events, rules);

  let index: Day | null = patient.advancedDate;
  let indexSource: PatientLines["indexSource"] =
    index === null ? "none" : patient.advancedDateInferred ? "inferred_advanced_date" : "advanced_date";
  if (index === null && rules.index.whenAdvancedDateMissing === "first_treatment" && administrations.length > 0) {
    index = administrations[0]!.date;
    indexSource = "first_treatment";
  }
  const excluded: ExcludedAdministration[] = [];
  const result = (lines: ReconstructedLine[]): PatientLines => ({
    patientId: patient.patientId,
    index,
    indexSource,
    lines,
    excluded,
    sessionDecisions,
  });
  if (index === null) {
    for (const a of administrations) excluded.push({ date: a.date, molecule: a.molecule, rule: "no_index" });
    return result([]);
  }
  const threshold = index - rules.index.lookbackDays;

  let candidates = administrations;
  if (rules.index.preIndexRegimen === "ignore") {
    candidates = [];
    for (const a of administrations) {
      if (a.date >= threshold) candidates.push(a);
      else excluded.push({ date: a.date, molecule: a.molecule, rule: "before_index" });
    }
  }

  const closed: Closed[] = [];
  let current: OpenLine | undefined;
  const lineNumberOfCurrent = () => closed.filter((c) => c.line.start >= threshold).length + 1;

  for (const day of groupByDay(candidates)) {
    if (!current) {
      current = openLine(day, rules, {
        rule: "first_treatment",
        date: day.date,
        molecules: sorted(day.molecules),
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
        molecules: sorted(day.molecules),
        detail: `first administration of the index window; the regimen started before it stopped ${gap} days earlier`,
      };
      closed.push({ line: current, endedBy: decision });
      current = openLine(day, rules, decision);
      continue;
    }
    if (gap > rules.gap.days) {
      const exempt = [...day.molecules].every(
        (m) => rules.gap.exemptMolecules.includes(m) && current!.molecules.has(m),
      );
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
      const decision: Decision = {
        rule: "gap",
        date: day.date,
        molecules: sorted(day.molecules),
        detail: `${gap} days without treatment (> ${rules.gap.days})`,
      };
      closed.push({ line: current, endedBy: decision });
      current = openLine(day, rules, decision);
      continue;
    }

    const added = [...day.molecules].filter((m) => !current!.molecules.has(m)).sort();
    const lineNumber = lineNumberOfCurrent();
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
        molecules: sorted(day.molecules),
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
    administrations,
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
  const molecules = sorted(line.molecules);
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
