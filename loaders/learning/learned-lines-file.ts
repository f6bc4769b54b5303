/**
 * Writes the learned model's lines for an ingestion work folder, in the same
 * lines format as `lotluca reconstruct` (the trace holds each boundary's and
 * each imputation's probability and driving features).
 */
import { readFile } from "node:fs/promises";
import { loadLearnedModel, type LoadedModel } from "../../core/learning/learned-model.js";
import { reconstructLearned } from "../../core/learning/reconstruct-learned.js";
import { readPatientEvents } from "../ingest/read-events.js";
import { reconstructCohort, type ReconstructionSummary } from "../reconstruct/reconstruct-cohort.js";

export async function readLearnedModel(path: string): Promise<LoadedModel> {
  return loadLearnedModel(JSON.parse(await readFile(path, "utf8")) as unknown, path);
}

export async function reconstructWorkdirLearned(
  workdir: string,
  model: LoadedModel,
  out: string,
  options: { batchSize?: number; onPatients?: (done: number) => void } = {},
): Promise<ReconstructionSummary> {
  return reconstructCohort(
    readPatientEvents(workdir, { batchSize: options.batchSize ?? 2000 }),
    {
      label: `learned@${model.json.training.dataHash.slice(0, 12)}`,
      reconstruct: (events) => reconstructLearned(events, model),
    },
    out,
    options.onPatients ? { onBatch: options.onPatients } : {},
  );
}
