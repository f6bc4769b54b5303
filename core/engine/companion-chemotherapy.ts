/**
 * Rule `sessions.companionChemotherapy`: a séance explained by a visible drug
 * given the same day may still carry cytotoxics the claims do not name
 * (carboplatin and pemetrexed inside the séance's tariff, pembrolizumab billed
 * apart). During the induction of a first line (`lines`, the first
 * `inductionDays` days), a séance explained only by drugs that are not given
 * alone there adds `chemotherapy` to the line (`session_companion`):
 * - `molecules`: always given with chemotherapy in induction (bevacizumab,
 *   tremelimumab);
 * - `lowPdl1Molecules`: given alone only when PD-L1 TPS >= `pdl1Below` (EU
 *   labels of first-line pembrolizumab, atezolizumab and cemiplimab
 *   monotherapy); with a known TPS below it, they come with a platinum doublet.
 *   With an unknown TPS nothing is added.
 * It never starts or ends a line. The learned model names the molecules; this
 * rule only keeps the regimen class right (chemo-immunotherapy). Pure.
 */
import type { PatientInfo } from "../events/events.js";
import { lineIsIn, type RuleSet } from "../rules/rule-set.js";

export function companionChemotherapy(
  explaining: readonly string[],
  patient: PatientInfo,
  lineNumber: number,
  daysIntoLine: number,
  rules: RuleSet,
): string | undefined {
  const rule = rules.sessions.companionChemotherapy;
  if (!rule.enabled || explaining.length === 0) return undefined;
  if (!lineIsIn(rule.lines, lineNumber) || daysIntoLine > rule.inductionDays) return undefined;
  const lowPdl1 = patient.pdl1Tps !== null && patient.pdl1Tps < rule.pdl1Below;
  for (const m of explaining) {
    if (!rule.molecules.includes(m) && !(lowPdl1 && rule.lowPdl1Molecules.includes(m))) return undefined;
  }
  const why = explaining.some((m) => rule.molecules.includes(m))
    ? "not given alone in induction"
    : `PD-L1 ${patient.pdl1Tps}% < ${rule.pdl1Below}%: not given alone`;
  return `séance explained by ${explaining.join(", ")} on day ${daysIntoLine + 1} of line ${lineNumber} (${why}): a cytotoxic was given with it`;
}
