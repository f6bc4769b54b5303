// The in-browser submission checker gives the same scores as `lotluca evaluate`
// on the same file, and lists a bad file's problems.
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { buildProgram, runCli, type CliIo } from "../../cli/main.js";
import { formatInterval, formatMetric } from "../../components/metric-table.js";
import type { Evaluation } from "../../core/evaluation/score.js";
import { openDuckSession, sqlString } from "../../loaders/duckdb/session.js";
import { ensureWorkspaceWorkdir } from "../../loaders/workspace/workspace-workdir.js";
import { distDataFile, openPage, startSite, type Site } from "./harness.js";

describe("submission checker page", () => {
  let site: Site;
  let dir: string;
  let csv: string;
  before(async () => {
    site = await startSite();
    dir = await mkdtemp(join(tmpdir(), "lotluca-submit-"));
    csv = join(dir, "jmir.csv");
    // A submission: the jmir-2021 lines of the build, contract columns only, as CSV.
    const session = await openDuckSession();
    try {
      await session.run(
        `COPY (SELECT patient_id, line_number, start_date, end_date, molecules FROM read_parquet(${sqlString(distDataFile("data/lines.parquet"))})
               WHERE method = 'jmir-2021' ORDER BY patient_id, line_number) TO ${sqlString(csv)} (FORMAT csv, HEADER true)`,
      );
    } finally {
      session.close();
    }
  });
  after(async () => {
    await site?.close();
    await rm(dir, { recursive: true, force: true });
  });

  test("scores computed in the browser equal the CLI's on the same file", async () => {
    const w = await ensureWorkspaceWorkdir();
    const json = join(dir, "cli.json");
    const io = {
      out: "",
      err: "",
      stdout: (t: string) => void (io.out += t),
      stderr: (t: string) => void (io.err += t),
    };
    const code = await runCli(
      [
        "evaluate",
        "--dataset",
        w.dataset!,
        "--workdir",
        w.workdir,
        "--pred",
        csv,
        "--replicates",
        "200",
        "--json",
        json,
      ],
      io as CliIo,
      buildProgram(io as CliIo),
    );
    assert.equal(code, 0, io.err);
    const cli = (JSON.parse(await readFile(json, "utf8")) as { evaluation: Evaluation }).evaluation;

    const opened = await openPage(site, "/submit.html");
    const { page } = opened;
    try {
      await page.locator("form input[type=number]").first().fill("200");
      await page.locator("form input[type=number]").first().dispatchEvent("input");
      await page.setInputFiles("#submission-file", csv);
      await page.locator("#submission-metrics").waitFor({ timeout: 60_000 });
      for (const m of cli.metrics) {
        const cells = await page.locator(`#submission-metrics tr[data-metric="${m.id}"] td`).allInnerTexts();
        assert.equal(cells[1], formatMetric(m.id, m.value), `${m.id} value`);
        const ci = formatInterval(m.id, m.lower, m.upper);
        assert.equal(cells[2], ci, `${m.id} CI`);
      }
      assert.deepEqual(await opened.report(), []);
    } finally {
      await page.context().close();
    }
  });

  test("a bad file is validated in the browser and not scored", async () => {
    const bad = join(dir, "bad.csv");
    await writeFile(bad, "patient_id;line_number;start_date;end_date;molecules\nNOBODY;1;2020-02-30;;carboplatine\n");
    const opened = await openPage(site, "/submit.html");
    const { page } = opened;
    try {
      await page.setInputFiles("#submission-file", bad);
      await page.locator("#submission-problems").waitFor();
      const problems = await page.locator("#submission-problems li").allInnerTexts();
      assert.ok(
        problems.some((p) => /start_date: "2020-02-30" is not a date/.test(p)),
        problems.join("\n"),
      );
      assert.ok(problems.some((p) => /did you mean carboplatin\?/.test(p)));
      assert.ok(problems.some((p) => /NOBODY is not in the cohort/.test(p)));
      assert.equal(await page.locator("#submission-metrics").count(), 0);
      assert.deepEqual(await opened.report(), []);
    } finally {
      await page.context().close();
    }
  });
});
