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
import { formatDay, parseContractDate, type Day } from "../time/day.js";

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
  | "other_cohort"
  | "duplicate_row"
  | "wrong_field_count"
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
  /**
   * Set when the file is refused as made for another cohort (see
   * OTHER_COHORT_MAX_SHARE): then no line is kept, even for lenient scoring.
   */
  otherCohort?: CohortMatch;
}

const REQUIRED = LINES_COLUMNS.map((c) => c.name);
const OPTIONAL = LINES_OPTIONAL_COLUMNS.map((c) => c.name);
const KNOWN_LIST = [...KNOWN_LINE_MOLECULES];
const END_REASONS = new Set<string>([...LINE_END_REASONS_GOLD, ...LINE_END_REASONS_PREDICTED]);

const NO_MOLECULES: string[] = [];

/** A molecules cell, parsed once per distinct text. */
interface MoleculesCell {
  molecules: string[];
  /** Problems of the cell; `text` follows "row R, column molecules: ". */
  problems: { kind: SubmissionProblemKind; text: string }[];
}

function parseMoleculesCell(text: string): MoleculesCell {
  const molecules = parseMolecules(text);
  const problems: MoleculesCell["problems"] = [];
  for (const m of molecules) {
    if (!KNOWN_LINE_MOLECULES.has(m)) {
      const near = nearestMolecule(m);
      problems.push({
        kind: "unknown_molecule",
        text: `unknown molecule ${JSON.stringify(m)}${near.distance <= 3 ? ` (did you mean ${near.name}?)` : ""}; expected an INN of the dictionary, chemotherapy or investigational`,
      });
    }
  }
  const canonical = formatMolecules(molecules);
  if (canonical !== text) {
    problems.push({
      kind: "molecules_format",
      text: `${JSON.stringify(text)} is not in the contract's form; expected ${JSON.stringify(canonical)} (lower case, sorted, unique, ';'-joined, no spaces)`,
    });
  }
  return { molecules, problems };
}

/** Problems that do not prevent scoring. */
export const WARNING_KINDS: ReadonlySet<SubmissionProblemKind> = new Set(["extra_column"]);

export interface ValidateSubmissionOptions {
  /** Patients of the cohort (ODH_PATIENT); rows of others are problems. */
  cohort?: ReadonlySet<string>;
  /**
   * End of follow-up (death or end of data) of each cohort patient: a patient
   * whose predicted lines start after it cannot be this cohort's patient.
   */
  followUpEnd?: ReadonlyMap<string, Day>;
  /** Name shown in messages (file name). */
  source?: string;
  /** Stop listing after this many problems (the count stays exact). */
  maxProblems?: number;
}

/**
 * A submission made for another cohort is refused as a whole when more than this
 * share of its patients are not this cohort's: an unknown patient id, or a line
 * starting after the patient's death or end of follow-up in this cohort. A
 * reconstruction of this cohort has none (its lines come from events before the end
 * of follow-up; 0 of 2,285 patients for both rule sets on the demo), so the margin
 * only absorbs a few faulty rows or death dates, each still listed as a problem.
 * Another simulated cohort of the same size shares the patient ids (P00000001...)
 * but not the patients: 36 % of its patients start a line after this cohort's
 * patient has died (seed 2 against seed 1, 2,000 patients); a cohort with other ids
 * is 100 % unknown.
 */
export const OTHER_COHORT_MAX_SHARE = 0.1;

/**
 * ... and when at least this many patients are not this cohort's: a small file
 * with a mistyped id gets its row problems, not a refusal.
 */
export const OTHER_COHORT_MIN_PATIENTS = 10;

/** Patients of a submission, and those that cannot be the cohort's. */
export interface CohortMatch {
  patients: number;
  unknownIds: number;
  afterFollowUp: number;
  /** (unknownIds + afterFollowUp) / patients; 0 when there is no patient. */
  share: number;
}

/** Compares the patients of a submission (id -> earliest line start) with the cohort's. */
export function matchCohort(
  earliestStart: ReadonlyMap<string, Day | null>,
  cohort: ReadonlySet<string>,
  followUpEnd?: ReadonlyMap<string, Day>,
): CohortMatch {
  let unknownIds = 0;
  let afterFollowUp = 0;
  for (const [patientId, start] of earliestStart) {
    if (!cohort.has(patientId)) unknownIds++;
    else {
      const end = followUpEnd?.get(patientId);
      if (start !== null && end !== undefined && start > end) afterFollowUp++;
    }
  }
  const patients = earliestStart.size;
  return { patients, unknownIds, afterFollowUp, share: patients === 0 ? 0 : (unknownIds + afterFollowUp) / patients };
}

const percent = (share: number) => `${(100 * share).toFixed(share < 0.1 ? 1 : 0)} %`;

/** The message of a submission refused as made for another cohort. */
export function otherCohortMessage(match: CohortMatch, source = ""): string {
  const foreign = match.unknownIds + match.afterFollowUp;
  return (
    `${source}this looks like a submission for another cohort: ${foreign} of its ${match.patients} patients ` +
    `(${percent(match.share)}) are not in this cohort (${match.unknownIds} unknown patient ids, ` +
    `${match.afterFollowUp} with a line starting after the patient's death or end of follow-up); ` +
    `a submission for this cohort has none, and more than ${percent(OTHER_COHORT_MAX_SHARE)} ` +
    `(at least ${OTHER_COHORT_MIN_PATIENTS} patients) is refused`
  );
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
  const column = (name: string) => index.get(name) ?? -1;
  const at = (rowNumber: number, name: string) => `${src}row ${rowNumber}, column ${name}`;
  const columns = {
    patientId: column("patient_id"),
    lineNumber: column("line_number"),
    start: column("start_date"),
    end: column("end_date"),
    molecules: column("molecules"),
    regimenLabel: column("regimen_label"),
    endReason: column("end_reason"),
    confidence: column("confidence"),
    maintenance: column("is_maintenance_phase_present"),
  };
  const requiredColumns = REQUIRED.filter((name) => name !== "end_date").map((name) => ({ name, i: column(name) }));
  // Dates and molecule cells repeat across rows: each distinct text is parsed once,
  // and lines with the same molecules cell share one (read-only) array.
  const days = new Map<string, Day | undefined>();
  const moleculeCells = new Map<string, MoleculesCell>();

  /** Rows with problems, in row order, each with its problems (duplicates are added later). */
  const rowProblems = new Map<number, SubmissionProblem[]>();
  /** Per patient named by a row: the earliest valid start date (null: none). */
  const earliestStart = new Map<string, Day | null>();
  /** Per patient: the rows that name it with an integer line number, in row order. */
  const rowsOfPatient = new Map<string, number[]>();
  const lineNumbers = new Float64Array(rows.length);
  /** The line of each row without a problem. */
  const lineOfRow: (LineRecord | undefined)[] = new Array<LineRecord | undefined>(rows.length);

  // The row being checked (closures are made once, not per row).
  let row: readonly (string | null)[] = [];
  let rowNumber = 0;
  let problemsHere: SubmissionProblem[] | undefined;
  const add = (kind: SubmissionProblemKind, name: string, message: string, patientId?: string) => {
    const problem: SubmissionProblem = { kind, row: rowNumber, column: name, message };
    if (patientId) problem.patientId = patientId;
    (problemsHere ??= []).push(problem);
  };
  const cell = (i: number): string | null => {
    if (i < 0) return null;
    const v = row[i];
    if (v === null || v === undefined) return null;
    const t = v.trim();
    return t === "" ? null : t;
  };
  const dateOf = (i: number, name: string): Day | null => {
    const text = cell(i);
    if (text === null) return null;
    let day = days.get(text);
    if (day === undefined && !days.has(text)) days.set(text, (day = parseContractDate(text)));
    if (day === undefined) {
      add(
        "bad_date",
        name,
        `${at(rowNumber, name)}: ${JSON.stringify(text)} is not a date; expected YYYY-MM-DD or DD/MM/YYYY`,
      );
    }
    return day ?? null;
  };

  for (let r = 0; r < rows.length; r++) {
    row = rows[r]!;
    rowNumber = r + 1;
    problemsHere = undefined;
    if (row.length !== header.length) {
      add(
        "wrong_field_count",
        header[0] ?? "",
        `${src}row ${rowNumber}: ${row.length} field(s) where the header has ${header.length}; expected one value (possibly empty) per column`,
      );
    }
    for (const { name, i } of requiredColumns) {
      if (cell(i) === null) add("empty_required", name, `${at(rowNumber, name)}: empty; a value is required`);
    }
    const patientId = cell(columns.patientId);
    const lineText = cell(columns.lineNumber);
    const lineNumber = lineText === null ? NaN : Number(lineText);
    if (lineText !== null && !(Number.isInteger(lineNumber) && lineNumber >= 1)) {
      add(
        "bad_line_number",
        "line_number",
        `${at(rowNumber, "line_number")}: ${JSON.stringify(lineText)} is not a line number; expected an integer >= 1`,
      );
    }
    const start = dateOf(columns.start, "start_date");
    const end = dateOf(columns.end, "end_date");
    if (start !== null && end !== null && end < start) {
      add(
        "end_before_start",
        "end_date",
        `${at(rowNumber, "end_date")}: end ${formatDay(end)} is before start ${formatDay(start)}`,
      );
    }
    const moleculesText = cell(columns.molecules);
    let molecules: string[] = NO_MOLECULES;
    if (moleculesText !== null) {
      let parsed = moleculeCells.get(moleculesText);
      if (parsed === undefined) moleculeCells.set(moleculesText, (parsed = parseMoleculesCell(moleculesText)));
      molecules = parsed.molecules;
      for (const problem of parsed.problems)
        add(problem.kind, "molecules", `${at(rowNumber, "molecules")}: ${problem.text}`);
    }
    const endReason = cell(columns.endReason);
    if (endReason !== null && !END_REASONS.has(endReason)) {
      add(
        "bad_value",
        "end_reason",
        `${at(rowNumber, "end_reason")}: ${JSON.stringify(endReason)}; expected one of ${[...END_REASONS].join(", ")}`,
      );
    }
    const confidenceText = cell(columns.confidence);
    const confidence = confidenceText === null ? null : Number(confidenceText);
    if (confidence !== null && !(confidence >= 0 && confidence <= 1)) {
      add(
        "bad_value",
        "confidence",
        `${at(rowNumber, "confidence")}: ${JSON.stringify(confidenceText)}; expected a number between 0 and 1`,
      );
    }
    const maintenanceText = cell(columns.maintenance);
    if (maintenanceText !== null && maintenanceText !== "true" && maintenanceText !== "false") {
      add(
        "bad_value",
        "is_maintenance_phase_present",
        `${at(rowNumber, "is_maintenance_phase_present")}: ${JSON.stringify(maintenanceText)}; expected true or false`,
      );
    }
    if (patientId !== null && options.cohort && !options.cohort.has(patientId)) {
      add(
        "patient_not_in_cohort",
        "patient_id",
        `${at(rowNumber, "patient_id")}: patient ${patientId} is not in the cohort (ODH_PATIENT)`,
        patientId,
      );
    }
    if (patientId !== null) {
      const earliest = earliestStart.get(patientId) ?? null;
      if (!earliestStart.has(patientId) || (start !== null && (earliest === null || start < earliest)))
        earliestStart.set(patientId, start);
    }
    if (patientId !== null && Number.isInteger(lineNumber)) {
      lineNumbers[r] = lineNumber;
      const list = rowsOfPatient.get(patientId);
      if (list) list.push(r);
      else rowsOfPatient.set(patientId, [r]);
    }
    if (problemsHere) rowProblems.set(r, problemsHere);
    else if (patientId !== null && start !== null) {
      const line: LineRecord = { patientId, lineNumber, startDate: start, endDate: end, molecules };
      const regimenLabel = cell(columns.regimenLabel);
      if (regimenLabel !== null) line.regimenLabel = regimenLabel;
      if (maintenanceText !== null) line.isMaintenancePhasePresent = maintenanceText === "true";
      if (endReason !== null) line.endReason = endReason;
      if (confidence !== null) line.confidence = confidence;
      lineOfRow[r] = line;
    }
  }

  // Duplicates: a (patient, line number) given again is a problem of the later row.
  for (const [patientId, list] of rowsOfPatient) {
    for (let k = 1; k < list.length; k++) {
      const r = list[k]!;
      let first = -1;
      for (let e = 0; e < k && first < 0; e++) if (lineNumbers[list[e]!] === lineNumbers[r]) first = list[e]!;
      if (first < 0) continue;
      const problem: SubmissionProblem = {
        kind: "duplicate_row",
        row: r + 1,
        column: "line_number",
        patientId,
        message: `${at(r + 1, "line_number")}: patient ${patientId} line ${lineNumbers[r]} already given on row ${first + 1}`,
      };
      const existing = rowProblems.get(r);
      if (existing) existing.push(problem);
      else rowProblems.set(r, [problem]);
      lineOfRow[r] = undefined;
    }
  }
  for (const r of [...rowProblems.keys()].sort((a, b) => a - b)) problems.push(...rowProblems.get(r)!);

  // Patient-level checks: numbering 1..n and no overlap, over each patient's valid rows
  // (patients in the order of their first valid row).
  const patientsInOrder: { patientId: string; items: { line: LineRecord; row: number }[] }[] = [];
  let inRowOrder = true;
  for (const [patientId, list] of rowsOfPatient) {
    const items: { line: LineRecord; row: number }[] = [];
    for (const r of list) {
      const line = lineOfRow[r];
      if (line) items.push({ line, row: r + 1 });
    }
    if (items.length === 0) continue;
    const previous = patientsInOrder[patientsInOrder.length - 1];
    if (previous && previous.items[0]!.row > items[0]!.row) inRowOrder = false;
    patientsInOrder.push({ patientId, items });
  }
  if (!inRowOrder) patientsInOrder.sort((a, b) => a.items[0]!.row - b.items[0]!.row);
  const lines: LineRecord[] = [];
  let sorted = true;
  let previousPatient: string | null = null;
  for (const { patientId, items } of patientsInOrder) {
    let ordered = true;
    for (let i = 1; i < items.length; i++)
      if (items[i - 1]!.line.lineNumber > items[i]!.line.lineNumber) ordered = false;
    if (!ordered) items.sort((a, b) => a.line.lineNumber - b.line.lineNumber);
    let ok = true;
    let consecutive = true;
    for (let i = 0; i < items.length; i++) if (items[i]!.line.lineNumber !== i + 1) consecutive = false;
    if (!consecutive) {
      const numbers = items.map((i) => i.line.lineNumber);
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
    if (ok) {
      if (previousPatient !== null && !(previousPatient < patientId)) sorted = false;
      previousPatient = patientId;
      for (const item of items) lines.push(item.line);
    }
  }
  if (!sorted) {
    lines.sort((a, b) =>
      a.patientId < b.patientId ? -1 : a.patientId > b.patientId ? 1 : a.lineNumber - b.lineNumber,
    );
  }
  const match = options.cohort ? matchCohort(earliestStart, options.cohort, options.followUpEnd) : null;
  const otherCohort =
    match !== null &&
    match.share > OTHER_COHORT_MAX_SHARE &&
    match.unknownIds + match.afterFollowUp >= OTHER_COHORT_MIN_PATIENTS
      ? match
      : null;
  if (otherCohort) problems.unshift({ kind: "other_cohort", message: otherCohortMessage(otherCohort, src) });
  const max = options.maxProblems ?? Infinity;
  if (otherCohort) {
    return {
      lines: [],
      problems: problems.length > max ? problems.slice(0, max) : problems,
      problemCount: problems.length,
      rowsRead: rows.length,
      rowsValid: 0,
      valid: false,
      otherCohort,
    };
  }
  return {
    lines,
    problems: problems.length > max ? problems.slice(0, max) : problems,
    problemCount: problems.length,
    rowsRead: rows.length,
    rowsValid: lines.length,
    valid: problems.every((p) => WARNING_KINDS.has(p.kind)),
  };
}
