import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import { openDataset, tablesOf, typedUnionQuery } from "../../../loaders/dataset/index.js";
import { detectDelimiter, splitCsvLine } from "../../../loaders/dataset/csv-header.js";
import {
  csvText,
  expectDataError,
  minimalDataset,
  setCell,
  workspace,
  writeCsvDataset,
  writeParquetTable,
} from "./fixture.js";

test("splitCsvLine honours quotes and doubled quotes", () => {
  assert.deepEqual(splitCsvLine('a;"b;c";"d""e";', ";"), ["a", "b;c", 'd"e', ""]);
  assert.deepEqual(splitCsvLine("a,b", ";"), ["a,b"]);
});

test("detectDelimiter picks the split that names the contract columns, not the most frequent character", () => {
  assert.equal(detectDelimiter("A;B;C", ["A", "B", "C"]), ";");
  assert.equal(detectDelimiter("A,B,C", ["A", "B", "C"]), ",");
  // a comma inside a column name does not win over the real delimiter
  assert.equal(detectDelimiter("A;B;odd,name,x", ["A", "B"]), ";");
  assert.equal(detectDelimiter('"A";"B"', ["A", "B"]), ";");
});

test("a minimal valid CSV dataset loads with every row valid and typed columns", async () => {
  const w = await workspace();
  try {
    await writeCsvDataset(w.dir, minimalDataset());
    const ds = await openDataset(w.dir, w.session);
    assert.equal(ds.tables.length, 7);
    for (const t of ds.tables) {
      assert.equal(t.rowsRead, 2, t.physicalName);
      assert.equal(t.rowsValid, 2, t.physicalName);
      assert.equal(t.rowsRejected, 0, t.physicalName);
      assert.equal(t.delimiter, ",");
    }
    const types = await w.session.all(`DESCRIBE ds_IR_BEN_R`);
    assert.deepEqual(
      types.map((r) => [r.column_name, r.column_type]),
      [
        ["__row", "BIGINT"],
        ["__table", "VARCHAR"],
        ["__file", "VARCHAR"],
        ["BEN_IDT_ANO", "VARCHAR"],
        ["BEN_NIR_PSA", "VARCHAR"],
        ["BEN_RNG_GEM", "INTEGER"],
        ["BEN_NAI_ANN", "INTEGER"],
        ["BEN_SEX_COD", "INTEGER"],
        ["BEN_DCD_DTE", "DATE"],
      ],
    );
    const rows = await w.session.all(
      `SELECT __row::INT AS r, __file, BEN_IDT_ANO, BEN_NAI_ANN, CAST(BEN_DCD_DTE AS VARCHAR) AS dcd FROM ds_IR_BEN_R ORDER BY __row`,
    );
    assert.deepEqual(rows, [
      { r: 1, __file: "IR_BEN_R.csv", BEN_IDT_ANO: "P1", BEN_NAI_ANN: 1955, dcd: null },
      { r: 2, __file: "IR_BEN_R.csv", BEN_IDT_ANO: "P2", BEN_NAI_ANN: 1948, dcd: "2022-06-30" },
    ]);
    const pdl1 = await w.session.all(`SELECT typeof(pdl1_tps) AS t, pdl1_tps FROM ds_ODH_PATIENT WHERE __row = 1`);
    assert.deepEqual(pdl1, [{ t: "DOUBLE", pdl1_tps: 55 }]);
    // raw tables are dropped unless keepRaw
    const raw = await w.session.all(`SELECT count(*)::INT AS n FROM duckdb_tables() WHERE table_name LIKE 'ds_raw_%'`);
    assert.equal(raw[0]?.n, 0);
  } finally {
    await w.close();
  }
});

test("`;` delimiter, a BOM, quoted fields and DD/MM/YYYY dates are read", async () => {
  const w = await workspace();
  try {
    const d = minimalDataset();
    setCell(d, "ODH_DRUG_ADMIN", 0, "drug_label", 'KEYTRUDA; "200 mg"');
    setCell(d, "ODH_DRUG_ADMIN", 1, "admin_date", "25/03/2019");
    setCell(d, "IR_BEN_R", 1, "BEN_DCD_DTE", "30/06/2022");
    await writeCsvDataset(w.dir, d, { delimiter: ";", bom: true });
    const ds = await openDataset(w.dir, w.session);
    for (const t of ds.tables) {
      assert.equal(t.delimiter, ";");
      assert.equal(t.rowsRejected, 0, t.physicalName);
    }
    const admin = await w.session.all(
      `SELECT drug_label, CAST(admin_date AS VARCHAR) AS day FROM ds_ODH_DRUG_ADMIN ORDER BY __row`,
    );
    assert.deepEqual(admin, [
      { drug_label: 'KEYTRUDA; "200 mg"', day: "2019-03-04" },
      { drug_label: "pemetrexed 500mg/m2", day: "2019-03-25" },
    ]);
    // the BOM does not end up in the first column name
    const first = await w.session.all(`SELECT BEN_IDT_ANO FROM ds_IR_BEN_R WHERE __row = 2`);
    assert.deepEqual(first, [{ BEN_IDT_ANO: "P2" }]);
  } finally {
    await w.close();
  }
});

test("case-insensitive file names load under the contract name (t_mco19b.csv -> T_MCO19B)", async () => {
  const w = await workspace();
  try {
    const d = minimalDataset();
    const { T_MCO19B: b, ...rest } = d;
    await writeCsvDataset(w.dir, rest);
    await writeFile(join(w.dir, "t_mco19b.csv"), csvText(b!));
    const ds = await openDataset(w.dir, w.session);
    const [table] = tablesOf(ds, "T_MCOaaB");
    assert.equal(table?.physicalName, "T_MCO19B");
    assert.equal(table?.file, "t_mco19b.csv");
    assert.equal(table?.year, 2019);
    assert.equal(table?.rowsValid, 2);
  } finally {
    await w.close();
  }
});

test("Parquet input (all-text and typed columns) is read and validated like CSV", async () => {
  const w = await workspace();
  try {
    const d = minimalDataset();
    setCell(d, "ER_PHA_F", 1, "PHA_ACT_QSN", "two");
    const { ER_PHA_F: pha, IR_BEN_R: ben, ...rest } = d;
    await writeCsvDataset(w.dir, rest);
    await writeParquetTable(w.session, w.dir, "ER_PHA_F.parquet", pha!);
    // typed Parquet: integers, a date and a null, as a real extract would hold them
    await w.session.run(
      `COPY (SELECT * FROM (VALUES ('P1', 'AAAAAAAAAAAAAAAA1', 1, 1955, 1, NULL::DATE), ` +
        `('P2', 'BBBBBBBBBBBBBBBB2', 1, 1948, 2, DATE '2022-06-30'), ('P3', 'short', 1, 1950, 1, NULL::DATE)) ` +
        `AS t(BEN_IDT_ANO, BEN_NIR_PSA, BEN_RNG_GEM, BEN_NAI_ANN, BEN_SEX_COD, BEN_DCD_DTE)) ` +
        `TO '${join(w.dir, "ir_ben_r.parquet")}' (FORMAT parquet)`,
    );
    assert.ok(ben);
    const ds = await openDataset(w.dir, w.session);
    const phaTable = tablesOf(ds, "ER_PHA_F")[0]!;
    assert.equal(phaTable.format, "parquet");
    assert.deepEqual([phaTable.rowsRead, phaTable.rowsValid, phaTable.rowsRejected], [2, 1, 1]);
    const benTable = tablesOf(ds, "IR_BEN_R")[0]!;
    assert.deepEqual([benTable.rowsRead, benTable.rowsValid, benTable.rowsRejected], [3, 2, 1]);
    const rejections = await w.session.all(
      `SELECT table_name, source_row::INT AS r, column_name, reason, value FROM ${ds.rejectionsTable} ORDER BY table_name`,
    );
    assert.deepEqual(rejections, [
      { table_name: "ER_PHA_F", r: 2, column_name: "PHA_ACT_QSN", reason: "not_integer", value: "two" },
      { table_name: "IR_BEN_R", r: 3, column_name: "BEN_NIR_PSA", reason: "bad_length", value: "short" },
    ]);
    const death = await w.session.all(`SELECT CAST(BEN_DCD_DTE AS VARCHAR) AS d FROM ds_IR_BEN_R WHERE __row = 2`);
    assert.deepEqual(death, [{ d: "2022-06-30" }]);
  } finally {
    await w.close();
  }
});

test("a missing column is a DataError naming the file, the column and the expected columns", async () => {
  const w = await workspace();
  try {
    const d = minimalDataset();
    const pha = d.ER_PHA_F!;
    const drop = pha.columns.indexOf("PHA_PRS_C13");
    pha.columns.splice(drop, 1);
    for (const row of pha.rows) row.splice(drop, 1);
    await writeCsvDataset(w.dir, d);
    const error = await expectDataError(openDataset(w.dir, w.session), /required column PHA_PRS_C13 is missing/);
    assert.equal(error.location.column, "PHA_PRS_C13");
    assert.equal(error.location.table, "ER_PHA_F");
    assert.match(error.location.file ?? "", /ER_PHA_F\.csv$/);
    assert.match(error.expected ?? "", /^columns FLX_DIS_DTD, .*PHA_PRS_C13, PHA_ACT_QSN$/);
    assert.match(error.message, /ER_PHA_F\.csv/);
  } finally {
    await w.close();
  }
});

test("a column in the wrong case is missing, with a hint", async () => {
  const w = await workspace();
  try {
    const d = minimalDataset();
    d.ODH_PATIENT!.columns[0] = "PATIENT_ID";
    await writeCsvDataset(w.dir, d);
    await expectDataError(
      openDataset(w.dir, w.session),
      /required column patient_id is missing \(found "PATIENT_ID": column names are exact\)/,
    );
  } finally {
    await w.close();
  }
});

test("extra columns are tolerated, reported, and left out of the typed table", async () => {
  const w = await workspace();
  try {
    const d = minimalDataset();
    const pat = d.ODH_DRUG_ADMIN!;
    pat.columns.splice(2, 0, "comment");
    pat.rows[0]!.splice(2, 0, "first");
    pat.rows[1]!.splice(2, 0, null);
    await writeCsvDataset(w.dir, d);
    const ds = await openDataset(w.dir, w.session);
    assert.deepEqual(ds.extraColumns, [{ file: "ODH_DRUG_ADMIN.csv", table: "ODH_DRUG_ADMIN", column: "comment" }]);
    const t = tablesOf(ds, "ODH_DRUG_ADMIN")[0]!;
    assert.deepEqual(t.extraColumns, ["comment"]);
    assert.equal(t.rowsValid, 2);
    const columns = await w.session.all(`DESCRIBE ds_ODH_DRUG_ADMIN`);
    assert.ok(!columns.some((c) => c.column_name === "comment"));
    assert.deepEqual((await w.session.all(`SELECT drug_label FROM ds_ODH_DRUG_ADMIN WHERE __row = 2`))[0], {
      drug_label: "pemetrexed 500mg/m2",
    });
  } finally {
    await w.close();
  }
});

test("a column named twice in the header is a DataError", async () => {
  const w = await workspace();
  try {
    const d = minimalDataset();
    d.ODH_DRUG_ADMIN!.columns[3] = "atc";
    await writeCsvDataset(w.dir, d);
    await expectDataError(openDataset(w.dir, w.session), /column atc appears twice/);
  } finally {
    await w.close();
  }
});

test("a row with the wrong number of fields is a fatal DataError naming the file", async () => {
  const w = await workspace();
  try {
    await writeCsvDataset(w.dir, minimalDataset());
    await writeFile(
      join(w.dir, "ODH_DRUG_ADMIN.csv"),
      "patient_id,admin_date,drug_label,ucd7,atc,route\nP1,2019-03-04,X,,,IV\nP1,2019-03-05\n",
    );
    const error = await expectDataError(openDataset(w.dir, w.session), /cannot read the file/);
    assert.equal(error.location.table, "ODH_DRUG_ADMIN");
    assert.match(error.expected ?? "", /6 fields on every row/);
  } finally {
    await w.close();
  }
});

test("an empty file is a DataError asking for a header row", async () => {
  const w = await workspace();
  try {
    await writeCsvDataset(w.dir, minimalDataset());
    await writeFile(join(w.dir, "ER_PRS_F.csv"), "");
    await expectDataError(openDataset(w.dir, w.session), /the file is empty/);
  } finally {
    await w.close();
  }
});

test("a header-only file is a table of zero rows", async () => {
  const w = await workspace();
  try {
    const d = minimalDataset();
    d.ER_PHA_F!.rows = [];
    await writeCsvDataset(w.dir, d);
    const ds = await openDataset(w.dir, w.session);
    const t = tablesOf(ds, "ER_PHA_F")[0]!;
    assert.deepEqual([t.rowsRead, t.rowsValid, t.rowsRejected], [0, 0, 0]);
  } finally {
    await w.close();
  }
});

test("row numbers follow file order on a file large enough to be read in parallel", async () => {
  const w = await workspace();
  try {
    await writeCsvDataset(w.dir, minimalDataset());
    await w.session.run("SET threads = 2");
    const header = "patient_id,admin_date,drug_label,ucd7,atc,route";
    const body = Array.from({ length: 60_000 }, (_, i) => `P${i + 1},2019-03-04,drug ${i + 1},,,`).join("\n");
    await writeFile(join(w.dir, "ODH_DRUG_ADMIN.csv"), `${header}\n${body}\n`);
    const ds = await openDataset(w.dir, w.session, { keepRaw: true });
    assert.equal(tablesOf(ds, "ODH_DRUG_ADMIN")[0]?.rowsValid, 60_000);
    const mismatched = await w.session.all(
      `SELECT count(*)::INT AS n FROM ds_ODH_DRUG_ADMIN WHERE patient_id <> 'P' || __row`,
    );
    assert.equal(mismatched[0]?.n, 0);
    assert.equal(tablesOf(ds, "ODH_DRUG_ADMIN")[0]?.rawTable, "ds_raw_ODH_DRUG_ADMIN");
  } finally {
    await w.close();
  }
});

test("typedUnionQuery unions the years of a PMSI table with __year", async () => {
  const w = await workspace();
  try {
    const d = minimalDataset();
    await writeCsvDataset(w.dir, { ...d, T_MCO21B: d.T_MCO19B!, T_MCO21C: d.T_MCO19C! });
    const ds = await openDataset(w.dir, w.session);
    const query = typedUnionQuery(ds, "T_MCOaaC");
    assert.ok(query);
    const rows = await w.session.all(
      `SELECT __year, __table, count(*)::INT AS n FROM (${query}) GROUP BY ALL ORDER BY 1`,
    );
    assert.deepEqual(rows, [
      { __year: 2019, __table: "T_MCO19C", n: 2 },
      { __year: 2021, __table: "T_MCO21C", n: 2 },
    ]);
    assert.equal(typedUnionQuery(ds, "T_MCOaaMED"), undefined);
  } finally {
    await w.close();
  }
});
