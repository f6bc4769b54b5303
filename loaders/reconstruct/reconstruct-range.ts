/**
 * One task of a parallel reconstruction: the patients of a patient_id range,
 * streamed from the work folder's Parquet files (loaders/ingest/read-events.ts),
 * run through the pure per-patient engine, their lines written to a part file
 * (dates as day numbers, patient order). Run on worker threads
 * (reconstruct-worker.ts) or on the main thread.
 */
import { reconstructPatient } from "../../core/engine/reconstruct.js";
import type { RuleSet } from "../../core/rules/rule-set.js";
import { openDuckSession } from "../duckdb/session.js";
import { readPatientEvents } from "../ingest/read-events.js";
import { LinesWriter } from "./lines-writer.js";
import { addPatientLines, emptySummary, type ReconstructionSummary } from "./reconstruct-cohort.js";

export interface ReconstructionSetup {
  workdir: string;
  rules: RuleSet;
  /** Patients per batch read from the files. */
  batchSize: number;
}

export interface PatientIdRange {
  /** First patient_id of the range (none: from the first patient). */
  from?: string;
  /** patient_id after the range (none: to the last patient). */
  to?: string;
  /** Part file to write the range's lines to. */
  part: string;
}

export async function reconstructRange(
  setup: ReconstructionSetup,
  range: PatientIdRange,
): Promise<ReconstructionSummary> {
  const summary = emptySummary(`${setup.rules.name}@${setup.rules.version}`);
  const session = await openDuckSession({ threads: 1, memoryLimit: "512MB" });
  try {
    const writer = await LinesWriter.create(session);
    const patientRange = {
      ...(range.from === undefined ? {} : { from: range.from }),
      ...(range.to === undefined ? {} : { to: range.to }),
    };
    for await (const batch of readPatientEvents(setup.workdir, { batchSize: setup.batchSize, patientRange })) {
      for (const events of batch) addPatientLines(summary, reconstructPatient(events, setup.rules), writer);
    }
    await writer.finishPart(range.part);
  } finally {
    session.close();
  }
  return summary;
}
