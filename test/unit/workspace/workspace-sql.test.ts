// The workspace's SQL (filters, pathways, survival end points) on a tiny
// hand-made cohort whose answers are known.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { openDuckSession, type DuckSession } from "../../../loaders/duckdb/session.js";
import {
  describeFilter,
  filterFromParams,
  filterPredicate,
  filterToParams,
  NO_FILTER,
} from "../../../core/workspace/cohort-filter.js";
import { pathwayLinksSql, topSequencesSql } from "../../../core/workspace/pathways-sql.js";
import { survivalCountsSql } from "../../../core/workspace/survival-sql.js";

let session: DuckSession;

// P1 squamous: chemo (ends, new line) -> immuno (ends), dies later.
// P2 squamous: chemo -> immuno, still on treatment at the end of follow-up.
// P3 adeno: chemo, no further line, alive.
// P4 adeno: chemo -> immuno -> chemo -> targeted (4 lines).
// P5 adeno: untreated.
before(async () => {
  session = await openDuckSession();
  await session.run(`CREATE TABLE cohort AS SELECT * FROM (VALUES
    ('P1', 'squamous', 'no driver', '2018-2020', '60-69', DATE '2019-12-01', DATE '2019-12-01'),
    ('P2', 'squamous', 'untested', '2021 and later', '70-79', NULL, DATE '2022-12-31'),
    ('P3', 'adenocarcinoma', 'EGFR', '2018-2020', '60-69', NULL, DATE '2020-12-31'),
    ('P4', 'adenocarcinoma', 'no driver', '2015-2017', '<50', NULL, DATE '2020-12-31'),
    ('P5', 'adenocarcinoma', 'no driver', '2015-2017', '<50', NULL, DATE '2020-12-31')
  ) t(patient_id, histology, biomarker_group, period, age_band, death_date, follow_up_end)`);
  await session.run(`CREATE TABLE lines AS SELECT * FROM (VALUES
    ('default', 'P1', 1, DATE '2019-01-01', DATE '2019-03-01', 'chemotherapy', 'a', 'a', 'new_drug'),
    ('default', 'P1', 2, DATE '2019-04-01', DATE '2019-06-01', 'immunotherapy', 'b', 'b', 'gap'),
    ('default', 'P2', 1, DATE '2022-01-01', DATE '2022-03-01', 'chemotherapy', 'a', 'a', 'new_drug'),
    ('default', 'P2', 2, DATE '2022-04-01', NULL, 'immunotherapy', 'b', 'b', 'end_of_data'),
    ('default', 'P3', 1, DATE '2019-01-01', DATE '2019-02-01', 'chemotherapy', 'a', 'a', 'gap'),
    ('default', 'P4', 1, DATE '2016-01-01', DATE '2016-02-01', 'chemotherapy', 'a', 'a', 'new_drug'),
    ('default', 'P4', 2, DATE '2016-03-01', DATE '2016-04-01', 'immunotherapy', 'b', 'b', 'new_drug'),
    ('default', 'P4', 3, DATE '2016-05-01', DATE '2016-06-01', 'chemotherapy', 'c', 'c', 'new_drug'),
    ('default', 'P4', 4, DATE '2016-07-01', DATE '2016-08-01', 'targeted_egfr', 'd', 'd', 'gap'),
    ('gold', 'P1', 1, DATE '2019-01-01', NULL, 'chemotherapy', 'a', 'a', 'ongoing')
  ) t(method, patient_id, line_number, start_date, end_date, regimen_class, regimen_label, molecules, end_reason)`);
});
after(() => session?.close());

test("filters: predicate, words and query string", async () => {
  assert.equal(filterPredicate(NO_FILTER), "TRUE");
  const f = { ...NO_FILTER, histology: "squamous", age_band: "70-79" };
  assert.equal(filterPredicate(f, "c"), "c.histology = 'squamous' AND c.age_band = '70-79'");
  assert.equal(describeFilter(f), "histology = Squamous cell carcinoma, age band = 70-79");
  const [row] = await session.all(`SELECT count(*)::INTEGER AS n FROM cohort WHERE ${filterPredicate(f)}`);
  assert.equal(row!.n, 1);
  assert.deepEqual(filterFromParams(new URLSearchParams(filterToParams(f))), f);
  assert.equal(filterPredicate({ ...NO_FILTER, histology: "o'hara" }), "histology = 'o''hara'");
});

test("pathway links and ends", async () => {
  const links = await session.all(
    pathwayLinksSql({ depth: 3, key: "regimen_class", method: "default", where: "TRUE" }),
  );
  const byPair = Object.fromEntries(links.map((l) => [`${l.source} > ${l.target}`, l.patients]));
  assert.deepEqual(byPair, {
    "L1 chemotherapy > L2 immunotherapy": 3,
    "L1 chemotherapy > no further line": 1,
    "L2 immunotherapy > death": 1,
    "L2 immunotherapy > still on treatment": 1,
    "L2 immunotherapy > L3 chemotherapy": 1,
    "L3 chemotherapy > later lines": 1,
  });
  const squamous = await session.all(
    pathwayLinksSql({ depth: 3, key: "regimen_class", method: "default", where: "histology = 'squamous'" }),
  );
  assert.equal(squamous.length, 3);
});

test("pathways by regimen: nodes are the regimens of each line", async () => {
  const links = await session.all(
    pathwayLinksSql({ depth: 3, key: "regimen_label", method: "default", where: "TRUE", topRegimens: 1 }),
  );
  const nodes = new Set(links.flatMap((l) => [String(l.source), String(l.target)]));
  assert.ok(nodes.has("L1 a") && nodes.has("L2 b") && nodes.has("L3 c"));
  assert.equal(
    links.reduce((n, l) => n + (l.source === "L1 a" ? Number(l.patients) : 0), 0),
    4,
  );
});

test("top sequences with shares of treated patients", async () => {
  const rows = await session.all(
    topSequencesSql({ depth: 2, key: "regimen_class", method: "default", where: "TRUE" }, 10),
  );
  assert.deepEqual(rows[0], {
    sequence: "chemotherapy",
    ending: "no further line",
    patients: 1,
    share: 0.25,
    treated: 4,
  });
  assert.equal(rows.length, 4);
  const bySeq = rows.map((r) => `${r.sequence} | ${r.ending}`).sort();
  assert.deepEqual(bySeq, [
    "chemotherapy | no further line",
    "chemotherapy → immunotherapy | death",
    "chemotherapy → immunotherapy | later lines",
    "chemotherapy → immunotherapy | still on treatment",
  ]);
});

test("survival end points: TTNT, time on treatment, OS", async () => {
  const counts = async (endpoint: "ttnt" | "tot" | "os", grouping = { by: "line" as const, maxLine: 4 }) =>
    (await session.all(survivalCountsSql({ endpoint, grouping, method: "default", where: "TRUE" }))).map(
      (r) => `${r.group}:${r.time}:${r.events}/${r.censored}`,
    );
  const ttnt = await counts("ttnt");
  // P1 line 1: 2019-01-01 -> 2019-04-01 = 90 days (P2 too), events; P1 line 2: to death 2019-12-01 = 244, event.
  assert.ok(ttnt.includes("line 1:90:2/0"));
  assert.ok(ttnt.includes("line 2:244:1/0"));
  // P3 line 1: no next line, alive: censored at 2020-12-31 (730 days).
  assert.ok(ttnt.includes("line 1:730:0/1"));
  // P4 line 4 and more pooled as "line 4+".
  assert.ok(ttnt.some((s) => s.startsWith("line 4+:")));
  const tot = await counts("tot");
  // P2 line 2 ongoing: censored at the end of follow-up (2022-04-01 -> 2022-12-31 = 274 days).
  assert.ok(tot.includes("line 2:274:0/1"));
  assert.ok(tot.includes("line 1:31:2/0")); // P3 and P4 line 1 end after 31 days
  const os = await counts("os");
  // OS from line 1: P1 died 334 days after its start.
  assert.ok(os.includes("line 1:334:1/0"));
  const byClass = await session.all(
    survivalCountsSql({ endpoint: "os", grouping: { by: "regimen_class", line: 2 }, method: "default", where: "TRUE" }),
  );
  assert.deepEqual([...new Set(byClass.map((r) => r.group))], ["immunotherapy"]);
});
