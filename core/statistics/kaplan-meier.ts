/**
 * Kaplan-Meier estimator with Greenwood standard errors and log-transformed
 * confidence intervals, matching R's `survival::survfit` defaults
 * (`conf.type = "log"`, `conf.int = 0.95`).
 *
 * For distinct event times t_j with n_j at risk and d_j events:
 *   S(t) = prod_{t_j <= t} (1 - d_j / n_j)                       (Kaplan & Meier, 1958)
 *   se(log S(t)) = sqrt( sum_{t_j <= t} d_j / (n_j (n_j - d_j)) ) (Greenwood, 1926)
 *   CI: exp( log S(t) +/- z_{1-a/2} se(log S(t)) ), capped at 1
 * Median: the smallest time with S(t) <= 0.5; when S(t) is exactly 0.5 on an
 * interval, the midpoint between t and the next time (R's rule). Its CI takes the
 * same rule on the lower and upper confidence curves (Brookmeyer & Crowley, 1982,
 * as R computes it). Tested against R (test/fixtures/survival/).
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
  /** Standard error of log S(t) (what R's survfit stores as std.err). */
  stdErrLog: number;
  lower: number;
  upper: number;
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

const EPSILON = 1e-9;

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
    const lower = finite ? Math.exp(Math.log(survival) - z * stdErrLog) : 0;
    const upper = finite ? Math.min(1, Math.exp(Math.log(survival) + z * stdErrLog)) : 0;
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
 * Smallest time where the curve drops to <= p; the midpoint to the next step's
 * time when the curve sits exactly on p (within 1e-9), as R's survfit does.
 */
function quantileTime(steps: readonly SurvivalStep[], curve: (s: SurvivalStep) => number, p: number): number | null {
  for (let i = 0; i < steps.length; i++) {
    const value = curve(steps[i]!);
    if (value <= p + EPSILON) {
      if (Math.abs(value - p) < EPSILON) {
        // Flat exactly at p: midpoint with the next time where the curve moves below p.
        for (let j = i + 1; j < steps.length; j++) {
          if (curve(steps[j]!) < p - EPSILON) return (steps[i]!.time + steps[j]!.time) / 2;
        }
        return null;
      }
      return steps[i]!.time;
    }
  }
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
