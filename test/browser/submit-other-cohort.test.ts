// The in-browser submission checker refuses a file made for another cohort, as
// `lotluca evaluate` does (the same core code): here the gold standard of another
// simulated cohort, whose patient ids are the demo's but not its patients.
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { runCli, type CliIo } from "../../cli/main.js";
import { openPage, startSite, type Site } from "./harness.js";

describe("submission checker: another cohort", () => {
  let site: Site;
  let dir: string;
  before(async () => {
    site = await startSite();
    dir = await mkdtemp(join(tmpdir(), "lotluca-other-cohort-"));
    let err = "";
    const io: CliIo = { stdout: () => {}, stderr: (t) => void (err += t) };
    const code = await runCli(
      ["--quiet", "simulate", "--patients", "300", "--seed", "7", "--out", join(dir, "other")],
      io,
    );
    assert.equal(code, 0, err);
  });
  after(async () => {
    await site?.close();
    await rm(dir, { recursive: true, force: true });
  });

  test("the file is refused with the share of patients not in the cohort, and not scored", async () => {
    const opened = await openPage(site, "/submit.html");
    const { page } = opened;
    try {
      // Lenient scoring on: the refusal must hold anyway.
      await page.getByLabel("Score the valid rows of a file with problems").check();
      await page.setInputFiles("#submission-file", join(dir, "other", "GOLD_LINES.csv"));
      await page.locator("#submission-refused").waitFor({ timeout: 60_000 });
      const first = await page.locator("#submission-problems li").first().innerText();
      assert.match(first, /this looks like a submission for another cohort: \d+ of its \d+ patients \(\d+ %\)/);
      assert.equal(await page.locator("#submission-metrics").count(), 0);
      assert.deepEqual(await opened.report(), []);
    } finally {
      await page.context().close();
    }
  });
});
