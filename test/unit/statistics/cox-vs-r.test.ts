// Cox proportional hazards (core/statistics/cox.ts) against R's survival::coxph
// on the lung data set and on a simulated cohort, Efron and Breslow ties,
// univariable and multivariable with categorical covariates, and a group with
// no event (infinite coefficient). Reference files from
// test/fixtures/cox/make-reference.R (versions in versions.txt); 1e-6.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import fc from "fast-check";
import { fitCox, type CoxModel, type CoxTies } from "../../../core/statistics/cox.js";
import { coxDesign, type CovariateSpec } from "../../../core/statistics/cox-design.js";

const FIXTURES = new URL("../../fixtures/cox/", import.meta.url);
const TOLERANCE = 1e-6;

function readCsv(name: string): Record<string, string>[] {
  const [header, ...lines] = readFileSync(new URL(name, FIXTURES), "utf8").trim().split("\n");
  const split = (line: string) => (line.match(/("([^"]*)"|[^,]*)(,|$)/g) ?? []).map((c) => c.replace(/,$/, ""));
  const unquote = (s: string) => s.replace(/^"|"$/g, "");
  const columns = split(header!).map(unquote);
  return lines.map((line) => Object.fromEntries(split(line).map((cell, i) => [columns[i]!, unquote(cell)])));
}

type Row = Record<string, string>;
const lung = readCsv("lung.csv");
const cohort = readCsv("cohort.csv");
const coefficients = readCsv("coefficients.csv");
const tests = readCsv("tests.csv");

const num = (v: string | undefined) => (v === undefined || v === "" || v === "NA" ? null : Number(v));

/** R's names: factor(x)k for the ph_ecog factor, the variable name + level otherwise. */
function fit(rows: Row[], specs: CovariateSpec[], ties: CoxTies): CoxModel {
  const design = coxDesign(
    rows,
    (r) => ({ time: num(r.time), event: r.event === "" ? null : r.event === "1" }),
    specs,
    (r, name) => {
      const spec = specs.find((s) => s.name === name)!;
      const v = r[name];
      return v === "" || v === undefined ? null : spec.kind === "numeric" ? Number(v) : v;
    },
  );
  const model = fitCox(design, { ties });
  model.coefficients.forEach((c) => {
    if (c.name.startsWith("ph_ecog")) c.name = `factor(ph_ecog)${c.name.slice("ph_ecog".length)}`;
  });
  return model;
}

function close(actual: number | null, expected: number | null, what: string, relative = false) {
  assert.ok(actual !== null && expected !== null, `${what}: ${actual} vs R ${expected}`);
  const scale = relative ? Math.max(1, Math.abs(expected)) : 1;
  assert.ok(Math.abs(actual - expected) <= TOLERANCE * scale, `${what}: ${actual} vs R ${expected}`);
}

function compare(name: string, model: CoxModel) {
  const ref = coefficients.filter((r) => r.model === name);
  assert.deepEqual(
    model.coefficients.map((c) => c.name),
    ref.map((r) => r.term),
    `${name}: terms`,
  );
  model.coefficients.forEach((c, i) => {
    const r = ref[i]!;
    const at = `${name} ${c.name}`;
    close(c.coef, num(r.coef), `${at} coef`);
    close(c.hazardRatio, num(r.hr), `${at} HR`);
    close(c.se, num(r.se), `${at} se`, true);
    close(c.z, num(r.z), `${at} z`);
    close(c.pValue, num(r.p), `${at} p`);
    close(c.lower, num(r.lower), `${at} lower`);
    if (r.upper === "Inf") assert.equal(c.upper, Infinity, `${at} upper`);
    else close(c.upper, num(r.upper), `${at} upper`, true);
    assert.equal(c.infinite, r.infinite === "1", `${at} infinite flag`);
  });
  const t = tests.find((r) => r.model === name)!;
  assert.equal(model.n, Number(t.n), `${name} n`);
  assert.equal(model.events, Number(t.events), `${name} events`);
  close(model.logLikelihoodNull, num(t.loglik0), `${name} loglik0`);
  close(model.logLikelihood, num(t.loglik), `${name} loglik`);
  for (const [test, key] of [
    [model.likelihoodRatio, "lr"],
    [model.wald, "wald"],
    [model.score, "score"],
  ] as const) {
    close(test.chiSquare, num(t[key]), `${name} ${key}`);
    close(test.pValue, num(t[`${key}_p`]), `${name} ${key} p`);
    assert.equal(test.df, Number(t.lr_df), `${name} ${key} df`);
  }
  assert.equal(model.iterations, Number(t.iter), `${name} iterations`);
  assert.equal(model.warnings.join(" | "), t.warning, `${name} warnings`);
}

const LUNG_MULTI: CovariateSpec[] = [
  { name: "age", kind: "numeric" },
  { name: "sex", kind: "categorical", levels: ["F", "M"] },
  { name: "ph_ecog", kind: "categorical" },
  { name: "wt_loss", kind: "numeric" },
];
const COHORT_MULTI: CovariateSpec[] = [
  { name: "arm", kind: "categorical" },
  { name: "age", kind: "numeric" },
  { name: "marker", kind: "numeric" },
];
const withoutD = cohort.filter((r) => r.arm !== "D");

test("univariable Cox on lung (sex) equals R, Efron and Breslow ties", () => {
  compare("lung_sex_efron", fit(lung, [{ name: "sex", kind: "categorical" }], "efron"));
  compare("lung_sex_breslow", fit(lung, [{ name: "sex", kind: "categorical" }], "breslow"));
});

test("multivariable Cox on lung (age, sex, ECOG as a factor, weight loss; incomplete rows omitted) equals R", () => {
  compare("lung_multi_efron", fit(lung, LUNG_MULTI, "efron"));
  compare("lung_multi_breslow", fit(lung, LUNG_MULTI, "breslow"));
});

test("Cox on a simulated cohort with weekly ties (3 arms; arm + age + marker) equals R", () => {
  compare("cohort_arm_efron", fit(withoutD, [{ name: "arm", kind: "categorical" }], "efron"));
  compare("cohort_multi_efron", fit(withoutD, COHORT_MULTI, "efron"));
  compare("cohort_multi_breslow", fit(withoutD, COHORT_MULTI, "breslow"));
});

test("an arm with no event: converges on the likelihood, coefficient flagged infinite, as R", () => {
  const model = fit(
    cohort,
    [
      { name: "arm", kind: "categorical" },
      { name: "age", kind: "numeric" },
    ],
    "efron",
  );
  compare("cohort_no_event_arm", model);
  assert.deepEqual(
    model.coefficients.map((c) => c.infinite),
    [false, false, true, false],
  );
});

test("a constant covariate is redundant (null coefficient, R's NA), the others still estimated", () => {
  const rows = withoutD.map((r) => ({ ...r, constant: "5" }));
  const model = fit(
    rows,
    [
      { name: "arm", kind: "categorical" },
      { name: "constant", kind: "numeric" },
    ],
    "efron",
  );
  assert.equal(model.coefficients[2]!.coef, null);
  compare("cohort_arm_efron", { ...model, coefficients: model.coefficients.slice(0, 2), warnings: [] });
});

test("properties: HR of a binary covariate inverts when the coding flips; Efron = Breslow without ties", () => {
  fc.assert(
    fc.property(
      fc.array(fc.record({ time: fc.integer({ min: 1, max: 60 }), event: fc.boolean(), group: fc.boolean() }), {
        minLength: 12,
        maxLength: 40,
      }),
      (rows) => {
        const events = rows.filter((r) => r.event);
        fc.pre(events.some((r) => r.group) && events.some((r) => !r.group));
        const input = (flip: boolean) => ({
          time: rows.map((r) => r.time),
          event: rows.map((r) => r.event),
          covariates: rows.map((r) => [Number(r.group !== flip)]),
          names: ["group"],
        });
        const a = fitCox(input(false));
        const b = fitCox(input(true));
        if (!a.converged || a.coefficients[0]!.infinite) return;
        assert.ok(Math.abs(a.coefficients[0]!.coef! + b.coefficients[0]!.coef!) < 1e-6);
        assert.ok(Math.abs(a.likelihoodRatio.chiSquare - b.likelihoodRatio.chiSquare) < 1e-6);
        const distinct = rows.map((r, i) => ({ ...r, time: i + 1 }));
        const d = {
          time: distinct.map((r) => r.time),
          event: distinct.map((r) => r.event),
          covariates: distinct.map((r) => [Number(r.group)]),
          names: ["group"],
        };
        const efron = fitCox(d, { ties: "efron" });
        const breslow = fitCox(d, { ties: "breslow" });
        assert.ok(Math.abs(efron.logLikelihood - breslow.logLikelihood) < 1e-9);
      },
    ),
    { numRuns: 60 },
  );
});

test("bad input is one clear error", () => {
  assert.throws(
    () => fitCox({ time: [1, -2], event: [true, false], covariates: [[0], [1]], names: ["x"] }),
    /time of subject 2 must be a finite number >= 0, got -2/,
  );
  assert.throws(
    () => fitCox({ time: [1, 2], event: [true, false], covariates: [[0], [Number.NaN]], names: ["x"] }),
    /covariate x of subject 2 must be a finite number/,
  );
});
