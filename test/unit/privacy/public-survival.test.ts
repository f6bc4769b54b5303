// Published Kaplan-Meier curves: read at whole months, stopped before fewer than
// 10 are at risk, each drop made of 10 events or more (a step of d events among n
// at risk would give d and n back), limits those of the full estimate.
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { kaplanMeier, numbersAtRisk, survivalAt } from "../../../core/statistics/kaplan-meier.js";
import { publicCurve } from "../../../core/privacy/public-survival.js";
import { roundedCount } from "../../../core/privacy/small-cells.js";

const DAYS = 30.4375;

test("a curve of 40 lines, one event a week: drops of 10 events, none before, stopped before 10 at risk", () => {
  const km = kaplanMeier(Array.from({ length: 40 }, (_, i) => ({ time: 7 * (i + 1), event: true })));
  const points = publicCurve(km, { threshold: 10, daysPerMonth: DAYS });
  // 10 events by day 70 (month 3 = day 91.3 has 13 events): the first drop is at month 3, with S(91.3).
  assert.deepEqual(points[0], { time: 0, survival: 1, lower: 1, upper: 1 });
  assert.equal(points[1]!.time, 3);
  assert.equal(points[1]!.survival, survivalAt(km, 3 * DAYS));
  // At risk at month m: lines with time >= m * 30.44 days; below 10 from day 217 (month 8 = 243.5 days).
  const last = points[points.length - 1]!;
  assert.ok(numbersAtRisk(km, [last.time * DAYS])[0]! >= 10);
  assert.ok(numbersAtRisk(km, [(last.time + 1) * DAYS])[0]! < 10);
  // What a step of the raw curve shows (1 event among 40: S = 39/40) is nowhere.
  assert.ok(points.every((p) => p.survival !== 39 / 40));
});

test("every published drop pools >= 10 events and every point has >= 10 at risk (fast-check)", () => {
  fc.assert(
    fc.property(
      fc.array(fc.record({ time: fc.integer({ min: 0, max: 1500 }), event: fc.boolean() }), {
        minLength: 0,
        maxLength: 200,
      }),
      (observations) => {
        const km = kaplanMeier(observations);
        const points = publicCurve(km, { threshold: 10, daysPerMonth: DAYS });
        const eventsBy = (t: number) => observations.filter((o) => o.event && o.time <= t).length;
        for (let i = 1; i < points.length; i++) {
          const t = points[i]!.time * DAYS;
          assert.ok(observations.filter((o) => o.time >= t).length >= 10, "at risk >= 10");
          if (points[i]!.survival !== points[i - 1]!.survival) {
            assert.ok(eventsBy(t) - eventsBy(points[i - 1]!.time * DAYS) >= 10, "a drop of 10 events or more");
            assert.equal(points[i]!.survival, survivalAt(km, t));
          }
        }
      },
    ),
    { numRuns: 200 },
  );
});

test("rounded counts: 1-9 masked, others to the nearest 10 (never below 10), 0 kept", () => {
  assert.deepEqual(
    [0, 1, 9, 10, 14, 15, 57, 1234].map((n) => roundedCount(n, 10)),
    [0, null, null, 10, 10, 20, 60, 1230],
  );
});
