/**
 * The main job: dataset folder -> ingest -> reconstruct (one or more rule sets)
 * -> evaluate (when the dataset has a gold standard). Everything lands in one
 * work folder, the same one the workspace's data loaders read.
 */
import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Evaluation } from "../../core/evaluation/score.js";
import type { RuleSet } from "../../core/rules/rule-set.js";
import { discoverDataset } from "../dataset/discover.js";
import { openDuckSession, sqlString } from "../duckdb/session.js";
import { readEvaluationCohort } from "../evaluate/evaluation-cohort.js";
import { evaluatePredictions } from "../evaluate/evaluate-predictions.js";
import { readLinesFile } from "../evaluate/read-lines-file.js";
import { ingestDataset, type IngestOptions, type IngestSummary } from "../ingest/ingest.js";
import { readPatientEvents } from "../ingest/read-events.js";
import { reconstructCohort, type ReconstructionSummary } from "../reconstruct/reconstruct-cohort.js";

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
  onStage?: (stage: string) => void;
  onPatients?: (done: number, total: number) => void;
}

export interface RunPipelineSummary {
  ingest: IngestSummary;
  reconstructions: (ReconstructionSummary & { file: string })[];
  evaluations: { ruleSet: string; file: string; evaluation: Evaluation }[];
}

export async function reconstructWorkdir(
  workdir: string,
  rules: RuleSet,
  out: string,
  options: { batchSize?: number; onPatients?: (done: number) => void } = {},
): Promise<ReconstructionSummary> {
  return reconstructCohort(readPatientEvents(workdir, { batchSize: options.batchSize ?? 2000 }), rules, out, {
    ...(options.onPatients ? { onBatch: options.onPatients } : {}),
  });
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

export async function runPipeline(options: RunPipelineOptions): Promise<RunPipelineSummary> {
  options.onStage?.("ingest");
  const ingest = await ingestDataset(options.dataset, options.workdir, options.ingest);
  const reconstructions: RunPipelineSummary["reconstructions"] = [];
  for (const rules of options.ruleSets) {
    options.onStage?.(`reconstruct (${rules.name})`);
    const file = linesFileOf(options.workdir, rules.name);
    const summary = await reconstructWorkdir(options.workdir, rules, file, {
      ...(options.batchSize ? { batchSize: options.batchSize } : {}),
      onPatients: (done) => options.onPatients?.(done, ingest.counts.patients),
    });
    reconstructions.push({ ...summary, file });
  }
  const evaluations: RunPipelineSummary["evaluations"] = [];
  if (await hasGoldStandard(options.dataset)) {
    options.onStage?.("evaluate");
    const session = await openDuckSession();
    try {
      const patientsFile = join(options.workdir, "patients.parquet");
      const cohort = await readEvaluationCohort(
        session,
        options.dataset,
        existsSync(patientsFile) ? { workdir: options.workdir } : {},
      );
      const ids = new Set(cohort.patients.map((p) => p.patientId));
      for (const r of reconstructions) {
        const predictions = await readLinesFile(session, r.file, { cohort: ids });
        const { evaluation } = evaluatePredictions(cohort, predictions, {
          replicates: options.replicates ?? 200,
          seed: options.seed ?? 20260701,
        });
        const file = evaluationFileOf(options.workdir, r.ruleSet.split("@")[0]!);
        await writeFile(file, JSON.stringify(evaluation, null, 2));
        evaluations.push({ ruleSet: r.ruleSet, file, evaluation });
      }
    } finally {
      session.close();
    }
  }
  return { ingest, reconstructions, evaluations };
}
