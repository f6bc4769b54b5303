/**
 * Prepares the source root of the public build: `src-public/`, a copy of `src/`
 * without the pages whose front matter says `private: true` (and without
 * Framework's cache). It sits beside `src/` so that relative imports
 * (`../../loaders/...`) and the `components`/`core` symlinks resolve the same.
 */
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const PUBLIC_ROOT = join(ROOT, "src-public");

/** True when a Markdown page declares `private: true` in its front matter. */
export function isPrivatePage(markdown: string): boolean {
  const front = /^---\n([\s\S]*?)\n---/.exec(markdown);
  return front !== null && /^private:\s*true\s*$/m.test(front[1]!);
}

/** Private pages of `src/`, as paths relative to it. */
export function privatePages(src = join(ROOT, "src")): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (name.startsWith(".")) continue;
      const stat = statSync(path, { throwIfNoEntry: false });
      if (!stat || (stat.isDirectory() && (name === "components" || name === "core"))) continue;
      if (stat.isDirectory()) walk(path);
      else if (name.endsWith(".md") && isPrivatePage(readFileSync(path, "utf8"))) found.push(relative(src, path));
    }
  };
  walk(src);
  return found.sort();
}

export function preparePublicRoot(): string[] {
  const src = join(ROOT, "src");
  const excluded = new Set(privatePages(src));
  if (existsSync(PUBLIC_ROOT)) rmSync(PUBLIC_ROOT, { recursive: true, force: true });
  cpSync(src, PUBLIC_ROOT, {
    recursive: true,
    verbatimSymlinks: true,
    filter: (path) => {
      const rel = relative(src, path);
      return !rel.startsWith(".observablehq") && !excluded.has(rel);
    },
  });
  // The public home is titled as the public site ("LOT-LuCA results", not "LOT-LuCA workspace | LOT-LuCA results").
  const home = join(PUBLIC_ROOT, "index.md");
  if (existsSync(home)) {
    writeFileSync(home, readFileSync(home, "utf8").replace(/^title: .*$/m, `title: ${PUBLIC_SITE_TITLE}`));
  }
  return [...excluded];
}

/** The public build's site title (observablehq.config.ts). */
export const PUBLIC_SITE_TITLE = "LOT-LuCA results";

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const excluded = preparePublicRoot();
  console.log(`src-public/ prepared; private pages left out: ${excluded.join(", ") || "none"}`);
}
