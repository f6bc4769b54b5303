/**
 * Browser test harness: serves the built site (dist/) on 127.0.0.1 and drives
 * Debian's Chromium through playwright-core. Every page opened through
 * `openPage` records what must never happen: an error cell, a console error, an
 * uncaught exception, a failed request, or any request to another origin.
 */
import { existsSync, mkdirSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { serveDirectory, type RunningServer } from "../../loaders/serve/static-server.js";
import { labelOf } from "../../core/labels/labels.js";

/** The built site under test (dist/, or LOTLUCA_DIST). */
export const DIST = process.env.LOTLUCA_DIST ?? fileURLToPath(new URL("../../dist/", import.meta.url));

/**
 * Where browser tests write screenshots: test-output/screenshots/ (ignored by git, so
 * `npm test` never rewrites a tracked file), or LOTLUCA_SCREENSHOTS.
 * `npm run screenshots` copies the README's ones into docs/screenshots/.
 */
export const SCREENSHOTS = process.env.LOTLUCA_SCREENSHOTS
  ? join(process.env.LOTLUCA_SCREENSHOTS, "/")
  : fileURLToPath(new URL("../../test-output/screenshots/", import.meta.url));
mkdirSync(SCREENSHOTS, { recursive: true });

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Flags that keep Chromium quiet on a closed network (see docs/platform-notes.md). */
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
  "--disable-dev-shm-usage",
];

export interface Site {
  url: string;
  browser: Browser;
  close(): Promise<void>;
}

export async function startSite(root = DIST): Promise<Site> {
  if (!existsSync(join(root, "index.html"))) {
    throw new Error(`${root}index.html not found: run \`npm run build\` before the browser tests (npm test does).`);
  }
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: apt-get install chromium (or set CHROMIUM_PATH).`);
  }
  const server: RunningServer = await serveDirectory(root);
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
  return {
    url: server.url,
    browser,
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

/** Path of a data file in the build (`data/cohort.parquet` -> dist/_file/data/cohort.<hash>.parquet). */
export function distDataFile(name: string, root = DIST): string {
  const [stem, ext] = [name.slice(0, name.lastIndexOf(".")), name.slice(name.lastIndexOf("."))];
  const dir = join(root, "_file", stem.includes("/") ? stem.slice(0, stem.lastIndexOf("/")) : "");
  const base = stem.slice(stem.lastIndexOf("/") + 1);
  const found = readdirSync(dir).find((f) => f.startsWith(`${base}.`) && f.endsWith(ext) && f.split(".").length === 3);
  if (!found) throw new Error(`${name} is not in the build (${dir})`);
  return join(dir, found);
}

/** Every page of the built site, as URL paths (`/`, `/pathways.html`, ...). */
export function listPages(root = DIST): string[] {
  const pages: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (name.startsWith("_")) continue; // Framework's assets
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith(".html") && name !== "404.html") pages.push(`/${relative(root, path)}`);
    }
  };
  walk(root);
  return pages.map((p) => (p === "/index.html" ? "/" : p)).sort();
}

export interface PageProblems {
  consoleErrors: string[];
  pageErrors: string[];
  foreignRequests: string[];
  failedRequests: string[];
}

export interface OpenedPage {
  page: Page;
  problems: PageProblems;
  /** Text of every Framework error cell on the page. */
  errorCells(): Promise<string[]>;
  /** All problems as readable lines; empty when the page is clean. */
  report(): Promise<string[]>;
}

/**
 * Opens `path` and waits until Framework has settled: the network is idle, no
 * cell is still pending (no `<observablehq-loading>` placeholder is left) and no
 * loading notice is shown (`.lotluca-loading`, removed once the tables are in DuckDB).
 */
export async function openPage(
  site: Site,
  path: string,
  options: { settleMs?: number; width?: number; initScript?: string } = {},
): Promise<OpenedPage> {
  const context = await site.browser.newContext({ viewport: { width: options.width ?? 1280, height: 900 } });
  // A script run in the page before its own (the workspace benchmark times the first render with it).
  if (options.initScript) await context.addInitScript(options.initScript);
  const page = await context.newPage();
  const origin = new URL(site.url).origin;
  const problems: PageProblems = { consoleErrors: [], pageErrors: [], foreignRequests: [], failedRequests: [] };
  page.on("console", (message) => {
    if (message.type() === "error") problems.consoleErrors.push(message.text());
  });
  page.on("pageerror", (error) => problems.pageErrors.push(error.message));
  page.on("request", (request) => {
    const url = request.url();
    if (/^(data|blob|about):/.test(url)) return;
    if (new URL(url).origin !== origin) problems.foreignRequests.push(url);
  });
  page.on("requestfailed", (request) => {
    problems.failedRequests.push(`${request.url()} (${request.failure()?.errorText ?? "failed"})`);
  });
  // Anything bound elsewhere is answered locally with an error, and recorded above.
  await context.route(
    (url) => url.origin !== origin && !/^(data|blob):/.test(url.protocol),
    (route) => route.abort("blockedbyclient"),
  );
  await page.goto(`${site.url}${path}`, { waitUntil: "networkidle" });
  // Pending cells show <observablehq-loading>; a page loading tables shows its .lotluca-loading notice.
  await page.waitForFunction(
    () => document.querySelectorAll("observablehq-loading, .lotluca-loading").length === 0,
    null,
    { timeout: 120_000 },
  );
  await page.waitForTimeout(options.settleMs ?? 300);
  const errorCells = () => page.locator(".observablehq--error").allInnerTexts();
  return {
    page,
    problems,
    errorCells,
    async report() {
      const cells = await errorCells();
      return [
        ...cells.map((t) => `error cell: ${t}`),
        ...problems.consoleErrors.map((t) => `console error: ${t}`),
        ...problems.pageErrors.map((t) => `uncaught: ${t}`),
        ...problems.foreignRequests.map((t) => `request to another origin: ${t}`),
        ...problems.failedRequests.map((t) => `failed request: ${t}`),
      ];
    },
  };
}

/**
 * Picks a cohort filter's value by the word the page shows (the label table's,
 * not the code), then waits until `caption` names the filter and the page has
 * finished loading.
 */
export async function pickFilter(opened: OpenedPage, dimension: string, value: string, caption: string): Promise<void> {
  const label = labelOf(value, dimension === "histology" ? "histology" : undefined);
  await opened.page.locator(`.lotluca-filters [data-dimension="${dimension}"] select`).selectOption({ label });
  await opened.page.waitForFunction(
    ([id, text]) => document.querySelector(id!)?.textContent?.includes(text!) ?? false,
    [caption, `${dimension.replace("_", " ")} = ${label}`],
  );
  await opened.page.waitForFunction(() => document.querySelectorAll("observablehq-loading").length === 0);
  await opened.page.waitForTimeout(300);
}
