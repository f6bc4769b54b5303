/**
 * Rule `gap.anonymousDays`: a line seen only as anonymous chemotherapy séances
 * (its drugs unknown) ends after this many days without treatment, and the
 * séances that resume start a new line (`gap`). Cytotoxic doublets are given
 * for 4 to 6 cycles and stopped; séances that resume months later are, far
 * more often than a planned break, the next regimen after progression, which
 * the claims cannot name either. Lines with a visible drug keep `gap.days`.
 * Pure.
 */
import { CHEMOTHERAPY_PLACEHOLDER } from "../reference/drugs.js";
import type { RuleSet } from "../rules/rule-set.js";

/** Why the séances of this day start a new line after a pause, or undefined. */
export function anonymousGap(
  line: { molecules: ReadonlySet<string> },
  dayMolecules: ReadonlySet<string>,
  gap: number,
  rules: RuleSet,
): string | undefined {
  const limit = rules.gap.anonymousDays;
  if (limit === undefined || gap <= limit || gap > rules.gap.days) return undefined;
  const anonymous = (set: ReadonlySet<string>) => set.size === 1 && set.has(CHEMOTHERAPY_PLACEHOLDER);
  if (!anonymous(line.molecules) || !anonymous(dayMolecules)) return undefined;
  return `${gap} days without treatment (> ${limit} for a line of anonymous séances)`;
}
