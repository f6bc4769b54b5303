/**
 * A simulated (or any gold-standard) cohort in memory for learning: every
 * patient's events from an ingestion work folder, the scoring cohort and the
 * gold lines grouped by patient. Small cohorts only (10k patients ~ 200 MB).
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { EvaluationPatient } from "../../core/evaluation/compare.js";
import type { PatientEvents } from "../../core/events/events.js";
import type { LineRecord } from "../../core/lines/line-record.js";
import { openDuckSession } from "../duckdb/session.js";
import { readEvaluationCohort } from "../evaluate/evaluation-cohort.js";
import { readPatientEvents } from "../ingest/read-events.js";

export interface LabelledCohort {
  dataset: string;
  workdir: string;
  seed: number | null;
  profile: string | null;
  events: PatientEvents[];
  patients: EvaluationPatient[];
  gold: LineRecord[];
  goldByPatient: Map<string, LineRecord[]>;
}

async function manifestOf(dataset: string): Promise<{ seed: number | null; profile: string | null }> {
  try {
    const manifest = JSON.parse(await readFile(join(dataset, "manifest.json"), "utf8")) as {
      arguments?: { seed?: number; profile?: string };
    };
    return { seed: manifest.arguments?.seed ?? null, profile: manifest.arguments?.profile ?? null };
  } catch {
    return { seed: null, profile: null };
  }
}

export async function readLabelledCohort(dataset: string, workdir: string): Promise<LabelledCohort> {
  const events: PatientEvents[] = [];
  for await (const batch of readPatientEvents(workdir, { batchSize: 2000 })) events.push(...batch);
  const session = await openDuckSession();
  try {
    const cohort = await readEvaluationCohort(session, dataset, { workdir });
    const goldByPatient = new Map<string, LineRecord[]>();
    for (const l of cohort.gold.lines) {
      const list = goldByPatient.get(l.patientId);
      if (list) list.push(l);
      else goldByPatient.set(l.patientId, [l]);
    }
    for (const list of goldByPatient.values()) list.sort((a, b) => a.lineNumber - b.lineNumber);
    return {
      dataset,
      workdir,
      ...(await manifestOf(dataset)),
      events,
      patients: cohort.patients,
      gold: cohort.gold.lines,
      goldByPatient,
    };
  } finally {
    session.close();
  }
}
