// Framework bundles its client (`/_observablehq/client.js`, `stdlib.js`) with no
// network once the optional modules' versions are seeded (loaders/workspace/
// offline-npm-cache.ts). Runs Framework's own bundler (dist/rollup.js) with
// `fetch` replaced by one that records the call and fails, as a cut network does.
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { after, test } from "node:test";
import {
  FRAMEWORK_CLIENT,
  frameworkNpmPackages,
  npmPackageName,
  OFFLINE_VERSION,
  seedOfflineNpmCache,
} from "../../../loaders/workspace/offline-npm-cache.js";

type RollupClient = (input: string, root: string, path: string, options?: { minify?: boolean }) => Promise<string>;

const { rollupClient } = (await import(pathToFileURL(join(FRAMEWORK_CLIENT, "../rollup.js")).href)) as {
  rollupClient: RollupClient;
};

const roots: string[] = [];
after(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));
function freshRoot(): string {
  const root = mkdtempSync(join(tmpdir(), "lotluca-offline-"));
  roots.push(root);
  return root;
}

// The network is cut for the whole file (each test file runs in its own process):
// a failed bundle leaves look-ups running in the background, which must not reach
// the real registry either.
let fetched: string[] = [];
globalThis.fetch = ((input: string | URL | Request) => {
  fetched.push(String(input instanceof Request ? input.url : input));
  return Promise.reject(new TypeError("fetch failed (network cut by the test)"));
}) as typeof fetch;

/** Bundles `file` of Framework's client as `path`; returns the code and the URLs fetched meanwhile. */
async function bundleOffline(root: string, file: string, path: string): Promise<{ code?: string; fetched: string[] }> {
  fetched = [];
  const calls = fetched;
  try {
    return { code: await rollupClient(join(FRAMEWORK_CLIENT, file), root, path, { minify: false }), fetched: calls };
  } catch {
    return { fetched: calls };
  }
}

test("npmPackageName keeps the scope and drops the range and the path", () => {
  assert.equal(npmPackageName("react-dom"), "react-dom");
  assert.equal(npmPackageName("@observablehq/sample-datasets/aapl.csv"), "@observablehq/sample-datasets");
  assert.equal(npmPackageName("@duckdb/duckdb-wasm@1.29.0/dist/x.wasm"), "@duckdb/duckdb-wasm");
  assert.equal(npmPackageName("sql.js/dist/"), "sql.js");
});

test("the optional modules are read from Framework's client sources", () => {
  const names = frameworkNpmPackages();
  for (const name of ["react-dom", "mapbox-gl", "@observablehq/sample-datasets", "d3-dsv", "parquet-wasm"]) {
    assert.ok(names.includes(name), `${name} missing from ${names.join(", ")}`);
  }
});

const CLIENT_FILES: [file: string, path: string][] = [
  ["index.js", "/_observablehq/client.js"],
  ["stdlib.js", "/_observablehq/stdlib.js"],
];
for (const [file, path] of CLIENT_FILES) {
  test(`with the seeded cache, ${path} is bundled with no network request`, async () => {
    const root = freshRoot();
    seedOfflineNpmCache(root);
    assert.ok(readdirSync(join(root, ".observablehq/cache/_npm")).includes(`react-dom@${OFFLINE_VERSION}`));
    const { code, fetched } = await bundleOffline(root, file, path);
    assert.deepEqual(fetched, []);
    assert.ok(code !== undefined && code.length > 1000);
    if (file === "index.js") {
      // The optional modules point at the "not provided" version (loaded only if a page used them).
      assert.match(code, /_npm\/react-dom@0\.0\.0-offline\/client\._esm\.js/);
      assert.match(code, /_npm\/mapbox-gl@0\.0\.0-offline\/_esm\.js/);
    }
  });
}

// Last: the failed bundle leaves registry look-ups running in the background.
test("without the seeded cache, bundling the client asks the registry (the failure being fixed)", async () => {
  const { code, fetched } = await bundleOffline(freshRoot(), "index.js", "/_observablehq/client.js");
  assert.equal(code, undefined);
  assert.ok(
    fetched.some((url) => url.startsWith("https://registry.npmjs.org/")),
    fetched.join(", "),
  );
});
