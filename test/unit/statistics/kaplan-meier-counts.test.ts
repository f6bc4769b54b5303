// Kaplan-Meier from counts equals Kaplan-Meier on the expanded observations
// (steps, Greenwood CIs, median and its CI), on R's lung data and on random samples.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import fc from "fast-check";
import { kaplanMeier, type SurvivalObservation } from "../../../core/statistics/kaplan-meier.js";
import {
  kaplanMeierFromCounts,
  observationsFromCounts,
  type SurvivalCount,
} from "../../../core/statistics/kaplan-meier-counts.js";
import { logRank } from "../../../core/statistics/log-rank.js";
import { logRankFromCounts } from "../../../core/statistics/log-rank-counts.js";

function countsOf(observations: readonly SurvivalObservation[]): SurvivalCount[] {
  const byTime = new Map<number, SurvivalCount>();
  for (const o of observations) {
    const c = byTime.get(o.time) ?? { time: o.time, events: 0, censored: 0 };
    if (o.event) c.events++;
    else c.censored++;
    byTime.set(o.time, c);
  }
  // Shuffled order on purpose: the estimator sorts.
  return [...byTime.values()].reverse();
}

test("lung data: counts give the same estimate as observations", () => {
  const [header, ...rows] = readFileSync(new URL("../../fixtures/survival/lung.csv", import.meta.url), "utf8")
    .trim()
    .split("\n");
  const cols = header!.split(",").map((c) => c.replace(/"/g, ""));
  const obs = rows.map((line) => {
    const cells = line.split(",").map((c) => c.replace(/"/g, ""));
    const r = Object.fromEntries(cells.map((c, i) => [cols[i]!, c]));
    return { time: Number(r.time), event: r.event === "1" };
  });
  assert.deepEqual(kaplanMeierFromCounts(countsOf(obs)), kaplanMeier(obs));
});

test("random samples: identical to kaplanMeier, and counts round-trip", () => {
  fc.assert(
    fc.property(
      fc.array(fc.record({ time: fc.integer({ min: 0, max: 60 }), event: fc.boolean() }), { maxLength: 80 }),
      (obs) => {
        assert.deepEqual(kaplanMeierFromCounts(countsOf(obs)), kaplanMeier(obs));
        const back = observationsFromCounts(countsOf(obs));
        assert.equal(back.length, obs.length);
      },
    ),
    { numRuns: 300 },
  );
});

test("repeated times are summed, empty rows ignored, bad counts refused", () => {
  const km = kaplanMeierFromCounts([
    { time: 5, events: 1, censored: 0 },
    { time: 5, events: 1, censored: 1 },
    { time: 9, events: 0, censored: 0 },
  ]);
  assert.equal(km.n, 3);
  assert.equal(km.steps.length, 1);
  assert.equal(km.steps[0]!.nEvent, 2);
  assert.throws(() => kaplanMeierFromCounts([{ time: 1, events: -1, censored: 0 }]), RangeError);
  assert.throws(() => kaplanMeierFromCounts([{ time: Number.NaN, events: 1, censored: 0 }]), RangeError);
});

test("log-rank from counts equals logRank on the expanded observations", () => {
  fc.assert(
    fc.property(
      fc.array(
        fc.array(fc.record({ time: fc.integer({ min: 0, max: 40 }), event: fc.boolean() }), {
          minLength: 1,
          maxLength: 40,
        }),
        { minLength: 2, maxLength: 4 },
      ),
      (samples) => {
        const expected = logRank(samples.map((observations, i) => ({ name: `g${i}`, observations })));
        const actual = logRankFromCounts(samples.map((obs, i) => ({ name: `g${i}`, counts: countsOf(obs) })));
        assert.equal(actual.df, expected.df);
        assert.deepEqual(
          actual.groups.map((g) => [g.name, g.n, g.observed]),
          expected.groups.map((g) => [g.name, g.n, g.observed]),
        );
        actual.groups.forEach((g, i) => assert.ok(Math.abs(g.expected - expected.groups[i]!.expected) < 1e-9));
        assert.ok(Math.abs(actual.chiSquare - expected.chiSquare) < 1e-7 * Math.max(1, expected.chiSquare));
      },
    ),
    { numRuns: 300 },
  );
});
