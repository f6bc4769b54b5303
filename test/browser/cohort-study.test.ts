// Line-start cohorts page: define two line-2 cohorts in the form, check the
// attrition counts and the Cox hazard ratios against the core computed in Node
// on the build's own analysis table, export the definition and load it again.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { after, before, describe, test } from "node:test";
import {
  compareCohorts,
  COHORT_LINE_COLUMNS,
  parseStudy,
  selectStudy,
  type CohortLine,
  type StudyDefinition,
} from "../../core/studies/line-cohort.js";
import { openDuckSession, sqlString, type DuckSession } from "../../loaders/duckdb/session.js";
import { distDataFile, openPage, startSite, type OpenedPage, type Site } from "./harness.js";

describe("line-start cohorts", () => {
  let site: Site;
  let session: DuckSession;
  let lines: CohortLine[];
  let method: string;
  before(async () => {
    site = await startSite();
    session = await openDuckSession();
    const file = sqlString(distDataFile("data/analysis.parquet"));
    const [first] = await session.all(
      `SELECT method FROM read_parquet(${file}) WHERE method <> 'gold' ORDER BY method = 'default' DESC, method LIMIT 1`,
    );
    method = String(first!.method);
    const rows = await session.all(
      `SELECT ${COHORT_LINE_COLUMNS.map((c) => (c === "start_date" ? "strftime(start_date, '%Y-%m-%d') AS start_date" : c)).join(", ")}
       FROM read_parquet(${file}) WHERE method = ${sqlString(method)} ORDER BY patient_id, line_number`,
    );
    lines = rows.map((r) => {
      const l = { ...r } as Record<string, unknown>;
      for (const k of ["line_number", "previous_lines", "start_year", "ttnt_days", "tot_days", "os_days"])
        l[k] = Number(l[k]);
      for (const k of ["age_at_line_start", "pdl1_tps", "ecog", "days_since_advanced"])
        l[k] = l[k] === null ? null : Number(l[k]);
      return l as unknown as CohortLine;
    });
  });
  after(async () => {
    session?.close();
    await site?.close();
  });

  const study: () => StudyDefinition = () =>
    parseStudy({
      version: 1,
      method,
      endpoint: "os",
      adjust: ["age_at_line_start", "sex"],
      cohorts: [
        { name: "docetaxel-based", lineNumber: 2, regimen: ["docetaxel"], regimenMatch: "includes" },
        { name: "nivolumab", lineNumber: 2, regimen: ["nivolumab"], regimenMatch: "exact" },
      ],
    });

  async function settled(opened: OpenedPage, expectedB: number) {
    await opened.page.waitForFunction(
      (n) =>
        document.querySelector("#attrition-b .lotluca-flow-box[data-step=overlap] .patients")?.textContent ===
        n.toLocaleString("en-US"),
      expectedB,
      { timeout: 120_000 },
    );
    await opened.page.waitForFunction(() => document.querySelectorAll("observablehq-loading").length === 0);
    await opened.page.waitForTimeout(200);
  }

  async function checkAgainstNode(opened: OpenedPage, s: StudyDefinition) {
    const { page } = opened;
    const cohorts = selectStudy(lines, s);
    for (const [i, c] of cohorts.entries()) {
      const id = i === 0 ? "#attrition-a" : "#attrition-b";
      const shown = await page
        .locator(`${id} .lotluca-flow-box`)
        .evaluateAll((boxes) =>
          boxes.map((b) => [(b as HTMLElement).dataset.step, b.querySelector(".patients")!.textContent]),
        );
      assert.deepEqual(
        shown,
        c.attrition.map((a) => [a.id, a.patients.toLocaleString("en-US")]),
        `${c.name}: attrition`,
      );
    }
    assert.ok(cohorts[0]!.index.length >= 10 && cohorts[1]!.index.length >= 10, "both cohorts have patients");
    const expected = compareCohorts(cohorts[0]!, cohorts[1]!, s.endpoint, s.adjust);
    for (const [row, e] of [
      ["#cox-unadjusted", expected.unadjusted],
      ["#cox-adjusted", expected.adjusted!],
    ] as const) {
      const attrs = await page
        .locator(row)
        .evaluate((tr) => ({ ...(tr as HTMLElement).dataset }) as Record<string, string>);
      assert.ok(
        Math.abs(Number(attrs.hr) - e.arm.hazardRatio!) < 1e-9,
        `${row} HR ${attrs.hr} vs ${e.arm.hazardRatio}`,
      );
      assert.ok(Math.abs(Number(attrs.lower) - e.arm.lower!) < 1e-9, `${row} lower`);
      assert.ok(Math.abs(Number(attrs.upper) - e.arm.upper!) < 1e-9, `${row} upper`);
      assert.equal(Number(attrs.n), e.model.n, `${row} patients`);
    }
    assert.match(await page.locator("#cohort-log-rank").innerText(), new RegExp(expected.logRank.chiSquare.toFixed(2)));
    assert.equal(
      await page.locator("#baseline-table tbody tr").first().innerText(),
      `Patients\t\t${cohorts[0]!.index.length}\t${cohorts[1]!.index.length}`,
    );
  }

  test("two line-2 cohorts: attrition and hazard ratios equal the core's; the definition exports and re-loads", async () => {
    const s = study();
    const expectedB = selectStudy(lines, s)[1]!.index.length;
    const opened = await openPage(site, "/cohort-study.html");
    try {
      const { page } = opened;
      // Define the two cohorts in the form.
      const fill = async (form: string, name: string, value: string) => {
        await page.locator(`${form} [name=${name}]`).fill(value);
        await page.locator(`${form} [name=${name}]`).dispatchEvent("change");
      };
      await fill("#cohort-a", "name", "docetaxel-based");
      await page.locator("#cohort-a [name=lineNumber]").selectOption("2");
      await fill("#cohort-a", "regimen", "docetaxel");
      await page.locator("#cohort-a [name=regimenMatch]").selectOption("includes");
      await fill("#cohort-b", "name", "nivolumab");
      await page.locator("#cohort-b [name=lineNumber]").selectOption("2");
      await fill("#cohort-b", "regimen", "nivolumab");
      await page.locator("#cohort-b [name=regimenMatch]").selectOption("exact");
      await page.locator("label", { hasText: "Age at the line's start" }).locator("input").check();
      await page.locator("label", { hasText: /^Sex$/ }).locator("input").check();
      await settled(opened, expectedB);
      await checkAgainstNode(opened, s);

      // The URL holds the definition.
      const fromUrl = parseStudy(new URL(page.url()).searchParams.get("study")!);
      assert.deepEqual(fromUrl, s);

      // Export, then load the file in a fresh page (no definition in its URL).
      const [download] = await Promise.all([page.waitForEvent("download"), page.locator("#study-export").click()]);
      const exported = parseStudy(await readFile((await download.path())!, "utf8"));
      assert.deepEqual(exported, s);
      assert.deepEqual(await opened.report(), []);

      const fresh = await openPage(site, "/cohort-study.html");
      try {
        await Promise.all([
          fresh.page.waitForURL(/study=/),
          fresh.page.locator("#study-import").setInputFiles((await download.path())!),
        ]);
        await fresh.page.waitForFunction(() => document.querySelectorAll("observablehq-loading").length === 0);
        await settled(fresh, expectedB);
        assert.equal(await fresh.page.locator("#cohort-b [name=regimen]").inputValue(), "nivolumab");
        assert.equal(await fresh.page.locator("#cohort-a [name=regimenMatch]").inputValue(), "includes");
        await checkAgainstNode(fresh, s);
        assert.deepEqual(await fresh.report(), []);
      } finally {
        await fresh.page.context().close();
      }
    } finally {
      await opened.page.context().close();
    }
  });

  test("a wrong definition in the address is one clear message, not a broken page", async () => {
    const opened = await openPage(site, `/cohort-study.html?study=${encodeURIComponent('{"version":2}')}`);
    try {
      assert.match(await opened.page.locator("#study-url-error").innerText(), /study definition: version/);
    } finally {
      await opened.page.context().close();
    }
  });
});
