/**
 * Removing what the project derived from a dataset: the workspace's cached
 * folders under work/ (`demo-<key>`, `dataset-<key>`, each with its dataset copy
 * or simulated cohort, work folder and done.json) and, on request, a work folder
 * written by `lotluca run`/`ingest` (recognised by its manifest: a folder without
 * one is never removed). A dry run lists what would go.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { rm } from "node:fs/promises";
import { join, resolve } from "node:path";
import { UsageError } from "../../core/errors/data-error.js";
import { MANIFEST_FILE } from "./workdir-manifest.js";

export interface PurgeTarget {
  path: string;
  why: string;
  bytes: number;
}

function size(path: string): number {
  const info = statSync(path, { throwIfNoEntry: false });
  if (!info) return 0;
  if (!info.isDirectory()) return info.size;
  return readdirSync(path).reduce((n, name) => n + size(join(path, name)), 0);
}

/** The cached folders of `work` made from `dataset` (a path), from the demo, or all of them. */
export function workspaceFoldersOf(work: string, which: { dataset?: string; demo?: boolean; all?: boolean }) {
  if (!existsSync(work)) return [];
  const wanted = which.dataset ? resolve(which.dataset) : null;
  const out: PurgeTarget[] = [];
  for (const name of readdirSync(work).sort()) {
    const match = /^(demo|dataset)-[0-9a-f]{16}(\.lock)?$/.exec(name);
    if (!match) continue;
    const path = join(work, name);
    const folder = name.replace(/\.lock$/, "");
    let source: string | null = null;
    try {
      const done = JSON.parse(readFileSync(join(work, folder, "done.json"), "utf8")) as { dataset: string | null };
      source = done.dataset;
    } catch {
      source = null;
    }
    const isDemo = match[1] === "demo";
    if (which.all || (which.demo && isDemo) || (wanted !== null && source === wanted))
      out.push({
        path,
        why: isDemo ? "the demo cohort's workspace cache" : `the workspace cache of ${source ?? "an unfinished build"}`,
        bytes: size(path),
      });
  }
  return out;
}

/** A work folder written by `lotluca run` or `ingest` (it has a manifest). */
export function workFolderTarget(workdir: string): PurgeTarget {
  if (!existsSync(workdir)) throw new UsageError(`--workdir ${workdir} does not exist`);
  if (!existsSync(join(workdir, MANIFEST_FILE)))
    throw new UsageError(`--workdir ${workdir} has no ${MANIFEST_FILE}: not a work folder of lotluca, left alone`);
  return { path: workdir, why: "a work folder of lotluca run/ingest", bytes: size(workdir) };
}

export async function removeTargets(targets: readonly PurgeTarget[]): Promise<void> {
  for (const t of targets) await rm(t.path, { recursive: true, force: true });
}
