import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import { tableSpec } from "../../../core/contract/tables.js";
import { openDataset, rejectionsQuery, tablesOf, type Dataset } from "../../../loaders/dataset/index.js";
import { expectedForm } from "../../../loaders/dataset/column-rules.js";
import type { DuckSession } from "../../../loaders/duckdb/session.js";
import { minimalDataset, setCell, workspace, writeCsvDataset, type FixtureDataset } from "./fixture.js";

const DATE_FORM = "date YYYY-MM-DD, DD/MM/YYYY, DDMMYYYY or 14NOV2017";

async function rejections(session: DuckSession, ds: Dataset, table?: string) {
  const rows = await session.all(rejectionsQuery(ds, table));
  return rows.map((r) => ({
    table: r.table_name,
    file: r.file,
    row: Number(r.source_row),
    column: r.column_name,
    reason: r.reason,
    value: r.value,
    expected: r.expected,
  }));
}

async function openWith(change: (d: FixtureDataset) => void, body: (s: DuckSession, ds: Dataset) => Promise<void>) {
  const w = await workspace();
  try {
    const d = minimalDataset();
    change(d);
    await writeCsvDataset(w.dir, d);
    await body(w.session, await openDataset(w.dir, w.session));
  } finally {
    await w.close();
  }
}

for (const bad of ["2021-02-30", "03/14/2021", "2021/01/01", "2021-1-5", "20210105", "31/04/2021", "yesterday"]) {
  test(`date ${JSON.stringify(bad)} is rejected as bad_date with the expected form`, () =>
    openWith(
      (d) => setCell(d, "ODH_DRUG_ADMIN", 1, "admin_date", bad),
      async (s, ds) => {
        assert.deepEqual(await rejections(s, ds), [
          {
            table: "ODH_DRUG_ADMIN",
            file: "ODH_DRUG_ADMIN.csv",
            row: 2,
            column: "admin_date",
            reason: "bad_date",
            value: bad,
            expected: `${DATE_FORM} (required)`,
          },
        ]);
        const t = tablesOf(ds, "ODH_DRUG_ADMIN")[0]!;
        assert.deepEqual([t.rowsRead, t.rowsValid, t.rowsRejected], [2, 1, 1]);
        const kept = await s.all(`SELECT __row::INT AS r FROM ds_ODH_DRUG_ADMIN`);
        assert.deepEqual(kept, [{ r: 1 }]);
      },
    ));
}

test("real dates in both forms are accepted, including 29/02 of a leap year", () =>
  openWith(
    (d) => {
      setCell(d, "ODH_DRUG_ADMIN", 0, "admin_date", "2020-02-29");
      setCell(d, "ODH_DRUG_ADMIN", 1, "admin_date", "29/02/2020");
    },
    async (s, ds) => {
      assert.deepEqual(await rejections(s, ds), []);
      const days = await s.all(`SELECT CAST(admin_date AS VARCHAR) AS d FROM ds_ODH_DRUG_ADMIN ORDER BY __row`);
      assert.deepEqual(days, [{ d: "2020-02-29" }, { d: "2020-02-29" }]);
    },
  ));

test("non-integers are rejected as not_integer (decimals, text, overflow)", () =>
  openWith(
    (d) => {
      setCell(d, "ER_PHA_F", 0, "PHA_ACT_QSN", "1.0");
      setCell(d, "ER_PHA_F", 1, "PHA_ACT_QSN", "99999999999");
      setCell(d, "ER_PRS_F", 0, "PRS_NAT_REF", "33 11");
      setCell(d, "ER_PRS_F", 1, "DPN_QLF", "x");
    },
    async (s, ds) => {
      const found = (await rejections(s, ds)).map((r) => [r.table, r.row, r.column, r.reason, r.value, r.expected]);
      assert.deepEqual(found, [
        ["ER_PHA_F", 1, "PHA_ACT_QSN", "not_integer", "1.0", "integer, between -99999 and 99999 (required)"],
        ["ER_PHA_F", 2, "PHA_ACT_QSN", "not_integer", "99999999999", "integer, between -99999 and 99999 (required)"],
        ["ER_PRS_F", 1, "PRS_NAT_REF", "not_integer", "33 11", "integer (required)"],
        ["ER_PRS_F", 2, "DPN_QLF", "not_integer", "x", "integer (required)"],
      ]);
    },
  ));

test("a negative integer is an integer (reversal lines)", () =>
  openWith(
    (d) => setCell(d, "ER_PHA_F", 0, "PHA_ACT_QSN", "-3"),
    async (s, ds) => {
      assert.deepEqual(await rejections(s, ds), []);
      assert.deepEqual(await s.all(`SELECT PHA_ACT_QSN FROM ds_ER_PHA_F WHERE __row = 1`), [{ PHA_ACT_QSN: -3 }]);
    },
  ));

test("values outside an enumeration are not_allowed, case-sensitively", () =>
  openWith(
    (d) => {
      setCell(d, "ODH_PATIENT", 0, "sex", "x");
      setCell(d, "ODH_PATIENT", 0, "histology", "adeno");
      setCell(d, "IR_BEN_R", 1, "BEN_SEX_COD", "3");
      setCell(d, "ODH_DRUG_ADMIN", 0, "route", "IM");
    },
    async (s, ds) => {
      const found = (await rejections(s, ds)).map((r) => [r.column, r.reason, r.value, r.expected]);
      assert.deepEqual(found, [
        ["BEN_SEX_COD", "not_allowed", "3", "integer, one of 1, 2, 0 or 9 = unknown (required)"],
        ["route", "not_allowed", "IM", "text, one of IV, PO, SC (or empty)"],
        ["sex", "not_allowed", "x", "text, one of M, F (any case) (or empty)"],
        [
          "histology",
          "not_allowed",
          "adeno",
          "text, one of adenocarcinoma, squamous, large_cell, nsclc_nos, other (or empty)",
        ],
      ]);
      // the two problems of ODH_PATIENT row 1 reject one row
      const t = tablesOf(ds, "ODH_PATIENT")[0]!;
      assert.deepEqual([t.rowsRead, t.rowsValid, t.rowsRejected], [2, 1, 1]);
    },
  ));

test("a NIR of the wrong length is bad_length", () =>
  openWith(
    (d) => {
      setCell(d, "IR_BEN_R", 0, "BEN_NIR_PSA", "AAAAAAAAAAAAAAAA");
      setCell(d, "T_MCO19C", 1, "NIR_ANO_17", "BBBBBBBBBBBBBBBB22");
    },
    async (s, ds) => {
      const found = (await rejections(s, ds)).map((r) => [r.table, r.row, r.column, r.reason, r.expected]);
      assert.deepEqual(found, [
        ["IR_BEN_R", 1, "BEN_NIR_PSA", "bad_length", "text, exactly 17 characters (required)"],
        ["T_MCO19C", 2, "NIR_ANO_17", "bad_length", "text, exactly 17 characters (required)"],
      ]);
    },
  ));

test("empty required cells are null_required; empty nullable cells are null", () =>
  openWith(
    (d) => {
      setCell(d, "ODH_DRUG_ADMIN", 0, "patient_id", null);
      setCell(d, "ODH_DRUG_ADMIN", 1, "drug_label", "   ");
    },
    async (s, ds) => {
      const found = (await rejections(s, ds)).map((r) => [r.row, r.column, r.reason, r.value]);
      assert.deepEqual(found, [
        [1, "patient_id", "null_required", null],
        [2, "drug_label", "null_required", "   "],
      ]);
      const patients = await s.all(`SELECT count(*)::INT AS n FROM ds_ODH_PATIENT WHERE stage_at_diagnosis IS NULL`);
      assert.deepEqual(patients, [{ n: 1 }]);
    },
  ));

test("numbers outside their range are out_of_range; numbers use a dot", () =>
  openWith(
    (d) => {
      setCell(d, "ODH_PATIENT", 0, "pdl1_tps", "101");
      setCell(d, "ODH_PATIENT", 0, "ecog", "5");
      setCell(d, "IR_BEN_R", 0, "BEN_NAI_ANN", "1850");
      setCell(d, "ODH_PATIENT", 1, "pdl1_tps", "12,5");
    },
    async (s, ds) => {
      const found = (await rejections(s, ds)).map((r) => [r.table, r.row, r.column, r.reason, r.expected]);
      assert.deepEqual(found, [
        ["IR_BEN_R", 1, "BEN_NAI_ANN", "out_of_range", "integer, between 1880 and 2030, 1600 = unknown (required)"],
        [
          "ODH_PATIENT",
          1,
          "pdl1_tps",
          "out_of_range",
          "number with a dot as decimal separator (e.g. 12.5), between 0 and 100 (or empty)",
        ],
        ["ODH_PATIENT", 1, "ecog", "out_of_range", "integer, between 0 and 4 (or empty)"],
        [
          "ODH_PATIENT",
          2,
          "pdl1_tps",
          "not_number",
          "number with a dot as decimal separator (e.g. 12.5), between 0 and 100 (or empty)",
        ],
      ]);
    },
  ));

test("surrounding spaces are trimmed before checking and in the typed value", () =>
  openWith(
    (d) => {
      setCell(d, "ODH_PATIENT", 0, "sex", " M ");
      setCell(d, "ODH_PATIENT", 0, "ecog", " 1");
      setCell(d, "ODH_DRUG_ADMIN", 0, "admin_date", "2019-03-04 ");
    },
    async (s, ds) => {
      assert.deepEqual(await rejections(s, ds), []);
      assert.deepEqual(await s.all(`SELECT sex, ecog FROM ds_ODH_PATIENT WHERE __row = 1`), [{ sex: "M", ecog: 1 }]);
    },
  ));

test("a row with several problems is rejected once and lists every problem", () =>
  openWith(
    (d) => {
      setCell(d, "IR_BEN_R", 1, "BEN_NIR_PSA", "short");
      setCell(d, "IR_BEN_R", 1, "BEN_RNG_GEM", "one");
      setCell(d, "IR_BEN_R", 1, "BEN_DCD_DTE", "2022-13-01");
    },
    async (s, ds) => {
      const found = (await rejections(s, ds)).map((r) => [r.row, r.column, r.reason]);
      assert.deepEqual(found, [
        [2, "BEN_NIR_PSA", "bad_length"],
        [2, "BEN_RNG_GEM", "not_integer"],
        [2, "BEN_DCD_DTE", "bad_date"],
      ]);
      const t = tablesOf(ds, "IR_BEN_R")[0]!;
      assert.deepEqual([t.rowsRead, t.rowsValid, t.rowsRejected], [2, 1, 1]);
    },
  ));

test("GOLD_LINES: optional columns may be absent (typed nulls), booleans are true/false or 1/0 only", async () => {
  const w = await workspace();
  try {
    await writeCsvDataset(w.dir, minimalDataset());
    await writeFile(
      join(w.dir, "GOLD_LINES.csv"),
      "patient_id,line_number,start_date,end_date,molecules,is_maintenance_phase_present\n" +
        "P1,1,2019-03-04,2019-09-01,carboplatin;pembrolizumab;pemetrexed,true\n" +
        "P1,2,2019-10-01,,docetaxel,false\n" +
        "P2,1,2019-05-01,,osimertinib,yes\n" +
        "P2,2,2019-08-01,,pemetrexed,1\n" +
        "P2,3,2019-11-01,,docetaxel,0\n",
    );
    const ds = await openDataset(w.dir, w.session);
    const gold = tablesOf(ds, "GOLD_LINES")[0]!;
    assert.deepEqual(gold.missingOptionalColumns, ["regimen_label", "end_reason", "confidence"]);
    assert.deepEqual([gold.rowsRead, gold.rowsValid, gold.rowsRejected], [5, 4, 1]);
    const rows = await w.session.all(
      `SELECT molecules, is_maintenance_phase_present AS m, typeof(confidence) AS tc, confidence FROM ds_GOLD_LINES ORDER BY __row`,
    );
    assert.deepEqual(rows, [
      { molecules: "carboplatin;pembrolizumab;pemetrexed", m: true, tc: "DOUBLE", confidence: null },
      { molecules: "docetaxel", m: false, tc: "DOUBLE", confidence: null },
      { molecules: "pemetrexed", m: true, tc: "DOUBLE", confidence: null },
      { molecules: "docetaxel", m: false, tc: "DOUBLE", confidence: null },
    ]);
    const found = (await rejections(w.session, ds)).map((r) => [r.row, r.column, r.reason, r.value, r.expected]);
    assert.deepEqual(found, [
      [3, "is_maintenance_phase_present", "not_boolean", "yes", "true or false (or 1 or 0) (or empty)"],
    ]);
  } finally {
    await w.close();
  }
});

test("expectedForm describes every contract column's rule", () => {
  const ben = tableSpec("IR_BEN_R");
  assert.deepEqual(
    ben.columns.map((c) => expectedForm(c)),
    [
      "text (required)",
      "text, exactly 17 characters (required)",
      "integer, between 0 and 99 (required)",
      "integer, between 1880 and 2030, 1600 = unknown (required)",
      "integer, one of 1, 2, 0 or 9 = unknown (required)",
      `${DATE_FORM} (or empty)`,
    ],
  );
});
