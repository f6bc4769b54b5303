// Costs per line: by line and regimen, mean per line and per patient-year on treatment.
import assert from "node:assert/strict";
import { test } from "node:test";
import { costsByLineAndRegimen, hasCosts, summariseCosts } from "../../../core/studies/line-costs.js";

const lines = [
  { line_number: 1, molecules: "carboplatin;pemetrexed", tot_days: 365.25, drug_cost_eur: 10_000 },
  { line_number: 1, molecules: "carboplatin;pemetrexed", tot_days: 182.625, drug_cost_eur: 5_000 },
  { line_number: 1, molecules: "carboplatin;pemetrexed", tot_days: 100, drug_cost_eur: null },
  { line_number: 2, molecules: "nivolumab", tot_days: 0, drug_cost_eur: 0 },
];

test("mean per line and per patient-year over the lines with a known cost", () => {
  const s = summariseCosts(lines.slice(0, 3));
  assert.deepEqual(s, { lines: 3, costed: 2, totalEur: 15_000, meanPerLineEur: 7_500, perPatientYearEur: 10_000 });
});

test("by line and regimen; no time on treatment gives no per-year figure; no cost at all is detected", () => {
  const rows = costsByLineAndRegimen(lines);
  assert.deepEqual(
    rows.map((r) => [r.line_number, r.regimen, r.lines, r.costed, r.perPatientYearEur]),
    [
      [1, "carboplatin + pemetrexed", 3, 2, 10_000],
      [2, "nivolumab", 1, 1, null],
    ],
  );
  assert.equal(hasCosts(lines), true);
  assert.equal(hasCosts(lines.map((l) => ({ ...l, drug_cost_eur: null }))), false);
  assert.deepEqual(summariseCosts([]), {
    lines: 0,
    costed: 0,
    totalEur: 0,
    meanPerLineEur: null,
    perPatientYearEur: null,
  });
});
