/**
 * Validation of a lines file (a participant's submission, a reconstruction, or
 * the gold standard) before scoring: the contract's format (section 4), checked
 * cell by cell, with one precise problem per fault. Pure: the CLI and the
 * in-browser submission checker run the same code on the same text cells.
 */
import { closest, distance } from "fastest-levenshtein";
import {
  LINE_END_REASONS_GOLD,
  LINE_END_REASONS_PREDICTED,
  LINES_COLUMNS,
  LINES_EXPLANATION_COLUMNS,
  LINES_OPTIONAL_COLUMNS,
} from "../contract/tables.js";
import { formatMolecules, parseMolecules, type LineRecord } from "../lines/line-record.js";
import { KNOWN_LINE_MOLECULES } from "../reference/drugs.js";
import { formatDay, parseContractDate } from "../time/day.js";

export type SubmissionProblemKind =
  | "missing_column"
  | "extra_column"
  | "duplicate_column"
  | "empty_required"
  | "bad_date"
  | "bad_line_number"
  | "end_before_start"
  | "overlapping_lines"
  | "non_consecutive_line_numbers"
  | "unknown_molecule"
  | "molecules_format"
  | "patient_not_in_cohort"
  | "duplicate_row"
  | "bad_value";

export interface SubmissionProblem {
  kind: SubmissionProblemKind;
  /** 1-based data row (header excluded), when the problem is one row's. */
  row?: number;
  column?: string;
  patientId?: string;
  message: string;
}

export interface SubmissionCheck {
  lines: LineRecord[];
  problems: SubmissionProblem[];
  /** Number of problems found (problems may list fewer, see maxProblems). */
  problemCount: number;
  /** Rows read, rows turned into lines. */
  rowsRead: number;
  rowsValid: number;
  /** True when there is no problem at all (extra columns are problems too, but only warnings). */
  valid: boolean;
}

const REQUIRED = LINES_COLUMNS.map((c) => c.name);
const OPTIONAL = LINES_OPTIONAL_COLUMNS.map((c) => c.name);
const KNOWN_LIST = [...KNOWN_LINE_MOLECULES];
const END_REASONS = new Set<string>([...LINE_END_REASONS_GOLD, ...LINE_END_REASONS_PREDICTED]);

/** Problems that do not prevent scoring. */
export const WARNING_KINDS: ReadonlySet<SubmissionProblemKind> = new Set(["extra_column"]);

export interface ValidateSubmissionOptions {
  /** Patients of the cohort (ODH_PATIENT); rows of others are problems. */
  cohort?: ReadonlySet<string>;
  /** Name shown in messages (file name). */
  source?: string;
  /** Stop listing after this many problems (the count stays exact). */
  maxProblems?: number;
}

/** Nearest known molecule name, for "did you mean". */
export function nearestMolecule(name: string): { name: string; distance: number } {
  const best = closest(name, KNOWN_LIST);
  return { name: best, distance: distance(name, best) };
}

/**
 * Checks header and rows (text cells; null or "" = empty) of a lines file.
 * Returns the valid lines and every problem. Rows with a problem are not turned
 * into lines; patient-level problems (overlaps, numbering) remove that patient's
 * lines too, so nothing half-valid is scored.
 */
export function validateSubmission(
  header: readonly string[],
  rows: readonly (readonly (string | null)[])[],
  options: ValidateSubmissionOptions = {},
): SubmissionCheck {
  const problems: SubmissionProblem[] = [];
  const src = options.source ? `${options.source}: ` : "";
  const index = new Map<string, number>();
  header.forEach((name, i) => {
    const key = name.trim();
    if (index.has(key))
      problems.push({ kind: "duplicate_column", column: key, message: `${src}column ${key} appears twice` });
    else index.set(key, i);
  });
  for (const name of REQUIRED) {
    if (!index.has(name)) {
      const hint = [...index.keys()].find((h) => h.toLowerCase() === name.toLowerCase());
      problems.push({
        kind: "missing_column",
        column: name,
        message: `${src}missing column ${name}${hint ? ` (found ${hint}: column names are lower case)` : ""}; expected columns ${REQUIRED.join(", ")} (optional: ${OPTIONAL.join(", ")})`,
      });
    }
  }
  for (const name of index.keys()) {
    if (!REQUIRED.includes(name) && !OPTIONAL.includes(name) && !LINES_EXPLANATION_COLUMNS.includes(name)) {
      problems.push({
        kind: "extra_column",
        column: name,
        message: `${src}column ${name} is not in the contract and is ignored`,
      });
    }
  }
  if (problems.some((p) => p.kind === "missing_column" || p.kind === "duplicate_column")) {
    return { lines: [], problems, problemCount: problems.length, rowsRead: rows.length, rowsValid: 0, valid: false };
  }
  const cell = (row: readonly (string | null)[], name: string): string | null => {
    const i = index.get(name);
    if (i === undefined) return null;
    const v = row[i];
    return v === null || v === undefined || v.trim() === "" ? null : v.trim();
  };

  const parsed: { line: LineRecord; row: number }[] = [];
  const seen = new Map<string, number>();
  rows.forEach((row, r) => {
    const rowNumber = r + 1;
    const at = (column: string) => `${src}row ${rowNumber}, column ${column}`;
    const rowProblems: SubmissionProblem[] = [];
    const add = (kind: SubmissionProblemKind, column: string, message: string, patientId?: string) =>
      rowProblems.push({ kind, row: rowNumber, column, message, ...(patientId ? { patientId } : {}) });
    for (const name of REQUIRED) {
      if (name !== "end_date" && cell(row, name) === null)
        add("empty_required", name, `${at(name)}: empty; a value is required`);
    }
    const patientId = cell(row, "patient_id");
    const lineText = cell(row, "line_number");
    const lineNumber = lineText === null ? NaN : Number(lineText);
    if (lineText !== null && !(Number.isInteger(lineNumber) && lineNumber >= 1)) {
      add(
        "bad_line_number",
        "line_number",
        `${at("line_number")}: ${JSON.stringify(lineText)} is not a line number; expected an integer >= 1`,
      );
    }
    const dateOf = (name: string) => {
      const text = cell(row, name);
      if (text === null) return null;
      const day = parseContractDate(text);
      if (day === undefined) {
        add("bad_date", name, `${at(name)}: ${JSON.stringify(text)} is not a date; expected YYYY-MM-DD or DD/MM/YYYY`);
      }
      return day ?? null;
    };
    const start = dateOf("start_date");
    const end = dateOf("end_date");
    if (start !== null && end !== null && end < start) {
      add(
        "end_before_start",
        "end_date",
        `${at("end_date")}: end ${formatDay(end)} is before start ${formatDay(start)}`,
      );
    }
    const moleculesText = cell(row, "molecules");
    let molecules: string[] = [];
    if (moleculesText !== null) {
      molecules = parseMolecules(moleculesText);
      for (const m of molecules) {
        if (!KNOWN_LINE_MOLECULES.has(m)) {
          const near = nearestMolecule(m);
          add(
            "unknown_molecule",
            "molecules",
            `${at("molecules")}: unknown molecule ${JSON.stringify(m)}${near.distance <= 3 ? ` (did you mean ${near.name}?)` : ""}; expected an INN of the dictionary, chemotherapy or investigational`,
          );
        }
      }
      const canonical = formatMolecules(molecules);
      if (canonical !== moleculesText) {
        add(
          "molecules_format",
          "molecules",
          `${at("molecules")}: ${JSON.stringify(moleculesText)} is not in the contract's form; expected ${JSON.stringify(canonical)} (lower case, sorted, unique, ';'-joined, no spaces)`,
        );
      }
    }
    const endReason = cell(row, "end_reason");
    if (endReason !== null && !END_REASONS.has(endReason)) {
      add(
        "bad_value",
        "end_reason",
        `${at("end_reason")}: ${JSON.stringify(endReason)}; expected one of ${[...END_REASONS].join(", ")}`,
      );
    }
    const confidenceText = cell(row, "confidence");
    const confidence = confidenceText === null ? null : Number(confidenceText);
    if (confidence !== null && !(confidence >= 0 && confidence <= 1)) {
      add(
        "bad_value",
        "confidence",
        `${at("confidence")}: ${JSON.stringify(confidenceText)}; expected a number between 0 and 1`,
      );
    }
    const maintenanceText = cell(row, "is_maintenance_phase_present");
    if (maintenanceText !== null && maintenanceText !== "true" && maintenanceText !== "false") {
      add(
        "bad_value",
        "is_maintenance_phase_present",
        `${at("is_maintenance_phase_present")}: ${JSON.stringify(maintenanceText)}; expected true or false`,
      );
    }
    if (patientId !== null && options.cohort && !options.cohort.has(patientId)) {
      add(
        "patient_not_in_cohort",
        "patient_id",
        `${at("patient_id")}: patient ${patientId} is not in the cohort (ODH_PATIENT)`,
        patientId,
      );
    }
    if (patientId !== null && Number.isInteger(lineNumber)) {
      const key = `${patientId}\u0000${lineNumber}`;
      const first = seen.get(key);
      if (first !== undefined) {
        add(
          "duplicate_row",
          "line_number",
          `${at("line_number")}: patient ${patientId} line ${lineNumber} already given on row ${first}`,
          patientId,
        );
      } else seen.set(key, rowNumber);
    }
    problems.push(...rowProblems);
    if (rowProblems.length === 0 && patientId !== null && start !== null) {
      const regimenLabel = cell(row, "regimen_label");
      parsed.push({
        row: rowNumber,
        line: {
          patientId,
          lineNumber,
          startDate: start,
          endDate: end,
          molecules,
          ...(regimenLabel !== null ? { regimenLabel } : {}),
          ...(maintenanceText !== null ? { isMaintenancePhasePresent: maintenanceText === "true" } : {}),
          ...(endReason !== null ? { endReason } : {}),
          ...(confidence !== null ? { confidence } : {}),
        },
      });
    }
  });

  // Patient-level checks: numbering 1..n and no overlap.
  const byPatient = new Map<string, { line: LineRecord; row: number }[]>();
  for (const p of parsed) byPatient.set(p.line.patientId, [...(byPatient.get(p.line.patientId) ?? []), p]);
  const lines: LineRecord[] = [];
  for (const [patientId, items] of byPatient) {
    items.sort((a, b) => a.line.lineNumber - b.line.lineNumber);
    let ok = true;
    const numbers = items.map((i) => i.line.lineNumber);
    if (numbers.some((n, i) => n !== i + 1)) {
      ok = false;
      problems.push({
        kind: "non_consecutive_line_numbers",
        patientId,
        row: items[0]!.row,
        column: "line_number",
        message: `${src}patient ${patientId}: line numbers ${numbers.join(", ")}; expected 1..${numbers.length} with no gap`,
      });
    }
    for (let i = 0; i + 1 < items.length; i++) {
      const a = items[i]!.line;
      const b = items[i + 1]!.line;
      const aEnd = a.endDate;
      if (b.startDate <= a.startDate || aEnd === null || aEnd > b.startDate) {
        ok = false;
        problems.push({
          kind: "overlapping_lines",
          patientId,
          row: items[i + 1]!.row,
          column: "start_date",
          message: `${src}patient ${patientId}: line ${b.lineNumber} starts ${formatDay(b.startDate)}, before line ${a.lineNumber} (${formatDay(a.startDate)} to ${aEnd === null ? "ongoing" : formatDay(aEnd)}) has ended`,
        });
      }
    }
    if (ok) lines.push(...items.map((i) => i.line));
  }
  lines.sort((a, b) => (a.patientId < b.patientId ? -1 : a.patientId > b.patientId ? 1 : a.lineNumber - b.lineNumber));
  const max = options.maxProblems ?? Infinity;
  return {
    lines,
    problems: problems.length > max ? problems.slice(0, max) : problems,
    problemCount: problems.length,
    rowsRead: rows.length,
    rowsValid: lines.length,
    valid: problems.every((p) => WARNING_KINDS.has(p.kind)),
  };
}
