// The edges of the survival statistics against R's survival package, to 1e-9:
// curves that reach 0 (R: NA confidence limits there and an NA upper limit of the
// median), curves that stay at exactly 0.5 until the last observation (R: the
// midpoint with the last time), log-rank with a group nobody of which is at risk
// at any event time (R drops the group: one degree of freedom less), and 52 small
// random data sets with ties. Reference files: test/fixtures/survival/make-edge-cases.R.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { kaplanMeierFromCounts } from "../../../core/statistics/kaplan-meier-counts.js";
import { kaplanMeier, type SurvivalObservation } from "../../../core/statistics/kaplan-meier.js";
import { logRank } from "../../../core/statistics/log-rank.js";

const FIXTURES = new URL("../../fixtures/survival/", import.meta.url);
const TOLERANCE = 1e-9;

function readCsv(name: string): Record<string, string>[] {
  const [header, ...lines] = readFileSync(new URL(name, FIXTURES), "utf8").trim().split("\n");
  const columns = header!.split(",");
  return lines.map((line) => Object.fromEntries(line.split(",").map((cell, i) => [columns[i]!, cell])));
}

const data = readCsv("edge-data.csv");
function observations(dataset: string, group: string): SurvivalObservation[] {
  return data
    .filter((r) => r.dataset === dataset && (group === "all" || r.group === group))
    .map((r) => ({ time: Number(r.time), event: r.event === "1" }));
}

/** R's value ("NA" = null, "Inf" = Infinity) against ours, to 1e-9. */
function same(actual: number | null, expected: string, what: string) {
  if (expected === "NA") return assert.equal(actual, null, `${what}: R gives NA, here ${actual}`);
  const r = expected === "Inf" ? Number.POSITIVE_INFINITY : Number(expected);
  if (!Number.isFinite(r)) return assert.equal(actual, r, what);
  assert.ok(actual !== null && Math.abs(actual - r) <= TOLERANCE, `${what}: ${actual} vs R ${expected}`);
}

test("KM steps, including those where the curve reaches 0 (limits NA in R), equal R's survfit", () => {
  const rows = readCsv("edge-km.csv");
  const keys = [...new Set(rows.map((r) => `${r.dataset}|${r.group}`))];
  let zeroSteps = 0;
  for (const key of keys) {
    const [dataset, group] = key.split("|") as [string, string];
    const reference = rows.filter((r) => r.dataset === dataset && r.group === group);
    const km = kaplanMeier(observations(dataset, group));
    assert.equal(km.steps.length, reference.length, `${key}: number of steps`);
    km.steps.forEach((step, i) => {
      const r = reference[i]!;
      const at = `${key} t=${r.time}`;
      assert.equal(step.nRisk, Number(r.n_risk), `${at} n.risk`);
      same(step.survival, r.surv!, `${at} surv`);
      same(step.stdErrLog, r.std_err_log!, `${at} std.err`);
      same(step.lower, r.lower!, `${at} lower`);
      same(step.upper, r.upper!, `${at} upper`);
      if (step.survival === 0) zeroSteps++;
    });
  }
  assert.ok(zeroSteps >= 20, `the fixtures reach 0 in many groups (${zeroSteps} steps)`);
});

test("median and its 95 % CI equal R's quantile.survfit at the edges (curve at 0, plateau at 0.5)", () => {
  const medians = readCsv("edge-medians.csv");
  for (const m of medians) {
    const obs = observations(m.dataset!, m.group!);
    const km = kaplanMeier(obs);
    const what = `${m.dataset} ${m.group}`;
    same(km.median, m.median!, `${what} median`);
    same(km.medianLower, m.lower!, `${what} median lower`);
    same(km.medianUpper, m.upper!, `${what} median upper`);
    // The aggregated path (what the workspace uses) gives the same.
    const counts = kaplanMeierFromCounts(
      obs.map((o) => ({ time: o.time, events: o.event ? 1 : 0, censored: o.event ? 0 : 1 })),
    );
    assert.deepEqual(
      [counts.median, counts.medianLower, counts.medianUpper],
      [km.median, km.medianLower, km.medianUpper],
    );
  }
  // The named cases, by hand: R's figures.
  const at = (d: string) => medians.find((m) => m.dataset === d && m.group === "all")!;
  assert.deepEqual(at("all-events"), { dataset: "all-events", group: "all", median: "2.5", lower: "1", upper: "NA" });
  assert.equal(at("half-until-end").median, "3", "S = 0.5 from t=2 to the last time 4: (2 + 4) / 2");
  assert.equal(kaplanMeier(observations("half-until-end", "all")).median, 3);
  assert.equal(kaplanMeier(observations("half-until-end-ties", "all")).median, 7);
});

test("log-rank equals R's survdiff, a group with nobody at risk at any event time dropped (df - 1)", () => {
  const reference = readCsv("edge-logrank.csv");
  for (const r of reference) {
    const names = r.groups!.split(";");
    const result = logRank(names.map((name) => ({ name, observations: observations(r.dataset!, name) })));
    same(result.chiSquare, r.chisq!, `${r.dataset} chisq`);
    same(result.pValue, r.p!, `${r.dataset} p`);
    assert.equal(result.df, Number(r.df), `${r.dataset} df`);
    assert.deepEqual(
      result.groups.map((g) => g.observed),
      r.observed!.split(";").map(Number),
    );
    result.groups.forEach((g, i) => same(g.expected, r.expected!.split(";")[i]!, `${r.dataset} expected ${g.name}`));
  }
  const empty = reference.find((r) => r.dataset === "logrank-empty-group-3")!;
  assert.equal(empty.df, "1", "4 groups, 2 of them never at risk at an event time: 1 df in R");
  assert.ok(Number(empty.chisq) > 7);
});
