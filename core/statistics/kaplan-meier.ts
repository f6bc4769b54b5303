/**
 * Kaplan-Meier estimator with Greenwood standard errors and log-transformed
 * confidence intervals, matching R's `survival::survfit` defaults
 * (`conf.type = "log"`, `conf.int = 0.95`).
 *
 * For distinct event times t_j with n_j at risk and d_j events:
 *   S(t) = prod_{t_j <= t} (1 - d_j / n_j)                       (Kaplan & Meier, 1958)
 *   se(log S(t)) = sqrt( sum_{t_j <= t} d_j / (n_j (n_j - d_j)) ) (Greenwood, 1926)
 *   CI: exp( log S(t) +/- z_{1-a/2} se(log S(t)) ), capped at 1
 * Once S(t) = 0 the limits are undefined (null; R: NA).
 * Median: the smallest time with S(t) <= 0.5; when S(t) is exactly 0.5 on an
 * interval, the midpoint between t and the next time, or the last observed time
 * when the curve stays at 0.5 until the end (R's rule, `findq` in
 * `quantile.survfit`). Its CI takes the same rule on the lower and upper
 * confidence curves (Brookmeyer & Crowley, 1982, as R computes it); a limit curve
 * that becomes undefined before crossing 0.5 gives a null limit (R: NA). Tested
 * against R, edge cases included (test/fixtures/survival/).
 */
import normalQuantile from "@stdlib/stats-base-dists-normal-quantile";

export interface SurvivalObservation {
  /** Time from origin (days, months: any unit, >= 0). */
  time: number;
  /** True when the event happened at `time`; false when censored. */
  event: boolean;
}

export interface SurvivalStep {
  time: number;
  nRisk: number;
  nEvent: number;
  nCensor: number;
  survival: number;
  /** Greenwood standard error of S(t). */
  stdErr: number;
  /** Standard error of log S(t) (what R's survfit stores as std.err; Infinity once S = 0). */
  stdErrLog: number;
  /** Confidence limits; null once S(t) = 0 (R: NA). */
  lower: number | null;
  upper: number | null;
}

export interface KaplanMeier {
  n: number;
  events: number;
  /** One step per distinct observed time (events or censorings), as R's survfit. */
  steps: SurvivalStep[];
  median: number | null;
  medianLower: number | null;
  medianUpper: number | null;
  confLevel: number;
}

/** R's default tolerance in quantile.survfit: sqrt(.Machine$double.eps). */
const TOLERANCE = Math.sqrt(2.220446049250313e-16);

/** Events and censorings at one distinct time. */
export interface TimeCounts {
  time: number;
  events: number;
  censored: number;
}

export function kaplanMeier(observations: readonly SurvivalObservation[], confLevel = 0.95): KaplanMeier {
  for (const o of observations) {
    if (!(o.time >= 0) || !Number.isFinite(o.time))
      throw new RangeError(`survival time must be a finite number >= 0, got ${o.time}`);
  }
  const sorted = [...observations].sort((a, b) => a.time - b.time);
  const rows: TimeCounts[] = [];
  for (const o of sorted) {
    const last = rows[rows.length - 1];
    const row = last && last.time === o.time ? last : rows[rows.push({ time: o.time, events: 0, censored: 0 }) - 1]!;
    if (o.event) row.events++;
    else row.censored++;
  }
  return kaplanMeierOfSortedCounts(rows, confLevel);
}

/**
 * The estimator itself, over counts per distinct time in increasing order (no
 * zero rows). `kaplanMeier` (observations) and `kaplanMeierFromCounts`
 * (aggregated counts) both end here, so they agree by construction.
 */
export function kaplanMeierOfSortedCounts(rows: readonly TimeCounts[], confLevel = 0.95): KaplanMeier {
  const z = normalQuantile(1 - (1 - confLevel) / 2, 0, 1);
  const steps: SurvivalStep[] = [];
  let atRisk = rows.reduce((n, r) => n + r.events + r.censored, 0);
  const n = atRisk;
  let survival = 1;
  let greenwood = 0;
  let events = 0;
  for (const { time, events: nEvent, censored: nCensor } of rows) {
    if (nEvent > 0) {
      survival *= 1 - nEvent / atRisk;
      greenwood = atRisk > nEvent ? greenwood + nEvent / (atRisk * (atRisk - nEvent)) : Number.POSITIVE_INFINITY;
    }
    events += nEvent;
    const stdErrLog = Math.sqrt(greenwood);
    const finite = survival > 0 && Number.isFinite(stdErrLog);
    const lower = finite ? Math.exp(Math.log(survival) - z * stdErrLog) : null;
    const upper = finite ? Math.min(1, Math.exp(Math.log(survival) + z * stdErrLog)) : null;
    steps.push({
      time,
      nRisk: atRisk,
      nEvent,
      nCensor,
      survival,
      stdErr: survival * stdErrLog,
      stdErrLog,
      lower,
      upper,
    });
    atRisk -= nEvent + nCensor;
  }
  return {
    n,
    events,
    steps,
    median: quantileTime(steps, (s) => s.survival, 0.5),
    medianLower: quantileTime(steps, (s) => s.lower, 0.5),
    medianUpper: quantileTime(steps, (s) => s.upper, 0.5),
    confLevel,
  };
}

/**
 * Time where the curve crosses p, as R's `findq` (survival package, used by
 * `quantile.survfit`) computes it on x = (0, times), y = (0, 1 - curve): the
 * first time where 1 - curve reaches 1 - p within the tolerance, averaged with the
 * first time where it passes it; when the curve's last defined value is 1 - p,
 * the average with the last observed time. Null when the curve never reaches p
 * (R: NA), including when it becomes undefined (S = 0 for the limits) first.
 */
function quantileTime(
  steps: readonly SurvivalStep[],
  curve: (s: SurvivalStep) => number | null,
  p: number,
): number | null {
  const target = 1 - p;
  let xs: number[] = [0, ...steps.map((s) => s.time)];
  let ys: (number | null)[] = [0, ...steps.map((s) => (curve(s) === null ? null : 1 - curve(s)!))];
  const defined = ys.filter((y): y is number => y !== null);
  if (defined.length === 0 || Math.max(...defined) < target) return null;
  const xmax = xs[xs.length - 1]!;
  // Keep the first occurrence of each value of y (R: y[!duplicated(y)]).
  const seen = new Set<number | null>();
  const keep = ys.map((y) => (seen.has(y) ? false : (seen.add(y), true)));
  xs = xs.filter((_, i) => keep[i]);
  ys = ys.filter((_, i) => keep[i]);
  const first = stepIndex(ys, TOLERANCE, target);
  const passed = stepIndex(ys, -TOLERANCE, target);
  let quantile = first === null || passed === null ? null : (xs[first]! + xs[passed]!) / 2;
  const last = ys[ys.length - 1];
  if (last !== null && last !== undefined && Math.abs(target - last) < TOLERANCE) {
    quantile = first === null ? null : (xs[first]! + xmax) / 2;
  }
  return quantile;
}

/**
 * R's `approx(y + shift, seq_along(y), target, method = "constant", f = 1)$y`:
 * the index (0-based here) of the smallest shifted y >= target, over the defined
 * values sorted by y; null when target lies outside their range.
 */
function stepIndex(ys: readonly (number | null)[], shift: number, target: number): number | null {
  const points = ys
    .map((y, i) => ({ y: y === null ? null : y + shift, i }))
    .filter((p): p is { y: number; i: number } => p.y !== null)
    .sort((a, b) => a.y - b.y);
  if (points.length === 0 || target < points[0]!.y || target > points[points.length - 1]!.y) return null;
  for (const point of points) if (point.y >= target) return point.i;
  return null;
}

/** S(t) read off the step function (1 before the first step). */
export function survivalAt(km: KaplanMeier, time: number): number {
  let s = 1;
  for (const step of km.steps) {
    if (step.time > time) break;
    s = step.survival;
  }
  return s;
}

/** Numbers at risk at the given times (R's `summary(fit, times=)` n.risk). */
export function numbersAtRisk(km: KaplanMeier, times: readonly number[]): number[] {
  return times.map((t) => {
    const step = km.steps.find((s) => s.time >= t);
    return step ? step.nRisk : 0;
  });
}
