/**
 * Writes the analysis table (core/studies/analysis-table.ts) of a work folder
 * and one lines file to Parquet or CSV: patients from patients.parquet, lines
 * validated by the same reader as `lotluca evaluate`, costs from
 * exposures.parquet when ingestion wrote its `cost_eur_by_source` column (a map
 * source -> euros, present when the dataset has the contract's cost columns;
 * otherwise the cost columns are null). Every line read is written, or named in the error.
 */
import { existsSync } from "node:fs";
import { basename, extname, join } from "node:path";
import { DataError, UsageError } from "../../core/errors/data-error.js";
import type { BiomarkerStatus } from "../../core/events/events.js";
import type { LineRecord } from "../../core/lines/line-record.js";
import {
  analysisRowsOfPatient,
  ANALYSIS_COLUMNS,
  type AnalysisPatient,
  type AnalysisRow,
  type CostedExposure,
} from "../../core/studies/analysis-table.js";
import { BIOMARKERS } from "../../core/evaluation/subgroups.js";
import { sqlIdentifier, sqlString, type DuckSession } from "../duckdb/session.js";
import { readLinesFile } from "../evaluate/read-lines-file.js";

/** The exposures' cost column (a map source -> euros), when the work folder's ingestion wrote one. */
export const EXPOSURE_COST_COLUMN = "cost_eur_by_source";

export interface AnalysisTableSummary {
  method: string;
  patients: number;
  patientsWithLines: number;
  linesRead: number;
  rows: number;
  /** True when exposures.parquet had a cost column. */
  costs: boolean;
}

/** The method's name from a lines file name: lines-default.parquet -> default, GOLD_LINES.csv -> gold. */
export function methodOfLinesFile(path: string): string {
  const stem = basename(path, extname(path));
  if (/^gold_lines$/i.test(stem)) return "gold";
  return stem.replace(/^lines-/, "");
}

const dayOf = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export async function readAnalysisPatients(session: DuckSession, workdir: string): Promise<AnalysisPatient[]> {
  const file = join(workdir, "patients.parquet");
  if (!existsSync(file))
    throw new DataError("no patients.parquet", { file: workdir }, "a work folder written by `lotluca ingest` or `run`");
  const epoch = (c: string) => `(${c} - DATE '1970-01-01')::INTEGER AS ${c}`;
  const rows = await session.all(
    `SELECT patient_id, center_id, birth_year, sex, histology, ${BIOMARKERS.join(", ")}, pdl1_tps, ecog,
       ${["advanced_date", "death_date", "follow_up_end"].map(epoch).join(", ")}
     FROM read_parquet(${sqlString(file)}) ORDER BY patient_id`,
  );
  return rows.map((r) => ({
    patientId: String(r.patient_id),
    centerId: r.center_id === null ? null : String(r.center_id),
    birthYear: r.birth_year === null ? null : Number(r.birth_year),
    sex: r.sex === null ? null : String(r.sex),
    histology: r.histology === null ? null : String(r.histology),
    markers: Object.fromEntries(BIOMARKERS.map((m) => [m, (r[m] ?? null) as BiomarkerStatus | null])),
    pdl1Tps: r.pdl1_tps === null ? null : Number(r.pdl1_tps),
    ecog: r.ecog === null ? null : Number(r.ecog),
    advancedDate: dayOf(r.advanced_date),
    deathDate: dayOf(r.death_date),
    followUpEnd: Number(r.follow_up_end),
  }));
}

/** Each patient's exposures with their cost, or null when exposures.parquet has no cost column. */
async function readCostedExposures(
  session: DuckSession,
  workdir: string,
): Promise<Map<string, CostedExposure[]> | null> {
  const file = join(workdir, "exposures.parquet");
  if (!existsSync(file)) return null;
  const columns = await session.all(`DESCRIBE SELECT * FROM read_parquet(${sqlString(file)})`);
  if (!columns.some((c) => c.column_name === EXPOSURE_COST_COLUMN)) return null;
  const rows = await session.all(
    `SELECT patient_id, day, entry.key AS source, entry.value::DOUBLE AS cost
     FROM (SELECT patient_id, (date - DATE '1970-01-01')::INTEGER AS day,
                  unnest(map_entries(${sqlIdentifier(EXPOSURE_COST_COLUMN)})) AS entry
           FROM read_parquet(${sqlString(file)}) WHERE ${sqlIdentifier(EXPOSURE_COST_COLUMN)} IS NOT NULL)`,
  );
  const byPatient = new Map<string, CostedExposure[]>();
  for (const r of rows) {
    const id = String(r.patient_id);
    const list = byPatient.get(id) ?? [];
    list.push({ date: Number(r.day), source: String(r.source), costEur: r.cost === null ? null : Number(r.cost) });
    byPatient.set(id, list);
  }
  return byPatient;
}

/** Every row of the table for one lines file (patients in patients.parquet order, lines by number). */
export async function buildAnalysisTable(
  session: DuckSession,
  o: {
    workdir: string;
    lines: string;
    method?: string;
    /** Only these patients' rows (the workspace's sample in its aggregated mode); every line is still read and checked. */
    only?: ReadonlySet<string>;
  },
): Promise<{ rows: AnalysisRow[]; summary: AnalysisTableSummary }> {
  const method = o.method ?? methodOfLinesFile(o.lines);
  const patients = await readAnalysisPatients(session, o.workdir);
  const cohort = new Set(patients.map((p) => p.patientId));
  const check = await readLinesFile(session, o.lines, { cohort });
  // Extra columns (a reconstruction's rule trace) are fine; any other problem would drop a line.
  const blocking = check.problems.filter((p) => p.kind !== "extra_column");
  if (blocking.length > 0 || check.rowsValid !== check.rowsRead) {
    const first = blocking[0] ?? check.problems[0];
    throw new DataError(
      `the lines file has ${check.problemCount} problem(s); first: ${first?.message ?? "?"}`,
      { file: o.lines },
      "a lines file of the contract (section 4) whose patients are in the work folder's patients.parquet",
    );
  }
  const linesOf = new Map<string, LineRecord[]>();
  for (const l of check.lines) {
    const list = linesOf.get(l.patientId) ?? [];
    list.push(l);
    linesOf.set(l.patientId, list);
  }
  const costs = await readCostedExposures(session, o.workdir);
  const rows: AnalysisRow[] = [];
  for (const p of patients) {
    if (o.only && !o.only.has(p.patientId)) continue;
    const lines = linesOf.get(p.patientId);
    if (!lines) continue;
    rows.push(...analysisRowsOfPatient(method, p, lines, costs ? (costs.get(p.patientId) ?? []) : null));
  }
  return {
    rows,
    summary: {
      method,
      patients: patients.length,
      patientsWithLines: linesOf.size,
      linesRead: check.lines.length,
      rows: rows.length,
      costs: costs !== null,
    },
  };
}

export function analysisFormatOf(path: string): "parquet" | "csv" {
  const ext = extname(path).toLowerCase();
  if (ext === ".parquet") return "parquet";
  if (ext === ".csv") return "csv";
  throw new UsageError(`--out ${path}: the analysis table must end in .parquet or .csv`);
}

/** Loads rows into table `name` of the session (dates as DATE). */
export async function createAnalysisTable(session: DuckSession, name: string, rows: readonly AnalysisRow[]) {
  const staging = `${name}_staging`;
  const columns = ANALYSIS_COLUMNS.map(
    (c) => `${sqlIdentifier(c.name)} ${c.type === "DATE" ? "INTEGER" : c.type}`,
  ).join(", ");
  await session.run(`CREATE OR REPLACE TABLE ${sqlIdentifier(staging)} (${columns})`);
  const appender = await session.connection.createAppender(staging);
  for (const row of rows) {
    for (const c of ANALYSIS_COLUMNS) {
      const v = row[c.name];
      if (v === null || v === undefined) appender.appendNull();
      else if (c.type === "INTEGER" || c.type === "DATE") appender.appendInteger(v as number);
      else if (c.type === "DOUBLE") appender.appendDouble(v as number);
      else if (c.type === "BOOLEAN") appender.appendBoolean(v as boolean);
      else appender.appendVarchar(String(v));
    }
    appender.endRow();
  }
  appender.flushSync();
  appender.closeSync();
  const select = ANALYSIS_COLUMNS.map((c) =>
    c.type === "DATE"
      ? `CAST(DATE '1970-01-01' + ${sqlIdentifier(c.name)} AS DATE) AS ${sqlIdentifier(c.name)}`
      : sqlIdentifier(c.name),
  ).join(", ");
  await session.run(
    `CREATE OR REPLACE TABLE ${sqlIdentifier(name)} AS SELECT ${select} FROM ${sqlIdentifier(staging)}`,
  );
  await session.run(`DROP TABLE ${sqlIdentifier(staging)}`);
}

/** Builds the table and writes it to `out` (.parquet or .csv). */
export async function writeAnalysisTable(
  session: DuckSession,
  o: { workdir: string; lines: string; method?: string; out: string },
): Promise<AnalysisTableSummary> {
  const format = analysisFormatOf(o.out);
  const { rows, summary } = await buildAnalysisTable(session, o);
  await createAnalysisTable(session, "analysis", rows);
  const options = format === "parquet" ? "FORMAT parquet, COMPRESSION zstd" : "FORMAT csv, HEADER true";
  await session.run(
    `COPY (SELECT * FROM analysis ORDER BY method, patient_id, line_number) TO ${sqlString(o.out)} (${options})`,
  );
  return summary;
}
