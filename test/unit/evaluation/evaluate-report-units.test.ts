// `lotluca evaluate` prints durations with their unit (months, and the days a jury compares) and error kinds by label.
import assert from "node:assert/strict";
import { test } from "node:test";
import { formatEstimate } from "../../../cli/commands/evaluate.js";

test("a TTNT median prints in months with its days, its CI in months; a proportion stays a proportion", () => {
  const [label, value, ci] = formatEstimate({ id: "ttnt_median_gold_days", value: 225, lower: 190, upper: 260 });
  assert.match(label, /time to next treatment/i);
  assert.equal(value, "7.4 months (225 days)");
  assert.equal(ci, "[6.2, 8.5] months");
  assert.deepEqual(formatEstimate({ id: "patient_exact", value: 0.5123, lower: 0.49, upper: 0.53 }).slice(1), [
    "0.512",
    "[0.490, 0.530]",
  ]);
});

test("a start-date error prints in days, with the unit", () => {
  assert.deepEqual(formatEstimate({ id: "start_error_median_days", value: 3, lower: 2, upper: 4 }).slice(1), [
    "3.0 days",
    "[2.0, 4.0] days",
  ]);
});
