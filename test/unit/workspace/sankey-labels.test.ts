// Sankey node labels wrap at spaces onto the lines a node can hold, and are cut
// (with an ellipsis) only when they do not fit in them.
import assert from "node:assert/strict";
import { test } from "node:test";
import { wrapLabel } from "../../../components/sankey-chart.js";

test("a label that fits stays on one line", () => {
  assert.deepEqual(wrapLabel("Chemotherapy (120)", 20, 2), ["Chemotherapy (120)"]);
});

test("a long label wraps at spaces, every line within the width, nothing lost when the lines suffice", () => {
  const text = "Platinum doublet then maintenance pemetrexed (1,234)";
  const rows = wrapLabel(text, 20, 3);
  assert.ok(rows.length > 1);
  assert.ok(rows.every((r) => r.length <= 20));
  assert.equal(rows.join(" "), text);
});

test("what the last line cannot hold is cut with an ellipsis", () => {
  const rows = wrapLabel("Platinum doublet then maintenance pemetrexed (1,234)", 20, 2);
  assert.equal(rows.length, 2);
  assert.ok(rows.every((r) => r.length <= 20));
  assert.match(rows[1]!, /…$/);
  assert.deepEqual(wrapLabel("Carboplatin-pemetrexed-pembrolizumab", 10, 1), ["Carboplat…"]);
});
