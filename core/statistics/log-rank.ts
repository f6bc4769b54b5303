/**
 * Log-rank test (Mantel-Haenszel) between G groups, as R's `survival::survdiff`
 * with rho = 0:
 *   at each distinct event time t: n_t at risk, d_t events; per group g: n_gt, d_gt
 *   E_g = sum_t d_t n_gt / n_t
 *   V_gh = sum_t d_t (n_t - d_t) / (n_t - 1) * (n_gt / n_t) (delta_gh - n_ht / n_t)
 *   chi2 = (O - E)' V^-1 (O - E) on all groups with E_g > 0 but one, df = (number of
 *   groups with E_g > 0) - 1: a group with nobody at risk at any event time is
 *   dropped, as survdiff does (df 0: chi2 0, p 1)
 * Tested against R (test/fixtures/survival/).
 */
import type { SurvivalCount } from "./kaplan-meier-counts.js";
import type { SurvivalObservation } from "./kaplan-meier.js";
import { logRankFromCounts } from "./log-rank-counts.js";

export interface LogRankGroup {
  name: string;
  n: number;
  observed: number;
  expected: number;
}

export interface LogRankResult {
  groups: LogRankGroup[];
  chiSquare: number;
  df: number;
  pValue: number;
}

/**
 * The test over observations: each group's observations are counted per time
 * and handed to `logRankFromCounts`, the one implementation of the statistic.
 */
export function logRank(
  groups: ReadonlyArray<{ name: string; observations: readonly SurvivalObservation[] }>,
): LogRankResult {
  return logRankFromCounts(
    groups.map((g) => {
      const byTime = new Map<number, SurvivalCount>();
      for (const o of g.observations) {
        const c = byTime.get(o.time) ?? { time: o.time, events: 0, censored: 0 };
        if (o.event) c.events++;
        else c.censored++;
        byTime.set(o.time, c);
      }
      return { name: g.name, counts: [...byTime.values()] };
    }),
  );
}
