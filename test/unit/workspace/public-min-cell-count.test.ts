import assert from "node:assert/strict";
import { test } from "node:test";
import { pathwayMinCellCount } from "../../../loaders/workspace/public-aggregates.js";

test("the published pathways' minimum cell count is 10 by default, settable, never below 10", () => {
  assert.equal(pathwayMinCellCount({}), 10);
  assert.equal(pathwayMinCellCount({ LOTLUCA_MIN_CELL_COUNT: "25" }), 25);
  assert.throws(() => pathwayMinCellCount({ LOTLUCA_MIN_CELL_COUNT: "5" }), /at least 10/);
  assert.throws(() => pathwayMinCellCount({ LOTLUCA_MIN_CELL_COUNT: "12.5" }), /integer/);
});
