/**
 * Makes Framework's build work with no network at all.
 *
 * Why: Framework 1.13.4 bundles `/_observablehq/client.js` (and `stdlib.js`) from
 * its client sources, whose standard library lists optional modules as
 * `import("npm:react-dom")`, `import("npm:mapbox-gl")`, ... Bundling rewrites each
 * to `/_npm/<name>@<version>/...`, and to know the version Framework asks the npm
 * registry (`resolveNpmVersion` in its dist/npm.js) unless its version cache,
 * the folder `<root>/.observablehq/cache/_npm/<name>@<version>/`, already holds one.
 * Nothing is downloaded: the modules are loaded lazily, only by a page that uses
 * them, and no page of this project does (pages import from node_modules). But the
 * version look-up alone fails offline, and the build stops.
 *
 * What: before the build, this module writes one empty version folder per optional
 * module named in Framework's client sources, with the version `0.0.0-offline`:
 * "not provided". Framework then resolves every one of them from the cache and
 * never calls the registry. The optional modules stay unavailable, as they are in
 * an enclave: a page that used one (an `npm:` import, or an implicit `React`,
 * `Plot`, `d3`, ...) would make the build fetch `<name>@0.0.0-offline` from the
 * CDN and fail with "unable to fetch", online as well as offline, instead of
 * building a site that works only with the internet. See docs/platform-notes.md.
 *
 * Usage: `tsx loaders/workspace/offline-npm-cache.ts <root>` (the build scripts
 * run it after clearing Framework's cache).
 */
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The version written for every optional module: valid semver, never published. */
export const OFFLINE_VERSION = "0.0.0-offline";

const PROJECT_ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** Framework's client sources (the files bundled into `/_observablehq/*.js`). */
export const FRAMEWORK_CLIENT = join(PROJECT_ROOT, "node_modules/@observablehq/framework/dist/client");

/** Package name of an `npm:` specifier (`@scope/name@range/path` -> `@scope/name`). */
export function npmPackageName(specifier: string): string {
  const parts = specifier.split("/");
  const nameRange = specifier.startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0]!;
  const at = nameRange.indexOf("@", 1);
  return at > 0 ? nameRange.slice(0, at) : nameRange;
}

/** Every package named by an `npm:` string literal in the JavaScript files under `dir`, sorted. */
export function frameworkNpmPackages(dir = FRAMEWORK_CLIENT): string[] {
  const names = new Set<string>();
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(".js")) {
        for (const match of readFileSync(path, "utf8").matchAll(/["'`]npm:([^"'`\s]+)["'`]/g)) {
          names.add(npmPackageName(match[1]!));
        }
      }
    }
  };
  walk(dir);
  if (names.size === 0) throw new Error(`no npm: module found in ${dir}: has Framework's layout changed?`);
  return [...names].sort();
}

/**
 * Writes `<root>/.observablehq/cache/_npm/<name>@0.0.0-offline/` for every optional
 * module of Framework's client. Returns the package names.
 */
export function seedOfflineNpmCache(root: string, packages = frameworkNpmPackages()): string[] {
  const cache = join(root, ".observablehq", "cache", "_npm");
  for (const name of packages) mkdirSync(join(cache, `${name}@${OFFLINE_VERSION}`), { recursive: true });
  return packages;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const root = process.argv[2];
  if (!root) {
    console.error("usage: tsx loaders/workspace/offline-npm-cache.ts <framework source root>");
    process.exit(2);
  }
  const packages = seedOfflineNpmCache(root);
  console.log(
    `offline: ${packages.length} optional Framework modules marked not provided in ${root}/.observablehq/cache/_npm`,
  );
}
