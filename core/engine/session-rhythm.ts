/**
 * Rule `sessions.rhythmChange`: in a line made only of anonymous chemotherapy
 * séances, a change of rhythm is a change of regimen. When the line's séances
 * so far came once per cycle (every interval longer than `intraCycleDays`, over
 * at least `minCycles` cycles: docetaxel, pemetrexed every 3 weeks) and the
 * séances from this one on come on day 1 and day 8 (or weekly: at least two of
 * the next three intervals at most `intraCycleDays`: gemcitabine, vinorelbine,
 * weekly paclitaxel), a new line starts here (`session_rhythm`). The reverse
 * change (day 1 and day 8, then once per cycle) is a new regimen only after a
 * pause longer than `pauseDays` since the last séance: without a pause it is
 * what switch maintenance looks like (pemetrexed 14 days after the last day 8).
 * Back-to-back anonymous regimens are otherwise merged into one line. Pure.
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
  const { enabled, intraCycleDays, minCycles, pauseDays } = rules.sessions.rhythmChange;
  if (!enabled || previous.length < minCycles + 1) return undefined;
  const sinceLast = date - previous[previous.length - 1]!;
  if (sinceLast <= intraCycleDays) return undefined;
  const next = [date, ...upcoming.slice(0, 3)];
  const intervals = (days: readonly Day[]) => days.slice(1).map((d, i) => d - days[i]!);
  const before = intervals(previous);
  const after = intervals(next);
  const intra = (list: readonly number[]) => list.filter((x) => x <= intraCycleDays).length;
  const detail = `anonymous séances every ${before.slice(-4).join("/")} days, then every ${after.join("/")} days`;
  // Once per cycle, then day 1 and day 8 (or weekly).
  if (intra(before) === 0 && intra(after) >= 2) return `${detail}: a new regimen`;
  // Day 1 and day 8, a pause, then once per cycle.
  if (intra(before.slice(-4)) >= 2 && sinceLast > pauseDays && after.length >= 2 && intra(after) === 0)
    return `${detail} after a ${sinceLast}-day pause (> ${pauseDays}): a new regimen`;
  return undefined;
}
