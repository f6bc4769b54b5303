/**
 * The main job: dataset folder -> ingest -> reconstruct (one or more rule sets)
 * -> evaluate (when the dataset has a gold standard). Everything lands in one
 * work folder, the same one the workspace's data loaders read.
 */
import { existsSync, rmSync } from "node:fs";
import { mkdir, readdir, rm } from "node:fs/promises";
import { basename, join } from "node:path";
import type { Evaluation } from "../../core/evaluation/score.js";
import type { RuleSet } from "../../core/rules/rule-set.js";
import { discoverDataset } from "../dataset/discover.js";
import { openDuckSession, sqlString } from "../duckdb/session.js";
import { readEvaluationCohort } from "../evaluate/evaluation-cohort.js";
import { buildLeaderboard, type Leaderboard, type LeaderboardEntryInput } from "../evaluate/leaderboard.js";
import { readLinesFile } from "../evaluate/read-lines-file.js";
import { ingestDataset, type IngestOptions, type IngestSummary } from "../ingest/ingest.js";
import { readLearnedModel, reconstructWorkdirLearned } from "../learning/learned-lines-file.js";
import { OUTPUT_FILES } from "../ingest/write-outputs.js";
import { writeFileAtomically } from "../output/atomic-file.js";
import { fileFingerprint, folderFingerprint } from "../output/fingerprint.js";
import { beginStep, completeStep } from "../output/workdir-manifest.js";
import type { ReconstructionSummary } from "../reconstruct/reconstruct-cohort.js";
import { reconstructInThreads, type ReconstructInThreadsOptions } from "../reconstruct/reconstruct-in-threads.js";

/** DuckDB's spill folder inside a work folder during an ingestion (loaders/ingest/ingest.ts). */
export const INGEST_SPILL_FOLDER = ".duckdb-tmp";

/** File of a rule set's lines in the work folder. */
export const linesFileOf = (workdir: string, ruleSet: string) => join(workdir, `lines-${ruleSet}.parquet`);
export const evaluationFileOf = (workdir: string, ruleSet: string) => join(workdir, `evaluation-${ruleSet}.json`);

export interface RunPipelineOptions {
  dataset: string;
  workdir: string;
  ruleSets: RuleSet[];
  ingest?: IngestOptions;
  /** Bootstrap replicates of the evaluation (0 = point estimates only). */
  replicates?: number;
  seed?: number;
  batchSize?: number;
  /** Worker threads of the reconstruction and of the bootstrap (default: the machine's cores). */
  threads?: number;
  /** Folder of submitted prediction files to rank with the rule sets (e.g. data/submissions). */
  submissions?: string;
  /** A learned model (data/learning/model.json) whose lines (lines-learned.parquet) are ranked with the rule sets. */
  learnedModel?: string;
  onStage?: (stage: string) => void;
  onPatients?: (done: number, total: number) => void;
}

export interface RunPipelineSummary {
  ingest: IngestSummary;
  reconstructions: (ReconstructionSummary & { file: string })[];
  evaluations: { ruleSet: string; file: string; evaluation: Evaluation }[];
  /** Every method and submission ranked (when the dataset has a gold standard). */
  leaderboard: Leaderboard | null;
}

/** Prediction files (.csv, .parquet) of a submissions folder, sorted; none when the folder is absent. */
export async function submissionFiles(dir: string | undefined): Promise<string[]> {
  if (!dir || !existsSync(dir)) return [];
  return (await readdir(dir))
    .filter((f) => /\.(csv|parquet)$/i.test(f))
    .sort()
    .map((f) => join(dir, f));
}

/**
 * Ingests a dataset into a work folder and records the step in its manifest
 * (loaders/output/workdir-manifest.ts): the folder is marked as being written
 * first, so an interrupted ingestion leaves a folder every consumer refuses.
 */
export async function ingestIntoWorkdir(
  dataset: string,
  workdir: string,
  options: IngestOptions = {},
): Promise<IngestSummary> {
  await mkdir(workdir, { recursive: true, mode: 0o700 });
  // DuckDB's spill folder (and, with --on-disk, its database file holding copies of
  // the input tables): removed if a previous ingestion was killed, and on a signal.
  const spill = join(workdir, INGEST_SPILL_FOLDER);
  await rm(spill, { recursive: true, force: true });
  const removeSpill = () => rmSync(spill, { recursive: true, force: true });
  const onSignal = (signal: NodeJS.Signals) => {
    removeSpill();
    process.removeListener("SIGINT", onSignal);
    process.removeListener("SIGTERM", onSignal);
    process.kill(process.pid, signal);
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  process.on("exit", removeSpill);
  await beginStep(workdir, "ingest");
  let summary: IngestSummary;
  try {
    summary = await ingestDataset(dataset, workdir, options);
  } finally {
    process.removeListener("SIGINT", onSignal);
    process.removeListener("SIGTERM", onSignal);
    process.removeListener("exit", removeSpill);
    removeSpill();
  }
  await completeStep(workdir, "ingest", [...Object.values(OUTPUT_FILES), "ingest.json"], {
    dataset: await folderFingerprint(dataset),
  });
  return summary;
}

/** Reconstructs a work folder with a rule set, on worker threads over patient ranges (same file whatever the number). */
export async function reconstructWorkdir(
  workdir: string,
  rules: RuleSet,
  out: string,
  options: ReconstructInThreadsOptions = {},
): Promise<ReconstructionSummary> {
  return reconstructInThreads(workdir, rules, out, options);
}

/** Number of patients in an ingestion work folder. */
export async function countPatients(workdir: string): Promise<number> {
  const session = await openDuckSession();
  try {
    const rows = await session.all(
      `SELECT count(*)::INTEGER AS n FROM read_parquet(${sqlString(join(workdir, "patients.parquet"))})`,
    );
    return Number(rows[0]?.n ?? 0);
  } finally {
    session.close();
  }
}

export async function hasGoldStandard(dataset: string): Promise<boolean> {
  const listing = await discoverDataset(dataset);
  return listing.files.some((f) => f.logicalName === "GOLD_LINES");
}

/** Reconstructs every rule set into the work folder (lines-<name>.parquet). */
export async function reconstructAll(
  workdir: string,
  ruleSets: readonly RuleSet[],
  options: Pick<RunPipelineOptions, "batchSize" | "threads" | "onStage" | "onPatients"> & { patients: number },
): Promise<RunPipelineSummary["reconstructions"]> {
  const reconstructions: RunPipelineSummary["reconstructions"] = [];
  for (const rules of ruleSets) {
    options.onStage?.(`reconstruct (${rules.name})`);
    const file = linesFileOf(workdir, rules.name);
    await beginStep(workdir, `reconstruct:${rules.name}`);
    const summary = await reconstructWorkdir(workdir, rules, file, {
      ...(options.batchSize ? { batchSize: options.batchSize } : {}),
      ...(options.threads ? { threads: options.threads } : {}),
      onPatients: (done) => options.onPatients?.(done, options.patients),
    });
    await completeStep(workdir, `reconstruct:${rules.name}`, [basename(file)], {
      rules: `${rules.name}@${rules.version}`,
    });
    reconstructions.push({ ...summary, file });
  }
  return reconstructions;
}

export interface RankOptions {
  /** Extra prediction files to rank (besides the rule sets and the submissions folder). */
  predictions?: readonly string[];
  submissions?: string;
  /** Name of the reference method (default: the first rule set). */
  reference?: string;
  replicates?: number;
  seed?: number;
  /** Threads drawing the bootstrap replicates (default: the machine's cores). */
  threads?: number;
}

/**
 * Scores every reconstruction and submission against the dataset's gold
 * standard, writes leaderboard.json and evaluation-<rule set>.json.
 */
export async function rankAll(
  dataset: string,
  workdir: string,
  reconstructions: RunPipelineSummary["reconstructions"],
  options: RankOptions = {},
): Promise<{ leaderboard: Leaderboard; evaluations: RunPipelineSummary["evaluations"] }> {
  const session = await openDuckSession();
  try {
    const cohort = await readEvaluationCohort(session, dataset, { workdir });
    const ids = new Set(cohort.patients.map((p) => p.patientId));
    const followUpEnd = new Map(cohort.patients.map((p) => [p.patientId, p.followUpEnd]));
    const inputs: LeaderboardEntryInput[] = [];
    for (const r of reconstructions) {
      const check = await readLinesFile(session, r.file, { cohort: ids, followUpEnd });
      const kind = r.ruleSet.startsWith("learned@") ? "model" : "rule_set";
      inputs.push({ name: r.ruleSet.split("@")[0]!, kind, source: r.ruleSet, check });
    }
    for (const file of [...(await submissionFiles(options.submissions)), ...(options.predictions ?? [])]) {
      const check = await readLinesFile(session, file, { cohort: ids, followUpEnd });
      inputs.push({ name: basename(file).replace(/\.(csv|parquet)$/i, ""), kind: "submission", source: file, check });
    }
    const leaderboard = await buildLeaderboard(cohort, inputs, options.reference ?? inputs[0]!.name, {
      replicates: options.replicates ?? 200,
      seed: options.seed ?? 20260701,
      ...(options.threads ? { threads: options.threads } : {}),
    });
    await beginStep(workdir, "evaluate");
    await writeFileAtomically(join(workdir, "leaderboard.json"), JSON.stringify(leaderboard, null, 2));
    const evaluations: RunPipelineSummary["evaluations"] = [];
    for (const entry of leaderboard.entries) {
      if (entry.kind !== "rule_set" || !entry.evaluation) continue;
      const file = evaluationFileOf(workdir, entry.name);
      await writeFileAtomically(file, JSON.stringify(entry.evaluation, null, 2));
      evaluations.push({ ruleSet: entry.source, file, evaluation: entry.evaluation });
    }
    await completeStep(workdir, "evaluate", ["leaderboard.json", ...evaluations.map((e) => basename(e.file))]);
    return { leaderboard, evaluations };
  } finally {
    session.close();
  }
}

export async function runPipeline(options: RunPipelineOptions): Promise<RunPipelineSummary> {
  options.onStage?.("ingest");
  const ingest = await ingestIntoWorkdir(options.dataset, options.workdir, options.ingest);
  const reconstructions = await reconstructAll(options.workdir, options.ruleSets, {
    ...options,
    patients: ingest.counts.patients,
  });
  if (options.learnedModel) {
    options.onStage?.("reconstruct (learned model)");
    const file = linesFileOf(options.workdir, "learned");
    const model = await readLearnedModel(options.learnedModel);
    await beginStep(options.workdir, "reconstruct:learned");
    reconstructions.push({ ...(await reconstructWorkdirLearned(options.workdir, model, file)), file });
    await completeStep(options.workdir, "reconstruct:learned", [basename(file)], {
      model: (await fileFingerprint(options.learnedModel)).sha256,
    });
  }
  if (!(await hasGoldStandard(options.dataset))) return { ingest, reconstructions, evaluations: [], leaderboard: null };
  options.onStage?.("evaluate");
  const ranked = await rankAll(options.dataset, options.workdir, reconstructions, {
    ...(options.submissions ? { submissions: options.submissions } : {}),
    ...(options.replicates !== undefined ? { replicates: options.replicates } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.threads !== undefined ? { threads: options.threads } : {}),
  });
  return { ingest, reconstructions, ...ranked };
}
