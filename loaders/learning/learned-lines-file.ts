/**
 * Writes the learned model's lines for an ingestion work folder, in the same
 * lines format as `lotluca reconstruct` (the trace holds each boundary's and
 * each imputation's probability and driving features).
 */
import { readFile } from "node:fs/promises";
import { loadLearnedModel, type LoadedModel } from "../../core/learning/learned-model.js";
import { reconstructLearned } from "../../core/learning/reconstruct-learned.js";
import { openDuckSession } from "../duckdb/session.js";
import { readPatientEvents } from "../ingest/read-events.js";
import type { ReconstructionSummary } from "../reconstruct/reconstruct-cohort.js";
import { lineRow } from "../reconstruct/lines-output.js";
import { LinesWriter } from "../reconstruct/lines-writer.js";

export async function readLearnedModel(path: string): Promise<LoadedModel> {
  return loadLearnedModel(JSON.parse(await readFile(path, "utf8")) as unknown, path);
}

export async function reconstructWorkdirLearned(
  workdir: string,
  model: LoadedModel,
  out: string,
  options: { batchSize?: number; onPatients?: (done: number) => void } = {},
): Promise<ReconstructionSummary> {
  const started = performance.now();
  const ruleSet = `learned@${model.json.training.dataHash.slice(0, 12)}`;
  const summary: ReconstructionSummary = {
    patients: 0,
    patientsWithLines: 0,
    lines: 0,
    linesByNumber: {},
    excludedAdministrations: {},
    ruleSet,
    seconds: 0,
  };
  const session = await openDuckSession();
  try {
    const writer = await LinesWriter.create(session);
    for await (const batch of readPatientEvents(workdir, { batchSize: options.batchSize ?? 2000 })) {
      for (const events of batch) {
        const result = reconstructLearned(events, model);
        summary.patients++;
        if (result.lines.length > 0) summary.patientsWithLines++;
        for (const line of result.lines) {
          writer.append(lineRow(line, ruleSet));
          const key = line.lineNumber >= 4 ? "4+" : String(line.lineNumber);
          summary.linesByNumber[key] = (summary.linesByNumber[key] ?? 0) + 1;
        }
        for (const e of result.excluded)
          summary.excludedAdministrations[e.rule] = (summary.excludedAdministrations[e.rule] ?? 0) + 1;
        summary.lines += result.lines.length;
      }
      options.onPatients?.(summary.patients);
    }
    await writer.finish(out);
  } finally {
    session.close();
  }
  summary.seconds = (performance.now() - started) / 1000;
  return summary;
}
