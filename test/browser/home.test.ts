// The home page shows figures computed in the browser by DuckDB-WASM from the
// Parquet files the data loaders wrote; they must equal the same figures
// computed here by DuckDB in Node from the very same files of the build.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { openDuckSession, sqlString } from "../../loaders/duckdb/session.js";
import { distDataFile, openPage, startSite, type Site } from "./harness.js";

describe("home page", () => {
  let site: Site;
  before(async () => {
    site = await startSite();
  });
  after(async () => {
    await site?.close();
  });

  test("cohort figures computed by DuckDB-WASM equal DuckDB's in Node", async () => {
    const session = await openDuckSession();
    let expected: Record<string, unknown>;
    try {
      [expected] = (await session.all(`
        SELECT patients, round(100 * treated / patients, 1)::DOUBLE AS treated_pct,
               round(lines / treated, 2)::DOUBLE AS lines_per_treated,
               round(100 * reached_line2 / treated, 1)::DOUBLE AS line2_pct
        FROM read_parquet(${sqlString(distDataFile("data/overview.parquet"))}) WHERE dimension = 'all'`)) as [
        Record<string, unknown>,
      ];
    } finally {
      session.close();
    }
    assert.ok(Number(expected.patients) > 0);
    const opened = await openPage(site, "/");
    try {
      const { page } = opened;
      const text = async (id: string) => (await page.locator(id).innerText()).trim();
      assert.equal(await text("#figure-patients"), Number(expected.patients).toLocaleString("en-US"));
      assert.equal(await text("#figure-treated"), `${expected.treated_pct} %`);
      assert.equal(await text("#figure-lines-per-patient"), String(expected.lines_per_treated));
      assert.equal(await text("#figure-line2"), `${expected.line2_pct} %`);
      assert.ok((await page.locator("#by-histology tbody tr").count()) >= 3);
      assert.deepEqual(await opened.report(), []);
    } finally {
      await opened.page.context().close();
    }
  });
});
