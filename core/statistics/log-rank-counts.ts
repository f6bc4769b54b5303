/**
 * The log-rank test of log-rank.ts (Mantel-Haenszel, R `survdiff` with rho = 0)
 * from aggregated counts per group: (time, events, censored) rows, as the
 * workspace's SQL returns them. One sweep over the distinct times with running
 * numbers at risk: O(times x groups^2) instead of O(times x patients), so that a
 * 100 000-patient comparison answers at once. `logRank` (observations) counts
 * and calls this; checked against R's survdiff (test/unit/statistics).
 */
import chisquareCdf from "@stdlib/stats-base-dists-chisquare-cdf";
import type { SurvivalCount } from "./kaplan-meier-counts.js";
import type { LogRankResult } from "./log-rank.js";

export function logRankFromCounts(
  groups: ReadonlyArray<{ name: string; counts: readonly SurvivalCount[] }>,
): LogRankResult {
  const G = groups.length;
  if (G < 2) throw new RangeError("the log-rank test needs at least two groups");
  // Per time: events and removals (events + censored) of each group.
  const byTime = new Map<number, { d: number[]; out: number[] }>();
  const size = new Array<number>(G).fill(0);
  groups.forEach((g, gi) => {
    for (const c of g.counts) {
      const at = byTime.get(c.time) ?? { d: new Array<number>(G).fill(0), out: new Array<number>(G).fill(0) };
      at.d[gi]! += c.events;
      at.out[gi]! += c.events + c.censored;
      size[gi]! += c.events + c.censored;
      byTime.set(c.time, at);
    }
  });
  const times = [...byTime.keys()].sort((a, b) => a - b);
  const atRisk = [...size];
  const observed = new Array<number>(G).fill(0);
  const expected = new Array<number>(G).fill(0);
  const variance = Array.from({ length: G }, () => new Array<number>(G).fill(0));
  for (const t of times) {
    const { d, out } = byTime.get(t)!;
    const dTotal = d.reduce((a, b) => a + b, 0);
    if (dTotal > 0) {
      const n = atRisk.reduce((a, b) => a + b, 0);
      for (let g = 0; g < G; g++) {
        observed[g]! += d[g]!;
        expected[g]! += (dTotal * atRisk[g]!) / n;
      }
      if (n > 1) {
        const factor = (dTotal * (n - dTotal)) / (n - 1);
        for (let g = 0; g < G; g++) {
          for (let h = 0; h < G; h++) {
            variance[g]![h]! += factor * (atRisk[g]! / n) * ((g === h ? 1 : 0) - atRisk[h]! / n);
          }
        }
      }
    }
    for (let g = 0; g < G; g++) atRisk[g]! -= out[g]!;
  }
  // As survdiff: a group with nobody at risk at any event time (expected 0) is
  // left out of the statistic, and the degrees of freedom count only the others.
  const tested = expected.map((e, g) => (e > 0 ? g : -1)).filter((g) => g >= 0);
  const k = tested.length - 1;
  let chiSquare = 0;
  if (k >= 1) {
    const kept = tested.slice(1);
    const diff = kept.map((g) => observed[g]! - expected[g]!);
    const v = kept.map((g) => kept.map((h) => variance[g]![h]!));
    const solved = solve(v, diff);
    chiSquare = solved ? diff.reduce((acc, x, i) => acc + x * solved[i]!, 0) : 0;
  }
  const df = Math.max(k, 0);
  return {
    groups: groups.map((g, i) => ({ name: g.name, n: size[i]!, observed: observed[i]!, expected: expected[i]! })),
    chiSquare,
    df,
    pValue: df === 0 ? 1 : 1 - chisquareCdf(chiSquare, df),
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
