// The analytics pages (Cohort, Pathways, Survival and their published versions):
// change a filter and check that charts and tables show what DuckDB and the core
// statistics compute in Node from the very same Parquet files of the build.
// Also takes the README's screenshots of Pathways and Survival (into test-output/;
// `npm run screenshots` copies them to docs/screenshots/).
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { openDuckSession, sqlString, type DuckSession } from "../../loaders/duckdb/session.js";
import { kaplanMeier, numbersAtRisk } from "../../core/statistics/kaplan-meier.js";
import { labelOf, regimenLabelOf, sequenceLabel } from "../../core/labels/labels.js";
import { summariseCosts, type CostedLine } from "../../core/studies/line-costs.js";
import { filterPredicate, NO_FILTER } from "../../core/workspace/cohort-filter.js";
import { pathwayLinksSql, topSequencesSql } from "../../core/workspace/pathways-sql.js";
import { survivalObservationsSql } from "../../core/workspace/survival-sql.js";
import { distDataFile, openPage, pickFilter, SCREENSHOTS, startSite, type Site } from "./harness.js";

const SQUAMOUS = { ...NO_FILTER, histology: "squamous" };
const DAYS_PER_MONTH = 30.4375;

describe("analytics pages", () => {
  let site: Site;
  let session: DuckSession;
  let method: string;
  before(async () => {
    site = await startSite();
    session = await openDuckSession();
    await session.run(
      `CREATE VIEW cohort AS SELECT * FROM read_parquet(${sqlString(distDataFile("data/cohort.parquet"))})`,
    );
    await session.run(
      `CREATE VIEW lines AS SELECT * FROM read_parquet(${sqlString(distDataFile("data/lines.parquet"))})`,
    );
    await session.run(
      `CREATE VIEW analysis AS SELECT * FROM read_parquet(${sqlString(distDataFile("data/analysis.parquet"))})`,
    );
    const [first] = await session.all(
      "SELECT method FROM lines WHERE method <> 'gold' ORDER BY method = 'default' DESC LIMIT 1",
    );
    method = String(first!.method);
  });
  after(async () => {
    session?.close();
    await site?.close();
  });

  test("Pathways: Sankey links and top sequences follow the histology filter", async () => {
    const expected = async (where: string) => ({
      links: await session.all(pathwayLinksSql({ depth: 3, key: "regimen_class", method, where })),
      top: await session.all(topSequencesSql({ depth: 3, key: "regimen_class", method, where }, 15)),
    });
    const opened = await openPage(site, "/pathways.html");
    try {
      const { page } = opened;
      const check = async (where: string) => {
        const e = await expected(where);
        // Links of fewer patients than the page's minimum cell count (10 by default) are not drawn.
        const drawn = e.links.filter((l) => Number(l.patients) >= 10);
        assert.equal(await page.locator("svg.lotluca-sankey path.lotluca-sankey-link").count(), drawn.length);
        assert.ok(drawn.length > 0);
        const first = page.locator("#top-sequences tbody tr").first().locator("td");
        assert.equal(await first.nth(1).innerText(), sequenceLabel(String(e.top[0]!.sequence)));
        assert.equal(await first.nth(3).innerText(), Number(e.top[0]!.patients).toLocaleString("en-US"));
        assert.equal(
          await page.locator("#pathways-treated").innerText(),
          Number(e.top[0]!.treated).toLocaleString("en-US"),
        );
      };
      await check("TRUE");
      await pickFilter(opened, "histology", "squamous", "#pathways-caption");
      await check(filterPredicate(SQUAMOUS));
      await page.locator("#pathways-caption").scrollIntoViewIfNeeded();
      await page.evaluate(() => document.querySelector("#pathways-caption")?.scrollIntoView());
      await page.screenshot({ path: `${SCREENSHOTS}pathways.png` });
      assert.match(page.url(), /histology=squamous/);
      assert.deepEqual(await opened.report(), []);
      // The filter follows the reader to the survival page (localStorage).
      const survival = await page.context().newPage();
      await survival.goto(`${site.url}/survival.html`, { waitUntil: "networkidle" });
      await survival.waitForFunction(() => document.querySelectorAll("observablehq-loading").length === 0);
      const selected = await survival
        .locator('.lotluca-filters [data-dimension="histology"] select')
        .evaluate((e: HTMLSelectElement) => e.selectedOptions[0]?.textContent ?? "");
      assert.equal(selected, labelOf("squamous", "histology"));
    } finally {
      await opened.page.context().close();
    }
  });

  test("Pathways: drug costs by line and regimen class equal summariseCosts over the analysis table, filter applied", async () => {
    const euros = (x: number | null) => (x === null ? "—" : `${Math.round(x).toLocaleString("en-US")} €`);
    /** The page's rows as text: line, class, lines (with a cost), mean per line, per patient-year; 10 lines or more. */
    const expected = async (where: string) => {
      const rows = await session.all(
        `SELECT a.line_number, a.regimen_class, a.molecules, a.tot_days, a.drug_cost_eur FROM analysis a
         JOIN cohort c USING (patient_id) WHERE a.method = ${sqlString(method)} AND a.line_number <= 3 AND ${where}`,
      );
      const groups = new Map<string, CostedLine[]>();
      for (const r of rows) {
        const line = {
          line_number: Number(r.line_number),
          molecules: String(r.molecules),
          tot_days: Number(r.tot_days),
          drug_cost_eur: r.drug_cost_eur === null ? null : Number(r.drug_cost_eur),
        };
        for (const group of ["All regimens", regimenLabelOf(String(r.regimen_class))]) {
          const key = JSON.stringify([line.line_number, group]);
          groups.set(key, [...(groups.get(key) ?? []), line]);
        }
      }
      return new Map(
        [...groups]
          .map(([key, lines]) => [key, summariseCosts(lines)] as const)
          .filter(([, s]) => s.lines >= 10)
          .map(([key, s]) => [
            key,
            [
              `${s.lines.toLocaleString("en-US")} (${s.costed.toLocaleString("en-US")})`,
              euros(s.meanPerLineEur),
              euros(s.perPatientYearEur),
            ],
          ]),
      );
    };
    const opened = await openPage(site, "/pathways.html");
    try {
      const { page } = opened;
      const check = async (where: string) => {
        const e = await expected(where);
        const shown = await page
          .locator("#pathway-costs tbody tr")
          .evaluateAll((trs) =>
            trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent?.trim() ?? "")),
          );
        const got = new Map(shown.map(([line, group, ...figures]) => [JSON.stringify([Number(line), group]), figures]));
        assert.deepEqual(got, e);
        assert.ok(
          [...e.values()].some((f) => f[2] !== "—"),
          "the demo's lines have costs",
        );
      };
      await check("TRUE");
      await pickFilter(opened, "histology", "squamous", "#pathways-caption");
      await check(filterPredicate(SQUAMOUS, "c"));
      assert.deepEqual(await opened.report(), []);
    } finally {
      await opened.page.context().close();
    }
  });

  test("Survival: TTNT medians and numbers at risk equal core kaplanMeier in Node, before and after a filter", async () => {
    const expected = async (where: string) => {
      const rows = await session.all(
        survivalObservationsSql({ endpoint: "ttnt", grouping: { by: "line", maxLine: 4 }, method, where }),
      );
      const km = kaplanMeier(
        rows.filter((r) => r.group === "line 1").map((r) => ({ time: Number(r.time), event: Boolean(r.event) })),
      );
      const months = (d: number | null) =>
        d === null ? "not reached" : (Math.round((10 * d) / DAYS_PER_MONTH) / 10).toFixed(1);
      return {
        median: months(km.median),
        n: km.n,
        atRisk12: numbersAtRisk(km, [12 * DAYS_PER_MONTH])[0]!,
      };
    };
    const opened = await openPage(site, "/survival.html");
    try {
      const { page } = opened;
      const check = async (where: string) => {
        const e = await expected(where);
        const row = page.locator('#km-medians tr[data-group="line 1"] td');
        assert.equal(await row.nth(1).innerText(), e.n.toLocaleString("en-US"));
        assert.equal(await row.nth(3).innerText(), e.median);
        // The numbers at risk are drawn in the chart's SVG, each at its time.
        const atRisk = page.locator('.lotluca-km svg .lotluca-at-risk-cell[data-group="line 1"][data-time="12"]');
        assert.equal(await atRisk.textContent(), e.atRisk12.toLocaleString("en-US"));
        assert.ok((await page.locator(".lotluca-km svg path").count()) >= 4);
      };
      await check("TRUE");
      await pickFilter(opened, "histology", "squamous", "#survival-caption");
      await check(filterPredicate(SQUAMOUS));
      assert.match(await page.locator("#log-rank").innerText(), /χ² = \d/);
      await page.evaluate(() => document.querySelector("#survival-caption")?.scrollIntoView());
      await page.screenshot({ path: `${SCREENSHOTS}survival.png` });
      assert.deepEqual(await opened.report(), []);
    } finally {
      await opened.page.context().close();
    }
  });

  test("Cohort: patient count follows the filter", async () => {
    const opened = await openPage(site, "/cohort.html");
    try {
      const [row] = await session.all(
        `SELECT count(*)::INTEGER AS n FROM cohort WHERE ${filterPredicate({ ...NO_FILTER, age_band: "70-79" })}`,
      );
      await pickFilter(opened, "age_band", "70-79", "#cohort-caption");
      assert.equal(await opened.page.locator("#cohort-patients").innerText(), Number(row!.n).toLocaleString("en-US"));
      assert.ok((await opened.page.locator("figure.lotluca-distribution").count()) >= 6);
      assert.deepEqual(await opened.report(), []);
    } finally {
      await opened.page.context().close();
    }
  });

  test("Published pathways and survival: a subgroup change shows the aggregate files' numbers", async () => {
    const links = sqlString(distDataFile("data/pathway-links.parquet"));
    const groups = sqlString(distDataFile("data/survival-groups.parquet"));
    const [n] = await session.all(
      `SELECT count(*)::INTEGER AS n FROM read_parquet(${links}) WHERE dimension = 'histology' AND value = 'squamous' AND key = 'regimen_class'`,
    );
    const [g] = await session.all(
      `SELECT median FROM read_parquet(${groups}) WHERE dimension = 'histology' AND value = 'squamous' AND endpoint = 'ttnt' AND grouping = 'line' AND "group" = 'line 1'`,
    );
    let opened = await openPage(site, "/results/pathways.html");
    try {
      await opened.page
        .locator(".lotluca-subgroup select")
        .selectOption({ label: "Histology: Squamous cell carcinoma" });
      // The page redraws asynchronously: wait (bounded) for the subgroup's drawing, then assert it.
      const links = Number(n!.n);
      await opened.page
        .waitForFunction((want) => document.querySelectorAll("path.lotluca-sankey-link").length === want, links, {
          timeout: 60_000,
        })
        .catch(() => undefined);
      assert.equal(await opened.page.locator("path.lotluca-sankey-link").count(), links);
      assert.deepEqual(await opened.report(), []);
    } finally {
      await opened.page.context().close();
    }
    opened = await openPage(site, "/results/survival.html");
    try {
      await opened.page
        .locator(".lotluca-subgroup select")
        .selectOption({ label: "Histology: Squamous cell carcinoma" });
      const want = g!.median === null ? "not reached" : Number(g!.median).toFixed(1);
      const cell = '#km-medians tr[data-group="line 1"] td.median';
      await opened.page
        .waitForFunction(([sel, text]) => document.querySelector(sel!)?.textContent?.trim() === text, [cell, want], {
          timeout: 60_000,
        })
        .catch(() => undefined);
      const median = await opened.page.locator(cell).innerText();
      assert.equal(median, want);
      assert.deepEqual(await opened.report(), []);
    } finally {
      await opened.page.context().close();
    }
  });
});
