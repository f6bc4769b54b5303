// The cohort runner writes the contract's lines file (Parquet or CSV) with the
// explanation columns, from a stream of patient batches.
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { openDuckSession, sqlString } from "../../../loaders/duckdb/session.js";
import { LINES_OUTPUT_COLUMNS } from "../../../loaders/reconstruct/lines-output.js";
import { reconstructCohort } from "../../../loaders/reconstruct/reconstruct-cohort.js";
import { loadRuleSet } from "../../../loaders/rules/load-rule-set.js";
import type { PatientEvents } from "../../../core/events/events.js";
import { LINES_COLUMNS, LINES_EXPLANATION_COLUMNS } from "../../../core/contract/tables.js";
import { cycles, patient } from "../engine/patient-builder.js";

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), "lotluca-reconstruct-"));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

function cohort(): PatientEvents[] {
  const a = patient({}, [
    ...cycles("2020-01-10", 21, 4, "carboplatin", "paclitaxel"),
    ...cycles("2020-05-01", 21, 3, "docetaxel"),
  ]);
  const b = patient({ followUpEnd: "2020-12-31" }, cycles("2020-06-01", 21, 10, "pembrolizumab"));
  const c = patient({}, []);
  return [
    { ...a, patient: { ...a.patient, patientId: "A" } },
    { ...b, patient: { ...b.patient, patientId: "B" } },
    { ...c, patient: { ...c.patient, patientId: "C" } },
  ].map((p) => ({ ...p, exposures: p.exposures.map((e) => ({ ...e, patientId: p.patient.patientId })) }));
}

async function* batches(items: PatientEvents[], size: number) {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

test("writes a Parquet lines file with contract and explanation columns", async () => {
  const out = join(dir, "lines.parquet");
  const summary = await reconstructCohort(batches(cohort(), 2), loadRuleSet("default"), out);
  assert.equal(summary.patients, 3);
  assert.equal(summary.patientsWithLines, 2);
  assert.equal(summary.lines, 3);
  assert.deepEqual(summary.linesByNumber, { "1": 2, "2": 1 });
  const session = await openDuckSession();
  try {
    const rows = await session.all(
      `SELECT patient_id, line_number, CAST(start_date AS VARCHAR) AS start, CAST(end_date AS VARCHAR) AS "end", molecules, end_reason, start_rule, end_rule, rule_set, trace FROM read_parquet(${sqlString(out)})`,
    );
    assert.deepEqual(
      rows.map((r) => [
        r.patient_id,
        r.line_number,
        r.start,
        r.end,
        r.molecules,
        r.end_reason,
        r.start_rule,
        r.end_rule,
      ]),
      [
        ["A", 1, "2020-01-10", "2020-03-13", "carboplatin;paclitaxel", "new_drug", "first_treatment", "new_drug"],
        ["A", 2, "2020-05-01", "2020-06-12", "docetaxel", "gap", "new_drug", "treatment_stopped"],
        ["B", 1, "2020-06-01", null, "pembrolizumab", "end_of_data", "first_treatment", "end_of_data"],
      ],
    );
    assert.equal(rows[0]!.rule_set, `default@${loadRuleSet("default").version}`);
    const trace = JSON.parse(String(rows[1]!.trace)) as { rule: string; date: string }[];
    assert.equal(trace[0]!.rule, "new_drug");
    assert.equal(trace[0]!.date, "2020-05-01");
    const columns = await session.all(`DESCRIBE SELECT * FROM read_parquet(${sqlString(out)})`);
    assert.deepEqual(
      columns.map((c) => c.column_name),
      LINES_OUTPUT_COLUMNS.map((c) => c.name),
    );
    assert.equal(columns.find((c) => c.column_name === "start_date")!.column_type, "DATE");
    // Contract columns, then its optional ones present, then the documented explanation columns.
    assert.deepEqual(
      LINES_OUTPUT_COLUMNS.map((c) => c.name).filter((n) => !LINES_EXPLANATION_COLUMNS.includes(n)),
      [...LINES_COLUMNS.map((c) => c.name), "regimen_label", "is_maintenance_phase_present", "end_reason"],
    );
  } finally {
    session.close();
  }
});

test("writes CSV with a header and ISO dates; an unknown extension is refused", async () => {
  const out = join(dir, "lines.csv");
  await reconstructCohort(batches(cohort(), 10), loadRuleSet("default"), out);
  const [header, first] = (await readFile(out, "utf8")).split("\n");
  assert.ok(header!.startsWith("patient_id,line_number,start_date,end_date,molecules,"));
  assert.ok(first!.startsWith("A,1,2020-01-10,2020-03-13,carboplatin;paclitaxel,"), first);
  // jmir-2021 treats docetaxel after a line-1 induction as switch maintenance: one line.
  const jmir = join(dir, "jmir.csv");
  await reconstructCohort(batches(cohort(), 10), loadRuleSet("jmir-2021"), jmir);
  const jmirFirst = (await readFile(jmir, "utf8")).split("\n")[1]!;
  assert.ok(jmirFirst.startsWith("A,1,2020-01-10,2020-06-12,carboplatin;docetaxel;paclitaxel,"), jmirFirst);
  assert.match(jmirFirst, /switch_maintenance/);
  await assert.rejects(
    reconstructCohort(batches(cohort(), 10), loadRuleSet("default"), join(dir, "lines.txt")),
    /\.parquet or \.csv/,
  );
});
