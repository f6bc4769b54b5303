// Opens every page of the built site and fails on any error cell, console error,
// uncaught exception, failed request, or request to another origin.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { listPages, openPage, startSite, type Site } from "./harness.js";

describe("every page of the built workspace", () => {
  let site: Site;
  before(async () => {
    site = await startSite();
  });
  after(async () => {
    await site?.close();
  });

  const pages = listPages();
  test("the site has pages", () => {
    assert.ok(pages.includes("/"), `home page missing from dist: ${pages.join(", ")}`);
  });
  for (const path of pages) {
    test(`${path} renders with no error and no foreign request`, async () => {
      const opened = await openPage(site, path);
      try {
        assert.deepEqual(await opened.report(), []);
      } finally {
        await opened.page.context().close();
      }
    });
  }
});

test("the build self-hosts no CDN module (npm: imports are refused, not copied)", async () => {
  const { existsSync } = await import("node:fs");
  const { DIST } = await import("./harness.js");
  assert.ok(existsSync(`${DIST}index.html`));
  assert.equal(existsSync(`${DIST}_npm`), false, "dist/_npm exists: a page used an npm: import (fetched from a CDN)");
});
