// Censoring at the last contact as well as at the end of data: the evaluation's
// TTNT (core/evaluation/compare.ts) and the workspace's survival SQL
// (core/workspace/survival-sql.ts) for TTNT, time on treatment and OS.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { ttntObservation, type EvaluationPatient } from "../../../core/evaluation/compare.js";
import { censoringDay } from "../../../core/statistics/censoring.js";
import {
  ENDPOINTS,
  preparedSurvivalCountsSql,
  prepareSurvivalSql,
  survivalCountsSql,
} from "../../../core/workspace/survival-sql.js";
import { openDuckSession, type DuckSession } from "../../../loaders/duckdb/session.js";

test("evaluation TTNT: censored at the end of data by default, at the last contact on request", () => {
  const patient: EvaluationPatient = {
    patientId: "P",
    deathDate: null,
    followUpEnd: 1000,
    lastContact: 400,
    histology: null,
    biomarkerGroup: "no driver",
  };
  const lines = [{ patientId: "P", lineNumber: 1, startDate: 100, endDate: 300, molecules: ["pemetrexed"] }];
  assert.deepEqual(ttntObservation(lines, patient), { time: 900, event: false });
  assert.deepEqual(ttntObservation(lines, patient, "end_of_data"), { time: 900, event: false });
  assert.deepEqual(ttntObservation(lines, patient, "last_contact"), { time: 300, event: false });
  // Death after the last contact is still an event, at its date.
  assert.deepEqual(ttntObservation(lines, { ...patient, deathDate: 700 }, "last_contact"), { time: 600, event: true });
  // No known contact: censored at the end of follow-up.
  assert.deepEqual(ttntObservation(lines, { ...patient, lastContact: null }, "last_contact"), {
    time: 900,
    event: false,
  });
  assert.equal(censoringDay(1000, 1200, "last_contact"), 1000, "never after the end of follow-up");
});

let session: DuckSession;
// P1: line 1 then line 2 (TTNT event), line 2 ongoing, last contact 2020-06-30, alive at the end (2020-12-31).
// P2: line 1 ended, no next line, last contact 2019-03-01, alive.
// P3: line 1, last contact 2019-02-01, died 2019-09-01 (event for TTNT and OS).
before(async () => {
  session = await openDuckSession();
  await session.run(`CREATE TABLE cohort AS SELECT * FROM (VALUES
    ('P1', 'squamous', 'no driver', '2018-2020', '60-69', NULL, DATE '2020-12-31', DATE '2020-06-30'),
    ('P2', 'squamous', 'no driver', '2018-2020', '60-69', NULL, DATE '2020-12-31', DATE '2019-03-01'),
    ('P3', 'squamous', 'no driver', '2018-2020', '60-69', DATE '2019-09-01', DATE '2019-09-01', DATE '2019-02-01')
  ) t(patient_id, histology, biomarker_group, period, age_band, death_date, follow_up_end, last_contact)`);
  await session.run(`CREATE TABLE lines AS SELECT * FROM (VALUES
    ('default', 'P1', 1, DATE '2019-01-01', DATE '2019-03-01', 'chemotherapy', 'new_drug'),
    ('default', 'P1', 2, DATE '2019-04-01', NULL, 'immunotherapy', 'end_of_data'),
    ('default', 'P2', 1, DATE '2019-01-01', DATE '2019-02-01', 'chemotherapy', 'gap'),
    ('default', 'P3', 1, DATE '2019-01-01', DATE '2019-01-15', 'chemotherapy', 'gap')
  ) t(method, patient_id, line_number, start_date, end_date, regimen_class, end_reason)`);
});
after(() => session?.close());

const grouping = { by: "line" as const, maxLine: 4 };
async function counts(endpoint: (typeof ENDPOINTS)[number], censoring?: "end_of_data" | "last_contact") {
  const rows = await session.all(
    survivalCountsSql({ endpoint, grouping, method: "default", where: "TRUE", ...(censoring ? { censoring } : {}) }),
  );
  return rows.map((r) => `${r.group}:${r.time}:${r.events}/${r.censored}`);
}

test("survival SQL: TTNT, time on treatment and OS censored at the last contact on request", async () => {
  // TTNT line 1: P1 event at 90 days; P2 censored at the end of data (730) or its last contact (59);
  // P3 dies: event at 243 days whatever the rule.
  assert.deepEqual(await counts("ttnt"), ["line 1:90:1/0", "line 1:243:1/0", "line 1:730:0/1", "line 2:640:0/1"]);
  assert.deepEqual(await counts("ttnt", "last_contact"), [
    "line 1:59:0/1",
    "line 1:90:1/0",
    "line 1:243:1/0",
    "line 2:456:0/1",
  ]);
  // Time on treatment: P1 line 2 ongoing: censored at the end of data (640) or last contact (456).
  assert.ok((await counts("tot")).includes("line 2:640:0/1"));
  assert.ok((await counts("tot", "last_contact")).includes("line 2:456:0/1"));
  // OS from line 1: P2 alive: censored at 730 or 59; P3 died at 243 either way.
  assert.deepEqual(await counts("os"), ["line 1:243:1/0", "line 1:730:0/2", "line 2:640:0/1"]);
  assert.deepEqual(await counts("os", "last_contact"), [
    "line 1:59:0/1",
    "line 1:243:1/0",
    "line 1:546:0/1",
    "line 2:456:0/1",
  ]);
});

test("the prepared table gives the same rows as the direct SQL under each rule", async () => {
  for (const censoring of ["end_of_data", "last_contact"] as const) {
    await session.run(prepareSurvivalSql({ method: "default", name: `prep_${censoring}`, censoring }));
    for (const endpoint of ENDPOINTS) {
      const prepared = await session.all(
        preparedSurvivalCountsSql({ endpoint, grouping, name: `prep_${censoring}`, where: "TRUE" }),
      );
      assert.deepEqual(
        prepared.map((r) => `${r.group}:${r.time}:${r.events}/${r.censored}`),
        await counts(endpoint, censoring),
        `${endpoint} ${censoring}`,
      );
    }
  }
});
