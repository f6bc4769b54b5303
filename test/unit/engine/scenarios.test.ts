// One hand-written patient per rule, with the lines expected by hand.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { reconstructPatient } from "../../../core/engine/reconstruct.js";
import type { PatientLines } from "../../../core/engine/types.js";
import { applyOverrides } from "../../../core/rules/rule-set.js";
import { formatDay } from "../../../core/time/day.js";
import { loadRuleSet } from "../../../loaders/rules/load-rule-set.js";
import { cycles, d, iv, monthlyOral, patient, seances } from "./patient-builder.js";

const rules = loadRuleSet("default");
const jmir = loadRuleSet("jmir-2021");

/** Lines as readable tuples: [number, start, end, molecules, start rule, end reason]. */
function summary(result: PatientLines) {
  return result.lines.map((l) => [
    l.lineNumber,
    formatDay(l.startDate),
    l.endDate === null ? null : formatDay(l.endDate),
    l.molecules.join(";"),
    l.startDecision.rule,
    l.endReason,
  ]);
}

describe("index", () => {
  test("first_treatment: line 1 starts at the first administration on or after the advanced date", () => {
    const r = reconstructPatient(
      patient({ advanced: "2020-01-01" }, cycles("2020-01-10", 21, 4, "carboplatin", "pemetrexed")),
      rules,
    );
    assert.deepEqual(summary(r), [[1, "2020-01-10", "2020-03-13", "carboplatin;pemetrexed", "first_treatment", "gap"]]);
    assert.equal(r.indexSource, "advanced_date");
  });

  test("lookback: a regimen started 20 days before the advanced date is line 1; 45 days before is not", () => {
    const early = reconstructPatient(
      patient({ advanced: "2020-02-01" }, cycles("2020-01-12", 21, 4, "carboplatin", "pemetrexed")),
      rules,
    );
    assert.equal(early.lines.length, 1);
    assert.equal(formatDay(early.lines[0]!.startDate), "2020-01-12");
    const tooEarly = reconstructPatient(
      patient({ advanced: "2020-02-01" }, cycles("2019-12-18", 21, 4, "carboplatin", "pemetrexed")),
      rules,
    );
    assert.equal(tooEarly.lines.length, 0, "a regimen started 45 days before the index is not a line");
    assert.equal(tooEarly.excluded.length, 8);
    assert.ok(tooEarly.excluded.every((e) => e.rule === "pre_index_regimen"));
  });

  test("pre_index_regimen: chemoradiation + durvalumab consolidation before the advanced date gives no line", () => {
    const events = patient({ advanced: "2021-06-01" }, [
      ...cycles("2020-03-01", 21, 2, "cisplatin", "etoposide"),
      ...cycles("2020-04-20", 28, 12, "durvalumab"),
      ...cycles("2021-06-15", 21, 4, "carboplatin", "pemetrexed", "pembrolizumab"),
    ]);
    const r = reconstructPatient(events, rules);
    assert.deepEqual(summary(r), [
      [1, "2021-06-15", "2021-08-17", "carboplatin;pembrolizumab;pemetrexed", "first_treatment", "gap"],
    ]);
    assert.match(r.lines[0]!.startDecision.detail, /started before it stopped \d+ days earlier/);
    assert.ok(r.excluded.some((e) => e.molecule === "durvalumab" && e.rule === "pre_index_regimen"));
  });

  test("preIndexContinuationMaxGapDays: adjuvant chemotherapy, a pause, then relapse: the relapse treatment is line 1", () => {
    // Anonymous séances as adjuvant chemotherapy, 90 days without treatment, advanced disease, séances again.
    const r = reconstructPatient(
      patient({ advanced: "2020-06-01" }, [], [...seances("2020-01-10", 21, 4), ...seances("2020-06-12", 21, 4)]),
      rules,
    );
    assert.deepEqual(summary(r), [[1, "2020-06-12", "2020-08-14", "chemotherapy", "first_treatment", "gap"]]);
    assert.match(r.lines[0]!.startDecision.detail, /stopped 91 days earlier/);
    assert.equal(r.excluded.filter((e) => e.rule === "pre_index_regimen").length, 4);
  });

  test("whenAdvancedDateMissing: first_treatment infers the index, no_lines gives none", () => {
    const events = patient({ advanced: null }, cycles("2020-01-10", 21, 2, "docetaxel"));
    const inferred = reconstructPatient(events, rules);
    assert.equal(inferred.indexSource, "first_treatment");
    assert.equal(inferred.lines.length, 1);
    const none = reconstructPatient(events, applyOverrides(rules, ["index.whenAdvancedDateMissing=no_lines"]));
    assert.equal(none.lines.length, 0);
    assert.deepEqual(
      none.excluded.map((e) => e.rule),
      ["no_index", "no_index"],
    );
  });
});

describe("regimen", () => {
  test("regimen_window: a drug added within the window joins line 1", () => {
    const r = reconstructPatient(
      patient({}, [
        ...cycles("2020-01-10", 21, 4, "carboplatin", "pemetrexed"),
        ...cycles("2020-01-31", 21, 3, "pembrolizumab"),
      ]),
      rules,
    );
    assert.equal(r.lines.length, 1);
    assert.equal(r.lines[0]!.molecules.join(";"), "carboplatin;pembrolizumab;pemetrexed");
    assert.ok(r.lines[0]!.decisions.some((x) => x.rule === "regimen_window" && x.molecules[0] === "pembrolizumab"));
  });

  test("new_drug: a new drug after the window starts line 2, and line 1 ends at its last administration", () => {
    const r = reconstructPatient(
      patient({}, [
        ...cycles("2020-01-10", 21, 4, "carboplatin", "paclitaxel"),
        ...cycles("2020-05-01", 21, 3, "docetaxel"),
      ]),
      rules,
    );
    assert.deepEqual(summary(r), [
      [1, "2020-01-10", "2020-03-13", "carboplatin;paclitaxel", "first_treatment", "new_drug"],
      [2, "2020-05-01", "2020-06-12", "docetaxel", "new_drug", "gap"],
    ]);
  });

  test("substitution: cisplatin then carboplatin stays one line listing both", () => {
    const r = reconstructPatient(
      patient({}, [
        ...cycles("2020-01-10", 21, 2, "cisplatin", "pemetrexed"),
        ...cycles("2020-02-21", 21, 2, "carboplatin", "pemetrexed"),
      ]),
      rules,
    );
    assert.deepEqual(summary(r), [
      [1, "2020-01-10", "2020-03-13", "carboplatin;cisplatin;pemetrexed", "first_treatment", "gap"],
    ]);
    assert.ok(r.lines[0]!.decisions.some((x) => x.rule === "substitution" && x.molecules[0] === "carboplatin"));
  });

  test("switch_maintenance: pemetrexed after platinum induction stays in line 1 and marks maintenance", () => {
    const r = reconstructPatient(
      patient({}, [
        ...cycles("2020-01-10", 21, 4, "carboplatin", "gemcitabine"),
        ...cycles("2020-04-03", 21, 4, "pemetrexed"),
      ]),
      rules,
    );
    assert.equal(r.lines.length, 1);
    assert.equal(r.lines[0]!.molecules.join(";"), "carboplatin;gemcitabine;pemetrexed");
    assert.equal(formatDay(r.lines[0]!.maintenanceStart!), "2020-04-03");
    assert.equal(r.lines[0]!.isMaintenancePhasePresent, true);
    // Switch maintenance follows a complete induction without interruption.
    const early = reconstructPatient(
      patient({}, [
        ...cycles("2020-01-10", 21, 2, "carboplatin", "gemcitabine"),
        ...cycles("2020-02-21", 21, 4, "pemetrexed"),
      ]),
      rules,
    );
    assert.deepEqual(
      early.lines.map((l) => l.molecules.join(";")),
      ["carboplatin;gemcitabine", "pemetrexed"],
      "after 2 cycles, pemetrexed is a new line",
    );
    const late = reconstructPatient(
      patient({}, [
        ...cycles("2020-01-10", 21, 4, "carboplatin", "gemcitabine"),
        ...cycles("2020-05-15", 21, 4, "pemetrexed"),
      ]),
      rules,
    );
    assert.equal(late.lines.length, 2, "pemetrexed 63 days after the last induction cycle is a new line");
    // jmir-2021 restricts maintenance to line 1: the same sequence in line 2 is a new line.
    const second = reconstructPatient(
      patient({ advanced: "2019-05-01" }, [
        ...cycles("2019-06-01", 21, 4, "osimertinib"),
        ...cycles("2020-01-10", 21, 4, "carboplatin", "gemcitabine"),
        ...cycles("2020-04-03", 21, 4, "pemetrexed"),
      ]),
      jmir,
    );
    assert.deepEqual(
      second.lines.map((l) => l.molecules.join(";")),
      ["osimertinib", "carboplatin;gemcitabine", "pemetrexed"],
    );
  });

  test("continuation_maintenance: platinum stops, pemetrexed + pembrolizumab continue in the same line", () => {
    const r = reconstructPatient(
      patient({}, [
        ...cycles("2020-01-10", 21, 4, "carboplatin", "pemetrexed", "pembrolizumab"),
        ...cycles("2020-04-03", 21, 10, "pemetrexed", "pembrolizumab"),
      ]),
      rules,
    );
    assert.equal(r.lines.length, 1);
    const line = r.lines[0]!;
    assert.equal(formatDay(line.maintenanceStart!), "2020-04-03");
    const decision = line.decisions.find((x) => x.rule === "continuation_maintenance");
    assert.ok(decision);
    assert.deepEqual(decision.molecules, ["pembrolizumab", "pemetrexed"]);
  });

  test("dropped_drug: dropping paclitaxel for toxicity stays in the line; startsNewLine splits it", () => {
    const events = patient({}, [
      ...cycles("2020-01-10", 21, 2, "carboplatin", "paclitaxel"),
      ...cycles("2020-02-21", 21, 4, "carboplatin"),
    ]);
    const same = reconstructPatient(events, rules);
    assert.equal(same.lines.length, 1);
    assert.ok(same.lines[0]!.decisions.some((x) => x.rule === "dropped_drug" && x.molecules[0] === "paclitaxel"));
    const split = reconstructPatient(events, applyOverrides(rules, ["droppedDrugs.startsNewLine=true"]));
    assert.deepEqual(summary(split), [
      [1, "2020-01-10", "2020-01-31", "carboplatin;paclitaxel", "first_treatment", "new_drug"],
      [2, "2020-02-21", "2020-04-24", "carboplatin", "dropped_drug", "gap"],
    ]);
  });

  test("ignoreMolecules: an ignored drug neither starts nor joins a line", () => {
    const events = patient({}, [...cycles("2020-01-10", 21, 4, "docetaxel"), ...iv("2020-06-01", "bevacizumab")]);
    assert.equal(reconstructPatient(events, rules).lines.length, 2);
    assert.equal(
      reconstructPatient(events, applyOverrides(rules, ['ignoreMolecules=["bevacizumab"]'])).lines.length,
      1,
    );
  });
});

describe("gaps", () => {
  test("planned break shorter than the gap: same line; re-challenge after a long gap: new line", () => {
    const brk = reconstructPatient(
      patient({}, [...cycles("2020-01-10", 21, 4, "nivolumab"), ...cycles("2020-05-15", 21, 4, "nivolumab")]),
      rules,
    );
    assert.equal(brk.lines.length, 1, "a 2-month planned break is not a new line");
    const rechallenge = reconstructPatient(
      patient({}, [...cycles("2020-01-10", 21, 4, "nivolumab"), ...cycles("2020-10-15", 21, 4, "nivolumab")]),
      rules,
    );
    assert.deepEqual(
      rechallenge.lines.map((l) => [l.molecules.join(";"), l.startDecision.rule]),
      [
        ["nivolumab", "first_treatment"],
        ["nivolumab", "gap"],
      ],
    );
    assert.equal(rechallenge.lines[0]!.endReason, "gap");
  });

  test("gap_exempt: osimertinib resumed after a long interruption stays in its line", () => {
    const r = reconstructPatient(
      patient({}, [...monthlyOral("2020-01-10", 6, "osimertinib"), ...monthlyOral("2021-01-10", 6, "osimertinib")]),
      rules,
    );
    assert.equal(r.lines.length, 1);
    assert.ok(r.lines[0]!.decisions.some((x) => x.rule === "gap_exempt"));
    assert.equal(formatDay(r.lines[0]!.endDate!), "2021-07-08", "ends on the last day covered by the last box");
  });

  test("gap measured from oral coverage: monthly dispensings never open a gap", () => {
    const r = reconstructPatient(
      patient({}, monthlyOral("2020-01-10", 14, "alectinib", 35)),
      applyOverrides(rules, ["gapDays=30"]),
    );
    assert.equal(r.lines.length, 1);
  });
});

describe("séances", () => {
  test("session_placeholder: anonymous séances form a `chemotherapy` line; explained séances do not", () => {
    const anonymous = reconstructPatient(patient({}, [], seances("2020-01-10", 21, 4)), rules);
    assert.deepEqual(summary(anonymous), [[1, "2020-01-10", "2020-03-13", "chemotherapy", "first_treatment", "gap"]]);
    const explained = reconstructPatient(
      patient({}, cycles("2020-01-10", 21, 4, "pembrolizumab"), seances("2020-01-10", 21, 4)),
      rules,
    );
    assert.equal(explained.lines[0]!.molecules.join(";"), "pembrolizumab");
    assert.equal(explained.sessionDecisions.filter((x) => x.rule === "session_explained").length, 4);
  });

  test("séances can start a line and end the previous one (new drug)", () => {
    const r = reconstructPatient(
      patient({}, monthlyOral("2020-01-10", 10, "osimertinib"), seances("2020-11-20", 21, 4)),
      rules,
    );
    assert.deepEqual(
      r.lines.map((l) => [l.molecules.join(";"), l.startDecision.rule]),
      [
        ["osimertinib", "first_treatment"],
        ["chemotherapy", "new_drug"],
      ],
    );
  });

  test("grouped séances are spread over their span when the rules say so", () => {
    const grouped = patient(
      {},
      [],
      [
        {
          patientId: "P1",
          kind: "chemotherapy",
          date: d("2020-01-10"),
          endDate: d("2020-03-13"),
          count: 4,
          hospital: "H1",
          grouped: true,
          provenance: [{ source: "pmsi_stay", table: "T_MCO20B", row: 1 }],
        },
      ],
    );
    const spread = reconstructPatient(grouped, rules);
    assert.equal(spread.sessionDecisions.length, 4);
    assert.equal(formatDay(spread.lines[0]!.endDate!), "2020-03-13");
    const first = reconstructPatient(grouped, applyOverrides(rules, ["sessions.spreadGrouped=false"]));
    assert.equal(first.sessionDecisions.length, 1);
  });
});

describe("end of a line", () => {
  test("death: the last line ends with death, its end capped at the death date", () => {
    const r = reconstructPatient(patient({ death: "2020-03-20" }, monthlyOral("2020-01-10", 3, "osimertinib")), rules);
    assert.equal(r.lines[0]!.endReason, "death");
    assert.equal(formatDay(r.lines[0]!.endDate!), "2020-03-20");
    assert.equal(r.lines[0]!.endDecision.rule, "death");
  });

  test("end_of_data: treatment up to the end of follow-up leaves the line open (end null)", () => {
    const r = reconstructPatient(
      patient({ followUpEnd: "2020-12-31" }, cycles("2020-06-01", 21, 10, "pembrolizumab")),
      rules,
    );
    assert.equal(r.lines[0]!.endDate, null);
    assert.equal(r.lines[0]!.endReason, "end_of_data");
  });

  test("treatment_stopped: no further line, no death, long before the end of data", () => {
    const r = reconstructPatient(patient({}, cycles("2020-01-10", 21, 4, "docetaxel")), rules);
    assert.equal(r.lines[0]!.endReason, "gap");
    assert.equal(r.lines[0]!.endDecision.rule, "treatment_stopped");
  });

  test("an oral line's end never passes the next line's start", () => {
    const r = reconstructPatient(
      patient({}, [
        ...monthlyOral("2020-01-10", 3, "erlotinib"),
        ...cycles("2020-04-01", 21, 4, "carboplatin", "pemetrexed"),
      ]),
      rules,
    );
    assert.equal(r.lines.length, 2);
    assert.ok(r.lines[0]!.endDate! <= r.lines[1]!.startDate);
  });
});

describe("regimen class and label", () => {
  test("classes follow the drugs", () => {
    const classOf = (...molecules: string[]) =>
      reconstructPatient(patient({}, cycles("2020-01-10", 21, 1, ...molecules)), rules).lines[0]!.regimenClass;
    assert.equal(classOf("carboplatin", "pemetrexed", "pembrolizumab"), "chemo_immunotherapy");
    assert.equal(classOf("pembrolizumab"), "immunotherapy");
    assert.equal(classOf("carboplatin", "paclitaxel"), "chemotherapy");
    assert.equal(classOf("osimertinib"), "targeted_egfr");
    assert.equal(classOf("dabrafenib", "trametinib"), "targeted_braf");
    assert.equal(classOf("docetaxel", "nintedanib"), "antiangiogenic_combination");
    assert.equal(classOf("investigational"), "investigational");
  });
});
