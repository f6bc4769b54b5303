/**
 * Benchmark of the analytics pages: how long a filter change takes to re-render
 * the Sankey (Pathways) and the Kaplan-Meier chart (Survival) in headless
 * Chromium on a 100 000-patient cohort (goal: < 500 ms each).
 *
 * Simulates the cohort into a temporary folder, builds the private site on it
 * (`lotluca run` once into a work folder, then LOTLUCA_WORKDIR and
 * LOTLUCA_OUTPUT to a temporary dist; slow: the pipeline and the data loaders
 * run on 100k patients), serves it, then on each page waits for the first chart
 * (the page's load, DuckDB's tables and the per-method preparation are not
 * counted), changes the histology filter five times and measures from each
 * change to the first animation frame where the chart's element has been
 * replaced (tables fed by the same queries are drawn in the same pass). Playwright's selectOption fires the select's events
 * as a script would; the pages drop the duplicate input event that this gives
 * (components/filters.ts, skipUnchangedInput), so one change is one run.
 * `--patients <n>` changes the size; `--keep <dir>` reuses a built site (delete
 * its dist/ after changing pages, components or loaders).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { openPage, startSite, type Site } from "../test/browser/harness.js";
import { CLI as cli, flagValue, simulateDataset } from "./cli-child.js";
import type { Benchmark } from "./run.js";

const ROOT = fileURLToPath(new URL("../", import.meta.url));

function buildSite(patients: number, dir: string): string {
  const dataset = join(dir, "dataset");
  const dist = join(dir, "dist");
  let t = Date.now();
  if (!existsSync(join(dataset, "ER_PRS_F.csv"))) simulateDataset(dataset, patients, { seed: 7, profile: "realistic" });
  process.stdout.write(`simulated ${patients} patients in ${((Date.now() - t) / 1000).toFixed(0)} s\n`);
  // One `lotluca run` into a fixed work folder, used as is by the loaders
  // (LOTLUCA_WORKDIR): no cache key, so a code change elsewhere during the
  // build does not rerun the 100k pipeline.
  const workdir = join(dir, "workdir");
  t = Date.now();
  if (!existsSync(join(workdir, "lines-default.parquet"))) {
    execFileSync(
      process.execPath,
      [
        "--import",
        "tsx",
        cli,
        "--quiet",
        "run",
        dataset,
        "--out",
        workdir,
        "--rules",
        "default,jmir-2021",
        "--replicates",
        "20",
      ],
      { cwd: ROOT, stdio: "inherit" },
    );
  }
  process.stdout.write(`ran the pipeline in ${((Date.now() - t) / 1000).toFixed(0)} s\n`);
  t = Date.now();
  rmSync(dist, { recursive: true, force: true }); // Framework does not clear an output outside the project
  execFileSync("npm", ["run", "--silent", "build"], {
    cwd: ROOT,
    env: { ...process.env, LOTLUCA_WORKDIR: workdir, LOTLUCA_OUTPUT: dist },
    stdio: ["ignore", "ignore", "inherit"],
  });
  process.stdout.write(`built the site in ${((Date.now() - t) / 1000).toFixed(0)} s\n`);
  return dist;
}

/** Median of the times (ms) a filter change takes to replace `selector`'s element, over `values`. */
async function measure(site: Site, path: string, selector: string, values: readonly string[]): Promise<number[]> {
  const opened = await openPage(site, path);
  const { page } = opened;
  const times: number[] = [];
  try {
    // Block cells have no loading placeholder: wait for the first chart, so that
    // the first change does not also pay for the end of the page's load.
    await page.locator(selector).first().waitFor({ timeout: 60_000 });
    for (const value of values) {
      await page.evaluate((sel) => {
        const old = document.querySelector(sel);
        if (old) old.setAttribute("data-bench-old", "1");
      }, selector);
      const select = page.locator('.lotluca-filters [data-dimension="histology"] select');
      const start = await page.evaluate(() => performance.now());
      await select.selectOption({ label: value });
      const end = await page.waitForFunction(
        (sel) => {
          const el = document.querySelector(sel);
          const pending = document.querySelectorAll("observablehq-loading").length;
          return el && !el.hasAttribute("data-bench-old") && pending === 0 ? performance.now() : false;
        },
        selector,
        { polling: "raf", timeout: 60_000 },
      );
      times.push(((await end.jsonValue()) as number) - start);
    }
    const problems = await opened.report();
    if (problems.length) process.stdout.write(`  problems on ${path}: ${problems.join("; ")}\n`);
  } finally {
    await page.context().close();
  }
  return times;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export const workspaceBenchmark: Benchmark = {
  name: "workspace",
  description:
    "analytics pages: filter change -> Sankey and Kaplan-Meier re-rendered, headless Chromium, 100k patients",
  async run(flags) {
    const patients = Number(flagValue(flags, "--patients") ?? 100_000);
    const keep = flagValue(flags, "--keep");
    const dir = keep ?? mkdtempSync(join(tmpdir(), "lotluca-bench-workspace-"));
    try {
      const dist = existsSync(join(dir, "dist", "index.html")) ? join(dir, "dist") : buildSite(patients, dir);
      const site = await startSite(`${dist}/`);
      try {
        const values = ["squamous", "adenocarcinoma", "all", "squamous", "all"];
        const sankey = await measure(site, "/pathways.html", "svg.lotluca-sankey", values);
        const km = await measure(site, "/survival.html", ".lotluca-km", values);
        const fmt = (xs: number[]) => `median ${median(xs).toFixed(0)} ms (${xs.map((x) => x.toFixed(0)).join(", ")})`;
        process.stdout.write(`${patients} patients, histology filter changes\n`);
        process.stdout.write(`  Pathways (Sankey + top sequences): ${fmt(sankey)}\n`);
        process.stdout.write(`  Survival (KM + at risk + medians): ${fmt(km)}\n`);
        process.stdout.write(`  goal < 500 ms: ${median(sankey) < 500 && median(km) < 500 ? "met" : "NOT met"}\n`);
      } finally {
        await site.close();
      }
    } finally {
      if (!keep) rmSync(dir, { recursive: true, force: true });
    }
  },
};
