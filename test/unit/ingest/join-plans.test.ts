// Every statement of an ingestion is planned without a nested-loop join: a join
// whose keys DuckDB cannot hash (a constant condition on the kept side of a LEFT
// JOIN did it) compares every row with every row, which a small cohort hides and
// a national one pays for (130 s of 750 at 1M patients for one statement).
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { wrapStatements, type DuckSession } from "../../../loaders/duckdb/session.js";
import { ingestDataset } from "../../../loaders/ingest/ingest.js";
import { runSimulation } from "../../../loaders/simulate/run-simulation.js";

/** Plan operators that compare every pair of rows (or a sorted range of them) instead of hashing keys. */
const ROW_BY_ROW_JOINS = /\b(NESTED_LOOP_JOIN|BLOCKWISE_NL_JOIN|PIECEWISE_MERGE_JOIN|IE_JOIN|CROSS_PRODUCT)\b/g;

let root: string;
before(async () => {
  root = await mkdtemp(join(tmpdir(), "lotluca-join-plans-"));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Wraps the session so that every statement that reads tables is first EXPLAINed; collects the offenders. */
function collectRowByRowJoins(session: DuckSession, planned: string[], offenders: string[]): void {
  wrapStatements(session, async (sql, next, unwrapped) => {
    // DDL without a query (CREATE TABLE t (...), views, DROP, SET) has no join to plan
    if (/^\s*(CREATE OR REPLACE TABLE \S+ AS|CREATE TABLE \S+ AS|INSERT|COPY|SELECT|WITH)\b/i.test(sql)) {
      const plan = (await unwrapped.all(`EXPLAIN ${sql}`)).map((r) => String(r.explain_value)).join("\n");
      planned.push(sql);
      const joins = [...new Set(plan.match(ROW_BY_ROW_JOINS) ?? [])];
      if (joins.length > 0) offenders.push(`${joins.join(", ")}: ${sql.replace(/\s+/g, " ").slice(0, 300)}`);
    }
    return next();
  });
}

for (const contract of [1, 2] as const) {
  test(`contract v${contract}: no statement of the ingestion joins row by row`, async () => {
    const dir = join(root, `v${contract}`);
    // realistic: every table of the contract, MED and MEDATU bevacizumab, MED repeats (v2), outpatient visits
    await runSimulation({
      patients: 400,
      seed: 7,
      out: dir,
      format: "csv",
      profile: "realistic",
      contract,
      report: false,
      threads: 1,
    });
    const planned: string[] = [];
    const offenders: string[] = [];
    await ingestDataset(dir, join(dir, "work"), {
      threads: 1,
      memoryLimit: "512MB",
      instrument: (session) => collectRowByRowJoins(session, planned, offenders),
    });
    // the hook saw the ingestion's statements, among them the MEDATU merge with MED's bevacizumab
    assert.ok(planned.length > 100, `only ${planned.length} statements planned`);
    assert.ok(
      planned.some((sql) => sql.includes("T_MCOaaMEDATU") && sql.includes("med_date")),
      "the MEDATU / MED bevacizumab statement was not planned",
    );
    assert.deepEqual(offenders, []);
  });
}
