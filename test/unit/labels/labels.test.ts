import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { ageBandOf, periodOf } from "../../../core/evaluation/subgroups.js";
import {
  compareCategories,
  formatMonths,
  formatMonthsAndDays,
  formatPValue,
  labelOf,
  ORDINAL_ORDERS,
  pathwayNodeLabel,
  sequenceLabel,
  sortCategories,
} from "../../../core/labels/labels.js";
import { LINE_END_REASONS_GOLD, LINE_END_REASONS_PREDICTED } from "../../../core/contract/tables.js";
import { parseIsoDay } from "../../../core/time/day.js";

test("codes are shown as words, in their domain or the first that knows them", () => {
  assert.equal(labelOf("chemo_immunotherapy"), "Chemo-immunotherapy");
  assert.equal(labelOf("nsclc_nos", "histology"), "NSCLC, not otherwise specified");
  assert.equal(labelOf("pmsi_medatu"), "Hospital temporary-authorisation drugs (PMSI MEDATU)");
  assert.equal(labelOf("other", "histology"), "Other histology");
  assert.equal(labelOf("default@1.2.0", "method"), "Default rules");
  assert.equal(labelOf("some_new_code"), "some new code");
  assert.equal(labelOf(null), "Unknown");
});

test("every line end reason of the contract has a label", () => {
  for (const reason of [...LINE_END_REASONS_GOLD, ...LINE_END_REASONS_PREDICTED]) {
    assert.doesNotMatch(labelOf(reason, "endReason"), /_/, reason);
    assert.notEqual(labelOf(reason, "endReason"), reason, reason);
  }
});

test("pathway nodes and sequences are labelled without raw codes", () => {
  assert.equal(pathwayNodeLabel("L1 chemo_immunotherapy"), "L1 Chemo-immunotherapy");
  assert.equal(pathwayNodeLabel("L2 carboplatin+pemetrexed"), "L2 carboplatin + pemetrexed");
  assert.equal(pathwayNodeLabel("no further line"), "No further line");
  assert.equal(sequenceLabel("chemo_immunotherapy → targeted_egfr"), "Chemo-immunotherapy → EGFR inhibitor");
});

test("the ordinal orders list what the subgroup functions produce, in increasing order", () => {
  const ages = [30, 49, 50, 59, 60, 69, 70, 79, 80, 95];
  const bands = [...new Set(ages.map(ageBandOf))];
  assert.deepEqual(bands, ORDINAL_ORDERS.age_band!.slice(0, bands.length));
  assert.ok(ORDINAL_ORDERS.age_band!.includes(ageBandOf(null)));
  const periods = [
    ...new Set(["2012-03-01", "2016-01-01", "2019-06-01", "2023-01-01"].map((d) => periodOf(parseIsoDay(d)))),
  ];
  assert.deepEqual(periods, ORDINAL_ORDERS.period!.slice(0, 4));
  assert.ok(ORDINAL_ORDERS.period!.includes(periodOf(null)));
});

test("categories sort in natural order: listed order, numbers by value, unknown last", () => {
  assert.deepEqual(sortCategories("age_band", ["80+", "unknown", "<50", "60-69"]), ["<50", "60-69", "80+", "unknown"]);
  assert.deepEqual(sortCategories("stage_at_diagnosis", ["IV", "unknown", "I", "III"]), ["I", "III", "IV", "unknown"]);
  assert.deepEqual(sortCategories(undefined, ["L10", "L2", "unknown", "L1"]), ["L1", "L2", "L10", "unknown"]);
  fc.assert(
    fc.property(fc.shuffledSubarray([...ORDINAL_ORDERS.n_lines!]), (values) => {
      const sorted = sortCategories("n_lines", values);
      return sorted.every((v, i) => i === 0 || compareCategories("n_lines", sorted[i - 1]!, v) < 0);
    }),
  );
});

test("durations are written in months, with days for a jury, always with the unit", () => {
  assert.equal(formatMonths(365.25), "12.0 months");
  assert.equal(formatMonthsAndDays(225), "7.4 months (225 days)");
  assert.equal(formatMonths(null), "—");
});

test("p-values below 0.0001 read p < 0.0001, never p = < 0.0001", () => {
  assert.equal(formatPValue(1e-9), "p < 0.0001");
  assert.equal(formatPValue(0.0321), "p = 0.032");
  assert.equal(formatPValue(0.00042), "p = 0.0004");
});
