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
        SELECT count(*)::INTEGER AS patients,
               round(100 * avg((n_lines > 0)::INTEGER), 1)::DOUBLE AS treated_pct,
               round(avg(n_lines) FILTER (WHERE n_lines > 0), 2)::DOUBLE AS lines_per_treated,
               round(median(follow_up_days) / 30.4375, 1)::DOUBLE AS follow_up
        FROM read_parquet(${sqlString(distDataFile("data/cohort.parquet"))})`)) as [Record<string, unknown>];
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
      assert.equal(await text("#figure-follow-up"), `${expected.follow_up} months`);
      assert.deepEqual(await opened.report(), []);
    } finally {
      await opened.page.context().close();
    }
  });
});
