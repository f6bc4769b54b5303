/**
 * Rule `sessions.rhythmChange`: in a line made only of anonymous chemotherapy
 * séances, a change of rhythm is a change of regimen. When the line's séances
 * so far came once per cycle (every interval longer than `intraCycleDays`, over
 * at least `minCycles` cycles: docetaxel, pemetrexed every 3 weeks) and the
 * séances from this one on come on day 1 and day 8 (or weekly: at least two of
 * the next three intervals at most `intraCycleDays`: gemcitabine, vinorelbine,
 * weekly paclitaxel), a new line starts here (`session_rhythm`). Back-to-back
 * anonymous regimens are otherwise merged into one line. The reverse change
 * (weekly to 3-weekly) is not used: it is also what switch maintenance looks
 * like. Pure.
 */
import type { RuleSet } from "../rules/rule-set.js";
import type { Day } from "../time/day.js";

/**
 * `previous`: the line's séance-only days so far (sorted); `upcoming`: the
 * séance-only days after `date` (sorted). Returns why a new regimen starts on
 * `date`, or undefined.
 */
export function rhythmChangeAt(
  previous: readonly Day[],
  date: Day,
  upcoming: readonly Day[],
  rules: RuleSet,
): string | undefined {
  const { enabled, intraCycleDays, minCycles } = rules.sessions.rhythmChange;
  if (!enabled || previous.length < minCycles + 1) return undefined;
  for (let i = 1; i < previous.length; i++) if (previous[i]! - previous[i - 1]! <= intraCycleDays) return undefined;
  const sinceLast = date - previous[previous.length - 1]!;
  if (sinceLast <= intraCycleDays) return undefined;
  const next = [date, ...upcoming.slice(0, 3)];
  let intra = 0;
  for (let i = 1; i < next.length; i++) if (next[i]! - next[i - 1]! <= intraCycleDays) intra++;
  if (intra < 2) return undefined;
  const before = previous.slice(1).map((d, i) => d - previous[i]!);
  const after = next.slice(1).map((d, i) => d - next[i]!);
  return `anonymous séances every ${before.join("/")} days, then every ${after.join("/")} days: a new regimen`;
}
