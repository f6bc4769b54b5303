// The public build: no patient-level data at all in its output, small counts
// masked, private pages left out, and every page still renders cleanly.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe, test } from "node:test";
import { openDuckSession, sqlString } from "../../loaders/duckdb/session.js";
import { listPages, openPage, startSite, type Site } from "./harness.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const PUBLIC_DIST = join(ROOT, "dist-public/");

function filesOf(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesOf(path) : [path];
  });
}

/** Numbers under count keys (patients, count, rows, ...) anywhere in a JSON value. */
function countsIn(value: unknown, out: number[] = []): number[] {
  if (Array.isArray(value)) value.forEach((v) => countsIn(v, out));
  else if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      if (["patients", "goldLines", "predictedLines", "count", "rows", "n"].includes(k) && typeof v === "number")
        out.push(v);
      else countsIn(v, out);
    }
  }
  return out;
}

describe("public build", () => {
  let site: Site;
  before(() => {
    execFileSync("npm", ["run", "--silent", "build:public"], {
      cwd: ROOT,
      env: { ...process.env, LOTLUCA_OUTPUT: "dist-public" },
      stdio: ["ignore", "ignore", "inherit"],
    });
  });
  after(async () => {
    await site?.close();
  });

  test("no Parquet file of the output holds a patient_id column or patient-level rows", async () => {
    const parquet = filesOf(PUBLIC_DIST).filter((f) => f.endsWith(".parquet"));
    assert.ok(parquet.length > 0, "the public build publishes aggregate Parquet files");
    const session = await openDuckSession();
    try {
      for (const file of parquet) {
        const columns = (await session.all(`DESCRIBE SELECT * FROM read_parquet(${sqlString(file)})`)).map((r) =>
          String(r.column_name),
        );
        assert.ok(!columns.includes("patient_id"), `${file} has a patient_id column`);
      }
    } finally {
      session.close();
    }
  });

  test("no file of the output names a patient", () => {
    for (const file of filesOf(PUBLIC_DIST).filter((f) => /\.(html|js|json|csv|txt)$/.test(f))) {
      assert.doesNotMatch(readFileSync(file, "utf8"), /\bP\d{8}\b/, `${file} names a patient`);
    }
  });

  test("every published count is 0 or at least 10", async () => {
    const files = filesOf(PUBLIC_DIST);
    const summary = files.find((f) => /summary\.[0-9a-f]+\.json$/.test(f));
    assert.ok(summary, "summary.json is published");
    const small = countsIn(JSON.parse(readFileSync(summary, "utf8"))).filter((n) => n > 0 && n < 10);
    assert.deepEqual(small, []);
    const session = await openDuckSession();
    try {
      for (const file of files.filter((f) => f.endsWith(".parquet"))) {
        const columns = (await session.all(`DESCRIBE SELECT * FROM read_parquet(${sqlString(file)})`))
          .filter((r) => /INT/.test(String(r.column_type)))
          .map((r) => String(r.column_name));
        for (const c of columns) {
          const [row] = await session.all(
            `SELECT count(*)::INTEGER AS n FROM read_parquet(${sqlString(file)}) WHERE "${c}" BETWEEN 1 AND 9`,
          );
          assert.equal(row!.n, 0, `${file}: column ${c} publishes counts below 10`);
        }
      }
    } finally {
      session.close();
    }
  });

  test("private pages are left out and every public page renders cleanly", async () => {
    const pages = listPages(PUBLIC_DIST);
    assert.ok(pages.includes("/"));
    assert.ok(!pages.includes("/sql.html"), "the SQL console (patient-level) is private");
    site = await startSite(PUBLIC_DIST);
    for (const path of pages) {
      const opened = await openPage(site, path);
      try {
        assert.deepEqual(await opened.report(), [], path);
        assert.match(
          await opened.page.locator("body").innerText(),
          /aggregates only; counts below 10 are masked/,
          path,
        );
      } finally {
        await opened.page.context().close();
      }
    }
  });

  test("analytics: private pages left out, published aggregates masked, and a subgroup change updates the Sankey", async () => {
    const pages = listPages(PUBLIC_DIST);
    for (const p of ["/cohort.html", "/pathways.html", "/survival.html"])
      assert.ok(!pages.includes(p), `${p} is private`);
    for (const p of [
      "/results/cohort.html",
      "/results/pathways.html",
      "/results/survival.html",
      "/data-quality.html",
      "/methods.html",
    ])
      assert.ok(pages.includes(p), `${p} is published`);
    const file = (name: string) =>
      filesOf(PUBLIC_DIST).find((f) => new RegExp(`/data/${name}\\.[0-9a-f]+\\.parquet$`).test(f))!;
    const session = await openDuckSession();
    let links: number;
    try {
      const [small] = await session.all(
        `SELECT count(*)::INTEGER AS n FROM read_parquet(${sqlString(file("pathway-links"))}) WHERE patients < 10`,
      );
      assert.equal(small!.n, 0, "Sankey links below 10 are not published");
      const [atRisk] = await session.all(
        `SELECT count(*)::INTEGER AS n FROM read_parquet(${sqlString(file("survival-at-risk"))}) WHERE n_risk BETWEEN 1 AND 9`,
      );
      assert.equal(atRisk!.n, 0, "numbers at risk below 10 are masked");
      const [groups] = await session.all(
        `SELECT count(*)::INTEGER AS n FROM read_parquet(${sqlString(file("survival-groups"))}) WHERE patients < 10`,
      );
      assert.equal(groups!.n, 0, "no survival group of fewer than 10");
      const [row] = await session.all(
        `SELECT count(*)::INTEGER AS n FROM read_parquet(${sqlString(file("pathway-links"))}) WHERE dimension = 'histology' AND value = 'squamous' AND key = 'regimen_class'`,
      );
      links = row!.n as number;
    } finally {
      session.close();
    }
    site ??= await startSite(PUBLIC_DIST);
    for (const path of ["/results/cohort.html", "/results/survival.html", "/data-quality.html", "/methods.html"]) {
      const page = await openPage(site, path);
      try {
        assert.deepEqual(await page.report(), [], path);
        assert.match(await page.page.locator("body").innerText(), /Public build/, path);
      } finally {
        await page.page.context().close();
      }
    }
    const opened = await openPage(site, "/results/pathways.html");
    try {
      await opened.page
        .locator(".lotluca-subgroup select")
        .selectOption({ label: "Histology: Squamous cell carcinoma" });
      await opened.page.waitForTimeout(800);
      assert.equal(await opened.page.locator("path.lotluca-sankey-link").count(), links);
      assert.deepEqual(await opened.report(), []);
    } finally {
      await opened.page.context().close();
    }
    const home = await openPage(site, "/");
    try {
      assert.equal(await home.page.title(), "LOT-LuCA results", "the public home is titled as the public site");
    } finally {
      await home.page.context().close();
    }
  });
});
