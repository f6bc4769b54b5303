// Line-start cohorts: selection with attrition, disjoint arms, comparison by
// log-rank and Cox, baseline table, and the study definition as JSON.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  baselineTable,
  compareCohorts,
  emptyCriteria,
  parseStudy,
  selectCohort,
  selectStudy,
  studyJson,
  type CohortLine,
  type StudyDefinition,
} from "../../../core/studies/line-cohort.js";
import { fitCox } from "../../../core/statistics/cox.js";
import { logRank } from "../../../core/statistics/log-rank.js";

let n = 0;
function line(patient: string, lineNumber: number, molecules: string, extra: Partial<CohortLine> = {}): CohortLine {
  n++;
  return {
    patient_id: patient,
    line_number: lineNumber,
    start_date: "2020-01-01",
    molecules,
    regimen_class: molecules.includes("nivolumab") ? "immunotherapy" : "chemotherapy",
    previous_lines: lineNumber - 1,
    previous_classes: lineNumber > 1 ? "chemo_immunotherapy" : "",
    previous_molecules: lineNumber > 1 ? "carboplatin;pembrolizumab;pemetrexed" : "",
    age_at_line_start: 60 + (n % 20),
    sex: n % 4 < 2 ? "M" : "F",
    histology: n % 3 ? "adenocarcinoma" : "squamous",
    biomarker_group: "no driver",
    pdl1_tps: n % 4 ? 10 : null,
    ecog: n % 5 === 0 ? null : n % 3,
    days_since_advanced: 100 + n,
    start_year: 2020,
    ttnt_days: 30 + ((n * 37) % 400),
    ttnt_event: n % 4 !== 0,
    tot_days: 20 + ((n * 13) % 300),
    tot_event: true,
    os_days: 60 + ((n * 53) % 700),
    os_event: n % 3 !== 0,
    ...extra,
  };
}

// 40 patients: line 1 chemo-IO for all; line 2 docetaxel (P0-P14), docetaxel + nintedanib (P15-P29),
// nivolumab (P30-P39); P5 is ECOG 3.
const lines: CohortLine[] = [];
for (let i = 0; i < 40; i++) {
  const id = `P${String(i).padStart(2, "0")}`;
  lines.push(line(id, 1, "carboplatin;pembrolizumab;pemetrexed", { previous_lines: 0 }));
  const regimen = i < 15 ? "docetaxel" : i < 30 ? "docetaxel;nintedanib" : "nivolumab";
  lines.push(line(id, 2, regimen, i === 5 ? { ecog: 3 } : {}));
}

const study: StudyDefinition = parseStudy({
  version: 1,
  method: "default",
  endpoint: "os",
  adjust: ["age_at_line_start", "sex"],
  cohorts: [
    { name: "docetaxel", lineNumber: 2, regimen: ["docetaxel"], ecogMax: 2 },
    { name: "docetaxel + nintedanib", lineNumber: 2, regimen: ["docetaxel", "nintedanib"], ecogMax: 2 },
  ],
});

test("attrition: each active criterion, in order, with patients left and removed", () => {
  const [a, b] = selectStudy(lines, study);
  assert.deepEqual(
    a!.attrition.map((s) => [s.id, s.patients, s.removed]),
    [
      ["start", 40, 0],
      ["line_number", 40, 0],
      ["regimen", 15, 25],
      ["ecog", 14, 1],
      ["overlap", 14, 0],
    ],
  );
  assert.equal(b!.index.length, 15);
  assert.ok(b!.index.every((l) => l.molecules === "docetaxel;nintedanib"));
  // "includes" docetaxel takes both regimens; as a second cohort against the exact one, the overlap goes.
  const includes = selectStudy(lines, {
    ...study,
    cohorts: [study.cohorts[0]!, { ...study.cohorts[1]!, regimen: ["docetaxel"], regimenMatch: "includes" }],
  });
  assert.equal(includes[1]!.attrition.at(-2)!.patients, 29);
  assert.deepEqual(
    [includes[0]!.index.length, includes[1]!.index.length],
    [0, 15],
    "patients in both cohorts are left out of both",
  );
});

test("any line: the first eligible line is the index; previous molecules and classes", () => {
  const c = selectCohort(lines, { ...emptyCriteria("after pembrolizumab"), previousMolecules: ["pembrolizumab"] });
  assert.equal(c.index.length, 40);
  assert.ok(c.index.every((l) => l.line_number === 2));
  const none = selectCohort(lines, { ...emptyCriteria("x"), previousClasses: ["targeted_egfr"] });
  assert.equal(none.index.length, 0);
});

test("comparison: log-rank and Cox HR of the second cohort equal the statistics on the index lines", () => {
  const [a, b] = selectStudy(lines, study);
  const cmp = compareCohorts(a!, b!, "os", study.adjust);
  const obs = (x: typeof a) => x!.index.map((l) => ({ time: l.os_days, event: l.os_event }));
  assert.equal(
    cmp.logRank.chiSquare,
    logRank([
      { name: "a", observations: obs(a) },
      { name: "b", observations: obs(b) },
    ]).chiSquare,
  );
  const all = [...a!.index.map((l) => [l, 0] as const), ...b!.index.map((l) => [l, 1] as const)];
  const direct = fitCox({
    time: all.map(([l]) => l.os_days),
    event: all.map(([l]) => l.os_event),
    covariates: all.map(([, arm]) => [arm]),
    names: ["arm"],
  });
  assert.equal(cmp.unadjusted.arm.hazardRatio, direct.coefficients[0]!.hazardRatio);
  assert.ok(cmp.adjusted);
  assert.deepEqual(
    cmp.adjusted.model.coefficients.map((c) => c.name),
    ["arm", "age_at_line_start", "sexM"],
  );
  assert.equal(cmp.adjusted.model.n, 29);
});

test("baseline table: N, medians [IQR] and n (%) by arm", () => {
  const [a, b] = selectStudy(lines, study);
  const t = baselineTable([a!, b!]);
  assert.deepEqual(t[0], { variable: "Patients", level: "", cells: ["14", "15"] });
  const ecogUnknown = t.find((r) => r.variable === "ECOG" && r.level === "unknown")!;
  const count = (x: typeof a) => x!.index.filter((l) => l.ecog === null).length;
  assert.match(ecogUnknown.cells[0]!, new RegExp(`^${count(a)} \\(`));
  const prev = t.find((r) => r.variable === "Previous lines")!;
  assert.deepEqual(prev.cells, ["1 [1, 1]", "1 [1, 1]"]);
});

test("the definition round-trips through JSON; a wrong field is one clear error", () => {
  assert.deepEqual(parseStudy(studyJson(study)), study);
  assert.throws(
    () => parseStudy({ ...study, cohorts: [{ ...study.cohorts[0], ecogMax: 7 }] }),
    /study definition: cohorts\.0\.ecogMax: /,
  );
  assert.throws(() => parseStudy("{"), /study definition: not JSON/);
  assert.throws(() => parseStudy({ ...study, endpoint: "pfs" }), /study definition: endpoint/);
});
