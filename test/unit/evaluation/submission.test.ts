// Submission validation: one precise problem per fault, before any scoring.
import assert from "node:assert/strict";
import { test } from "node:test";
import { validateSubmission } from "../../../core/evaluation/submission.js";

const HEADER = ["patient_id", "line_number", "start_date", "end_date", "molecules"];
const ok = [
  ["P1", "1", "2020-01-10", "2020-03-13", "carboplatin;pemetrexed"],
  ["P1", "2", "2020-05-01", "", "docetaxel"],
  ["P2", "1", "01/02/2021", "2021-06-30", "osimertinib"],
];
const cohort = new Set(["P1", "P2", "P3"]);

test("a valid file gives its lines and no problem; DD/MM/YYYY and empty end are accepted", () => {
  const check = validateSubmission(HEADER, ok, { cohort });
  assert.equal(check.valid, true);
  assert.deepEqual(check.problems, []);
  assert.equal(check.lines.length, 3);
  assert.equal(check.lines[1]!.endDate, null);
});

function kinds(header: string[], rows: (string | null)[][]) {
  const check = validateSubmission(header, rows, { cohort, source: "pred.csv" });
  return { check, kinds: check.problems.map((p) => p.kind) };
}

test("missing and extra columns", () => {
  const { check, kinds: k } = kinds(["patient_id", "line", "start_date", "end_date", "Molecules", "score"], []);
  assert.deepEqual(k.sort(), ["extra_column", "extra_column", "extra_column", "missing_column", "missing_column"]);
  assert.match(
    check.problems.find((p) => p.column === "molecules")!.message,
    /found Molecules: column names are lower case/,
  );
  assert.equal(check.valid, false);
  const extraOnly = validateSubmission(
    [...HEADER, "score"],
    ok.map((r) => [...r, "0.5"]),
    { cohort },
  );
  assert.equal(extraOnly.valid, true, "an extra column is only a warning");
  assert.equal(extraOnly.lines.length, 3);
});

test("bad dates, end before start, bad line numbers", () => {
  const { check, kinds: k } = kinds(HEADER, [
    ["P1", "1", "2020-02-30", "", "docetaxel"],
    ["P2", "1", "2020-05-01", "2020-04-01", "docetaxel"],
    ["P3", "first", "2020-05-01", "", "docetaxel"],
  ]);
  assert.deepEqual(k, ["bad_date", "end_before_start", "bad_line_number"]);
  assert.equal(check.problems[0]!.row, 1);
  assert.match(
    check.problems[0]!.message,
    /pred\.csv: row 1, column start_date: "2020-02-30" is not a date; expected YYYY-MM-DD or DD\/MM\/YYYY/,
  );
  assert.equal(check.lines.length, 0);
});

test("overlapping lines and non-consecutive numbers reject the patient's lines", () => {
  const { check, kinds: k } = kinds(HEADER, [
    ["P1", "1", "2020-01-10", "2020-06-01", "docetaxel"],
    ["P1", "2", "2020-05-01", "", "nivolumab"],
    ["P2", "1", "2020-01-10", "2020-02-01", "docetaxel"],
    ["P2", "3", "2020-05-01", "", "nivolumab"],
    ["P3", "1", "2020-01-10", "", "docetaxel"],
  ]);
  assert.deepEqual(k, ["overlapping_lines", "non_consecutive_line_numbers"]);
  assert.deepEqual(
    check.lines.map((l) => l.patientId),
    ["P3"],
  );
  assert.match(
    check.problems[0]!.message,
    /patient P1: line 2 starts 2020-05-01, before line 1 \(2020-01-10 to 2020-06-01\) has ended/,
  );
  const open = kinds(HEADER, [
    ["P1", "1", "2020-01-10", "", "docetaxel"],
    ["P1", "2", "2020-05-01", "", "nivolumab"],
  ]);
  assert.deepEqual(open.kinds, ["overlapping_lines"], "an ongoing line cannot be followed by another");
});

test("unknown molecules get the nearest known name; the contract's form is enforced", () => {
  const { check, kinds: k } = kinds(HEADER, [
    ["P1", "1", "2020-01-10", "", "carboplatine;pemetrexed"],
    ["P2", "1", "2020-01-10", "", "Pemetrexed; carboplatin"],
    ["P3", "1", "2020-01-10", "", "chemotherapy;investigational"],
  ]);
  assert.deepEqual(k, ["unknown_molecule", "molecules_format"]);
  assert.match(check.problems[0]!.message, /unknown molecule "carboplatine" \(did you mean carboplatin\?\)/);
  assert.match(check.problems[1]!.message, /expected "carboplatin;pemetrexed"/);
  assert.deepEqual(
    check.lines.map((l) => l.molecules),
    [["chemotherapy", "investigational"]],
  );
});

test("patients outside the cohort and duplicate rows", () => {
  const { check, kinds: k } = kinds(HEADER, [
    ["P9", "1", "2020-01-10", "", "docetaxel"],
    ["P1", "1", "2020-01-10", "", "docetaxel"],
    ["P1", "1", "2020-01-10", "", "docetaxel"],
  ]);
  assert.deepEqual(k, ["patient_not_in_cohort", "duplicate_row"]);
  assert.match(check.problems[1]!.message, /row 3, column line_number: patient P1 line 1 already given on row 2/);
  assert.equal(check.problemCount, 2);
});

test("optional columns are checked when present", () => {
  const { kinds: k, check } = kinds(
    [...HEADER, "end_reason", "confidence", "is_maintenance_phase_present"],
    [
      ["P1", "1", "2020-01-10", "2020-02-01", "docetaxel", "progression", "0.9", "false"],
      ["P2", "1", "2020-01-10", "", "docetaxel", "because", "1.5", "yes"],
    ],
  );
  assert.deepEqual(k, ["bad_value", "bad_value", "bad_value"]);
  assert.equal(check.lines[0]!.confidence, 0.9);
  assert.equal(check.lines[0]!.endReason, "progression");
});

test("CSV text in the browser is read like the Node reader: BOM, ';', quotes, CRLF", async () => {
  const { parseLinesCsv } = await import("../../../core/evaluation/lines-csv.js");
  const text =
    '\uFEFFpatient_id;line_number;start_date;end_date;molecules\r\nP1;1;2020-01-10;;"carboplatin;pemetrexed"\r\n\r\n';
  const { header, rows } = parseLinesCsv(text);
  assert.deepEqual(header, HEADER);
  assert.deepEqual(rows, [["P1", "1", "2020-01-10", null, "carboplatin;pemetrexed"]]);
  assert.equal(validateSubmission(header, rows, { cohort }).valid, true);
});

test("a row with more or fewer fields than the header is a problem of that row", () => {
  const { kinds: k, check } = kinds(HEADER, [
    ["P1", "1", "2020-01-10", "2020-03-13", "carboplatin;pemetrexed", "extra"],
    ["P2", "1", "2021-02-01", "2021-06-30"],
    ["P3", "1", "2021-02-01", "2021-06-30", "osimertinib"],
  ]);
  assert.deepEqual(k, ["wrong_field_count", "wrong_field_count", "empty_required"]);
  assert.match(check.problems[0]!.message, /pred\.csv: row 1: 6 field\(s\) where the header has 5/);
  assert.deepEqual(
    check.lines.map((l) => l.patientId),
    ["P3"],
    "only the well-formed row becomes a line",
  );
});

test("problems come in row order, duplicates included; patient-level problems after", () => {
  const { kinds: k, check } = kinds(HEADER, [
    ["P1", "1", "2020-01-10", "2020-03-13", "docetaxel"],
    ["P2", "2", "2020-01-10", "2020-03-13", "docetaxel"],
    ["P1", "1", "2020-05-10", "2020-06-13", "docetaxel"],
    ["P3", "1", "bad", "2020-06-13", "docetaxel"],
  ]);
  assert.deepEqual(k, ["duplicate_row", "bad_date", "non_consecutive_line_numbers"]);
  assert.deepEqual(
    check.problems.map((p) => p.row),
    [3, 4, 2],
  );
  assert.deepEqual(
    check.lines.map((l) => `${l.patientId}:${l.lineNumber}`),
    ["P1:1"],
  );
});

test("lines come sorted by patient and line number whatever the row order", () => {
  const check = validateSubmission(HEADER, [ok[2]!, ok[1]!, ok[0]!], { cohort });
  assert.deepEqual(
    check.lines.map((l) => `${l.patientId}:${l.lineNumber}`),
    ["P1:1", "P1:2", "P2:1"],
  );
});
