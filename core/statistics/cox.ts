/**
 * Cox proportional-hazards regression, fitted as R's `survival::coxph` fits it
 * (no strata, no case weights), so that coefficients, hazard ratios, their 95 %
 * CIs and the three global tests agree with R (test/fixtures/cox/).
 *
 * Partial likelihood over the distinct event times t with d_t events; R_t is
 * the risk set, D_t the events at t, r_i = exp(x_i'b):
 *   Breslow: l(b) = sum_t [ sum_{i in D_t} x_i'b - d_t log S0_t ]
 *   Efron:   l(b) = sum_t [ sum_{i in D_t} x_i'b - sum_{k=0}^{d_t-1} log(S0_t - k/d_t E0_t) ]
 * with S0_t = sum_{R_t} r_i and E0_t = sum_{D_t} r_i (same for the first and
 * second moments S1, S2, E1, E2 in the score and the information).
 *
 * Fitting, as R's coxfit6: covariates that are not all in {-1, 0, 1} are
 * centred and scaled (by the mean absolute deviation; the answer is reported on
 * the original scale); Newton-Raphson from b = 0; it stops when
 * |1 - l_old / l_new| <= eps (1e-9); a step that lowers the likelihood is
 * halved toward the last good b. The information matrix is factored as L D L'
 * with R's singularity rule (a pivot below toler.chol times the largest
 * diagonal is set to zero: that covariate is redundant and its coefficient is
 * null).
 *
 * A coefficient that diverges (typically a group with no event: the likelihood
 * keeps growing as its coefficient goes to minus infinity) is reported like R:
 * the fit converges on the likelihood, the coefficient is large with a huge
 * standard error, and `infinite` is set with the warning R prints ("Loglik
 * converged before variable k; coefficient may be infinite"), flagged when
 * |u' V|_k > eps and > toler.inf |b_k|.
 *
 * Tests: likelihood ratio 2 (l(b) - l(0)); Wald b' V^-1 b; score u(0)' I(0)^-1 u(0);
 * each chi-square with df = number of estimated coefficients. Per coefficient:
 * z = b / se, p = 2 (1 - Phi(|z|)), CI exp(b +/- z_{0.975} se).
 */
import chisquareCdf from "@stdlib/stats-base-dists-chisquare-cdf";
import normalQuantile from "@stdlib/stats-base-dists-normal-quantile";

export type CoxTies = "efron" | "breslow";

export interface CoxInput {
  /** Follow-up time of each subject (any unit, finite, >= 0). */
  time: readonly number[];
  /** True when the event happened at `time`. */
  event: readonly boolean[];
  /** One row per subject, one column per covariate (numbers; dummies for categories, see cox-design.ts). */
  covariates: readonly (readonly number[])[];
  /** Column names, as many as the columns of `covariates`. */
  names: readonly string[];
}

export interface CoxOptions {
  ties?: CoxTies;
  /** R's iter.max (20). */
  maxIterations?: number;
  /** R's eps: relative change of the log partial likelihood at convergence (1e-9). */
  eps?: number;
  /** R's toler.chol (.Machine$double.eps^0.75). */
  cholTolerance?: number;
  /** R's toler.inf (sqrt(eps)). */
  infTolerance?: number;
  confLevel?: number;
}

export interface CoxCoefficient {
  name: string;
  /** null when the covariate is redundant (collinear or constant), as R's NA. */
  coef: number | null;
  hazardRatio: number | null;
  se: number | null;
  z: number | null;
  pValue: number | null;
  lower: number | null;
  upper: number | null;
  /** The likelihood converged before this coefficient did: it may be infinite (R's warning). */
  infinite: boolean;
}

export interface CoxTest {
  chiSquare: number;
  df: number;
  pValue: number;
}

export interface CoxModel {
  n: number;
  events: number;
  ties: CoxTies;
  coefficients: CoxCoefficient[];
  /** Variance-covariance matrix of the coefficients (inverse information), original scale. */
  variance: number[][];
  logLikelihoodNull: number;
  logLikelihood: number;
  likelihoodRatio: CoxTest;
  wald: CoxTest;
  score: CoxTest;
  iterations: number;
  converged: boolean;
  /** R's warnings, word for word where R has one. */
  warnings: string[];
  confLevel: number;
}

const R_EPS = 1e-9;
const DOUBLE_EPS = 2 ** -52;

/** Log partial likelihood, score and information at `beta` (data sorted by decreasing time). */
interface Evaluation {
  logLik: number;
  score: number[];
  information: number[][];
}

interface SortedData {
  time: Float64Array;
  event: Uint8Array;
  /** Column-major covariates, centred and scaled. */
  x: Float64Array[];
}

function evaluate(data: SortedData, beta: readonly number[], ties: CoxTies): Evaluation {
  const p = beta.length;
  const n = data.time.length;
  const score = new Array<number>(p).fill(0);
  const information = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  let logLik = 0;
  // Risk-set sums (everyone with time >= current), and the current tie group's event sums.
  let s0 = 0;
  const s1 = new Array<number>(p).fill(0);
  const s2 = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  const e1 = new Array<number>(p).fill(0);
  const e2 = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  const mean = new Array<number>(p).fill(0);

  let i = 0;
  while (i < n) {
    const t = data.time[i]!;
    let deaths = 0;
    let e0 = 0;
    for (let a = 0; a < p; a++) {
      e1[a] = 0;
      e2[a]!.fill(0);
    }
    for (; i < n && data.time[i] === t; i++) {
      let eta = 0;
      for (let a = 0; a < p; a++) eta += beta[a]! * data.x[a]![i]!;
      const risk = Math.exp(eta);
      if (data.event[i]) {
        deaths++;
        e0 += risk;
        logLik += eta;
        for (let a = 0; a < p; a++) {
          const xa = data.x[a]![i]!;
          score[a]! += xa;
          e1[a]! += risk * xa;
          for (let b = 0; b <= a; b++) e2[a]![b]! += risk * xa * data.x[b]![i]!;
        }
      } else {
        s0 += risk;
        for (let a = 0; a < p; a++) {
          const xa = data.x[a]![i]!;
          s1[a]! += risk * xa;
          for (let b = 0; b <= a; b++) s2[a]![b]! += risk * xa * data.x[b]![i]!;
        }
      }
    }
    if (deaths === 0) continue;
    // Breslow adds the events once; Efron in d steps of 1/d each (the risk set
    // loses k/d of the tied events at the k-th of the d terms).
    const steps = ties === "breslow" || deaths === 1 ? 1 : deaths;
    const weight = deaths / steps;
    for (let k = 0; k < steps; k++) {
      s0 += e0 / steps;
      logLik -= weight * Math.log(s0);
      for (let a = 0; a < p; a++) {
        s1[a]! += e1[a]! / steps;
        mean[a] = s1[a]! / s0;
        score[a]! -= weight * mean[a]!;
      }
      for (let a = 0; a < p; a++) {
        for (let b = 0; b <= a; b++) {
          s2[a]![b]! += e2[a]![b]! / steps;
          information[a]![b]! += (weight * (s2[a]![b]! - mean[a]! * s1[b]!)) / s0;
        }
      }
    }
  }
  for (let a = 0; a < p; a++) for (let b = 0; b < a; b++) information[b]![a] = information[a]![b]!;
  return { logLik, score, information };
}

/**
 * L D L' factorisation of a symmetric non-negative matrix with R's rule for
 * redundant columns: a pivot below `tolerance` times the largest diagonal is
 * set to zero (and its column skipped).
 */
export interface LdlFactor {
  /** Unit lower-triangular L (below the diagonal) with D on the diagonal. */
  m: number[][];
  /** Pivot i is kept (not redundant). */
  kept: boolean[];
  rank: number;
}

export function factorLdl(matrix: readonly (readonly number[])[], tolerance: number): LdlFactor {
  const n = matrix.length;
  const m = matrix.map((row) => [...row]);
  let largest = 0;
  for (let i = 0; i < n; i++) if (m[i]![i]! > largest) largest = m[i]![i]!;
  const kept = new Array<boolean>(n).fill(false);
  if (largest === 0) return { m, kept, rank: 0 };
  const eps = largest * tolerance;
  let rank = 0;
  for (let i = 0; i < n; i++) {
    const pivot = m[i]![i]!;
    if (!Number.isFinite(pivot) || pivot < eps) {
      m[i]![i] = 0;
      continue;
    }
    kept[i] = true;
    rank++;
    for (let j = i + 1; j < n; j++) {
      const l = m[j]![i]! / pivot;
      m[j]![i] = l;
      m[j]![j]! -= l * l * pivot;
      for (let k = j + 1; k < n; k++) m[k]![j]! -= l * m[k]![i]!;
    }
  }
  return { m, kept, rank };
}

/** Solves (L D L') x = y, with x_i = 0 for redundant pivots. */
export function solveLdl(f: LdlFactor, y: readonly number[]): number[] {
  const n = y.length;
  const x = [...y];
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) x[i]! -= f.m[i]![j]! * x[j]!;
  for (let i = n - 1; i >= 0; i--) {
    if (!f.kept[i]) {
      x[i] = 0;
      continue;
    }
    x[i] = x[i]! / f.m[i]![i]!;
    for (let j = i + 1; j < n; j++) x[i]! -= f.m[j]![i]! * x[j]!;
  }
  return x;
}

/** The (generalised) inverse: rows and columns of redundant pivots are zero. */
export function invertLdl(f: LdlFactor): number[][] {
  const n = f.kept.length;
  const columns = Array.from({ length: n }, (_, j) =>
    solveLdl(
      f,
      Array.from({ length: n }, (_, i) => (i === j ? 1 : 0)),
    ),
  );
  return Array.from({ length: n }, (_, i) => columns.map((c) => c[i]!));
}

function chiSquareTest(chiSquare: number, df: number): CoxTest {
  return { chiSquare, df, pValue: df > 0 ? 1 - chisquareCdf(chiSquare, df) : 1 };
}

export function fitCox(input: CoxInput, options: CoxOptions = {}): CoxModel {
  const ties = options.ties ?? "efron";
  const maxIterations = options.maxIterations ?? 20;
  const eps = options.eps ?? R_EPS;
  const cholTolerance = options.cholTolerance ?? DOUBLE_EPS ** 0.75;
  const infTolerance = options.infTolerance ?? Math.sqrt(eps);
  const confLevel = options.confLevel ?? 0.95;
  const n = input.time.length;
  const p = input.names.length;
  if (input.event.length !== n || input.covariates.length !== n)
    throw new RangeError(`Cox: time, event and covariates must have one entry per subject (${n})`);
  for (let i = 0; i < n; i++) {
    const t = input.time[i]!;
    if (!Number.isFinite(t) || t < 0)
      throw new RangeError(`Cox: time of subject ${i + 1} must be a finite number >= 0, got ${t}`);
    const row = input.covariates[i]!;
    if (row.length !== p) throw new RangeError(`Cox: subject ${i + 1} has ${row.length} covariates, expected ${p}`);
    for (let a = 0; a < p; a++)
      if (!Number.isFinite(row[a]!))
        throw new RangeError(
          `Cox: covariate ${input.names[a]} of subject ${i + 1} must be a finite number, got ${row[a]}`,
        );
  }
  if (p === 0) throw new RangeError("Cox: at least one covariate is needed");

  // Decreasing time; within a time, R's order (censored before events) does not change the sums.
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => input.time[b]! - input.time[a]!);
  const means = new Array<number>(p).fill(0);
  const scale = new Array<number>(p).fill(1);
  const x = Array.from({ length: p }, (_, a) => Float64Array.from(order, (i) => input.covariates[i]![a]!));
  for (let a = 0; a < p; a++) {
    const col = x[a]!;
    if (col.every((v) => v === 0 || v === 1 || v === -1)) continue;
    const mean = col.reduce((s, v) => s + v, 0) / n;
    let mad = 0;
    for (let i = 0; i < n; i++) {
      col[i]! -= mean;
      mad += Math.abs(col[i]!);
    }
    means[a] = mean;
    scale[a] = mad > 0 ? n / mad : 1;
    for (let i = 0; i < n; i++) col[i]! *= scale[a]!;
  }
  const data: SortedData = {
    time: Float64Array.from(order, (i) => input.time[i]!),
    event: Uint8Array.from(order, (i) => (input.event[i] ? 1 : 0)),
    x,
  };
  const events = data.event.reduce((s, e) => s + e, 0);

  // Newton-Raphson (R's coxfit6 loop).
  let beta = new Array<number>(p).fill(0);
  const initial = evaluate(data, beta, ties);
  const logLikNull = initial.logLik;
  let best = logLikNull;
  let factor = factorLdl(initial.information, cholTolerance);
  const step0 = solveLdl(factor, initial.score);
  const scoreStatistic = initial.score.reduce((s, u, a) => s + u * step0[a]!, 0);
  let next = beta.map((b, a) => b + step0[a]!);
  let current = initial;
  let converged = false;
  let iterations = 0;
  let halving = 0;
  for (iterations = 1; iterations <= maxIterations; iterations++) {
    const e = evaluate(data, next, ties);
    factor = factorLdl(e.information, cholTolerance);
    const finite =
      Number.isFinite(e.logLik) &&
      e.score.every(Number.isFinite) &&
      e.information.every((r) => r.every(Number.isFinite));
    if (finite && Math.abs(1 - best / e.logLik) <= eps) {
      best = e.logLik;
      beta = next;
      current = e;
      converged = true;
      break;
    }
    if (iterations === maxIterations) break;
    if (!finite || e.logLik < best) {
      halving++;
      next = next.map((b, a) => (b + halving * beta[a]!) / (halving + 1));
    } else {
      halving = 0;
      best = e.logLik;
      const step = solveLdl(factor, e.score);
      beta = next;
      next = next.map((b, a) => b + step[a]!);
    }
  }
  if (!converged) {
    iterations = Math.min(iterations, maxIterations);
    current = evaluate(data, beta, ties);
    best = current.logLik;
    factor = factorLdl(current.information, cholTolerance);
  }

  // Back to the original scale.
  const inverse = invertLdl(factor);
  const variance = inverse.map((row, a) => row.map((v, b) => v * scale[a]! * scale[b]!));
  const coef = beta.map((b, a) => b * scale[a]!);
  const u = current.score.map((s, a) => s / scale[a]!);
  const warnings: string[] = [];
  const infinite = new Array<boolean>(p).fill(false);
  if (!converged) warnings.push("Ran out of iterations and did not converge");
  else if (maxIterations > 1) {
    for (let a = 0; a < p; a++) {
      const uv = Math.abs(u.reduce((s, ub, b) => s + ub * variance[b]![a]!, 0));
      infinite[a] = uv > eps && uv > infTolerance * Math.abs(coef[a]!);
    }
    const which = infinite.flatMap((f, a) => (f ? [a + 1] : []));
    if (which.length > 0)
      warnings.push(`Loglik converged before variable  ${which.join(",")} ; coefficient may be infinite. `);
  }
  const redundant = variance.map((row, a) => row[a] === 0);
  if (redundant.some(Boolean))
    warnings.push(
      `X matrix deemed to be singular; variable ${redundant.flatMap((r, a) => (r ? [a + 1] : [])).join(" ")}`,
    );

  const z = normalQuantile(1 - (1 - confLevel) / 2, 0, 1);
  const coefficients: CoxCoefficient[] = input.names.map((name, a) => {
    if (redundant[a])
      return {
        name,
        coef: null,
        hazardRatio: null,
        se: null,
        z: null,
        pValue: null,
        lower: null,
        upper: null,
        infinite: false,
      };
    const b = coef[a]!;
    const se = Math.sqrt(variance[a]![a]!);
    const zValue = b / se;
    return {
      name,
      coef: b,
      hazardRatio: Math.exp(b),
      se,
      z: zValue,
      pValue: 1 - chisquareCdf(zValue * zValue, 1),
      lower: Math.exp(b - z * se),
      upper: Math.exp(b + z * se),
      infinite: infinite[a]!,
    };
  });
  const estimated = coefficients.flatMap((c, a) => (c.coef === null ? [] : [a]));
  const df = estimated.length;
  // Wald: b' V^-1 b over the estimated coefficients.
  const sub = estimated.map((a) => estimated.map((b) => variance[a]![b]!));
  const bSub = estimated.map((a) => coef[a]!);
  const waldFactor = factorLdl(sub, cholTolerance);
  const solved = solveLdl(waldFactor, bSub);
  const wald = bSub.reduce((s, b, i) => s + b * solved[i]!, 0);
  return {
    n,
    events,
    ties,
    coefficients,
    variance,
    logLikelihoodNull: logLikNull,
    logLikelihood: best,
    likelihoodRatio: chiSquareTest(2 * (best - logLikNull), df),
    wald: chiSquareTest(wald, df),
    score: chiSquareTest(scoreStatistic, df),
    iterations,
    converged,
    warnings,
    confLevel,
  };
}
