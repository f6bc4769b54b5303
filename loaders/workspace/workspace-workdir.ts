/**
 * The work folder the workspace's data loaders read, built once and cached:
 * - LOTLUCA_WORKDIR: a folder written by `lotluca run` (used as is);
 * - LOTLUCA_DATASET: a dataset folder, run through the pipeline;
 * - otherwise the embedded synthetic demo (data/demo/config.json): simulated,
 *   then run through the pipeline.
 * The cache key hashes the configuration, the dataset's content (not its path)
 * and the project's code and rules, so a change to any rebuilds it; a lock that
 * names its owner keeps concurrent data loaders from building it twice (a dead
 * owner's lock is taken over at once, loaders/output/owner-lock.ts); every
 * folder is checked against its manifest before use.
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
import { folderFingerprint } from "../output/fingerprint.js";
import { withOwnerLock } from "../output/owner-lock.js";
import { restrictNewFiles } from "../output/private-files.js";
import { verifyWorkdir } from "../output/workdir-manifest.js";

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

/**
 * The cache key of a workspace work folder: the configuration, the dataset's
 * content fingerprint (not its path: a changed dataset at the same path is a new
 * key, the same content elsewhere the same key) and the project's code and rules.
 */
export async function workspaceCacheKey(o: {
  demo: DemoConfig | null;
  dataset: string | null;
  ruleSets: readonly string[];
}): Promise<string> {
  const datasetFingerprint = o.dataset ? await folderFingerprint(o.dataset) : null;
  return createHash("sha256")
    .update(JSON.stringify({ demo: o.demo, datasetFingerprint, ruleSets: o.ruleSets }))
    .update(codeHash())
    .digest("hex")
    .slice(0, 16);
}

const log = (message: string) => process.stderr.write(`[workspace] ${message}\n`);

export async function ensureWorkspaceWorkdir(): Promise<WorkspaceWorkdir> {
  restrictNewFiles(); // the cached work folders are patient-level: 0600 / 0700
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
    await verifyWorkdir(workdir, ["ingest", ...ruleSets.map((r) => `reconstruct:${r}`)]);
    const hasGold = ruleSets.some((r) => existsSync(join(workdir, `evaluation-${r}.json`)));
    return { workdir, dataset: null, source: "workdir", ruleSets, hasGold, demo: null };
  }
  const demo = process.env.LOTLUCA_DATASET ? null : readDemoConfig();
  const dataset = process.env.LOTLUCA_DATASET ? resolve(process.env.LOTLUCA_DATASET) : null;
  const ruleSets = demo?.ruleSets ?? ["default", "jmir-2021"];
  const key = await workspaceCacheKey({ demo, dataset, ruleSets });
  const root = join(PROJECT_ROOT, "work", `${demo ? "demo" : "dataset"}-${key}`);
  const workdir = join(root, "workdir");
  const datasetDir = dataset ?? join(root, "dataset");
  const done = join(root, "done.json");
  await mkdir(join(PROJECT_ROOT, "work"), { recursive: true });
  await withOwnerLock(
    `${root}.lock`,
    async () => {
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
    },
    { log },
  );
  await verifyWorkdir(workdir, ["ingest", ...ruleSets.map((r) => `reconstruct:${loadRuleSet(r).name}`)]);
  return {
    workdir,
    dataset: datasetDir,
    source: demo ? "demo" : "dataset",
    ruleSets,
    hasGold: await hasGoldStandard(datasetDir),
    demo,
  };
}
