/**
 * The in-browser submission checker: reads a dropped lines file (CSV or
 * Parquet), validates it with the core's checker and scores it against the
 * gold standard with the core's evaluation: the same code, inputs, seed and
 * replicates as `lotluca evaluate`, hence the same numbers. Nothing is sent
 * anywhere: the file is read by the browser and stays in memory.
 */
import { evaluatePredictions } from "../core/evaluation/evaluate-lines.js";
import type { EvaluationPatient } from "../core/evaluation/compare.js";
import { parseLinesCsv } from "../core/evaluation/lines-csv.js";
import type { Evaluation } from "../core/evaluation/score.js";
import { validateSubmission, type SubmissionCheck } from "../core/evaluation/submission.js";
import { parseMolecules, type LineRecord } from "../core/lines/line-record.js";
import { dayFromDate } from "../core/time/day.js";
import type { PlainRow, WorkspaceDatabase } from "./duckdb-client.js";

export interface ScoringCohort {
  patients: EvaluationPatient[];
  gold: LineRecord[];
  ids: Set<string>;
}

const day = (v: PlainRow[string] | undefined) => (v instanceof Date ? dayFromDate(v) : null);

/** The cohort (with follow-up) and the gold lines, from the workspace's cohort and lines tables. */
export async function loadScoringCohort(db: WorkspaceDatabase): Promise<ScoringCohort> {
  const cohort = await db.query(
    "SELECT patient_id, death_date, follow_up_end, histology, biomarker_group FROM cohort ORDER BY patient_id",
  );
  const patients: EvaluationPatient[] = cohort.map((r) => ({
    patientId: String(r.patient_id),
    deathDate: day(r.death_date),
    followUpEnd: day(r.follow_up_end) ?? 0,
    histology: r.histology === "unknown" || r.histology === null ? null : String(r.histology),
    biomarkerGroup: String(r.biomarker_group),
  }));
  const goldRows = await db.query(
    "SELECT patient_id, line_number, start_date, end_date, molecules FROM lines WHERE method = 'gold' ORDER BY patient_id, line_number",
  );
  const gold: LineRecord[] = goldRows.map((r) => ({
    patientId: String(r.patient_id),
    lineNumber: Number(r.line_number),
    startDate: day(r.start_date)!,
    endDate: day(r.end_date),
    molecules: parseMolecules(String(r.molecules)),
  }));
  return { patients, gold, ids: new Set(patients.map((p) => p.patientId)) };
}

/** Header and text cells of a dropped file. */
export async function readDroppedFile(
  file: File,
  db: WorkspaceDatabase,
): Promise<{ header: string[]; rows: (string | null)[][] }> {
  if (/\.csv$/i.test(file.name)) return parseLinesCsv(await file.text());
  if (/\.parquet$/i.test(file.name)) {
    await db.addParquet("submission", file);
    const columns = (await db.query("SELECT column_name FROM (DESCRIBE submission)")).map((r) => String(r.column_name));
    const select = columns
      .map((c) => `CAST("${c.replaceAll('"', '""')}" AS VARCHAR) AS "${c.replaceAll('"', '""')}"`)
      .join(", ");
    const rows = await db.query(`SELECT ${select} FROM submission`);
    return { header: columns, rows: rows.map((r) => columns.map((c) => (r[c] === null ? null : String(r[c])))) };
  }
  throw new Error(`${file.name}: expected a .csv or .parquet lines file`);
}

export function checkSubmission(
  cells: { header: string[]; rows: (string | null)[][] },
  cohort: ScoringCohort,
  source: string,
): SubmissionCheck {
  const followUpEnd = new Map(cohort.patients.map((p) => [p.patientId, p.followUpEnd]));
  return validateSubmission(cells.header, cells.rows, { cohort: cohort.ids, followUpEnd, source });
}

export function scoreSubmission(
  check: SubmissionCheck,
  cohort: ScoringCohort,
  options: { replicates: number; seed: number },
): Evaluation {
  return evaluatePredictions({ patients: cohort.patients, gold: { lines: cohort.gold } }, check, options).evaluation;
}
