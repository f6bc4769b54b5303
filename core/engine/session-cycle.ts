/**
 * Rule `sessions.inCycle`: an anonymous chemotherapy séance inside the cycle of
 * a visible regimen. A séance 2 to `withinDaysAfterVisible` days after a
 * visible non-oral drug (day 8 or day 15 of a cycle whose drugs are visible on
 * day 1), with no visible drug of its own, belongs to that cycle:
 * - when the visible drugs of day 1 include a cytotoxic (a class of
 *   `explainedByClasses`: gemcitabine, vinorelbine, taxanes...), the séance
 *   is that drug again and adds nothing (`session_explained`); up to
 *   `withinDaysAfterVisibleCytotoxic` days after it, the séance is also its
 *   next cycle that the warehouse did not record (a cheap cytotoxic is visible
 *   only there);
 * - otherwise (day 1 shows only an immunotherapy or an antibody), the séance is
 *   a cytotoxic given with them that the claims do not name: it adds
 *   `chemotherapy` to the line but never starts a line (`session_in_cycle`).
 * Pure helpers used by administrations.ts.
 */
import type { RuleSet } from "../rules/rule-set.js";
import type { Day } from "../time/day.js";
import { drugClassOf } from "./drug-class.js";

/** Visible non-oral molecules by day. */
export type VisibleDays = ReadonlyMap<Day, ReadonlySet<string>>;

export interface SeanceCycle {
  /** Day 1 of the cycle (the visible drugs' day). */
  dayOne: Day;
  /** Day of the cycle the séance falls on (8 for a séance 7 days after day 1). */
  cycleDay: number;
  /** The visible drugs of day 1, sorted. */
  molecules: string[];
  /** True when a day-1 drug is itself given on day 8 / 15 (the séance is that drug). */
  explained: boolean;
}

/** The visible drugs nearest to `date` within `within` days (the séance's explanation). */
export function explainingMolecules(
  visible: VisibleDays,
  date: Day,
  within: number,
): { date: Day; molecules: string[] } {
  for (let offset = 0; offset <= within; offset++) {
    for (const day of offset === 0 ? [date] : [date - offset, date + offset]) {
      const set = visible.get(day);
      if (set) return { date: day, molecules: [...set].sort() };
    }
  }
  return { date, molecules: [] };
}

/** The cycle a séance (not explained the same day) falls in, if any. */
export function cycleOfSeance(visible: VisibleDays, date: Day, rules: RuleSet): SeanceCycle | undefined {
  const { withinDaysAfterVisible, explainedByClasses, withinDaysAfterVisibleCytotoxic } = rules.sessions.inCycle;
  const first = rules.sessions.explainedWithinDays + 1;
  const longest = Math.max(withinDaysAfterVisible, withinDaysAfterVisibleCytotoxic);
  for (let back = first; back <= longest; back++) {
    const set = visible.get(date - back);
    if (!set) continue;
    const molecules = [...set].sort();
    const explained = molecules.some((m) => explainedByClasses.includes(drugClassOf(m)));
    if (back > (explained ? withinDaysAfterVisibleCytotoxic : withinDaysAfterVisible)) return undefined;
    return { dayOne: date - back, cycleDay: back + 1, molecules, explained };
  }
  return undefined;
}
