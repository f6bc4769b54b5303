import assert from "node:assert/strict";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import { discoverDataset } from "../../../loaders/dataset/index.js";
import { csvText, expectDataError, minimalDataset, workspace, writeCsvDataset, writeParquetTable } from "./fixture.js";

test("a minimal dataset is recognised, in contract order, with its PMSI year", async () => {
  const w = await workspace();
  try {
    await writeCsvDataset(w.dir, minimalDataset());
    const listing = await discoverDataset(w.dir);
    assert.deepEqual(
      listing.files.map((f) => f.physicalName),
      ["IR_BEN_R", "ER_PRS_F", "ER_PHA_F", "T_MCO19B", "T_MCO19C", "ODH_PATIENT", "ODH_DRUG_ADMIN"],
    );
    assert.deepEqual(listing.pmsiYears, [2019]);
    const b = listing.files.find((f) => f.physicalName === "T_MCO19B");
    assert.equal(b?.logicalName, "T_MCOaaB");
    assert.equal(b?.year, 2019);
    assert.deepEqual(listing.ignored, []);
  } finally {
    await w.close();
  }
});

test("file names are case-insensitive (t_mco19b.csv, Ir_Ben_R.CSV)", async () => {
  const w = await workspace();
  try {
    const d = minimalDataset();
    await writeCsvDataset(w.dir, d);
    await rm(join(w.dir, "T_MCO19B.csv"));
    await rm(join(w.dir, "IR_BEN_R.csv"));
    await writeFile(join(w.dir, "t_mco19b.csv"), csvText(d.T_MCO19B!));
    await writeFile(join(w.dir, "Ir_Ben_R.CSV"), csvText(d.IR_BEN_R!));
    const listing = await discoverDataset(w.dir);
    const b = listing.files.find((f) => f.physicalName === "T_MCO19B");
    assert.equal(b?.file, "t_mco19b.csv");
    assert.equal(listing.files.find((f) => f.physicalName === "IR_BEN_R")?.file, "Ir_Ben_R.CSV");
  } finally {
    await w.close();
  }
});

test("unknown files and folders are listed as ignored, not an error", async () => {
  const w = await workspace();
  try {
    await writeCsvDataset(w.dir, minimalDataset());
    await writeFile(join(w.dir, "notes.txt"), "x");
    await writeFile(join(w.dir, "OTHER_TABLE.csv"), "a,b\n");
    await writeFile(join(w.dir, "T_MCO2019B.csv"), "a,b\n");
    await mkdir(join(w.dir, "sub"));
    const listing = await discoverDataset(w.dir);
    assert.deepEqual(
      listing.ignored.map((i) => i.file),
      ["notes.txt", "OTHER_TABLE.csv", "sub", "T_MCO2019B.csv"],
    );
    assert.match(listing.ignored[0]!.reason, /not a \.csv or \.parquet/);
    assert.match(listing.ignored[1]!.reason, /not a table of the data contract/);
  } finally {
    await w.close();
  }
});

test("a missing folder is a DataError", async () => {
  await expectDataError(discoverDataset("/nonexistent/lotluca/dataset"), /dataset folder not found/);
});

for (const name of ["IR_BEN_R", "ER_PRS_F", "ER_PHA_F", "ODH_PATIENT", "ODH_DRUG_ADMIN"]) {
  test(`a missing required table ${name} is a DataError naming it`, async () => {
    const w = await workspace();
    try {
      const d = minimalDataset();
      delete d[name];
      await writeCsvDataset(w.dir, d);
      const error = await expectDataError(discoverDataset(w.dir), new RegExp(`required table ${name} is missing`));
      assert.equal(error.location.table, name);
      assert.match(error.expected ?? "", new RegExp(`${name}\\.csv or ${name}\\.parquet`));
    } finally {
      await w.close();
    }
  });
}

test("a PMSI year with T_MCOaaB but no T_MCOaaC is a DataError naming T_MCO19C", async () => {
  const w = await workspace();
  try {
    const d = minimalDataset();
    delete d.T_MCO19C;
    await writeCsvDataset(w.dir, d);
    const error = await expectDataError(
      discoverDataset(w.dir),
      /required table T_MCO19C is missing for PMSI year 2019/,
    );
    assert.equal(error.location.table, "T_MCO19C");
  } finally {
    await w.close();
  }
});

test("an optional PMSI table makes its year present: T_MCO20MED alone requires T_MCO20B and T_MCO20C", async () => {
  const w = await workspace();
  try {
    await writeCsvDataset(w.dir, minimalDataset());
    await writeFile(join(w.dir, "T_MCO20MED.csv"), "ETA_NUM,RSA_NUM,UCD_UCD_COD,ADM_NBR,DELAI\n");
    await expectDataError(discoverDataset(w.dir), /required table T_MCO20B is missing for PMSI year 2020/);
  } finally {
    await w.close();
  }
});

test("zero PMSI years is a DataError", async () => {
  const w = await workspace();
  try {
    const d = minimalDataset();
    delete d.T_MCO19B;
    delete d.T_MCO19C;
    await writeCsvDataset(w.dir, d);
    await expectDataError(discoverDataset(w.dir), /no PMSI year/);
  } finally {
    await w.close();
  }
});

test("several PMSI years are listed in order", async () => {
  const w = await workspace();
  try {
    const d = minimalDataset();
    await writeCsvDataset(w.dir, { ...d, T_MCO21B: d.T_MCO19B!, T_MCO21C: d.T_MCO19C! });
    const listing = await discoverDataset(w.dir);
    assert.deepEqual(listing.pmsiYears, [2019, 2021]);
    assert.deepEqual(
      listing.files.filter((f) => f.year !== undefined).map((f) => f.physicalName),
      ["T_MCO19B", "T_MCO21B", "T_MCO19C", "T_MCO21C"],
    );
  } finally {
    await w.close();
  }
});

test("the same table as CSV and Parquet is a DataError naming both files", async () => {
  const w = await workspace();
  try {
    const d = minimalDataset();
    await writeCsvDataset(w.dir, d);
    await writeParquetTable(w.session, w.dir, "ER_PHA_F.parquet", d.ER_PHA_F!);
    const error = await expectDataError(
      discoverDataset(w.dir),
      /ER_PHA_F is present twice: ER_PHA_F\.csv and ER_PHA_F\.parquet/,
    );
    assert.equal(error.location.table, "ER_PHA_F");
  } finally {
    await w.close();
  }
});

test("two case variants of a table name are a DataError", async () => {
  const w = await workspace();
  try {
    const d = minimalDataset();
    await writeCsvDataset(w.dir, d);
    await writeFile(join(w.dir, "t_mco19b.csv"), csvText(d.T_MCO19B!));
    await expectDataError(discoverDataset(w.dir), /T_MCO19B is present twice/);
  } finally {
    await w.close();
  }
});
