// The dataset reader on the value forms of contract v2 (section 1 and 6): each
// accepted form, the SNDS missing date, and what stays a rejected row.
import assert from "node:assert/strict";
import { test } from "node:test";
import { openDataset, rejectionsQuery, tablesOf, type Dataset } from "../../../loaders/dataset/index.js";
import type { DuckSession } from "../../../loaders/duckdb/session.js";
import { sqlString } from "../../../loaders/duckdb/session.js";
import { minimalDataset, setCell, workspace, writeCsvDataset, type FixtureDataset } from "./fixture.js";

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

async function problems(s: DuckSession, ds: Dataset) {
  const rows = await s.all(rejectionsQuery(ds));
  return rows.map((r) => [r.table_name, Number(r.source_row), r.column_name, r.reason, r.value]);
}

const text = async (s: DuckSession, sql: string) =>
  (await s.all(sql)).map((r) => Object.values(r).map((v) => (v === null ? null : String(v))));

/** The ODH_DRUG_ADMIN admin_date (row 1) and EXE_SOI_DTD of ER_PRS_F (row 1) as read from `form`. */
for (const [form, iso] of [
  ["2017-11-14", "2017-11-14"],
  ["14/11/2017", "2017-11-14"],
  ["14112017", "2017-11-14"],
  ["14NOV2017", "2017-11-14"],
  ["14nov2017", "2017-11-14"],
  ["14NOV2017:00:00:00", "2017-11-14"],
  ["01Jan2017:0:0:0", "2017-01-01"],
  ["1jan2017:00:00:00.000", "2017-01-01"],
  ["29FEB2020", "2020-02-29"],
  ["2017-11-14 00:00:00", "2017-11-14"],
  ["2017-11-14T00:00:00.000", "2017-11-14"],
] as const) {
  test(`date form ${JSON.stringify(form)} reads as ${iso}`, () =>
    openWith(
      (d) => {
        setCell(d, "ER_PRS_F", 0, "EXE_SOI_DTD", form);
        setCell(d, "ODH_DRUG_ADMIN", 0, "admin_date", form);
      },
      async (s, ds) => {
        assert.deepEqual(await problems(s, ds), []);
        assert.deepEqual(await text(s, `SELECT strftime(EXE_SOI_DTD, '%Y-%m-%d') FROM ds_ER_PRS_F WHERE __row = 1`), [
          [iso],
        ]);
        assert.deepEqual(
          await text(s, `SELECT strftime(admin_date, '%Y-%m-%d') FROM ds_ODH_DRUG_ADMIN WHERE __row = 1`),
          [[iso]],
        );
      },
    ));
}

for (const [form, reason] of [
  ["14NOV2017:10:30:00", "not_midnight"],
  ["2017-11-14 00:00:01", "not_midnight"],
  ["14NOV2017:00:00:00.5", "not_midnight"],
  ["31NOV2017", "bad_date"],
  ["14NOB2017", "bad_date"],
  ["14 NOV 2017", "bad_date"],
  ["31042017", "bad_date"],
  ["2017-11-14T12:00", "bad_date"],
  ["14NOV17", "bad_date"],
] as const) {
  test(`date ${JSON.stringify(form)} is a rejected row (${reason}), never a guess`, () =>
    openWith(
      (d) => setCell(d, "ER_PRS_F", 0, "EXE_SOI_DTD", form),
      async (s, ds) => {
        assert.deepEqual(await problems(s, ds), [["ER_PRS_F", 1, "EXE_SOI_DTD", reason, form]]);
        const t = tablesOf(ds, "ER_PRS_F")[0]!;
        assert.deepEqual([t.rowsValid, t.rowsRejected], [1, 1]);
      },
    ));
}

for (const missing of [
  "1600-01-01",
  "01/01/1600",
  "01011600",
  "01JAN1600",
  "01jan1600:00:00:00",
  "1600-01-01 00:00:00",
]) {
  test(`${JSON.stringify(missing)} is the SNDS missing date: null where allowed (alive), missing_date where required`, () =>
    openWith(
      (d) => {
        setCell(d, "IR_BEN_R", 0, "BEN_DCD_DTE", missing);
        setCell(d, "ER_PRS_F", 0, "EXE_SOI_DTD", missing);
      },
      async (s, ds) => {
        // BEN_DCD_DTE is nullable: 1600-01-01 = alive, the row is valid with a null death date
        assert.deepEqual(await problems(s, ds), [["ER_PRS_F", 1, "EXE_SOI_DTD", "missing_date", missing]]);
        assert.deepEqual(await text(s, `SELECT BEN_DCD_DTE FROM ds_IR_BEN_R WHERE __row = 1`), [[null]]);
      },
    ));
}

test("birth year 1600 and sex 0 or 9 are unknown (null), not rejected; other values still are", () =>
  openWith(
    (d) => {
      setCell(d, "IR_BEN_R", 0, "BEN_NAI_ANN", "1600");
      setCell(d, "IR_BEN_R", 0, "BEN_SEX_COD", "0");
      setCell(d, "IR_BEN_R", 1, "BEN_SEX_COD", "9");
    },
    async (s, ds) => {
      assert.deepEqual(await problems(s, ds), []);
      assert.deepEqual(await text(s, `SELECT BEN_NAI_ANN, BEN_SEX_COD FROM ds_IR_BEN_R ORDER BY __row`), [
        [null, null],
        ["1948", null],
      ]);
    },
  ));

test("birth year 1601 is out of range and sex 3 not allowed: rejected with their reason", () =>
  openWith(
    (d) => {
      setCell(d, "IR_BEN_R", 0, "BEN_NAI_ANN", "1601");
      setCell(d, "IR_BEN_R", 1, "BEN_SEX_COD", "3");
    },
    async (s, ds) => {
      assert.deepEqual(await problems(s, ds), [
        ["IR_BEN_R", 1, "BEN_NAI_ANN", "out_of_range", "1601"],
        ["IR_BEN_R", 2, "BEN_SEX_COD", "not_allowed", "3"],
      ]);
    },
  ));

const UCD_COLUMNS = ["ETA_NUM", "RSA_NUM", "UCD_UCD_COD", "ADM_NBR"];

test("UCD codes on 13 or 7 characters read as the 13-character code; other lengths are bad_length", () =>
  openWith(
    (d) => {
      d.T_MCO19MED = {
        columns: [...UCD_COLUMNS, "DELAI"],
        rows: [
          ["750000001", "0001", "0000009261104", "1", "0"],
          ["750000001", "0001", "9261104", "1", "0"],
          ["750000001", "0001", "926110", "1", "0"],
        ],
      };
    },
    async (s, ds) => {
      assert.deepEqual(await problems(s, ds), [["T_MCO19MED", 3, "UCD_UCD_COD", "bad_length", "926110"]]);
      assert.deepEqual(await text(s, `SELECT UCD_UCD_COD FROM ds_T_MCO19MED ORDER BY __row`), [
        ["0000009261104"],
        ["0000009261104"],
      ]);
    },
  ));

test("T_MCOaaMEDATU: the delay is DAT_DELAI, and DELAI (v1) is read as DAT_DELAI", async () => {
  for (const delay of ["DAT_DELAI", "DELAI"]) {
    await openWith(
      (d) => {
        d.T_MCO19MEDATU = { columns: [...UCD_COLUMNS, delay], rows: [["750000001", "0001", "9261104", "1", "3"]] };
      },
      async (s, ds) => {
        assert.deepEqual(await problems(s, ds), []);
        assert.deepEqual(tablesOf(ds, "T_MCOaaMEDATU")[0]!.extraColumns, []);
        assert.deepEqual(await text(s, `SELECT DAT_DELAI, SEJ_NBR, ADM_ANN, ACH_PRI_ADM FROM ds_T_MCO19MEDATU`), [
          ["3", null, null, null],
        ]);
      },
    );
  }
});

test("T_MCOaaMED without DELAI is still a missing column (DAT_DELAI is MEDATU's name only)", async () => {
  const w = await workspace();
  try {
    const d = minimalDataset();
    d.T_MCO19MED = { columns: [...UCD_COLUMNS, "DAT_DELAI"], rows: [["750000001", "0001", "9261104", "1", "3"]] };
    await writeCsvDataset(w.dir, d);
    await assert.rejects(openDataset(w.dir, w.session), /required column DELAI is missing/);
  } finally {
    await w.close();
  }
});

test("the v2 optional columns are read when present and typed nulls when absent", () =>
  openWith(
    (d) => {
      const prs = d.ER_PRS_F!;
      prs.columns.push("PRS_DPN_QLP", "CPL_MAJ_TOP", "BEN_CDI_NIR", "PRS_PAI_MNT");
      prs.rows[0]!.push("71", "2", "03", "12.5");
      prs.rows[1]!.push(null, null, null, null);
      d.T_MCO19B!.columns.push("SEJ_TYP");
      d.T_MCO19B!.rows.forEach((r, i) => r.push(i === 0 ? "B" : null));
      d.T_MCO19MED = {
        columns: [...UCD_COLUMNS, "DELAI", "NBR_SEJ", "ADM_MOIS", "DAT_ADM_ANN", "COD_LES", "ADM_NBR_PRI"],
        rows: [["750000001", "0001", "9261104", "0.5", "0", "2", "11", "2019", "L01", "1200.40"]],
      };
    },
    async (s, ds) => {
      assert.deepEqual(await problems(s, ds), []);
      assert.deepEqual(
        await text(s, `SELECT PRS_DPN_QLP, CPL_MAJ_TOP, BEN_CDI_NIR, PRS_PAI_MNT FROM ds_ER_PRS_F ORDER BY __row`),
        [
          ["71", "2", "03", "12.5"],
          [null, null, null, null],
        ],
      );
      assert.deepEqual(await text(s, `SELECT SEJ_TYP FROM ds_T_MCO19B ORDER BY __row`), [["B"], [null]]);
      assert.deepEqual(
        await text(s, `SELECT NBR_SEJ, ADM_MOIS, DAT_ADM_ANN, COD_LES, ADM_NBR_PRI FROM ds_T_MCO19MED`),
        [["2", "11", "2019", "L01", "1200.4"]],
      );
      // absent from T_MCO19C: COH_NAI_RET, COH_SEX_RET are typed nulls
      assert.deepEqual(await text(s, `SELECT DISTINCT COH_NAI_RET, COH_SEX_RET FROM ds_T_MCO19C`), [[null, null]]);
    },
  ));

test("the v2 tables ER_ETE_F, T_MCOaaFH (COD_UCD alias), T_MCOaaCSTC, T_MCOaaFHSTC are read", () =>
  openWith(
    (d) => {
      const keys = d.ER_PHA_F!.columns.slice(0, 9);
      d.ER_ETE_F = {
        columns: [...keys, "ETE_IND_TAA", "PRS_PPU_SEC", "ETB_EXE_FIN"],
        rows: [[...d.ER_PHA_F!.rows[0]!.slice(0, 9), "1", "1", "750000001"]],
      };
      d.T_MCO19FH = {
        columns: ["ETA_NUM", "RSA_NUM", "COD_UCD", "QUA_COD", "DEL_DAT_ENT", "COE_TAU", "FAC_TOT"],
        rows: [["920000001", "0002", "9409535", "2", "0", "1", "5400"]],
      };
      d.T_MCO19CSTC = {
        columns: [
          "ETA_NUM",
          "SEQ_NUM",
          "NIR_ANO_17",
          "EXE_SOI_DTD",
          "EXE_SOI_DTF",
          "NIR_RET",
          "NAI_RET",
          "SEX_RET",
          "IAS_RET",
          "ENT_DAT_RET",
        ],
        rows: [["750000001", "S1", "AAAAAAAAAAAAAAAA1", "14032019", "14032019", "0", "0", "0", "0", "0"]],
      };
      d.T_MCO19FHSTC = {
        columns: ["ETA_NUM", "SEQ_NUM", "UCD_UCD_COD", "QUA", "DEL_DAT_ENT", "FRACT_COE"],
        rows: [["750000001", "S1", null, "0", "0", "1"]],
      };
    },
    async (s, ds) => {
      assert.deepEqual(await problems(s, ds), []);
      assert.deepEqual(
        ds.tables.filter((t) => t.rowsValid === 1).map((t) => t.logicalName),
        ["ER_ETE_F", "T_MCOaaFH", "T_MCOaaCSTC", "T_MCOaaFHSTC"],
      );
      assert.deepEqual(await text(s, `SELECT UCD_UCD_COD, QUA_COD, FAC_TOT FROM ds_T_MCO19FH`), [
        ["0000009409535", "2", "5400"],
      ]);
      assert.deepEqual(await text(s, `SELECT strftime(EXE_SOI_DTD, '%Y-%m-%d') FROM ds_T_MCO19CSTC`), [["2019-03-14"]]);
      assert.deepEqual(await text(s, `SELECT UCD_UCD_COD, QUA, FAC_MNT FROM ds_T_MCO19FHSTC`), [[null, "0", null]]);
    },
  ));

test("Parquet DATE, TIMESTAMP (midnight) and integer columns: dates, integer UCDs without leading zeros", async () => {
  const w = await workspace();
  try {
    const d = minimalDataset();
    await writeCsvDataset(w.dir, d);
    const file = (name: string) => sqlString(`${w.dir}/${name}`);
    // ER_PRS_F as Parquet with typed columns: DATE, TIMESTAMP and integers
    await w.session.run(
      `COPY (SELECT DATE '2021-02-01' AS FLX_DIS_DTD, TIMESTAMP '2021-02-03 00:00:00' AS FLX_TRT_DTD, 1 AS FLX_EMT_TYP, ` +
        `10 AS FLX_EMT_NUM, 0 AS FLX_EMT_ORD, '01C' AS ORG_CLE_NUM, 0 AS DCT_ORD_NUM, 1 AS PRS_ORD_NUM, 0 AS REM_TYP_AFF, ` +
        `'AAAAAAAAAAAAAAAA1' AS BEN_NIR_PSA, 1 AS BEN_RNG_GEM, TIMESTAMP '2021-01-28 00:00:00' AS EXE_SOI_DTD, ` +
        `3311 AS PRS_NAT_REF, 0 AS DPN_QLF UNION ALL ` +
        `SELECT DATE '2021-02-01', TIMESTAMP '2021-02-03 00:00:00', 1, 11, 0, '01C', 0, 1, 0, 'BBBBBBBBBBBBBBBB2', 1, ` +
        `TIMESTAMP '2021-01-29 13:00:00', 3311, 0) TO ${file("ER_PRS_F.parquet")} (FORMAT parquet)`,
    );
    await w.session.run(
      `COPY (SELECT '750000001' AS ETA_NUM, '0001' AS RSA_NUM, 9261104::BIGINT AS UCD_UCD_COD, 1.0 AS ADM_NBR, ` +
        `0 AS DELAI UNION ALL SELECT '750000001', '0001', 12345::INTEGER, 1.0, 0) ` +
        `TO ${file("T_MCO19MED.parquet")} (FORMAT parquet)`,
    );
    const { rm } = await import("node:fs/promises");
    await rm(`${w.dir}/ER_PRS_F.csv`);
    const ds = await openDataset(w.dir, w.session);
    assert.deepEqual(await problems(w.session, ds), [
      ["ER_PRS_F", 2, "EXE_SOI_DTD", "not_midnight", "2021-01-29 13:00:00"],
    ]);
    assert.deepEqual(
      await text(
        w.session,
        `SELECT strftime(FLX_DIS_DTD, '%Y-%m-%d'), strftime(FLX_TRT_DTD, '%Y-%m-%d'), strftime(EXE_SOI_DTD, '%Y-%m-%d'), ` +
          `FLX_EMT_NUM FROM ds_ER_PRS_F`,
      ),
      [["2021-02-01", "2021-02-03", "2021-01-28", "10"]],
    );
    assert.deepEqual(await text(w.session, `SELECT UCD_UCD_COD FROM ds_T_MCO19MED ORDER BY __row`), [
      ["0000009261104"],
      ["0000000012345"],
    ]);
  } finally {
    await w.close();
  }
});
