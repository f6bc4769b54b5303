// One hand-written patient per rule added for what real claims add (issue 13),
// with the lines expected by hand, and the same patient without the rule.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { reconstructPatient } from "../../../core/engine/reconstruct.js";
import type { PatientLines } from "../../../core/engine/types.js";
import { applyOverrides } from "../../../core/rules/rule-set.js";
import { formatDay } from "../../../core/time/day.js";
import { loadRuleSet } from "../../../loaders/rules/load-rule-set.js";
import { cycles, monthlyOral, patient, plus, radiotherapy, seances, seancesOn, surgery } from "./patient-builder.js";

const rules = loadRuleSet("default");
const without = (...keys: string[]) => applyOverrides(rules, keys);

/** Lines as readable tuples: [start, molecules, start rule, end rule]. */
const summary = (r: PatientLines) =>
  r.lines.map((l) => [formatDay(l.startDate), l.molecules.join(";"), l.startDecision.rule, l.endDecision.rule]);

/** Day-1 / day-8 séances of `count` cycles every `every` days. */
function dayOneDayEight(start: string, every: number, count: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(plus(start, i * every), plus(start, i * every + 7));
  return out;
}

describe("inferred_index_window", () => {
  const events = (inferred: boolean) =>
    patient({ advanced: "2020-03-01", inferred }, cycles("2020-01-10", 21, 6, "carboplatin", "pemetrexed"));

  test("a line started 51 days before a metastasis-code date is line 1", () => {
    const r = reconstructPatient(events(true), rules);
    assert.deepEqual(summary(r), [
      ["2020-01-10", "carboplatin;pemetrexed", "inferred_index_window", "treatment_stopped"],
    ]);
    assert.match(r.lines[0]!.startDecision.detail, /51 days before the inferred advanced date \(window 90 days\)/);
  });

  test("with a warehouse date the contract's 30 days hold: the same regimen is not a line", () => {
    assert.deepEqual(summary(reconstructPatient(events(false), rules)), []);
    assert.deepEqual(summary(reconstructPatient(events(true), without("index.inferredLookbackDays=30"))), []);
  });
});

describe("curative_chemoradiation and curative_consolidation", () => {
  // Stage III: weekly anonymous séances with 30 fractions, durvalumab for a year, relapse.
  const crt = [...seances("2019-01-07", 7, 6)];
  const rt = radiotherapy("2019-01-07", 30);
  const durvalumab = cycles("2019-03-11", 14, 26, "durvalumab");
  const relapse = cycles("2020-06-15", 21, 4, "carboplatin", "pemetrexed", "pembrolizumab");

  test("advanced date inferred from the first treatment: chemoradiation and durvalumab are not lines", () => {
    const events = patient({ advanced: "2019-01-07", inferred: true }, [...durvalumab, ...relapse], [...crt, ...rt]);
    const r = reconstructPatient(events, rules);
    assert.deepEqual(summary(r), [
      ["2020-06-15", "carboplatin;pembrolizumab;pemetrexed", "first_treatment", "treatment_stopped"],
    ]);
    assert.deepEqual(
      r.curativeDecisions.map((x) => [x.rule, formatDay(x.date), x.molecules.join(";")]),
      [
        ["curative_chemoradiation", "2019-01-07", "chemotherapy"],
        ["curative_consolidation", "2019-03-11", "durvalumab"],
      ],
    );
    assert.equal(formatDay(r.index!), "2020-06-15", "the index moves past the curative treatment");
    assert.match(
      r.lines[0]!.startDecision.detail,
      /inferred advanced date 2019-01-07 before the end of curative treatment/,
    );
    assert.equal(r.excluded.filter((e) => e.rule === "curative_consolidation").length, 26);
    // Without the rule, the chemoradiation is line 1.
    const off = reconstructPatient(
      events,
      without("curative.chemoradiation.enabled=false", "curative.perioperative.enabled=false"),
    );
    assert.equal(off.lines[0]!.molecules.join(";"), "chemotherapy");
  });

  test("a palliative course (5 fractions) with chemotherapy is not chemoradiation", () => {
    const events = patient(
      { advanced: "2019-01-07", inferred: true },
      [],
      [...seances("2019-01-07", 21, 4), ...radiotherapy("2019-01-07", 5)],
    );
    assert.deepEqual(summary(reconstructPatient(events, rules)), [
      ["2019-01-07", "chemotherapy", "first_treatment", "treatment_stopped"],
    ]);
  });

  test("with a warehouse advanced date the warehouse decides: the rule does not apply", () => {
    const events = patient({ advanced: "2019-01-01" }, [], [...crt, ...rt]);
    assert.equal(reconstructPatient(events, rules).lines.length, 1);
    assert.deepEqual(reconstructPatient(events, rules).curativeDecisions, []);
  });
});

describe("curative_perioperative", () => {
  test("adjuvant chemotherapy then osimertinib after lobectomy are not lines; the relapse is line 1", () => {
    const events = patient(
      { advanced: "2019-02-20", inferred: true },
      [...monthlyOral("2019-05-20", 20, "osimertinib"), ...cycles("2021-03-01", 21, 4, "carboplatin", "pemetrexed")],
      [...surgery("2019-01-10"), ...seances("2019-02-20", 21, 4)],
    );
    const r = reconstructPatient(events, rules);
    assert.deepEqual(summary(r), [["2021-03-01", "carboplatin;pemetrexed", "first_treatment", "treatment_stopped"]]);
    assert.deepEqual(
      r.curativeDecisions.map((x) => [x.rule, x.molecules.join(";")]),
      [["curative_perioperative", "chemotherapy;osimertinib"]],
    );
  });

  test("chemotherapy during adjuvant osimertinib ends it: relapse, line 1", () => {
    const events = patient(
      { advanced: "2019-03-01", inferred: true },
      [...monthlyOral("2019-03-01", 6, "osimertinib"), ...cycles("2019-08-20", 21, 4, "carboplatin", "pemetrexed")],
      surgery("2019-01-10"),
    );
    assert.deepEqual(summary(reconstructPatient(events, rules)), [
      ["2019-08-20", "carboplatin;pemetrexed", "first_treatment", "treatment_stopped"],
    ]);
  });

  test("neoadjuvant chemo-immunotherapy ending 30 days before surgery is not a line", () => {
    const events = patient(
      { advanced: "2019-01-07", inferred: true },
      [...cycles("2019-01-07", 21, 3, "nivolumab"), ...cycles("2020-01-10", 21, 4, "docetaxel")],
      [...seances("2019-01-07", 21, 3), ...surgery("2019-03-20")],
    );
    assert.deepEqual(summary(reconstructPatient(events, rules)), [
      ["2020-01-10", "docetaxel", "first_treatment", "treatment_stopped"],
    ]);
  });
});

describe("session_in_cycle", () => {
  test("day-8 séances of a cycle whose gemcitabine is visible on day 1 join it and add nothing", () => {
    // Day-8 séances from cycle 3 on (after the regimen window), gemcitabine visible on day 1.
    const day8 = [2, 3, 4, 5].map((i) => plus("2020-01-10", i * 21 + 7));
    const events = patient({}, cycles("2020-01-10", 21, 6, "carboplatin", "gemcitabine"), seancesOn(...day8));
    assert.deepEqual(summary(reconstructPatient(events, rules)), [
      ["2020-01-10", "carboplatin;gemcitabine", "first_treatment", "treatment_stopped"],
    ]);
    const off = reconstructPatient(events, without("sessions.inCycle.enabled=false"));
    assert.deepEqual(
      off.lines.map((l) => l.molecules.join(";")),
      ["carboplatin;gemcitabine", "carboplatin;chemotherapy;gemcitabine"],
      "without the rule the day-8 séance opens a new line",
    );
  });

  test("a cycle the warehouse missed (a séance 21 days after visible docetaxel) is the same line", () => {
    const events = patient(
      {},
      [...cycles("2020-01-10", 21, 3, "docetaxel"), ...cycles("2020-03-13", 21, 3, "docetaxel")],
      seancesOn("2020-03-13", "2020-04-03", "2020-04-24", "2020-02-21"),
    );
    // 2020-02-21 is day 22 after the 2020-01-31 cycle: the cycle of 2020-02-21 is only a séance.
    assert.deepEqual(summary(reconstructPatient(events, rules)), [
      ["2020-01-10", "docetaxel", "first_treatment", "treatment_stopped"],
    ]);
  });

  test("day-8 and day-15 séances after visible pembrolizumab are a cytotoxic given with it; the next regimen still starts a line", () => {
    const pembro = cycles("2020-01-10", 21, 4, "pembrolizumab");
    const induction = [0, 1, 2, 3].flatMap((i) => [
      plus("2020-01-10", i * 21),
      plus("2020-01-10", i * 21 + 7),
      plus("2020-01-10", i * 21 + 14),
    ]);
    const docetaxel = seances("2020-05-15", 21, 4);
    const r = reconstructPatient(patient({}, pembro, [...seancesOn(...induction), ...docetaxel]), rules);
    assert.deepEqual(summary(r), [
      ["2020-01-10", "chemotherapy;pembrolizumab", "first_treatment", "new_drug"],
      ["2020-05-15", "chemotherapy", "new_drug", "treatment_stopped"],
    ]);
    assert.ok(r.lines[0]!.decisions.some((x) => x.rule === "session_in_cycle"));
  });
});

describe("session_rhythm", () => {
  test("3-weekly anonymous séances then day-1/day-8 séances: two regimens, two lines", () => {
    const docetaxel = seances("2020-01-10", 21, 4); // last 2020-03-13
    const gemcitabine = seancesOn(...dayOneDayEight("2020-04-03", 21, 4));
    const r = reconstructPatient(patient({}, [], [...docetaxel, ...gemcitabine]), rules);
    assert.deepEqual(summary(r), [
      ["2020-01-10", "chemotherapy", "first_treatment", "session_rhythm"],
      ["2020-04-03", "chemotherapy", "session_rhythm", "treatment_stopped"],
    ]);
    assert.match(r.lines[1]!.startDecision.detail, /every 21\/21\/21 days, then every 7\/14\/7 days/);
    assert.equal(
      reconstructPatient(
        patient({}, [], [...docetaxel, ...gemcitabine]),
        without("sessions.rhythmChange.enabled=false"),
      ).lines.length,
      1,
    );
  });

  test("day-1/day-8 séances, a 6-week pause, then 3-weekly séances: a new regimen", () => {
    const gemcitabine = seancesOn(...dayOneDayEight("2020-01-10", 21, 4)); // last 2020-03-20
    const docetaxel = seances("2020-05-01", 21, 4);
    const r = reconstructPatient(patient({}, [], [...gemcitabine, ...docetaxel]), rules);
    assert.deepEqual(
      r.lines.map((l) => [formatDay(l.startDate), l.startDecision.rule]),
      [
        ["2020-01-10", "first_treatment"],
        ["2020-05-01", "session_rhythm"],
      ],
    );
    assert.match(r.lines[1]!.startDecision.detail, /after a 42-day pause \(> 28\)/);
  });

  test("day-1/day-8 induction then 3-weekly séances without a pause stay one line (switch maintenance looks like this)", () => {
    const induction = seancesOn(...dayOneDayEight("2020-01-10", 21, 4)); // last 2020-03-20
    const maintenance = seances("2020-04-03", 21, 4);
    assert.equal(reconstructPatient(patient({}, [], [...induction, ...maintenance]), rules).lines.length, 1);
  });
});

describe("planned_break and gap.anonymousDays", () => {
  test("pembrolizumab restarted after a 150-day break, nothing else given: same line", () => {
    const events = patient({}, [
      ...cycles("2020-01-10", 21, 12, "pembrolizumab"),
      ...cycles("2021-01-05", 21, 6, "pembrolizumab"),
    ]);
    const r = reconstructPatient(events, rules);
    assert.deepEqual(summary(r), [["2020-01-10", "pembrolizumab", "first_treatment", "treatment_stopped"]]);
    const decision = r.lines[0]!.decisions.find((x) => x.rule === "planned_break");
    assert.ok(decision);
    assert.equal(formatDay(decision.date), "2021-01-05");
    assert.equal(reconstructPatient(events, without("gap.plannedBreak.enabled=false")).lines.length, 2);
  });

  test("a restart after more than 180 days, or with another drug, is a new line", () => {
    const late = patient({}, [
      ...cycles("2020-01-10", 21, 12, "pembrolizumab"),
      ...cycles("2021-03-10", 21, 6, "pembrolizumab"),
    ]);
    assert.deepEqual(
      reconstructPatient(late, rules).lines.map((l) => l.startDecision.rule),
      ["first_treatment", "gap"],
    );
    const other = patient({}, [
      ...cycles("2020-01-10", 21, 12, "pembrolizumab"),
      ...cycles("2021-01-05", 21, 6, "pembrolizumab", "docetaxel"),
    ]);
    assert.equal(reconstructPatient(other, rules).lines.length, 2);
  });

  test("anonymous séances resuming after a 3-month pause start a new line; a visible drug keeps gap.days", () => {
    const anonymous = patient({}, [], [...seances("2020-01-10", 21, 4), ...seances("2020-06-20", 21, 4)]);
    const r = reconstructPatient(anonymous, rules);
    assert.deepEqual(
      r.lines.map((l) => [formatDay(l.startDate), l.startDecision.rule]),
      [
        ["2020-01-10", "first_treatment"],
        ["2020-06-20", "gap"],
      ],
    );
    assert.match(r.lines[1]!.startDecision.detail, /> 90 for a line of anonymous séances/);
    const visible = patient({}, [
      ...cycles("2020-01-10", 21, 4, "docetaxel"),
      ...cycles("2020-06-20", 21, 4, "docetaxel"),
    ]);
    assert.equal(reconstructPatient(visible, rules).lines.length, 1);
  });
});

describe("session_companion", () => {
  const events = (pdl1: number | undefined) =>
    patient(
      pdl1 === undefined ? {} : { pdl1 },
      cycles("2020-01-10", 21, 8, "pembrolizumab"),
      seances("2020-01-10", 21, 8),
    );

  test("first-line pembrolizumab with PD-L1 20 %: the explained séances carried a cytotoxic", () => {
    const r = reconstructPatient(events(20), rules);
    assert.deepEqual(summary(r), [
      ["2020-01-10", "chemotherapy;pembrolizumab", "first_treatment", "treatment_stopped"],
    ]);
    assert.match(r.lines[0]!.decisions.find((x) => x.rule === "session_companion")!.detail, /PD-L1 20% < 50%/);
  });

  test("PD-L1 >= 50 % or unknown: pembrolizumab may be given alone, nothing is added", () => {
    assert.equal(reconstructPatient(events(80), rules).lines[0]!.molecules.join(";"), "pembrolizumab");
    assert.equal(reconstructPatient(events(undefined), rules).lines[0]!.molecules.join(";"), "pembrolizumab");
  });

  test("a named cytotoxic in the line makes the placeholder unnecessary", () => {
    const named = patient(
      { pdl1: 20 },
      [...cycles("2020-01-10", 21, 8, "pembrolizumab"), ...cycles("2020-01-11", 21, 4, "carboplatin", "pemetrexed")],
      seances("2020-01-10", 21, 8),
    );
    assert.equal(
      reconstructPatient(named, rules).lines[0]!.molecules.join(";"),
      "carboplatin;pembrolizumab;pemetrexed",
    );
  });

  test("the séance decisions name the visible drugs that explained them (for the learned model)", () => {
    const r = reconstructPatient(events(80), rules);
    const explained = r.sessionDecisions.filter((x) => x.rule === "session_explained");
    assert.equal(explained.length, 8);
    assert.ok(explained.every((x) => x.molecules.join(";") === "pembrolizumab"));
  });
});

describe("presets", () => {
  test("jmir-2021 stays the published algorithm: none of these rules", () => {
    const jmir = loadRuleSet("jmir-2021");
    assert.equal(jmir.curative.chemoradiation.enabled, false);
    assert.equal(jmir.curative.perioperative.enabled, false);
    assert.equal(jmir.gap.plannedBreak.enabled, false);
    assert.equal(jmir.sessions.inCycle.enabled, false);
    assert.equal(jmir.sessions.rhythmChange.enabled, false);
    assert.equal(jmir.sessions.companionChemotherapy.enabled, false);
    assert.equal(jmir.index.inferredLookbackDays ?? jmir.index.lookbackDays, jmir.index.lookbackDays);
    assert.equal(jmir.gap.anonymousDays ?? jmir.gap.days, jmir.gap.days);
  });
});
