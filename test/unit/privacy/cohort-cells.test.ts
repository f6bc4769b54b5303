// The cohort tables suppressed together: a Sankey link hidden while its node's
// other links are shown comes back by subtraction (flow in = flow out), and an
// overview subgroup hidden while the profile shows its categories comes back as
// their sum; the joint suppression hides complements so that neither works.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  cohortCellTable,
  cohortHiddenKeys,
  cohortKeys,
  type CohortCounts,
  type PathwayLinkCount,
} from "../../../core/privacy/cohort-cells.js";
import { derivableSmallCells } from "../../../core/privacy/small-cells.js";

const all = { dimension: "all", value: "all" };
const link = (source: string, target: string, patients: number): PathwayLinkCount => ({
  ...all,
  key: "regimen_class",
  source,
  target,
  patients,
});

function graph(): CohortCounts {
  return {
    all,
    overview: [],
    profile: [],
    indexDates: [],
    links: [
      link("L1 chemotherapy", "L2 immunotherapy", 25),
      link("L1 chemotherapy", "death", 5),
      link("L1 targeted", "L2 immunotherapy", 4),
      link("L1 targeted", "death", 16),
      link("L2 immunotherapy", "death", 29),
    ],
    sequences: [],
  };
}

test("Sankey: with the small links alone hidden, L2 immunotherapy's out-link (29) minus its in-link (25) gives 4 back", () => {
  const cells = cohortCellTable(graph());
  const keys = cells.keys();
  const primaryOnly = cells.values.map((v) => !(v >= 1 && v < 10));
  const leaks = derivableSmallCells(cells.values, cells.relations, primaryOnly, 10);
  assert.ok(leaks.some((l) => keys[l.cells[0]!]!.includes("L1 targeted\u0000L2 immunotherapy") && l.value === 4));
});

test("Sankey: the joint suppression hides complements; no small link can be derived from the published ones", () => {
  const counts = graph();
  const hidden = cohortHiddenKeys(counts, 10);
  const shown = counts.links.filter((l) => !hidden.has(cohortKeys.link(l)));
  assert.ok(shown.every((l) => l.patients >= 10));
  // The attacker's arithmetic over what is shown: each node's in = out, line 1 nodes.
  const byNode = (node: string, side: "source" | "target") =>
    counts.links.filter((l) => l[side] === node).map((l) => (shown.includes(l) ? l.patients : null));
  const inB = byNode("L2 immunotherapy", "target");
  const outB = byNode("L2 immunotherapy", "source");
  const unknown = [...inB, ...outB].filter((v) => v === null).length;
  assert.ok(unknown !== 1, "never exactly one unknown around L2 immunotherapy");
  assert.ok(shown.length >= 1, "the graph is not blanked");
});

test("overview and profile: a subgroup's size hidden in one is hidden in the other, whatever their own cells", () => {
  const sub = { dimension: "histology", value: "squamous" };
  const other = { dimension: "histology", value: "adenocarcinoma" };
  const small = { dimension: "histology", value: "large_cell" };
  const ov = (s: typeof all, patients: number, treated: number) => ({
    ...s,
    patients,
    treated,
    lines: treated,
    reached_line2: 0,
    deaths: 0,
  });
  const prof = (s: typeof all, category: string, patients: number) => ({
    ...s,
    characteristic: "Sex",
    category,
    patients,
  });
  const counts: CohortCounts = {
    all,
    overview: [ov(all, 100, 60), ov(sub, 40, 20), ov(other, 55, 35), ov(small, 5, 5)],
    profile: [
      prof(all, "F", 50),
      prof(all, "M", 50),
      prof(sub, "F", 20),
      prof(sub, "M", 20),
      prof(other, "F", 27),
      prof(other, "M", 28),
      prof(small, "F", 3),
      prof(small, "M", 2),
    ],
    indexDates: [],
    links: [],
    sequences: [],
  };
  const hidden = cohortHiddenKeys(counts, 10);
  // large_cell (5) is hidden; its complement among the histologies, and then that
  // subgroup's size is hidden in the overview and in the profile alike.
  assert.ok(hidden.has(cohortKeys.size(small)));
  const complement = [sub, other].filter((s) => hidden.has(cohortKeys.size(s)));
  assert.equal(complement.length, 1);
  const c = complement[0]!;
  assert.ok(
    hidden.has(cohortKeys.profile({ ...c, characteristic: "Sex", category: "F" })) ||
      hidden.has(cohortKeys.profile({ ...c, characteristic: "Sex", category: "M" })),
    "the profile's categories of the hidden subgroup do not add up to it in the open",
  );
  const cells = cohortCellTable(counts);
  const published = cells.keys().map((k) => !hidden.has(k));
  assert.deepEqual(derivableSmallCells(cells.values, cells.relations, published, 10), []);
});
