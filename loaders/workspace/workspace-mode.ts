/**
 * Patient-level or aggregated mode of the private workspace (docs/workspace.md,
 * "Large cohorts"). Up to LOTLUCA_AGGREGATE_ABOVE patients (250 000 by default)
 * the pages load the patient-level tables and compute everything in the
 * browser. Above it those tables are too large for a browser tab (at 1 000 000
 * patients lines.parquet alone is hundreds of MB and its rows do not fit
 * DuckDB-WASM's memory), so:
 * - Pathways and Survival load pre-aggregated files instead (counts by every
 *   combination of the filter dimensions, loaders/workspace/aggregated-tables.ts):
 *   same figures, exact, for every filter;
 * - the patient-level files (cohort, lines, exposures, sessions, errors,
 *   analysis table) hold a deterministic sample of LOTLUCA_SAMPLE_PATIENTS
 *   patients (20 000 by default): the patients with the smallest MD5 of their
 *   identifier, a spread that does not depend on the order of the extract; the
 *   pages that use them say so.
 * The mode and the figures are in summary.json (`workspace`), so every page can
 * show them.
 */
import { join } from "node:path";
import { sqlString, type DuckSession } from "../duckdb/session.js";
import type { WorkspaceWorkdir } from "./workspace-workdir.js";

export const DEFAULT_AGGREGATE_ABOVE = 250_000;
export const DEFAULT_SAMPLE_PATIENTS = 20_000;

export interface WorkspaceMode {
  mode: "patient" | "aggregated";
  /** Patients of the cohort (patients.parquet). */
  patients: number;
  /** Above this many patients, the aggregated mode. */
  aggregateAbove: number;
  /** Aggregated mode: patients in the patient-level files (the sample); null otherwise. */
  samplePatients: number | null;
  /** How the sample is drawn, in words (null in patient-level mode). */
  sampleRule: string | null;
}

function positiveInteger(name: string, fallback: number, env: Record<string, string | undefined>): number {
  const given = env[name];
  if (given === undefined || given === "") return fallback;
  const n = Number(given);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be an integer >= 1, got ${JSON.stringify(given)}`);
  return n;
}

/** The threshold and sample size: LOTLUCA_AGGREGATE_ABOVE and LOTLUCA_SAMPLE_PATIENTS, checked. */
export function modeSettings(env: Record<string, string | undefined> = process.env): {
  aggregateAbove: number;
  samplePatients: number;
} {
  return {
    aggregateAbove: positiveInteger("LOTLUCA_AGGREGATE_ABOVE", DEFAULT_AGGREGATE_ABOVE, env),
    samplePatients: positiveInteger("LOTLUCA_SAMPLE_PATIENTS", DEFAULT_SAMPLE_PATIENTS, env),
  };
}

/** The mode for a cohort of `patients` patients. */
export function modeFor(patients: number, env: Record<string, string | undefined> = process.env): WorkspaceMode {
  const { aggregateAbove, samplePatients } = modeSettings(env);
  if (patients <= aggregateAbove)
    return { mode: "patient", patients, aggregateAbove, samplePatients: null, sampleRule: null };
  const sample = Math.min(samplePatients, patients);
  return {
    mode: "aggregated",
    patients,
    aggregateAbove,
    samplePatients: sample,
    sampleRule: `the ${sample} patients with the smallest MD5 hash of their identifier`,
  };
}

const patientsFile = (w: WorkspaceWorkdir) => `read_parquet(${sqlString(join(w.workdir, "patients.parquet"))})`;

/** The work folder's mode (counts the patients of patients.parquet). */
export async function workspaceMode(session: DuckSession, w: WorkspaceWorkdir): Promise<WorkspaceMode> {
  const [row] = await session.all(`SELECT count(*)::BIGINT AS n FROM ${patientsFile(w)}`);
  return modeFor(Number(row!.n));
}

/** Name of the table createSampleTable makes (one column, patient_id). */
export const SAMPLE_TABLE = "ws_sample";

/** Creates SAMPLE_TABLE: the aggregated mode's sample (see the module's comment). */
export async function createSampleTable(session: DuckSession, w: WorkspaceWorkdir, size: number): Promise<void> {
  await session.run(
    `CREATE OR REPLACE TABLE ${SAMPLE_TABLE} AS SELECT patient_id FROM ${patientsFile(w)}
     ORDER BY md5(patient_id), patient_id LIMIT ${Math.floor(size)}`,
  );
}
