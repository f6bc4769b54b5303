// The reader on hostile or unusual files (issue 16): each case named by table,
// row or form, never a crash, a wrong message or a whole row echoed.
import assert from "node:assert/strict";
import { symlink, writeFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import { openDataset, rejectionsQuery } from "../../../loaders/dataset/index.js";
import { sqlString } from "../../../loaders/duckdb/session.js";
import {
  csvText,
  expectDataError,
  minimalDataset,
  setCell,
  workspace,
  writeCsvDataset,
  writeCsvTable,
} from "./fixture.js";

async function problemsOf(change: (d: ReturnType<typeof minimalDataset>) => void) {
  const w = await workspace();
  try {
    const d = minimalDataset();
    change(d);
    await writeCsvDataset(w.dir, d);
    const ds = await openDataset(w.dir, w.session);
    const rows = await w.session.all(rejectionsQuery(ds));
    return {
      rows: rows.map((r) => [r.table_name, Number(r.source_row), r.column_name, r.reason, r.value]),
      ds,
      typed: async (sql: string) => w.session.all(sql),
    };
  } finally {
    await w.close();
  }
}

test("PHA_ACT_QSN = 2147483647 is a rejected row (out_of_range) naming table and row, not an INT32 crash", async () => {
  const { rows } = await problemsOf((d) => setCell(d, "ER_PHA_F", 1, "PHA_ACT_QSN", "2147483647"));
  assert.deepEqual(rows, [["ER_PHA_F", 2, "PHA_ACT_QSN", "out_of_range", "2147483647"]]);
  const big = await problemsOf((d) => setCell(d, "ER_PHA_F", 0, "PHA_ACT_QSN", "99999999999"));
  assert.deepEqual(big.rows, [["ER_PHA_F", 1, "PHA_ACT_QSN", "not_integer", "99999999999"]]);
});

test("a Windows-1252 byte in data row 50 is reported at its line, not as the header", async () => {
  const w = await workspace();
  try {
    const d = minimalDataset();
    await writeCsvDataset(w.dir, d);
    const table = d.ODH_DRUG_ADMIN!;
    for (let i = 0; i < 60; i++) table.rows.push(["P1", "2019-03-25", `pemetrexed ${i}`, null, null, null]);
    const text = csvText(table);
    const lines = text.split("\n");
    lines[50] = lines[50]!.replace("pemetrexed", "p\u00e9metrexed");
    // é as the single Windows-1252 byte 0xE9
    await writeFile(join(w.dir, "ODH_DRUG_ADMIN.csv"), Buffer.from(lines.join("\n"), "latin1"));
    const error = await expectDataError(openDataset(w.dir, w.session), /Line: 51/);
    assert.doesNotMatch(error.message, /header/);
    assert.match(error.message, /utf-8|unicode/i);
    assert.doesNotMatch(error.message, /metrexed 48/, "the row itself is not echoed");
  } finally {
    await w.close();
  }
});

test("CR-only line endings are a named fatal problem, not a duplicated column", async () => {
  const w = await workspace();
  try {
    await writeCsvDataset(w.dir, minimalDataset());
    await writeFile(join(w.dir, "ER_PHA_F.csv"), csvText(minimalDataset().ER_PHA_F!).replaceAll("\n", "\r"));
    await expectDataError(openDataset(w.dir, w.session), /lone carriage return/);
    // CRLF is fine
    await writeFile(join(w.dir, "ER_PHA_F.csv"), csvText(minimalDataset().ER_PHA_F!).replaceAll("\n", "\r\n"));
    const ds = await openDataset(w.dir, w.session);
    assert.equal(ds.tables.find((t) => t.physicalName === "ER_PHA_F")!.rowsValid, 2);
  } finally {
    await w.close();
  }
});

test("symlinked tables are followed (a required table and a nomenclature); a dangling link is listed", async () => {
  const w = await workspace();
  try {
    const d = minimalDataset();
    const elsewhere = join(w.dir, "elsewhere");
    await mkdir(elsewhere);
    const data = join(w.dir, "data");
    await mkdir(data);
    const { IR_BEN_R: ben, ...rest } = d;
    await writeCsvDataset(data, rest);
    await writeCsvTable(elsewhere, "IR_BEN_R.csv", ben!);
    await writeCsvTable(elsewhere, "IR_PHA_R.csv", {
      columns: ["PHA_CIP_C13", "PHA_ATC_C07", "PHA_MED_NOM"],
      rows: [["3400930000001", "L01EB04", "TAGRISSO 80MG"]],
    });
    await symlink(join(elsewhere, "IR_BEN_R.csv"), join(data, "IR_BEN_R.csv"));
    await symlink(join(elsewhere, "IR_PHA_R.csv"), join(data, "IR_PHA_R.csv"));
    await symlink(join(elsewhere, "nothing.csv"), join(data, "NU_UCD_R.csv"));
    const ds = await openDataset(data, w.session);
    const read = Object.fromEntries(ds.tables.map((t) => [t.physicalName, t.rowsValid]));
    assert.equal(read.IR_BEN_R, 2);
    assert.equal(read.IR_PHA_R, 1);
    assert.deepEqual(ds.ignoredFiles, [{ file: "NU_UCD_R.csv", reason: "a symbolic link to no file" }]);
  } finally {
    await w.close();
  }
});

test("Parquet DOUBLE integer columns: whole values read as integers, others rejected as not_integer", async () => {
  const w = await workspace();
  try {
    const d = minimalDataset();
    const { IR_BEN_R: _ben, ...rest } = d;
    await writeCsvDataset(w.dir, rest);
    await w.session.run(
      `COPY (SELECT 'P1' AS BEN_IDT_ANO, 'AAAAAAAAAAAAAAAA1' AS BEN_NIR_PSA, 1.0::DOUBLE AS BEN_RNG_GEM, ` +
        `1955.0::DOUBLE AS BEN_NAI_ANN, 1.0::DOUBLE AS BEN_SEX_COD, NULL::DATE AS BEN_DCD_DTE UNION ALL ` +
        `SELECT 'P2', 'BBBBBBBBBBBBBBBB2', 1.0, 1948.5, 2.0, DATE '2022-06-30') ` +
        `TO ${sqlString(join(w.dir, "IR_BEN_R.parquet"))} (FORMAT parquet)`,
    );
    const ds = await openDataset(w.dir, w.session);
    const rows = await w.session.all(rejectionsQuery(ds));
    assert.deepEqual(
      rows.map((r) => [r.table_name, Number(r.source_row), r.column_name, r.reason, r.value]),
      [["IR_BEN_R", 2, "BEN_NAI_ANN", "not_integer", "1948.5"]],
    );
    const typed = await w.session.all(`SELECT BEN_RNG_GEM, BEN_NAI_ANN, BEN_SEX_COD FROM ds_IR_BEN_R`);
    assert.deepEqual(typed, [{ BEN_RNG_GEM: 1, BEN_NAI_ANN: 1955, BEN_SEX_COD: 1 }]);
  } finally {
    await w.close();
  }
});

test("ODH_PATIENT sex m / f (lower case) reads as M / F: the patient is not dropped", async () => {
  const { rows, typed } = await (async () => {
    const w = await workspace();
    try {
      const d = minimalDataset();
      setCell(d, "ODH_PATIENT", 0, "sex", "m");
      setCell(d, "ODH_PATIENT", 1, "sex", "f");
      await writeCsvDataset(w.dir, d);
      const ds = await openDataset(w.dir, w.session);
      return {
        rows: await w.session.all(rejectionsQuery(ds)),
        typed: await w.session.all(`SELECT sex FROM ds_ODH_PATIENT ORDER BY __row`),
      };
    } finally {
      await w.close();
    }
  })();
  assert.deepEqual(rows, []);
  assert.deepEqual(typed, [{ sex: "M" }, { sex: "F" }]);
});

test("a 1 MB cell is not echoed: the rejection shows its first 200 characters and its length", async () => {
  const huge = "9".repeat(1024 * 1024);
  const { rows } = await problemsOf((d) => setCell(d, "ODH_DRUG_ADMIN", 0, "admin_date", huge));
  assert.equal(rows.length, 1);
  const [table, row, column, reason, value] = rows[0]!;
  assert.deepEqual([table, row, column, reason], ["ODH_DRUG_ADMIN", 1, "admin_date", "bad_date"]);
  assert.equal(value, `${"9".repeat(200)}... (${huge.length} characters)`);
});

test("a 20 MB cell (beyond the CSV reader's line size) is a fatal problem naming its line, without echoing it", async () => {
  const w = await workspace();
  try {
    const d = minimalDataset();
    setCell(d, "ODH_DRUG_ADMIN", 0, "drug_label", "X".repeat(20 * 1024 * 1024));
    await writeCsvDataset(w.dir, d);
    const error = await expectDataError(openDataset(w.dir, w.session), /Line: 2 Maximum line size/);
    assert.ok(error.message.length < 1000, `message of ${error.message.length} characters`);
  } finally {
    await w.close();
  }
});

test("a malformed CSV row is named by its line, and the row itself is not in the message", async () => {
  const w = await workspace();
  try {
    const d = minimalDataset();
    await writeCsvDataset(w.dir, d);
    const secret = "SECRETNIR12345678";
    const text = csvText(d.ODH_DRUG_ADMIN!) + `P1,2019-03-25,${secret},,,,extra\n`;
    await writeFile(join(w.dir, "ODH_DRUG_ADMIN.csv"), text);
    const error = await expectDataError(openDataset(w.dir, w.session), /Line: 4/);
    assert.doesNotMatch(error.message, new RegExp(secret));
  } finally {
    await w.close();
  }
});
