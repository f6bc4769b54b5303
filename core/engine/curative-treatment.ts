/**
 * Rules `curative.*`: curative treatment of stage I-III disease recognised from
 * the claims alone, when no warehouse gives the advanced date. Such treatment
 * is not a line of advanced disease (contract, section 4).
 *
 * - `curative.chemoradiation`: a radiotherapy course of at least
 *   `minRadiotherapyFractions` fractions (curative dose, 60-66 Gy in 30-33
 *   fractions; palliative courses are 1-10) with chemotherapy given during it
 *   (within `concurrentWithinDays` of its first and last fraction) is
 *   chemoradiation. The chemotherapy chained to it (no interruption longer than
 *   `curative.maxGapDays`: induction before, consolidation cycles after) is part
 *   of it. A `consolidationMolecules` drug (durvalumab, PACIFIC) starting within
 *   `consolidationStartWithinDays` of its end and given for at most
 *   `consolidationMaxDays` is consolidation (`curative_consolidation`).
 * - `curative.perioperative`: around a lung resection (CCAM GFFA or GFFC acts), the
 *   systemic treatment ending within `neoadjuvantEndWithinDays` before it
 *   (neoadjuvant) and the treatment starting within `adjuvantStartWithinDays`
 *   after it (adjuvant chemotherapy, then osimertinib, alectinib,
 *   atezolizumab, pembrolizumab...), each chained without an interruption
 *   longer than `curative.maxGapDays` and lasting at most `maxDays`. Only
 *   cytotoxics (`chemotherapyClasses`) and the listed `molecules` qualify; after
 *   adjuvant chemotherapy one listed drug may follow, and a cytotoxic after it,
 *   or a second listed drug, ends the adjuvant treatment (relapse).
 *
 * Pure; called by reconstruct.ts before the index is placed.
 */
import type { Session } from "../events/events.js";
import type { RuleSet } from "../rules/rule-set.js";
import { formatDay, type Day } from "../time/day.js";
import type { Administration } from "./administrations.js";
import { drugClassOf } from "./drug-class.js";
import type { CurativeRule, Decision } from "./types.js";

export interface CurativeEpisode {
  rule: CurativeRule;
  start: Day;
  /** Last treatment day (coverage of the last administration, or the last radiotherapy fraction). */
  end: Day;
  administrations: Administration[];
  decision: Decision;
}

/** Distinct days of sessions of one kind, grouped séances spread over their span. */
function sessionDays(sessions: readonly Session[], kind: Session["kind"]): Day[] {
  const days = new Set<Day>();
  for (const s of sessions) {
    if (s.kind !== kind) continue;
    if (s.count <= 1 || s.endDate <= s.date) days.add(s.date);
    else for (let i = 0; i < s.count; i++) days.add(Math.round(s.date + (i * (s.endDate - s.date)) / (s.count - 1)));
  }
  return [...days].sort((a, b) => a - b);
}

/** Runs of days with no hole longer than `maxHole` days. */
function courses(days: readonly Day[], maxHole: number): Day[][] {
  const out: Day[][] = [];
  for (const d of days) {
    const last = out[out.length - 1];
    if (last && d - last[last.length - 1]! <= maxHole) last.push(d);
    else out.push([d]);
  }
  return out;
}

const sortedMolecules = (items: readonly Administration[]) => [...new Set(items.map((a) => a.molecule))].sort();

/**
 * Extends a chain of administrations forward from `from` (sorted by date):
 * each next one joins while it starts within `maxGap` days of the chain's
 * coverage and `accept` says yes.
 */
function chainForward(
  sorted: readonly Administration[],
  from: number,
  maxGap: number,
  accept: (a: Administration, chain: readonly Administration[]) => boolean,
): Administration[] {
  const chain = [sorted[from]!];
  let coverage = sorted[from]!.coverageEnd;
  for (let i = from + 1; i < sorted.length; i++) {
    const a = sorted[i]!;
    if (a.date - coverage > maxGap) break;
    if (!accept(a, chain)) {
      if (a.date === chain[chain.length - 1]!.date) continue;
      break;
    }
    chain.push(a);
    coverage = Math.max(coverage, a.coverageEnd);
  }
  return chain;
}

export function findCurativeTreatment(
  administrations: readonly Administration[],
  sessions: readonly Session[],
  rules: RuleSet,
): CurativeEpisode[] {
  const { maxGapDays, chemoradiation, perioperative } = rules.curative;
  const episodes: CurativeEpisode[] = [];
  const used = new Set<Administration>();
  const free = (a: Administration) => !used.has(a);

  if (chemoradiation.enabled) {
    const isChemo = (a: Administration) => chemoradiation.chemotherapyClasses.includes(drugClassOf(a.molecule));
    for (const course of courses(sessionDays(sessions, "radiotherapy"), 7)) {
      if (course.length < chemoradiation.minRadiotherapyFractions) continue;
      const first = course[0]!;
      const last = course[course.length - 1]!;
      const chemo = administrations.filter((a) => isChemo(a) && free(a));
      const concurrent = chemo.filter(
        (a) =>
          a.date >= first - chemoradiation.concurrentWithinDays && a.date <= last + chemoradiation.concurrentWithinDays,
      );
      if (concurrent.length === 0) continue;
      // Chain the chemotherapy around the concurrent part, both ways.
      let lo = chemo.indexOf(concurrent[0]!);
      let hi = chemo.indexOf(concurrent[concurrent.length - 1]!);
      while (lo > 0 && chemo[lo]!.date - chemo[lo - 1]!.coverageEnd <= maxGapDays) lo--;
      while (hi < chemo.length - 1 && chemo[hi + 1]!.date - chemo[hi]!.coverageEnd <= maxGapDays) hi++;
      const part = chemo.slice(lo, hi + 1);
      for (const a of part) used.add(a);
      const start = Math.min(first, part[0]!.date);
      const end = Math.max(last, ...part.map((a) => a.coverageEnd));
      episodes.push({
        rule: "curative_chemoradiation",
        start,
        end,
        administrations: part,
        decision: {
          rule: "curative_chemoradiation",
          date: start,
          molecules: sortedMolecules(part),
          detail:
            `${sortedMolecules(part).join(", ")} with ${course.length} radiotherapy fractions ` +
            `(${formatDay(first)} to ${formatDay(last)}): chemoradiation, not a line`,
        },
      });
      // Consolidation after it.
      const consolidationStart = administrations.findIndex(
        (a) =>
          free(a) &&
          chemoradiation.consolidationMolecules.includes(a.molecule) &&
          a.date > end &&
          a.date <= end + chemoradiation.consolidationStartWithinDays,
      );
      if (consolidationStart < 0) continue;
      const startDay = administrations[consolidationStart]!.date;
      const consolidation = chainForward(
        administrations,
        consolidationStart,
        maxGapDays,
        (a) =>
          free(a) &&
          chemoradiation.consolidationMolecules.includes(a.molecule) &&
          a.date - startDay <= chemoradiation.consolidationMaxDays,
      );
      for (const a of consolidation) used.add(a);
      episodes.push({
        rule: "curative_consolidation",
        start: startDay,
        end: Math.max(...consolidation.map((a) => a.coverageEnd)),
        administrations: consolidation,
        decision: {
          rule: "curative_consolidation",
          date: startDay,
          molecules: sortedMolecules(consolidation),
          detail: `${sortedMolecules(consolidation).join(", ")} started ${startDay - end} days after chemoradiation: consolidation, not a line`,
        },
      });
    }
  }

  if (perioperative.enabled) {
    const isChemo = (a: Administration) => perioperative.chemotherapyClasses.includes(drugClassOf(a.molecule));
    const eligible = (a: Administration) => free(a) && (isChemo(a) || perioperative.molecules.includes(a.molecule));
    for (const surgery of sessionDays(sessions, "surgery")) {
      // Neoadjuvant: the chain of eligible treatment ending shortly before surgery.
      const before = administrations.filter((a) => eligible(a) && a.date < surgery);
      const lastBefore = before[before.length - 1];
      if (lastBefore && surgery - lastBefore.coverageEnd <= perioperative.neoadjuvantEndWithinDays) {
        let lo = before.length - 1;
        while (
          lo > 0 &&
          before[lo]!.date - before[lo - 1]!.coverageEnd <= maxGapDays &&
          surgery - before[lo - 1]!.date <= perioperative.maxDays
        )
          lo--;
        const part = before.slice(lo);
        for (const a of part) used.add(a);
        episodes.push({
          rule: "curative_perioperative",
          start: part[0]!.date,
          end: Math.max(...part.map((a) => a.coverageEnd)),
          administrations: part,
          decision: {
            rule: "curative_perioperative",
            date: part[0]!.date,
            molecules: sortedMolecules(part),
            detail: `${sortedMolecules(part).join(", ")} ending ${surgery - lastBefore.coverageEnd} days before lung surgery on ${formatDay(surgery)}: neoadjuvant, not a line`,
          },
        });
      }
      // Adjuvant: the chain of eligible treatment starting shortly after surgery.
      const firstAfter = administrations.findIndex(
        (a) => eligible(a) && a.date > surgery && a.date <= surgery + perioperative.adjuvantStartWithinDays,
      );
      if (firstAfter < 0) continue;
      const startDay = administrations[firstAfter]!.date;
      const part = chainForward(administrations, firstAfter, maxGapDays, (a, chain) => {
        if (!eligible(a) || a.date - startDay > perioperative.maxDays) return false;
        const agents = new Set(chain.filter((c) => !isChemo(c)).map((c) => c.molecule));
        if (agents.size === 0) return true; // still in adjuvant chemotherapy, or its first agent
        if (isChemo(a)) return a.date === chain[chain.length - 1]!.date; // chemotherapy after the agent: relapse
        return agents.has(a.molecule); // a second agent: relapse
      });
      for (const a of part) used.add(a);
      episodes.push({
        rule: "curative_perioperative",
        start: startDay,
        end: Math.max(...part.map((a) => a.coverageEnd)),
        administrations: part,
        decision: {
          rule: "curative_perioperative",
          date: startDay,
          molecules: sortedMolecules(part),
          detail: `${sortedMolecules(part).join(", ")} starting ${startDay - surgery} days after lung surgery on ${formatDay(surgery)}: adjuvant, not a line`,
        },
      });
    }
  }
  return episodes.sort((a, b) => a.start - b.start);
}
