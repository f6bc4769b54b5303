/**
 * Benchmark of the analytics pages at 100 000 patients (and 1 000 000 with
 * `--full`): how long the first render and a filter change take on Pathways
 * (Sankey) and Survival (Kaplan-Meier) in headless Chromium (goals: first render
 * < 10 s, filter change < 500 ms). Above LOTLUCA_AGGREGATE_ABOVE patients
 * (250 000 by default) the build is in aggregated mode (docs/workspace.md): the
 * pages read pre-aggregated files, and the figures say which mode was measured.
 *
 * For each size: simulates the cohort (Parquet) into a folder, runs
 * `lotluca run` once into a work folder, builds the private site on it
 * (LOTLUCA_WORKDIR and LOTLUCA_OUTPUT to the folder's dist; slow: the pipeline
 * and the data loaders run on every patient), serves it, then on each page:
 * - first render: from navigation to the first animation frame where the chart
 *   is drawn and nothing is pending (a fresh browser context: nothing cached),
 *   with the bytes the page fetched;
 * - filter change: changes the histology filter five times and measures from
 *   each change to the first animation frame where the chart's element has been
 *   replaced (tables fed by the same queries are drawn in the same pass).
 *   Playwright's selectOption fires the select's events as a script would; the
 *   pages drop the duplicate input event that this gives (components/filters.ts,
 *   skipUnchangedInput), so one change is one run.
 * Prints the figures and writes them, with the load averages (the machine is
 * shared), to bench/results/workspace-<patients>.json.
 * `--patients <n>` measures one size; `--dataset <dir>` uses that dataset;
 * `--keep <dir>` keeps (and reuses) the dataset, work folder and site there
 * (delete its dist/ after changing pages, components or loaders).
 */
import { execFileSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { labelOf } from "../core/labels/labels.js";
import { distDataFile, openPage, startSite, type Site } from "../test/browser/harness.js";
import { CLI as cli, flagValue } from "./cli-child.js";
import type { Benchmark } from "./run.js";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const RESULTS = join(ROOT, "bench", "results");

const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(0)} s`;

function lotluca(args: string[]): void {
  execFileSync(process.execPath, ["--import", "tsx", cli, "--quiet", ...args], { cwd: ROOT, stdio: "inherit" });
}

function buildSite(
  patients: number,
  dir: string,
  given: string | undefined,
): { dist: string; stages: Record<string, number> } {
  const dataset = given ?? join(dir, "dataset");
  const dist = join(dir, "dist");
  const stages: Record<string, number> = {};
  let t = Date.now();
  const workdir = join(dir, "workdir");
  const ran = existsSync(join(workdir, "lines-default.parquet"));
  if (!given && !ran && !existsSync(join(dataset, "ER_PRS_F.parquet"))) {
    lotluca([
      "simulate",
      "--patients",
      String(patients),
      "--seed",
      "7",
      "--profile",
      "realistic",
      "--format",
      "parquet",
      "--out",
      dataset,
    ]);
    stages.simulateSeconds = (Date.now() - t) / 1000;
    process.stdout.write(`simulated ${patients} patients in ${seconds(t)}\n`);
  }
  // One `lotluca run` into a fixed work folder, used as is by the loaders
  // (LOTLUCA_WORKDIR): no cache key, so a code change elsewhere during the
  // build does not rerun the pipeline.
  t = Date.now();
  if (!ran) {
    lotluca(["run", dataset, "--out", workdir, "--rules", "default,jmir-2021", "--replicates", "20"]);
    stages.pipelineSeconds = (Date.now() - t) / 1000;
    process.stdout.write(`ran the pipeline in ${seconds(t)}\n`);
  }
  t = Date.now();
  if (!existsSync(join(dist, "index.html"))) {
    rmSync(dist, { recursive: true, force: true }); // Framework does not clear an output outside the project
    execFileSync("npm", ["run", "--silent", "build"], {
      cwd: ROOT,
      env: { ...process.env, LOTLUCA_WORKDIR: workdir, LOTLUCA_OUTPUT: dist },
      stdio: ["ignore", "ignore", "inherit"],
    });
    stages.buildSeconds = (Date.now() - t) / 1000;
    process.stdout.write(`built the site in ${seconds(t)}\n`);
  }
  return { dist, stages };
}

/** Bytes of each data file of the build (dist/_file/data/<name>.<hash>.<ext> -> size). */
function dataFileSizes(dist: string): Record<string, number> {
  const dir = join(dist, "_file", "data");
  const out: Record<string, number> = {};
  for (const f of readdirSync(dir)) {
    const parts = f.split(".");
    out[`${parts[0]}.${parts[parts.length - 1]}`] = statSync(join(dir, f)).size;
  }
  return out;
}

interface PageFigures {
  firstRenderMs: number;
  /** Bytes the page fetched until the first render (encoded, as served). */
  firstRenderBytes: number;
  filterChangeMs: number[];
  filterChangeMedianMs: number;
  problems: string[];
}

/** First render, and the times (ms) a filter change takes to replace `selector`'s element, over `values`. */
async function measure(site: Site, path: string, selector: string, values: readonly string[]): Promise<PageFigures> {
  // From the navigation (performance's time origin) to the first frame with the
  // chart drawn, no cell pending and the loading notice gone, seen from inside the page.
  const initScript = `(() => {
    const poll = () => {
      const ready = document.querySelector(${JSON.stringify(selector)}) &&
        document.querySelectorAll("observablehq-loading").length === 0 && !document.querySelector(".lotluca-loading");
      if (ready) window.__firstRender = performance.now(); else requestAnimationFrame(poll);
    };
    requestAnimationFrame(poll);
  })();`;
  const opened = await openPage(site, path, { settleMs: 0, initScript });
  const { page } = opened;
  const times: number[] = [];
  try {
    const rendered = await page.waitForFunction(
      () => (window as unknown as { __firstRender?: number }).__firstRender,
      null,
      {
        timeout: 300_000,
      },
    );
    const firstRenderMs = (await rendered.jsonValue()) as number;
    const firstRenderBytes = await page.evaluate(() =>
      (performance.getEntriesByType("resource") as PerformanceResourceTiming[]).reduce(
        (sum, e) => sum + (e.encodedBodySize || 0),
        0,
      ),
    );
    for (const value of values) {
      await page.evaluate((sel) => {
        const old = document.querySelector(sel);
        if (old) old.setAttribute("data-bench-old", "1");
      }, selector);
      const select = page.locator('.lotluca-filters [data-dimension="histology"] select');
      const start = await page.evaluate(() => performance.now());
      // The filters show labels, not codes (components/filters.ts, filterValueLabel).
      await select.selectOption({ label: value === "all" ? "All" : labelOf(value, "histology") });
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
    return { firstRenderMs, firstRenderBytes, filterChangeMs: times, filterChangeMedianMs: median(times), problems };
  } finally {
    await page.context().close();
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const load = () => loadavg().map((x) => Number(x.toFixed(2)));

async function benchSize(patients: number, dir: string, dataset: string | undefined): Promise<void> {
  const { dist, stages } = buildSite(patients, dir, dataset);
  const summary = JSON.parse(readFileSync(distDataFile("data/summary.json", dist), "utf8")) as {
    workspace?: { mode: string; patients: number; samplePatients: number | null };
  };
  const loadBefore = load();
  const site = await startSite(`${dist}/`);
  try {
    const values = ["squamous", "adenocarcinoma", "all", "squamous", "all"];
    const pathways = await measure(site, "/pathways.html", "svg.lotluca-sankey", values);
    const survival = await measure(site, "/survival.html", ".lotluca-km", values);
    const loadAfter = load();
    const mode = summary.workspace?.mode ?? "patient";
    const fmt = (f: PageFigures) =>
      `first render ${(f.firstRenderMs / 1000).toFixed(1)} s (${(f.firstRenderBytes / 1e6).toFixed(1)} MB fetched); ` +
      `filter change median ${f.filterChangeMedianMs.toFixed(0)} ms (${f.filterChangeMs.map((x) => x.toFixed(0)).join(", ")})`;
    process.stdout.write(
      `${patients} patients (${mode} mode), histology filter changes; load average ${loadBefore.join(", ")} -> ${loadAfter.join(", ")}\n`,
    );
    process.stdout.write(`  Pathways (Sankey + top sequences): ${fmt(pathways)}\n`);
    process.stdout.write(`  Survival (KM + at risk + medians): ${fmt(survival)}\n`);
    const met =
      Math.max(pathways.filterChangeMedianMs, survival.filterChangeMedianMs) < 500 &&
      Math.max(pathways.firstRenderMs, survival.firstRenderMs) < 10_000;
    process.stdout.write(`  goals (filter change < 500 ms, first render < 10 s): ${met ? "met" : "NOT met"}\n`);
    mkdirSync(RESULTS, { recursive: true });
    const file = join(RESULTS, `workspace-${patients}.json`);
    let commit: string | null = null;
    try {
      commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], {
        cwd: ROOT,
        encoding: "utf8",
        stdio: "pipe",
      }).trim();
    } catch {
      commit = process.env.LOTLUCA_BENCH_COMMIT ?? null; // a copy of the sources outside git
    }
    const result = {
      benchmark: "workspace",
      date: new Date().toISOString(),
      commit,
      patients,
      mode,
      samplePatients: summary.workspace?.samplePatients ?? null,
      loadAverage: { before: loadBefore, after: loadAfter },
      goals: { filterChangeMs: 500, firstRenderMs: 10_000, met },
      pathways,
      survival,
      buildStages: stages,
      dataFileBytes: dataFileSizes(dist),
    };
    writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(`  figures kept in ${file}\n`);
  } finally {
    await site.close();
  }
}

export const workspaceBenchmark: Benchmark = {
  name: "workspace",
  description:
    "analytics pages: first render and filter change -> Sankey and Kaplan-Meier re-rendered, headless Chromium, 100k patients (1M with --full)",
  async run(flags) {
    const given = flagValue(flags, "--patients");
    const sizes = given ? [Number(given)] : flags.includes("--full") ? [100_000, 1_000_000] : [100_000];
    const keep = flagValue(flags, "--keep");
    const dataset = flagValue(flags, "--dataset");
    if (dataset && sizes.length > 1) throw new Error("--dataset measures one size: give --patients too");
    for (const patients of sizes) {
      const dir = keep
        ? sizes.length > 1
          ? join(keep, String(patients))
          : keep
        : mkdtempSync(join(tmpdir(), "lotluca-bench-workspace-"));
      mkdirSync(dir, { recursive: true });
      try {
        await benchSize(patients, dir, dataset);
      } finally {
        if (!keep) rmSync(dir, { recursive: true, force: true });
      }
    }
  },
};
