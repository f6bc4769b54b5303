// A submission for another cohort is refused as a whole, with the share of its
// patients that cannot be this cohort's; below the threshold it is checked as usual.
import assert from "node:assert/strict";
import { test } from "node:test";
import { matchCohort, OTHER_COHORT_MAX_SHARE, validateSubmission } from "../../../core/evaluation/submission.js";
import { parseIsoDay, type Day } from "../../../core/time/day.js";

const HEADER = ["patient_id", "line_number", "start_date", "end_date", "molecules"];
const day = (iso: string): Day => parseIsoDay(iso)!;
const ids = Array.from({ length: 200 }, (_, i) => `P${String(i + 1).padStart(8, "0")}`);
const cohort = new Set(ids);
// 200 patients; every follow-up ends on 2021-01-01.
const followUpEnd = new Map(ids.map((id) => [id, day("2021-01-01")]));

/** One line per patient; the first `late` start after the end of follow-up. */
function rows(late: number, patients = ids): string[][] {
  return patients.map((id, i) => [id, "1", i < late ? "2022-03-01" : "2020-03-01", "", "docetaxel"]);
}

test("10 % of patients starting after their follow-up is accepted; above, the file is refused", () => {
  assert.equal(OTHER_COHORT_MAX_SHARE, 0.1);
  const twenty = validateSubmission(HEADER, rows(20), { cohort, followUpEnd, source: "x.csv" });
  assert.equal(twenty.valid, true);
  assert.equal(twenty.otherCohort, undefined);
  assert.equal(twenty.lines.length, 200);

  const three = validateSubmission(HEADER, rows(21), { cohort, followUpEnd, source: "x.csv" });
  assert.equal(three.valid, false);
  assert.deepEqual(three.lines, []);
  assert.equal(three.problems[0]!.kind, "other_cohort");
  assert.match(
    three.problems[0]!.message,
    /^x\.csv: this looks like a submission for another cohort: 21 of its 200 patients \(11 %\) are not in this cohort \(0 unknown patient ids, 21 with a line starting after/,
  );
});

test("unknown patient ids count too, and each row is still listed", () => {
  const others = ids.map((id) => id.replace("P", "Q"));
  const check = validateSubmission(HEADER, rows(0, others), { cohort, followUpEnd });
  assert.equal(check.otherCohort?.unknownIds, 200);
  assert.equal(check.problems.filter((p) => p.kind === "patient_not_in_cohort").length, 200);
  assert.match(check.problems[0]!.message, /200 of its 200 patients \(100 %\)/);
});

test("fewer than 10 foreign patients are row problems, not a refusal", () => {
  const check = validateSubmission(HEADER, rows(9, ids.slice(0, 20)), { cohort, followUpEnd });
  assert.equal(check.otherCohort, undefined);
  assert.equal(check.valid, true);
  const ten = validateSubmission(HEADER, rows(10, ids.slice(0, 20)), { cohort, followUpEnd });
  assert.equal(ten.otherCohort?.afterFollowUp, 10);
});

test("without follow-up, only ids are compared; without a cohort, nothing is", () => {
  assert.equal(validateSubmission(HEADER, rows(200), { cohort }).valid, true);
  assert.equal(validateSubmission(HEADER, rows(200)).valid, true);
  const match = matchCohort(new Map([["P00000001", null]]), cohort, followUpEnd);
  assert.deepEqual(match, { patients: 1, unknownIds: 0, afterFollowUp: 0, share: 0 });
});
