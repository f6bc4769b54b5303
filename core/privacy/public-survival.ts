/**
 * Kaplan-Meier curves as the public build publishes them: not the steps at
 * each event time (a step of d events among n at risk gives both away, and
 * d or n may be from 1 to 9), but the curve read at whole months, where
 *
 * - a point is published only while at least `threshold` lines are at risk
 *   (the curve stops before the risk set falls below it);
 * - the curve drops only when at least `threshold` events have happened since
 *   its last drop: months with fewer new events keep the previous value, so
 *   that no drop is made of 1 to threshold - 1 events (its size would give
 *   their number back, given the numbers at risk);
 * - the last point (the last month with enough at risk) carries the last
 *   published value, so that the curve shows how far follow-up goes.
 *
 * The confidence limits are those of the full estimate at the published
 * month. Medians and their confidence intervals are computed on the full data
 * (they are times, not counts). Numbers at risk and other counts are published
 * rounded (`roundedCount`), so that their differences give no exact small
 * count either.
 */
import type { KaplanMeier } from "../statistics/kaplan-meier.js";

export interface PublicCurvePoint {
  /** Months since the origin (whole months; 0 = the origin, survival 1). */
  time: number;
  survival: number;
  lower: number | null;
  upper: number | null;
}

export interface PublicCurveOptions {
  /** Minimum number at risk for a point and minimum number of events per drop. */
  threshold: number;
  /** Days per month (km times are in days). */
  daysPerMonth: number;
  /** The last month considered. */
  maxMonths?: number;
}

/** The published curve of `km` (times in days), at whole months. */
export function publicCurve(km: KaplanMeier, options: PublicCurveOptions): PublicCurvePoint[] {
  const { threshold, daysPerMonth, maxMonths = 240 } = options;
  const points: PublicCurvePoint[] = [{ time: 0, survival: 1, lower: 1, upper: 1 }];
  if (km.n < threshold) return points;
  let published = points[0]!;
  let eventsAtPublished = 0;
  let lastMonth = 0;
  let step = 0; // index of the first step after the month read last
  let events = 0; // events up to the month read last
  let current: { survival: number; lower: number | null; upper: number | null } = published;
  for (let month = 1; month <= maxMonths; month++) {
    const t = month * daysPerMonth;
    // Numbers at risk at t: lines whose time is >= t.
    while (step < km.steps.length && km.steps[step]!.time < t) {
      const s = km.steps[step]!;
      events += s.nEvent;
      current = s;
      step++;
    }
    const atRisk = step < km.steps.length ? km.steps[step]!.nRisk : 0;
    if (atRisk < threshold) break;
    // Events at exactly t belong to S(t): include the step at t.
    let survivalAt = current;
    let eventsAt = events;
    if (step < km.steps.length && km.steps[step]!.time === t) {
      survivalAt = km.steps[step]!;
      eventsAt += km.steps[step]!.nEvent;
    }
    lastMonth = month;
    const newEvents = eventsAt - eventsAtPublished;
    if (newEvents >= threshold) {
      published = { time: month, survival: survivalAt.survival, lower: survivalAt.lower, upper: survivalAt.upper };
      eventsAtPublished = eventsAt;
      points.push(published);
    }
  }
  if (lastMonth > published.time) points.push({ ...published, time: lastMonth });
  return points;
}
