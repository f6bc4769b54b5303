// The home page shows figures computed in the browser by DuckDB-WASM from the
// Parquet file written by a TypeScript data loader; they must equal the same
// figures computed here in Node from the dictionary the loader used.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { DRUG_REFERENCE } from "../../core/reference/drugs.js";
import { openPage, startSite, type Site } from "./harness.js";

describe("home page", () => {
  let site: Site;
  before(async () => {
    site = await startSite();
  });
  after(async () => {
    await site?.close();
  });

  test("figures computed by DuckDB-WASM equal the dictionary's", async () => {
    const antineoplastics = DRUG_REFERENCE.filter((d) => d.antineoplastic);
    const opened = await openPage(site, "/");
    try {
      const { page } = opened;
      assert.equal(await page.locator("#figure-molecules").innerText(), String(antineoplastics.length));
      assert.equal(
        await page.locator("#figure-classes").innerText(),
        String(new Set(antineoplastics.map((d) => d.drugClass)).size),
      );
      assert.equal(
        await page.locator("#figure-legacy").innerText(),
        String(antineoplastics.filter((d) => d.legacyAtc.length > 0).length),
      );
      const rows = await page.locator("#drug-classes tbody tr").count();
      assert.equal(rows, new Set(antineoplastics.map((d) => d.drugClass)).size);
      assert.deepEqual(await opened.report(), []);
    } finally {
      await opened.page.context().close();
    }
  });
});
