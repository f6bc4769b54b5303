// Subgroup rules: the JavaScript and SQL versions agree on every combination.
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import {
  ageBandOf,
  ageBandSql,
  BIOMARKERS,
  biomarkerGroupOf,
  biomarkerGroupSql,
  periodOf,
  periodSql,
} from "../../../core/evaluation/subgroups.js";
import { dayOf, formatDay } from "../../../core/time/day.js";
import { openDuckSession, sqlString } from "../../../loaders/duckdb/session.js";

test("biomarker groups by hand", () => {
  assert.equal(biomarkerGroupOf({ egfr: "positive", alk: "positive" }), "EGFR");
  assert.equal(biomarkerGroupOf({ egfr: "negative", kras_g12c: "positive" }), "other driver");
  assert.equal(biomarkerGroupOf({ egfr: "negative", alk: "unknown" }), "no driver");
  assert.equal(biomarkerGroupOf({ egfr: "unknown" }), "untested");
  assert.equal(periodOf(dayOf(2018, 1, 1)), "2018-2020");
  assert.equal(periodOf(null), "no line");
  assert.equal(ageBandOf(80), "80+");
});

test("SQL and JavaScript rules agree (DuckDB)", async () => {
  const session = await openDuckSession();
  try {
    const status = fc.constantFrom("positive", "negative", "unknown", null);
    const samples = fc.sample(
      fc.record({
        markers: fc.tuple(...BIOMARKERS.map(() => status)),
        day: fc.option(fc.integer({ min: dayOf(2010, 1, 1), max: dayOf(2026, 12, 31) }), { nil: null }),
        age: fc.option(fc.integer({ min: 18, max: 100 }), { nil: null }),
      }),
      300,
    );
    for (const s of samples) {
      const markers = Object.fromEntries(BIOMARKERS.map((m, i) => [m, s.markers[i]]));
      const columns = BIOMARKERS.map(
        (m, i) => `${s.markers[i] === null ? "NULL::VARCHAR" : sqlString(s.markers[i]!)} AS ${m}`,
      );
      const date = s.day === null ? "NULL::DATE" : `DATE ${sqlString(formatDay(s.day))}`;
      const age = s.age === null ? "NULL::INTEGER" : String(s.age);
      const [row] = await session.all(
        `SELECT ${biomarkerGroupSql("t")} AS g, ${periodSql(date)} AS p, ${ageBandSql(age)} AS a FROM (SELECT ${columns.join(", ")}) t`,
      );
      assert.equal(row!.g, biomarkerGroupOf(markers), JSON.stringify(markers));
      assert.equal(row!.p, periodOf(s.day));
      assert.equal(row!.a, ageBandOf(s.age));
    }
  } finally {
    session.close();
  }
});
