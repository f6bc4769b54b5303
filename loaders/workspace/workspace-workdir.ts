/**
 * The work folder the workspace's data loaders read, built once and cached:
 * - LOTLUCA_WORKDIR: a folder written by `lotluca run` (used as is);
 * - LOTLUCA_DATASET: a dataset folder, run through the pipeline;
 * - otherwise the embedded synthetic demo (data/demo/config.json): simulated,
 *   then run through the pipeline.
 * The cache key hashes the configuration and the project's code and rules, so a
 * change to either rebuilds it; a lock keeps concurrent data loaders from
 * building it twice.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { DataError } from "../../core/errors/data-error.js";
import type { ProfileName } from "../../core/simulation/profiles.js";
import { hasGoldStandard, runPipeline } from "../pipeline/run-pipeline.js";
import { loadRuleSet } from "../rules/load-rule-set.js";
import { runSimulation } from "../simulate/run-simulation.js";

export const PROJECT_ROOT = fileURLToPath(new URL("../../", import.meta.url));

export interface DemoConfig {
  patients: number;
  seed: number;
  profile: ProfileName;
  ruleSets: string[];
  /** A learned model (path from the project root) ranked on the Leaderboard with the rule sets. */
  learnedModel?: string;
  replicates: number;
}

export interface WorkspaceWorkdir {
  workdir: string;
  /** Dataset folder (simulated or given), when known. */
  dataset: string | null;
  source: "demo" | "dataset" | "workdir";
  ruleSets: string[];
  hasGold: boolean;
  demo: DemoConfig | null;
}

export function readDemoConfig(): DemoConfig {
  return JSON.parse(readFileSync(join(PROJECT_ROOT, "data/demo/config.json"), "utf8")) as DemoConfig;
}

/** Hash of every source file that shapes the outputs (code, rules, reference). */
function codeHash(): string {
  const hash = createHash("sha256");
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(ts|json|csv)$/.test(name)) hash.update(relative(PROJECT_ROOT, path)).update(readFileSync(path));
    }
  };
  for (const dir of ["core", "loaders", "data/rules", "data/reference", "data/learning"]) walk(join(PROJECT_ROOT, dir));
  return hash.digest("hex").slice(0, 16);
}

async function withLock<T>(lock: string, work: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 30 * 60_000;
  for (;;) {
    try {
      await mkdir(lock);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${lock} (remove it if no build is running)`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    return await work();
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}

const log = (message: string) => process.stderr.write(`[workspace] ${message}\n`);

export async function ensureWorkspaceWorkdir(): Promise<WorkspaceWorkdir> {
  const given = process.env.LOTLUCA_WORKDIR;
  if (given) {
    const workdir = resolve(given);
    if (!existsSync(join(workdir, "patients.parquet"))) {
      throw new DataError(
        "not a work folder of `lotluca run`",
        { file: workdir },
        "a folder holding patients.parquet and lines-*.parquet",
      );
    }
    const ruleSets = readdirSync(workdir)
      .filter((f) => /^lines-.+\.parquet$/.test(f))
      .map((f) => f.slice("lines-".length, -".parquet".length));
    const hasGold = ruleSets.some((r) => existsSync(join(workdir, `evaluation-${r}.json`)));
    return { workdir, dataset: null, source: "workdir", ruleSets, hasGold, demo: null };
  }
  const demo = process.env.LOTLUCA_DATASET ? null : readDemoConfig();
  const dataset = process.env.LOTLUCA_DATASET ? resolve(process.env.LOTLUCA_DATASET) : null;
  const ruleSets = demo?.ruleSets ?? ["default", "jmir-2021"];
  const key = createHash("sha256")
    .update(JSON.stringify({ demo, dataset, ruleSets }))
    .update(codeHash())
    .digest("hex")
    .slice(0, 16);
  const root = join(PROJECT_ROOT, "work", `${demo ? "demo" : "dataset"}-${key}`);
  const workdir = join(root, "workdir");
  const datasetDir = dataset ?? join(root, "dataset");
  const done = join(root, "done.json");
  await mkdir(join(PROJECT_ROOT, "work"), { recursive: true });
  await withLock(`${root}.lock`, async () => {
    if (existsSync(done)) return;
    await rm(root, { recursive: true, force: true });
    if (demo) {
      log(`simulating ${demo.patients} patients (seed ${demo.seed}, ${demo.profile})`);
      await runSimulation({
        patients: demo.patients,
        seed: demo.seed,
        out: datasetDir,
        format: "parquet",
        profile: demo.profile,
        report: true,
      });
    }
    log(`running the pipeline on ${datasetDir}`);
    await runPipeline({
      dataset: datasetDir,
      workdir,
      ruleSets: ruleSets.map((r) => loadRuleSet(r)),
      replicates: demo?.replicates ?? 200,
      ...(demo?.learnedModel ? { learnedModel: join(PROJECT_ROOT, demo.learnedModel) } : {}),
      onStage: (stage) => log(stage),
    });
    await writeFile(done, JSON.stringify({ builtAt: new Date().toISOString(), demo, dataset }, null, 2));
  });
  return {
    workdir,
    dataset: datasetDir,
    source: demo ? "demo" : "dataset",
    ruleSets,
    hasGold: await hasGoldStandard(datasetDir),
    demo,
  };
}
