/**
 * The one-pass reading (read-validated.ts, the default) against the two-step
 * path kept for `keepRaw` (raw table, then validation): same rows read, valid
 * and rejected, same typed rows with the same row numbers, same rejections, on
 * simulated datasets (CSV with rejected cells added, and Parquet) and on
 * Parquet cells stored as DATE, TIMESTAMP and integers, whose values the one-pass
 * reading types without their text.
 */
import assert from "node:assert/strict";
import { appendFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import { openDataset, type Dataset } from "../../../loaders/dataset/index.js";
import { sqlIdentifier, sqlString, type DuckSession } from "../../../loaders/duckdb/session.js";
import { runSimulation } from "../../../loaders/simulate/run-simulation.js";
import { minimalDataset, workspace, writeCsvDataset } from "./fixture.js";

/** Every typed row (as text, in row order) and every rejection of `dataset`. */
async function contents(session: DuckSession, dataset: Dataset) {
  const tables: Record<string, unknown[]> = {};
  for (const t of dataset.tables) {
    tables[t.physicalName] = [
      { rowsRead: t.rowsRead, rowsValid: t.rowsValid, rowsRejected: t.rowsRejected },
      ...(await session.all(`SELECT CAST(COLUMNS(*) AS VARCHAR) FROM ${sqlIdentifier(t.typedTable)} ORDER BY __row`)),
    ];
  }
  const rejections = await session.all(
    `SELECT * FROM ${sqlIdentifier(dataset.rejectionsTable)} ORDER BY table_name, source_row, column_index`,
  );
  return { tables, rejections };
}

async function bothPaths(dir: string, session: DuckSession) {
  const twoStep = await contents(session, await openDataset(dir, session, { prefix: "two_", keepRaw: true }));
  const onePass = await contents(session, await openDataset(dir, session, { prefix: "one_" }));
  return { twoStep, onePass };
}

for (const format of ["csv", "parquet"] as const) {
  test(`one-pass reading gives the typed rows and rejections of the two-step path (simulated, ${format})`, async () => {
    const w = await workspace();
    try {
      const dir = join(w.dir, "data");
      await runSimulation({ patients: 120, seed: 17, out: dir, format, profile: "hard", report: false });
      if (format === "csv") {
        // rejected cells, one of them padded with spaces (the rejection shows the cell as written)
        await appendFile(join(dir, "ODH_DRUG_ADMIN.csv"), "P00000001, 2021-02-30 ,CARBOPLATINE,,,ZZ\n");
      }
      const { twoStep, onePass } = await bothPaths(dir, w.session);
      if (format === "csv")
        assert.equal(twoStep.rejections.filter((r) => r.table_name === "ODH_DRUG_ADMIN").length >= 2, true);
      assert.deepEqual(onePass, twoStep);
    } finally {
      await w.close();
    }
  });
}

test("Parquet DATE, TIMESTAMP and integer cells are typed from their stored values as from their text", async () => {
  const w = await workspace();
  try {
    const dir = join(w.dir, "data");
    await mkdir(dir);
    const { IR_BEN_R: ben, ...others } = minimalDataset();
    await writeCsvDataset(dir, others);
    const nir = ben!.rows[0]![ben!.columns.indexOf("BEN_NIR_PSA")]!;
    const cells = [
      // BEN_NAI_ANN (integer, 1600 = unknown), BEN_SEX_COD, BEN_DCD_DTE, as stored values
      ["1955", "1", "TIMESTAMP '2021-03-04 00:00:00'"],
      ["1600", "2", "TIMESTAMP '1600-01-01 00:00:00'"],
      ["3000000000", "1", "TIMESTAMP '2021-03-04 10:30:00'"],
      ["-5", "7", "TIMESTAMP '0900-01-01 00:00:00'"],
      ["1960", "1", "NULL"],
    ];
    const rows = cells.map(
      ([year, sex, death], i) =>
        `SELECT 'B${i}' AS BEN_IDT_ANO, ${sqlString(nir)} AS BEN_NIR_PSA, 1::BIGINT AS BEN_RNG_GEM, ` +
        `${year}::BIGINT AS BEN_NAI_ANN, ${sex}::INTEGER AS BEN_SEX_COD, ${death} AS BEN_DCD_DTE`,
    );
    await w.session.run(
      `COPY (${rows.join(" UNION ALL ")}) TO ${sqlString(join(dir, "IR_BEN_R.parquet"))} (FORMAT parquet)`,
    );
    const { twoStep, onePass } = await bothPaths(dir, w.session);
    assert.deepEqual(onePass, twoStep);
    const reasons = twoStep.rejections.filter((r) => r.table_name === "IR_BEN_R").map((r) => [r.source_row, r.reason]);
    assert.deepEqual(reasons, [
      [3n, "not_integer"],
      [3n, "not_midnight"],
      [4n, "out_of_range"],
      [4n, "not_allowed"],
    ]);
  } finally {
    await w.close();
  }
});

test("files read concurrently give the tables, rows and rejections of reading one at a time, reported in file order", async () => {
  const w = await workspace();
  try {
    const dir = join(w.dir, "data");
    await runSimulation({ patients: 150, seed: 23, out: dir, format: "csv", profile: "hard", report: false });
    await appendFile(join(dir, "ODH_DRUG_ADMIN.csv"), "P00000001, 2021-02-30 ,CARBOPLATINE,,,ZZ\n");
    const order: string[] = [];
    const one = await openDataset(dir, w.session, { prefix: "c1_", concurrency: 1 });
    const four = await openDataset(dir, w.session, {
      prefix: "c4_",
      concurrency: 4,
      onTable: (t, index) => order.push(`${index}:${t.physicalName}`),
    });
    assert.deepEqual(
      four.tables.map((t) => t.physicalName),
      one.tables.map((t) => t.physicalName),
    );
    assert.deepEqual(
      order,
      one.tables.map((t, i) => `${i}:${t.physicalName}`),
    );
    assert.ok(one.tables.length > 20, `${one.tables.length} files`);
    assert.deepEqual(await contents(w.session, four), await contents(w.session, one));
  } finally {
    await w.close();
  }
});

test("a fatal problem in two files read concurrently names the first of them in file order", async () => {
  const w = await workspace();
  try {
    const dir = join(w.dir, "data");
    await mkdir(dir);
    await writeCsvDataset(dir, minimalDataset());
    // both broken (a row with too many fields); ER_PHA_F comes before ODH_DRUG_ADMIN in file order
    await appendFile(join(dir, "ER_PHA_F.csv"), "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25\n");
    await appendFile(
      join(dir, "ODH_DRUG_ADMIN.csv"),
      "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25\n",
    );
    const one = await openDataset(dir, w.session, { prefix: "f1_", concurrency: 1 }).then(
      () => undefined,
      (e: Error) => e.message,
    );
    assert.match(one ?? "", /ER_PHA_F/);
    for (const concurrency of [2, 4, 8]) {
      const message = await openDataset(dir, w.session, { prefix: `f${concurrency}_`, concurrency }).then(
        () => undefined,
        (e: Error) => e.message,
      );
      assert.equal(message, one);
    }
  } finally {
    await w.close();
  }
});
