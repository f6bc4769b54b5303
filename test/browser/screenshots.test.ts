// Every page of the built workspace at 1,280 and 900 px wide: a full-page
// screenshot (test-output/screenshots/, ignored by git, for a person to look at)
// and the layout faults a person would see, checked in the page:
// - a box whose content spills over what follows (overflow visible, content taller than the box);
// - an SVG text label outside its chart (clipped) or over another label;
// - a raw code (snake_case identifier) in the visible text outside code, SQL and inputs;
// - a page wider than the window.
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { after, before, describe, test } from "node:test";
import { listPages, openPage, startSite, type Site } from "./harness.js";

const OUT = fileURLToPath(new URL("../../test-output/screenshots/", import.meta.url));
const WIDTHS = [1280, 900];
/** SCREENSHOT_PAGES=pathways,survival limits the run to pages whose path contains one of these (while iterating). */
const ONLY = process.env.SCREENSHOT_PAGES?.split(",").filter(Boolean);

/** Elements whose text is SQL, code or raw data on purpose (column names of a query result, rule traces). */
const RAW_TEXT_ALLOWED = ["code", "pre", "textarea", "input", "#sql-result", ".lotluca-raw"];

interface LayoutFaults {
  spills: string[];
  clippedLabels: string[];
  overlappingLabels: string[];
  rawCodes: string[];
  pageWidth: number;
}

/**
 * Runs in the page: the faults listed at the top of this file. Plain JavaScript
 * in a string, so that it reaches the browser as written (tsx would add helpers
 * the page does not have).
 */
const FIND_LAYOUT_FAULTS = `(allowed) => {
  const main = document.querySelector("#observablehq-main") ?? document.body;
  const describe = (el) =>
    el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (el.classList.length ? "." + [...el.classList].join(".") : "");
  const spills = [];
  for (const el of main.querySelectorAll("*")) {
    if (!(el instanceof HTMLElement) || el.closest("svg")) continue;
    const style = getComputedStyle(el);
    if (style.overflowY !== "visible" || style.display === "inline" || style.display === "contents") continue;
    if (el.clientHeight > 0 && el.scrollHeight > el.clientHeight + 4) {
      spills.push(describe(el) + ": content " + el.scrollHeight + "px in a " + el.clientHeight + "px box");
    }
  }
  const clippedLabels = [];
  const overlappingLabels = [];
  for (const svg of main.querySelectorAll("svg")) {
    if (svg.parentElement && svg.parentElement.closest("svg")) continue;
    const box = svg.getBoundingClientRect();
    if (box.width === 0) continue;
    const texts = [...svg.querySelectorAll("text")]
      .filter((t) => (t.textContent ?? "").trim() !== "" && getComputedStyle(t).visibility !== "hidden")
      .map((t) => ({ text: (t.textContent ?? "").trim(), r: t.getBoundingClientRect() }))
      .filter((t) => t.r.width > 0);
    for (const t of texts) {
      if (t.r.left < box.left - 1 || t.r.right > box.right + 1 || t.r.top < box.top - 1 || t.r.bottom > box.bottom + 1) {
        clippedLabels.push('"' + t.text + '" outside its chart');
      }
    }
    if (texts.length > 600) continue;
    for (let i = 0; i < texts.length; i++) {
      for (let j = i + 1; j < texts.length; j++) {
        const a = texts[i].r, b = texts[j].r;
        const dx = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        const dy = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (dx > 2 && dy > 3) overlappingLabels.push('"' + texts[i].text + '" over "' + texts[j].text + '"');
      }
    }
  }
  const rawCodes = new Set();
  const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || parent.closest(allowed.join(",")) || parent.closest("svg title, option, style, script")) continue;
    if (parent.closest("[hidden]") || parent.getClientRects().length === 0) continue;
    for (const m of (node.textContent ?? "").matchAll(/\\b[a-z][a-z0-9]*_[a-z0-9_]+\\b/g)) rawCodes.add(m[0]);
  }
  return { spills, clippedLabels, overlappingLabels, rawCodes: [...rawCodes], pageWidth: document.documentElement.scrollWidth };
}`;

/**
 * Runs in the page: the headings (h2) of the main column under which nothing is
 * shown before the next heading (a chart or table still computing, or empty).
 */
const EMPTY_SECTIONS = `() => {
  const main = document.querySelector("#observablehq-main");
  if (!main) return [];
  const empty = [];
  let heading = null;
  let shown = false;
  const close = () => {
    if (heading && !shown) empty.push(heading.textContent.trim());
  };
  for (const el of main.children) {
    if (el.tagName === "H2") {
      close();
      heading = el;
      shown = false;
    } else if (heading && !shown && el.getBoundingClientRect().height > 0 && (el.textContent.trim() !== "" || el.querySelector("svg, img, canvas"))) {
      shown = true;
    }
  }
  close();
  return empty;
}`;

/** Resolves "quiet" once the page's DOM has not changed for 3 s ("busy" after 60 s). */
const UNTIL_QUIET = `new Promise((resolve) => {
  const started = Date.now();
  let last = Date.now();
  const observer = new MutationObserver(() => { last = Date.now(); });
  observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  const tick = () => {
    const quiet = Date.now() - last >= 3000;
    if (quiet || Date.now() - started > 60000) {
      observer.disconnect();
      resolve(quiet ? "quiet" : "busy");
    } else setTimeout(tick, 200);
  };
  setTimeout(tick, 200);
})`;

describe("every page, screenshot and layout, at 1,280 and 900 px", () => {
  let site: Site;
  before(async () => {
    mkdirSync(`${OUT}parts`, { recursive: true });
    site = await startSite();
  });
  after(async () => {
    await site?.close();
  });

  for (const path of listPages().filter((p) => !ONLY || ONLY.some((o) => p.includes(o)))) {
    for (const width of WIDTHS) {
      test(`${path} at ${width} px`, async () => {
        // Cells after the tables load (queries, charts) show no placeholder: give them time before the screenshot.
        const opened = await openPage(site, path, { width, settleMs: 1000 });
        try {
          const { page } = opened;
          // A cell may still be computing without a placeholder (a chart redrawn for the page's width, a
          // query after another): wait until the page stops changing, so that the screenshot and the checks
          // below see the finished page, not one without its chart.
          await page
            .waitForFunction(`(${EMPTY_SECTIONS})().length === 0`, undefined, { timeout: 60_000 })
            .catch(() => undefined); // reported below
          assert.equal(await page.evaluate(UNTIL_QUIET), "quiet", "the page stops changing within 60 s");
          assert.deepEqual(await page.evaluate(`(${EMPTY_SECTIONS})()`), [], "every section shows something");
          const name = (path === "/" ? "index" : path.slice(1).replace(/\.html$/, "")).replaceAll("/", "-");
          await page.screenshot({ path: `${OUT}${name}-${width}.png`, fullPage: true });
          // The same page in parts of 1,000 px, to look at in full resolution.
          const height = await page.evaluate(() => document.documentElement.scrollHeight);
          for (let y = 0, part = 1; y < height; y += 1000, part++) {
            await page.screenshot({
              path: `${OUT}parts/${name}-${width}-${part}.png`,
              fullPage: true,
              clip: { x: 0, y, width, height: Math.min(1000, height - y) },
            });
          }
          assert.deepEqual(await opened.report(), [], "the page renders without error");
          assert.equal(
            await page.locator(".lotluca-loading").count(),
            0,
            "the loading notice is gone once the page has loaded",
          );
          const faults = (await page.evaluate(
            `(${FIND_LAYOUT_FAULTS})(${JSON.stringify(RAW_TEXT_ALLOWED)})`,
          )) as LayoutFaults;
          assert.deepEqual(faults.spills, [], "no box spills over what follows");
          assert.deepEqual(faults.clippedLabels, [], "no chart label is clipped");
          assert.deepEqual(faults.overlappingLabels, [], "no chart label is drawn over another");
          assert.deepEqual(faults.rawCodes, [], "no raw code in the visible text");
          assert.ok(faults.pageWidth <= width + 1, `the page is ${faults.pageWidth}px wide in a ${width}px window`);
        } finally {
          await opened.page.context().close();
        }
      });
    }
  }
});
