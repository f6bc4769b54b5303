/**
 * Checks that a work folder holds the same outputs as a baseline work folder
 * (issue 17: outputs byte-identical before and after the performance work).
 *
 *   npx tsx bench/identical-outputs.ts BASELINE_WORKDIR NEW_WORKDIR
 *   npx tsx bench/identical-outputs.ts BASELINE_WORKDIR NEW_WORKDIR --run DATASET [--rules default,jmir-2021]
 *
 * With `--run`, `lotluca run DATASET --out NEW_WORKDIR --rules ...` is run first
 * (NEW_WORKDIR must not exist). Every file of either folder is compared:
 * byte for byte (sha256), except the JSON files that embed run times or paths,
 * which are compared as JSON without those fields (VOLATILE_JSON below: the
 * step timings and seconds, the dataset and work folder paths, the manifest's
 * dates, and the manifest's sha256 and size of those JSON files, which are
 * compared themselves). Prints one line per file and
 * exits 1 when any file differs or is missing on one side.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { CLI } from "./cli-child.js";

/** Keys whose values are run times, dates or machine paths, dropped before comparing JSON files. */
export const VOLATILE_JSON_KEYS = new Set(["timingsMs", "seconds", "createdAt", "completedAt", "startedAt"]);

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.push(relative(dir, path));
    }
  };
  walk(dir);
  return out;
}

const sha256 = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");

/** The JSON value with volatile keys removed and the folders' paths replaced by placeholders. */
export function stableJson(value: unknown, paths: readonly [string, string][]): unknown {
  if (Array.isArray(value)) return value.map((v) => stableJson(v, paths));
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    // a manifest entry of a JSON file: its fingerprint covers the volatile fields (the file is compared itself)
    const jsonEntry =
      typeof (value as { name?: unknown }).name === "string" && /\.json$/.test((value as { name: string }).name);
    for (const [k, v] of Object.entries(value)) {
      if (VOLATILE_JSON_KEYS.has(k) || (jsonEntry && (k === "sha256" || k === "bytes"))) continue;
      out[k] = stableJson(v, paths);
    }
    return out;
  }
  if (typeof value === "string") {
    let s = value;
    for (const [path, placeholder] of paths) s = s.split(path).join(placeholder);
    return s;
  }
  return value;
}

/** Paths embedded in a work folder's JSON files: its own path and the dataset's (from ingest.json). */
function pathsOf(workdir: string): [string, string][] {
  const paths: [string, string][] = [[resolve(workdir), "<workdir>"]];
  const ingest = join(workdir, "ingest.json");
  if (existsSync(ingest)) {
    const dataset = (JSON.parse(readFileSync(ingest, "utf8")) as { dataset?: string }).dataset;
    if (dataset) paths.unshift([dataset, "<dataset>"]);
  }
  return paths.sort((a, b) => b[0].length - a[0].length);
}

export interface FileComparison {
  file: string;
  result: "identical" | "identical without volatile fields" | "different" | "only in baseline" | "only in new";
}

export function compareWorkFolders(baseline: string, next: string): FileComparison[] {
  const a = new Set(filesUnder(baseline));
  const b = new Set(filesUnder(next));
  const pa = pathsOf(baseline);
  const pb = pathsOf(next);
  const results: FileComparison[] = [];
  for (const file of [...new Set([...a, ...b])].sort()) {
    if (!b.has(file)) results.push({ file, result: "only in baseline" });
    else if (!a.has(file)) results.push({ file, result: "only in new" });
    else if (sha256(join(baseline, file)) === sha256(join(next, file))) results.push({ file, result: "identical" });
    else if (file.endsWith(".json")) {
      const x = JSON.stringify(stableJson(JSON.parse(readFileSync(join(baseline, file), "utf8")), pa));
      const y = JSON.stringify(stableJson(JSON.parse(readFileSync(join(next, file), "utf8")), pb));
      results.push({ file, result: x === y ? "identical without volatile fields" : "different" });
    } else results.push({ file, result: "different" });
  }
  return results;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  const args = process.argv.slice(2);
  const [baseline, next] = args;
  if (!baseline || !next) {
    process.stderr.write("usage: tsx bench/identical-outputs.ts BASELINE_WORKDIR NEW_WORKDIR [--run DATASET]\n");
    process.exit(2);
  }
  const runAt = args.indexOf("--run");
  if (runAt >= 0) {
    const rulesAt = args.indexOf("--rules");
    const rules = rulesAt >= 0 ? args[rulesAt + 1]! : "default,jmir-2021";
    execFileSync(
      process.execPath,
      ["--import", "tsx", CLI, "--quiet", "run", args[runAt + 1]!, "--out", next, "--rules", rules],
      { stdio: "inherit" },
    );
  }
  const results = compareWorkFolders(baseline, next);
  for (const r of results) process.stdout.write(`${r.result.padEnd(34)} ${r.file}\n`);
  const bad = results.filter((r) => !r.result.startsWith("identical"));
  process.stdout.write(
    bad.length === 0
      ? `all ${results.length} files identical\n`
      : `${bad.length} of ${results.length} files differ or are missing\n`,
  );
  process.exit(bad.length === 0 ? 0 : 1);
}
