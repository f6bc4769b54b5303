// Kaplan-Meier, Greenwood standard errors, median and its CI, log-rank: checked
// against R's survival package on the lung data set, to 1e-6. The reference files
// come from test/fixtures/survival/make-reference.R (versions in versions.txt).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { kaplanMeier, numbersAtRisk, type SurvivalObservation } from "../../../core/statistics/kaplan-meier.js";
import { logRank } from "../../../core/statistics/log-rank.js";

const FIXTURES = new URL("../../fixtures/survival/", import.meta.url);
const TOLERANCE = 1e-6;

function readCsv(name: string): Record<string, string>[] {
  const [header, ...lines] = readFileSync(new URL(name, FIXTURES), "utf8").trim().split("\n");
  const unquote = (s: string) => s.replace(/^"|"$/g, "");
  const columns = header!.split(",").map(unquote);
  return lines.map((line) => Object.fromEntries(line.split(",").map((cell, i) => [columns[i]!, unquote(cell)])));
}

const lung = readCsv("lung.csv").map((r) => ({
  time: Number(r.time),
  event: r.event === "1",
  sex: r.sex!,
  ecog: r.ph_ecog === "" ? null : Number(r.ph_ecog),
}));
const obs = (rows: typeof lung): SurvivalObservation[] => rows.map(({ time, event }) => ({ time, event }));

function close(actual: number, expected: number, what: string) {
  assert.ok(Math.abs(actual - expected) <= TOLERANCE, `${what}: ${actual} vs R ${expected}`);
}

function compareSteps(group: string, rows: typeof lung) {
  const reference = readCsv(group === "all" ? "km-overall.csv" : "km-by-sex.csv").filter((r) => r.group === group);
  const km = kaplanMeier(obs(rows));
  assert.equal(km.steps.length, reference.length, `${group}: number of steps`);
  km.steps.forEach((step, i) => {
    const r = reference[i]!;
    const at = `${group} t=${r.time}`;
    assert.equal(step.time, Number(r.time), `${at} time`);
    assert.equal(step.nRisk, Number(r.n_risk), `${at} n.risk`);
    assert.equal(step.nEvent, Number(r.n_event), `${at} n.event`);
    assert.equal(step.nCensor, Number(r.n_censor), `${at} n.censor`);
    close(step.survival, Number(r.surv), `${at} surv`);
    if (r.std_err_log !== "NA" && r.std_err_log !== "Inf")
      close(step.stdErrLog, Number(r.std_err_log), `${at} std.err`);
    if (r.lower !== "NA") close(step.lower!, Number(r.lower), `${at} lower`);
    else assert.equal(step.lower, null, `${at} lower is NA in R`);
    if (r.upper !== "NA") close(step.upper!, Number(r.upper), `${at} upper`);
    else assert.equal(step.upper, null, `${at} upper is NA in R`);
  });
  return km;
}

test("KM steps, Greenwood standard errors and 95 % CI equal R's survfit (lung, all patients)", () => {
  compareSteps("all", lung);
});

test("KM by sex equals R's survfit strata", () => {
  compareSteps(
    "sex=1",
    lung.filter((r) => r.sex === "1"),
  );
  compareSteps(
    "sex=2",
    lung.filter((r) => r.sex === "2"),
  );
});

test("median survival and its 95 % CI equal R's quantile.survfit", () => {
  const medians = readCsv("medians.csv");
  const groups: Record<string, typeof lung> = {
    all: lung,
    "sex=1": lung.filter((r) => r.sex === "1"),
    "sex=2": lung.filter((r) => r.sex === "2"),
  };
  for (const m of medians) {
    const km = kaplanMeier(obs(groups[m.group!]!));
    close(km.median!, Number(m.median), `${m.group} median`);
    close(km.medianLower!, Number(m.lower), `${m.group} median lower`);
    close(km.medianUpper!, Number(m.upper), `${m.group} median upper`);
  }
});

test("log-rank chi-square, p and expected counts equal R's survdiff (2 and 3 groups)", () => {
  const reference = readCsv("logrank.csv");
  const bySex = logRank(["1", "2"].map((s) => ({ name: s, observations: obs(lung.filter((r) => r.sex === s)) })));
  const ecogRows = lung.filter((r) => r.ecog !== null && r.ecog < 3);
  const byEcog = logRank(
    [0, 1, 2].map((e) => ({ name: String(e), observations: obs(ecogRows.filter((r) => r.ecog === e)) })),
  );
  for (const [result, name] of [
    [bySex, "sex"],
    [byEcog, "ph_ecog"],
  ] as const) {
    const r = reference.find((x) => x.test === name)!;
    close(result.chiSquare, Number(r.chisq), `${name} chisq`);
    close(result.pValue, Number(r.p), `${name} p`);
    assert.equal(result.df, Number(r.df));
    assert.deepEqual(
      result.groups.map((g) => g.observed),
      r.observed!.split(";").map(Number),
    );
    result.groups.forEach((g, i) => close(g.expected, Number(r.expected!.split(";")[i]), `${name} expected ${g.name}`));
  }
});

test("hand-checkable small cases: exact 0.5 plateau midpoint, no median, numbers at risk", () => {
  // S drops to exactly 0.5 at t=2 and below at t=4: R gives median (2+4)/2 = 3.
  const km = kaplanMeier([
    { time: 1, event: true },
    { time: 2, event: true },
    { time: 4, event: true },
    { time: 5, event: true },
  ]);
  assert.equal(km.steps[1]!.survival, 0.5);
  assert.equal(km.median, 3);
  const censored = kaplanMeier([
    { time: 1, event: true },
    { time: 2, event: false },
    { time: 3, event: false },
  ]);
  assert.equal(censored.median, null, "S never reaches 0.5");
  assert.deepEqual(numbersAtRisk(censored, [0, 1, 2, 3, 4]), [3, 3, 2, 1, 0]);
  assert.throws(() => kaplanMeier([{ time: -1, event: true }]), /finite number >= 0/);
});
