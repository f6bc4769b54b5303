// The prepared pathway and survival tables (computed once, whatever the filter)
// give exactly the rows of the reference SQL (computed from the patient-level
// tables for each filter), on a random cohort with the awkward cases: gaps and
// repeats in line numbers, missing regimen classes and labels, lines of
// patients outside the cohort, regimens pooled as "other", lines starting after
// the end of follow-up.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { openDuckSession, type DuckSession } from "../../../loaders/duckdb/session.js";
import { FILTER_DIMENSIONS, filterPredicate, NO_FILTER } from "../../../core/workspace/cohort-filter.js";
import {
  pathwayLinksSql,
  PATHWAY_COLUMNS,
  PATHWAY_DEPTHS,
  preparedFromAggregatesSql,
  preparedPathwayParts,
  preparedPathwayLinksSql,
  preparedPathwayTables,
  preparedTopSequencesSql,
  preparePathwaysSql,
  topSequencesSql,
  type PathwayKey,
} from "../../../core/workspace/pathways-sql.js";
import {
  aggregatedSurvivalCountsSql,
  ENDPOINTS,
  preparedSurvivalCountsSql,
  prepareSurvivalSql,
  SURVIVAL_COLUMNS,
  survivalAggregateSql,
  survivalCountsSql,
  type SurvivalGrouping,
} from "../../../core/workspace/survival-sql.js";

let session: DuckSession;

/** A small deterministic generator (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DIM_VALUES: Record<string, string[]> = {
  histology: ["squamous", "adenocarcinoma", "unknown"],
  biomarker_group: ["EGFR", "no driver", "untested"],
  period: ["2015-2017", "2018-2020"],
  age_band: ["<50", "60-69", "70-79"],
};
const CLASSES = ["chemotherapy", "immunotherapy", "targeted_egfr", "chemo_immuno", null];
const LABELS = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", null];

before(async () => {
  session = await openDuckSession();
  const rand = random(20261129);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const q = (v: string | null) => (v === null ? "NULL" : `'${v}'`);
  const day = (d: number) => q(new Date(Date.UTC(2018, 0, 1) + d * 86_400_000).toISOString().slice(0, 10));
  const cohort: string[] = [];
  const lines: string[] = [];
  for (let i = 0; i < 600; i++) {
    const id = `P${i}`;
    const last = 400 + Math.floor(rand() * 1400); // end of follow-up, days after 2018-01-01
    const dead = rand() < 0.4;
    const dims = FILTER_DIMENSIONS.map((d) => q(pick(DIM_VALUES[d]!))).join(", ");
    const contact = i % 13 === 0 ? "NULL" : day(last - (i % 90)); // last contact, at or before the end
    cohort.push(`(${q(id)}, ${dims}, ${dead ? day(last) : "NULL"}, ${day(last)}, ${contact})`);
    for (const method of ["default", "other"]) {
      const n = Math.floor(rand() * 7);
      let number = 0;
      let start = Math.floor(rand() * 300);
      for (let k = 0; k < n; k++) {
        number += rand() < 0.05 ? 2 : 1; // a gap now and then
        start += rand() < 0.05 ? 0 : Math.floor(rand() * 200); // now and then, two lines start the same day
        const cls = pick(CLASSES);
        const label = rand() < 0.1 ? null : pick(LABELS);
        const molecules = rand() < 0.03 ? null : pick(["x", "y", "z;w"]);
        const ends = [day(start + Math.floor(rand() * 150)), "NULL"];
        const end = rand() < 0.15 ? ends[1] : ends[0];
        const reason = pick(["new_drug", "gap", "end_of_data", "ongoing", "death", null]);
        const row = (e: string) =>
          `(${q(method)}, ${q(id)}, '${number}', ${day(start)}, ${q(cls)}, ${q(label)}, ${q(molecules)}, ${e}, ${q(reason)})`;
        lines.push(row(end!));
        if (rand() < 0.03) lines.push(row(day(start + 400))); // the same line number twice
      }
    }
  }
  lines.push("('default', 'OUTSIDE', '1', '2019-01-01', 'chemotherapy', 'a', 'x', NULL, NULL)");
  await session.run(`CREATE TABLE cohort AS
    SELECT * REPLACE (death_date::DATE AS death_date, follow_up_end::DATE AS follow_up_end, last_contact::DATE AS last_contact)
    FROM (VALUES ${cohort.join(",\n")}) t(patient_id, ${FILTER_DIMENSIONS.join(", ")}, death_date, follow_up_end, last_contact)`);
  await session.run(`CREATE TABLE lines AS
    SELECT * REPLACE (line_number::INTEGER AS line_number, start_date::DATE AS start_date, end_date::DATE AS end_date)
    FROM (VALUES ${lines.join(",\n")})
    t(method, patient_id, line_number, start_date, regimen_class, regimen_label, molecules, end_date, end_reason)`);
});
after(() => session?.close());

/** Every filter of one or two dimensions, and none. */
function filters(): string[] {
  const out = ["TRUE", "histology = 'nobody'"];
  for (const d of FILTER_DIMENSIONS) {
    for (const v of DIM_VALUES[d]!) out.push(filterPredicate({ ...NO_FILTER, [d]: v }));
  }
  out.push(filterPredicate({ ...NO_FILTER, histology: "squamous", age_band: "60-69" }));
  out.push(filterPredicate({ ...NO_FILTER, biomarker_group: "EGFR", period: "2018-2020" }));
  return out;
}

const plain = (rows: Record<string, unknown>[]) =>
  rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === "bigint" ? Number(v) : v])));

for (const key of ["regimen_class", "regimen_label"] as PathwayKey[]) {
  test(`prepared pathways equal the reference SQL (${key})`, async () => {
    let compared = 0;
    for (const method of ["default", "other"]) {
      for (const depth of [2, 3, 5]) {
        const name = `pw_test_${method}_${depth}`;
        for (const sql of preparePathwaysSql({ depth, key, method, name })) await session.run(sql);
        for (const where of filters()) {
          for (const topRegimens of key === "regimen_label" ? [1, 3] : [8]) {
            const o = { depth, key, method, where, topRegimens };
            const p = { key, name, where, topRegimens };
            const label = `${key} ${method} depth ${depth} top ${topRegimens} where ${where}`;
            const links = plain(await session.all(pathwayLinksSql(o)));
            assert.deepEqual(plain(await session.all(preparedPathwayLinksSql(p))), links, `links, ${label}`);
            const top = plain(await session.all(topSequencesSql(o, 15)));
            assert.deepEqual(plain(await session.all(preparedTopSequencesSql(p, 15))), top, `sequences, ${label}`);
            compared += links.length + top.length;
          }
        }
        for (const t of preparedPathwayTables({ key, name })) await session.run(`DROP TABLE ${t}`);
      }
    }
    assert.ok(compared > 1000, `compared ${compared} rows`);
  });
}

test("prepared survival counts equal the reference SQL", async () => {
  const groupings: SurvivalGrouping[] = [
    { by: "line", maxLine: 4 },
    { by: "line", maxLine: 2 },
    { by: "regimen_class", line: 1 },
    { by: "regimen_class", line: 2 },
  ];
  let compared = 0;
  for (const censoring of ["end_of_data", "last_contact"] as const)
    for (const method of ["default", "other"]) {
      const name = `survival_test_${method}_${censoring}`;
      await session.run(prepareSurvivalSql({ method, name, censoring }));
      for (const where of filters()) {
        for (const endpoint of ENDPOINTS) {
          for (const grouping of groupings) {
            const expected = plain(
              await session.all(survivalCountsSql({ endpoint, grouping, method, where, censoring })),
            );
            const got = plain(await session.all(preparedSurvivalCountsSql({ endpoint, grouping, name, where })));
            assert.deepEqual(
              got,
              expected,
              `${method} ${censoring} ${endpoint} ${JSON.stringify(grouping)} where ${where}`,
            );
            compared += expected.length;
          }
        }
      }
    }
  assert.ok(compared > 5000, `compared ${compared} rows`);
});

// Aggregated mode: the data loaders write the prepared tables of every method
// and depth with `method` and `depth` columns (loaders/workspace/aggregated-tables.ts),
// and the survival counts by filter dimensions; the pages rebuild the prepared
// tables from them, or add up the counts. Same rows as the reference.
for (const key of ["regimen_class", "regimen_label"] as PathwayKey[]) {
  test(`pathways from the aggregate tables equal the reference SQL (${key})`, async () => {
    const source = `agg_${key}`;
    const parts = preparedPathwayParts(key);
    for (const method of ["default", "other"]) {
      for (const depth of PATHWAY_DEPTHS) {
        for (const sql of preparePathwaysSql({ depth, key, method, name: "pw_agg_src" })) await session.run(sql);
        for (const part of parts) {
          const into = `${source}_${part}`;
          const select = `SELECT '${method}' AS method, ${depth} AS depth, * FROM pw_agg_src_${part}`;
          const first = method === "default" && depth === PATHWAY_DEPTHS[0];
          await session.run(first ? `CREATE OR REPLACE TABLE ${into} AS ${select}` : `INSERT INTO ${into} ${select}`);
        }
      }
    }
    let compared = 0;
    for (const method of ["default", "other"]) {
      for (const depth of [2, 5]) {
        const name = `pw_from_agg`;
        for (const sql of preparedFromAggregatesSql({ key, name, method, depth, source })) await session.run(sql);
        for (const where of filters()) {
          const o = { depth, key, method, where, topRegimens: 3 };
          const p = { key, name, where, topRegimens: 3 };
          const label = `${key} ${method} depth ${depth} where ${where}`;
          const links = plain(await session.all(pathwayLinksSql(o)));
          assert.deepEqual(plain(await session.all(preparedPathwayLinksSql(p))), links, `links, ${label}`);
          const top = plain(await session.all(topSequencesSql(o, 15)));
          assert.deepEqual(plain(await session.all(preparedTopSequencesSql(p, 15))), top, `sequences, ${label}`);
          compared += links.length + top.length;
        }
      }
    }
    assert.ok(compared > 500, `compared ${compared} rows`);
  });
}

test("survival counts from the aggregate tables equal the reference SQL", async () => {
  const groupings: SurvivalGrouping[] = [
    { by: "line", maxLine: 4 },
    { by: "line", maxLine: 2 },
    { by: "regimen_class", line: 1 },
    { by: "regimen_class", line: 3 },
  ];
  for (const endpoint of ENDPOINTS) {
    const table = `agg_survival_${endpoint}`;
    await session.run(`DROP TABLE IF EXISTS ${table}`);
    for (const method of ["default", "other"]) {
      await session.run(prepareSurvivalSql({ method, name: "survival_agg_src" }));
      const select = `SELECT '${method}' AS method, * FROM (${survivalAggregateSql({ prepared: "survival_agg_src", endpoint })})`;
      await session.run(method === "default" ? `CREATE TABLE ${table} AS ${select}` : `INSERT INTO ${table} ${select}`);
    }
  }
  const [{ rows, lines }] = (await session.all(
    "SELECT count(*)::INTEGER AS rows, sum(events + censored)::INTEGER AS lines FROM agg_survival_ttnt",
  )) as [{ rows: number; lines: number }];
  assert.ok(rows < lines, `the aggregate holds fewer rows (${rows}) than lines (${lines})`);
  let compared = 0;
  for (const method of ["default", "other"]) {
    for (const where of filters()) {
      for (const endpoint of ENDPOINTS) {
        for (const grouping of groupings) {
          const expected = plain(await session.all(survivalCountsSql({ endpoint, grouping, method, where })));
          const got = plain(
            await session.all(
              aggregatedSurvivalCountsSql({ table: `agg_survival_${endpoint}`, method, grouping, where }),
            ),
          );
          assert.deepEqual(got, expected, `${method} ${endpoint} ${JSON.stringify(grouping)} where ${where}`);
          compared += expected.length;
        }
      }
    }
  }
  assert.ok(compared > 5000, `compared ${compared} rows`);
});

test("the SQL reads only the columns the pages load", async () => {
  const slim = async (name: string, table: string, columns: readonly string[]) =>
    session.run(`CREATE OR REPLACE VIEW ${name} AS SELECT ${columns.join(", ")} FROM ${table}`);
  await slim("pathway_cohort", "cohort", PATHWAY_COLUMNS.cohort);
  await slim("pathway_lines", "lines", PATHWAY_COLUMNS.lines);
  for (const key of ["regimen_class", "regimen_label"] as PathwayKey[]) {
    const o = { depth: 3, key, method: "default", cohortTable: "pathway_cohort", linesTable: "pathway_lines" };
    for (const sql of preparePathwaysSql({ ...o, name: "pw_slim" })) await session.run(sql);
    await session.all(pathwayLinksSql({ ...o, where: "histology = 'squamous'" }));
    await session.all(topSequencesSql({ ...o, where: "histology = 'squamous'" }));
  }
  await slim("survival_cohort", "cohort", SURVIVAL_COLUMNS.cohort);
  await slim("survival_lines", "lines", SURVIVAL_COLUMNS.lines);
  const s = { method: "default", cohortTable: "survival_cohort", linesTable: "survival_lines" };
  await session.run(prepareSurvivalSql({ ...s, name: "survival_slim" }));
  await session.all(
    survivalCountsSql({ ...s, endpoint: "tot", grouping: { by: "line" }, where: "histology = 'squamous'" }),
  );
});

test("prepared tables refuse a name that is not an identifier", () => {
  assert.throws(() => preparePathwaysSql({ depth: 3, key: "regimen_class", method: "default", name: "x; DROP" }));
  assert.throws(() => prepareSurvivalSql({ method: "default", name: "x y" }));
});
