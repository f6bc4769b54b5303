// The Pathways page's drug costs (SQL over the cohort and the analysis table)
// equal the Line-start cohorts page's (core/studies/line-costs.ts) on the same
// lines, by line and regimen class or regimen, under a filter and a line depth.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { openDuckSession, type DuckSession } from "../../../loaders/duckdb/session.js";
import { NO_FILTER, filterPredicate } from "../../../core/workspace/cohort-filter.js";
import { lineCostsSql } from "../../../core/workspace/line-costs-sql.js";
import { summariseCosts, type CostedLine } from "../../../core/studies/line-costs.js";

let session: DuckSession;

type Line = [string, string, number, string, string | null, string, number, number | null];
/** method, patient, line, class, regimen label, molecules, days on treatment, cost (null: unknown). */
const LINES: Line[] = [
  [
    "default",
    "P1",
    1,
    "chemo_immunotherapy",
    "carboplatin + pemetrexed + pembrolizumab",
    "carboplatin;pemetrexed;pembrolizumab",
    365.25,
    40_000,
  ],
  ["default", "P1", 2, "chemotherapy", "docetaxel", "docetaxel", 91, 3_000],
  [
    "default",
    "P2",
    1,
    "chemo_immunotherapy",
    "carboplatin + pemetrexed + pembrolizumab",
    "carboplatin;pemetrexed;pembrolizumab",
    182.625,
    30_000,
  ],
  ["default", "P2", 2, "chemotherapy", null, "docetaxel", 30, null],
  ["default", "P3", 1, "chemotherapy", "carboplatin + paclitaxel", "carboplatin;paclitaxel", 0, 0],
  ["default", "P3", 2, "chemotherapy", "docetaxel", "docetaxel", 60, 2_000],
  ["default", "P3", 3, "immunotherapy", "nivolumab", "nivolumab", 120, 15_000],
  ["default", "P4", 1, "chemotherapy", "carboplatin + paclitaxel", "carboplatin;paclitaxel", 90, 1_000],
  [
    "gold",
    "P1",
    1,
    "chemo_immunotherapy",
    "carboplatin + pemetrexed + pembrolizumab",
    "carboplatin;pemetrexed;pembrolizumab",
    400,
    99_000,
  ],
];

before(async () => {
  session = await openDuckSession();
  await session.run(`CREATE TABLE cohort AS SELECT * FROM (VALUES
    ('P1', 'squamous', 'no driver', '2018-2020', '60-69'),
    ('P2', 'adenocarcinoma', 'no driver', '2018-2020', '60-69'),
    ('P3', 'squamous', 'untested', '2021 and later', '70-79'),
    ('P4', 'squamous', 'no driver', '2015-2017', '<50')
  ) t(patient_id, histology, biomarker_group, period, age_band)`);
  const values = LINES.map(
    (l) =>
      `('${l[0]}', '${l[1]}', ${l[2]}, '${l[3]}', ${l[4] === null ? "NULL" : `'${l[4]}'`}, '${l[5]}', ${l[6]}::DOUBLE, ${l[7] === null ? "NULL" : `${l[7]}::DOUBLE`})`,
  );
  await session.run(`CREATE TABLE analysis AS SELECT * FROM (VALUES ${values.join(", ")})
    t(method, patient_id, line_number, regimen_class, regimen_label, molecules, tot_days, drug_cost_eur)`);
});
after(() => session?.close());

/** The expectation: summariseCosts over the lines of each group. */
function expected(lines: Line[], groupOf: (l: Line) => string) {
  const groups = new Map<string, CostedLine[]>();
  const add = (key: string, l: Line) => {
    const list = groups.get(key) ?? [];
    list.push({ line_number: l[2], molecules: l[5], tot_days: l[6], drug_cost_eur: l[7] });
    groups.set(key, list);
  };
  for (const l of lines) {
    add(JSON.stringify([l[2], null]), l);
    add(JSON.stringify([l[2], groupOf(l)]), l);
  }
  return new Map(
    [...groups].map(([key, list]) => {
      const s = summariseCosts(list);
      return [key, [s.lines, s.costed, s.totalEur, s.meanPerLineEur, s.perPatientYearEur]];
    }),
  );
}

async function actual(sql: string) {
  const rows = await session.all(sql);
  return {
    order: rows.map((r) => [r.line_number, r.regimen]),
    byKey: new Map(
      rows.map((r) => [
        JSON.stringify([r.line_number, r.regimen]),
        [r.lines, r.costed, r.total_eur, r.mean_per_line_eur, r.per_patient_year_eur],
      ]),
    ),
  };
}

test("by line and regimen class: every line and class, totals per line first, equal to summariseCosts", async () => {
  const got = await actual(lineCostsSql({ method: "default", key: "regimen_class", depth: 3, where: "TRUE" }));
  assert.deepEqual(
    got.byKey,
    expected(
      LINES.filter((l) => l[0] === "default"),
      (l) => l[3],
    ),
  );
  assert.deepEqual(got.order, [
    [1, null],
    [1, "chemo_immunotherapy"],
    [1, "chemotherapy"],
    [2, null],
    [2, "chemotherapy"],
    [3, null],
    [3, "immunotherapy"],
  ]);
  // Line 1 chemotherapy: 1,000 € over 90 days and 0 € over 0 days -> 500 € per line, 1,000 € per 90/365.25 years.
  assert.deepEqual(got.byKey.get(JSON.stringify([1, "chemotherapy"])), [2, 2, 1_000, 500, 1_000 / (90 / 365.25)]);
});

test("by regimen (the label, else the molecules), under a filter and a line depth, for one method", async () => {
  const where = filterPredicate({ ...NO_FILTER, histology: "squamous" });
  const got = await actual(lineCostsSql({ method: "default", key: "regimen_label", depth: 2, where }));
  const squamous = LINES.filter((l) => l[0] === "default" && ["P1", "P3", "P4"].includes(l[1]) && l[2] <= 2);
  assert.deepEqual(
    got.byKey,
    expected(squamous, (l) => l[4] ?? l[5]),
  );
  const gold = await actual(lineCostsSql({ method: "gold", key: "regimen_class", depth: 3, where: "TRUE" }));
  assert.deepEqual(gold.byKey.get(JSON.stringify([1, null])), [1, 1, 99_000, 99_000, 99_000 / (400 / 365.25)]);
});

test("a group whose lines have no known cost has no mean and no per-year figure", async () => {
  const where = filterPredicate({ ...NO_FILTER, histology: "adenocarcinoma" });
  const got = await actual(lineCostsSql({ method: "default", key: "regimen_label", depth: 2, where }));
  assert.deepEqual(got.byKey.get(JSON.stringify([2, "docetaxel"])), [1, 0, 0, null, null]);
});
