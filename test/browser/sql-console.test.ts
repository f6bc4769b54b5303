// The SQL console runs queries in the browser and shows a failing query's message
// in the page (not an error cell).
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { openPage, startSite, type Site } from "./harness.js";

describe("SQL console", () => {
  let site: Site;
  before(async () => {
    site = await startSite();
  });
  after(async () => {
    await site?.close();
  });

  test("a good query shows rows; a bad one shows DuckDB's message and the SQL", async () => {
    const opened = await openPage(site, "/sql.html");
    const { page } = opened;
    try {
      await page.locator("#sql-result").waitFor();
      assert.ok((await page.locator("#sql-result tbody tr").count()) > 3);

      const textarea = page.locator("form textarea");
      await textarea.fill("SELECT no_such_column FROM drugs");
      await page.getByRole("button", { name: "Run" }).click();
      const error = page.locator(".lotluca-query-error");
      await error.waitFor();
      assert.match(await error.innerText(), /Query failed: .*no_such_column/s);
      assert.match(await error.locator("pre").innerText(), /SELECT no_such_column FROM drugs/);
      assert.equal(await page.locator(".observablehq--error").count(), 0);

      await textarea.fill("SELECT count(*) AS n FROM drugs WHERE drug_class = 'egfr_tki'");
      await page.getByRole("button", { name: "Run" }).click();
      await page.locator("#sql-result").waitFor();
      assert.equal(await page.locator("#sql-result tbody td").last().innerText(), "6");
      assert.deepEqual(await opened.report(), []);
    } finally {
      await page.context().close();
    }
  });
});
