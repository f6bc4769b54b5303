// The aggregated mode of large cohorts (docs/workspace.md), forced on the demo
// cohort by a small threshold (LOTLUCA_AGGREGATE_ABOVE=1000, sample of 500
// patients) so that it stays fast: a second private build into dist-aggregated/.
// Pathways and Survival read the pre-aggregated files and must show what the
// patient-level tables of the same cohort give for the same filter (made in Node
// by the loaders' own code, createAnalysisTables, from the cached work folder);
// every page says which mode it is in, and the patient-level files hold the
// sample only. LOTLUCA_AGGREGATED_DIST=<dir> reuses such a build instead.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe, test } from "node:test";
import { openDuckSession, sqlString, type DuckSession } from "../../loaders/duckdb/session.js";
import { kaplanMeier } from "../../core/statistics/kaplan-meier.js";
import { sequenceLabel } from "../../core/labels/labels.js";
import { filterPredicate, NO_FILTER } from "../../core/workspace/cohort-filter.js";
import { pathwayLinksSql, topSequencesSql, type PathwayKey } from "../../core/workspace/pathways-sql.js";
import { survivalObservationsSql, type Endpoint } from "../../core/workspace/survival-sql.js";
import { createAnalysisTables } from "../../loaders/workspace/workspace-tables.js";
import { ensureWorkspaceWorkdir } from "../../loaders/workspace/workspace-workdir.js";
import { distDataFile, openPage, pickFilter, startSite, type OpenedPage, type Site } from "./harness.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const AGGREGATED_DIST = process.env.LOTLUCA_AGGREGATED_DIST
  ? join(process.env.LOTLUCA_AGGREGATED_DIST, "/")
  : join(ROOT, "dist-aggregated/");
const SQUAMOUS = { ...NO_FILTER, histology: "squamous" };
const DAYS_PER_MONTH = 30.4375;
const SAMPLE = 500;

describe("aggregated mode (large cohorts), forced on the demo cohort", () => {
  let site: Site;
  let session: DuckSession;
  let method: string;
  before(async () => {
    if (!process.env.LOTLUCA_AGGREGATED_DIST) {
      execFileSync("npm", ["run", "--silent", "build"], {
        cwd: ROOT,
        env: {
          ...process.env,
          LOTLUCA_OUTPUT: "dist-aggregated",
          LOTLUCA_AGGREGATE_ABOVE: "1000",
          LOTLUCA_SAMPLE_PATIENTS: String(SAMPLE),
        },
        stdio: ["ignore", "ignore", "inherit"],
      });
    }
    site = await startSite(AGGREGATED_DIST);
    // The reference: every patient's cohort row and lines, as the patient-level
    // loaders make them from the same (cached) work folder.
    session = await openDuckSession();
    await createAnalysisTables(session, await ensureWorkspaceWorkdir());
    const [first] = await session.all(
      "SELECT method FROM lines WHERE method <> 'gold' ORDER BY method = 'default' DESC LIMIT 1",
    );
    method = String(first!.method);
  });
  after(async () => {
    session?.close();
    await site?.close();
  });

  const aggregatedFile = (name: string) => sqlString(distDataFile(name, AGGREGATED_DIST));

  async function assertNote(opened: OpenedPage, kind: "aggregated" | "sample") {
    const note = opened.page.locator("#mode-note");
    assert.equal(await note.getAttribute("data-mode"), kind);
    const text = await note.innerText();
    const [{ n }] = (await session.all("SELECT count(*)::INTEGER AS n FROM cohort")) as [{ n: number }];
    assert.match(text, new RegExp(`Aggregated mode: ${n.toLocaleString("en-US")} patients`));
    assert.match(text, new RegExp(`sample of ${SAMPLE} patients`));
  }

  test("the build says aggregated; patient-level files hold the deterministic sample only", async () => {
    const summary = JSON.parse(readFileSync(distDataFile("data/summary.json", AGGREGATED_DIST), "utf8")) as {
      workspace: { mode: string; patients: number; samplePatients: number };
    };
    const [{ n }] = (await session.all("SELECT count(*)::INTEGER AS n FROM cohort")) as [{ n: number }];
    assert.equal(summary.workspace.mode, "aggregated");
    assert.equal(summary.workspace.patients, n);
    assert.equal(summary.workspace.samplePatients, SAMPLE);
    const expected = await session.all(
      `SELECT patient_id FROM cohort ORDER BY md5(patient_id), patient_id LIMIT ${SAMPLE}`,
    );
    const sample = await session.all(
      `SELECT patient_id FROM read_parquet(${aggregatedFile("data/cohort.parquet")}) ORDER BY md5(patient_id), patient_id`,
    );
    assert.deepEqual(sample, expected);
    const [outside] = await session.all(
      `SELECT count(*)::INTEGER AS n FROM read_parquet(${aggregatedFile("data/lines.parquet")})
       WHERE patient_id NOT IN (SELECT patient_id FROM read_parquet(${aggregatedFile("data/cohort.parquet")}))`,
    );
    assert.equal(outside!.n, 0);
  });

  test("Pathways from the aggregates: the same links and sequences as the patient-level tables", async () => {
    const opened = await openPage(site, "/pathways.html");
    try {
      const { page } = opened;
      await assertNote(opened, "aggregated");
      const check = async (where: string, key: PathwayKey) => {
        const o = { depth: 3, key, method, where };
        const links = (await session.all(pathwayLinksSql(o))).filter((l) => Number(l.patients) >= 10);
        const top = await session.all(topSequencesSql(o, 15));
        assert.ok(links.length > 0);
        assert.equal(await page.locator("svg.lotluca-sankey path.lotluca-sankey-link").count(), links.length);
        const first = page.locator("#top-sequences tbody tr").first().locator("td");
        assert.equal(await first.nth(1).innerText(), sequenceLabel(String(top[0]!.sequence)));
        assert.equal(await first.nth(3).innerText(), Number(top[0]!.patients).toLocaleString("en-US"));
        assert.equal(
          await page.locator("#pathways-treated").innerText(),
          Number(top[0]!.treated).toLocaleString("en-US"),
        );
      };
      await check("TRUE", "regimen_class");
      await pickFilter(opened, "histology", "squamous", "#pathways-caption");
      await check(filterPredicate(SQUAMOUS), "regimen_class");
      // Regimens as nodes: their aggregates are loaded on demand.
      await page.evaluate(() => document.querySelector("svg.lotluca-sankey")?.setAttribute("data-old", "1"));
      await page.locator('input[type="radio"][value="1"]').first().check();
      await page.waitForFunction(() => document.querySelector("svg.lotluca-sankey:not([data-old])") !== null, null, {
        timeout: 60_000,
      });
      await page.waitForTimeout(500);
      await check(filterPredicate(SQUAMOUS), "regimen_label");
      assert.deepEqual(await opened.report(), []);
    } finally {
      await opened.page.context().close();
    }
  });

  test("Survival from the aggregates: medians and sizes equal kaplanMeier on the patient-level lines", async () => {
    const expected = async (where: string, endpoint: Endpoint) => {
      const rows = await session.all(
        survivalObservationsSql({ endpoint, grouping: { by: "line", maxLine: 4 }, method, where }),
      );
      const km = kaplanMeier(
        rows.filter((r) => r.group === "line 1").map((r) => ({ time: Number(r.time), event: Boolean(r.event) })),
      );
      const months = (d: number | null) =>
        d === null ? "not reached" : (Math.round((10 * d) / DAYS_PER_MONTH) / 10).toFixed(1);
      return { median: months(km.median), n: km.n };
    };
    const opened = await openPage(site, "/survival.html");
    try {
      const { page } = opened;
      await assertNote(opened, "aggregated");
      const check = async (where: string, endpoint: Endpoint) => {
        const e = await expected(where, endpoint);
        const row = page.locator('#km-medians tr[data-group="line 1"] td');
        assert.equal(await row.nth(1).innerText(), e.n.toLocaleString("en-US"));
        assert.equal(await row.nth(3).innerText(), e.median);
        assert.ok((await page.locator(".lotluca-km svg path").count()) >= 4);
      };
      await check("TRUE", "ttnt");
      await pickFilter(opened, "histology", "squamous", "#survival-caption");
      await check(filterPredicate(SQUAMOUS), "ttnt");
      // Overall survival: its aggregate is loaded on demand.
      await page.locator('input[type="radio"][value="2"]').first().check();
      await page.waitForFunction(() => document.querySelector("#survival-caption")?.textContent?.includes("Overall"));
      await page.waitForFunction(() => document.querySelectorAll("observablehq-loading").length === 0);
      await page.waitForTimeout(800);
      await check(filterPredicate(SQUAMOUS), "os");
      assert.deepEqual(await opened.report(), []);
    } finally {
      await opened.page.context().close();
    }
  });

  test("pages over patient rows say they show a sample, and still work", async () => {
    for (const path of ["/cohort.html", "/timeline.html", "/errors.html", "/sql.html", "/cohort-study.html"]) {
      const opened = await openPage(site, path);
      try {
        await assertNote(opened, "sample");
        assert.deepEqual(await opened.report(), [], path);
      } finally {
        await opened.page.context().close();
      }
    }
  });
});
