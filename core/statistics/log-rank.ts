/**
 * Log-rank test (Mantel-Haenszel) between G groups, as R's `survival::survdiff`
 * with rho = 0:
 *   at each distinct event time t: n_t at risk, d_t events; per group g: n_gt, d_gt
 *   E_g = sum_t d_t n_gt / n_t
 *   V_gh = sum_t d_t (n_t - d_t) / (n_t - 1) * (n_gt / n_t) (delta_gh - n_ht / n_t)
 *   chi2 = (O - E)' V^- (O - E) on the first G-1 groups, df = G - 1
 * Tested against R (test/fixtures/survival/).
 */
import chisquareCdf from "@stdlib/stats-base-dists-chisquare-cdf";
import type { SurvivalObservation } from "./kaplan-meier.js";

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

export function logRank(
  groups: ReadonlyArray<{ name: string; observations: readonly SurvivalObservation[] }>,
): LogRankResult {
  const G = groups.length;
  if (G < 2) throw new RangeError("the log-rank test needs at least two groups");
  const all = groups.flatMap((g, gi) => g.observations.map((o) => ({ ...o, gi })));
  const eventTimes = [...new Set(all.filter((o) => o.event).map((o) => o.time))].sort((a, b) => a - b);
  const observed = new Array<number>(G).fill(0);
  const expected = new Array<number>(G).fill(0);
  const variance = Array.from({ length: G }, () => new Array<number>(G).fill(0));
  for (const t of eventTimes) {
    const nAt = new Array<number>(G).fill(0);
    const dAt = new Array<number>(G).fill(0);
    for (const o of all) {
      if (o.time >= t) nAt[o.gi]!++;
      if (o.time === t && o.event) dAt[o.gi]!++;
    }
    const n = nAt.reduce((a, b) => a + b, 0);
    const dTotal = dAt.reduce((a, b) => a + b, 0);
    for (let g = 0; g < G; g++) {
      observed[g]! += dAt[g]!;
      expected[g]! += (dTotal * nAt[g]!) / n;
    }
    if (n > 1) {
      const factor = (dTotal * (n - dTotal)) / (n - 1);
      for (let g = 0; g < G; g++) {
        for (let h = 0; h < G; h++) {
          variance[g]![h]! += factor * (nAt[g]! / n) * ((g === h ? 1 : 0) - nAt[h]! / n);
        }
      }
    }
  }
  const k = G - 1;
  const diff = observed.slice(0, k).map((o, g) => o - expected[g]!);
  const v = variance.slice(0, k).map((row) => row.slice(0, k));
  const solved = solve(v, diff);
  const chiSquare = solved ? diff.reduce((acc, x, i) => acc + x * solved[i]!, 0) : 0;
  return {
    groups: groups.map((g, i) => ({
      name: g.name,
      n: g.observations.length,
      observed: observed[i]!,
      expected: expected[i]!,
    })),
    chiSquare,
    df: k,
    pValue: 1 - chisquareCdf(chiSquare, k),
  };
}

/** Solves A x = b by Gaussian elimination with partial pivoting; undefined if singular. */
function solve(a: number[][], b: number[]): number[] | undefined {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r]![col]!) > Math.abs(m[pivot]![col]!)) pivot = r;
    if (Math.abs(m[pivot]![col]!) < 1e-12) return undefined;
    [m[col], m[pivot]] = [m[pivot]!, m[col]!];
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = m[r]![col]! / m[col]![col]!;
      for (let c = col; c <= n; c++) m[r]![c]! -= f * m[col]![c]!;
    }
  }
  return m.map((row, i) => row[n]! / row[i]!);
}
