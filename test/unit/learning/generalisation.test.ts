// The learned model's entry decision (line 1 before an index inferred from a
// lagging metastasis code), its rhythm features, the calibration summaries and
// the training report.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { boundaryPoints, BOUNDARY_FEATURES } from "../../../core/learning/boundary-features.js";
import { brierScore, calibrationSummary, reliabilityBins } from "../../../core/learning/calibration.js";
import { entryCandidates, entryLabel, ENTRY_FEATURES } from "../../../core/learning/entry-features.js";
import { loadLearnedModel } from "../../../core/learning/learned-model.js";
import { reconstructLearned } from "../../../core/learning/reconstruct-learned.js";
import { buildSkeleton } from "../../../core/learning/skeleton.js";
import { trainingReport, trainingReportMarkdown } from "../../../core/learning/training-report.js";
import type { PatientEvents } from "../../../core/events/events.js";
import type { LineRecord } from "../../../core/lines/line-record.js";
import type { LabelledCohort } from "../../../loaders/learning/labelled-cohort.js";
import { modelCalibration } from "../../../loaders/learning/model-calibration.js";
import { buildTrainingSamples, hideIvAdministrations, trainModel } from "../../../loaders/learning/train-model.js";
import { loadRuleSet } from "../../../loaders/rules/load-rule-set.js";
import { cycles, d, oral, patient, seances } from "../engine/patient-builder.js";
import { toyCohort } from "./toy-cohort.js";

const rules = loadRuleSet("default", []);
const feature = (names: readonly { name: string }[], row: readonly number[], name: string) =>
  row[names.findIndex((f) => f.name === name)];
const addDays = (iso: string, days: number) => new Date((d(iso) + days) * 86_400_000).toISOString().slice(0, 10);

function inferred(events: PatientEvents, id: string): PatientEvents {
  events.patient.advancedDateInferred = true;
  events.patient.patientId = id;
  for (const e of events.exposures) e.patientId = id;
  for (const s of events.sessions) s.patientId = id;
  return events;
}

/**
 * Patient i, advanced date inferred from a metastasis code. Even i: line 1
 * (pemetrexed + pembrolizumab) started 120 days before that code, beyond the
 * rules' window for an inferred index: it is line 1.
 * Odd i: durvalumab consolidation ended 100 days before the code, line 1 starts
 * 20 days after it: the consolidation is curative, not a line.
 */
function entryPatient(i: number): { events: PatientEvents; gold: LineRecord[] } {
  const id = `E${String(i).padStart(3, "0")}`;
  const index = addDays("2021-03-01", (i * 13) % 400);
  if (i % 2 === 0) {
    const start = addDays(index, -120);
    const events = inferred(patient({ advanced: index }, cycles(start, 21, 8, "pemetrexed", "pembrolizumab")), id);
    return {
      events,
      gold: [
        {
          patientId: id,
          lineNumber: 1,
          startDate: d(start),
          endDate: null,
          molecules: ["pembrolizumab", "pemetrexed"],
        },
      ],
    };
  }
  const consolidation = cycles(addDays(index, -160), 14, 5, "durvalumab");
  const start = addDays(index, 20);
  const events = inferred(
    patient({ advanced: index }, [...consolidation, ...cycles(start, 21, 6, "pemetrexed", "pembrolizumab")]),
    id,
  );
  return {
    events,
    gold: [
      { patientId: id, lineNumber: 1, startDate: d(start), endDate: null, molecules: ["pembrolizumab", "pemetrexed"] },
    ],
  };
}

function entryCohort(n: number, from = 0): LabelledCohort {
  const toy = toyCohort(n, from);
  for (let i = from; i < from + n; i++) {
    const p = entryPatient(i);
    toy.events.push(p.events);
    toy.gold.push(...p.gold);
    toy.goldByPatient.set(p.events.patient.patientId, p.gold);
    toy.patients.push({ ...toy.patients[0]!, patientId: p.events.patient.patientId });
  }
  return toy;
}

describe("entry candidates", () => {
  test("a line starting before an inferred index is a candidate, labelled line 1 by the gold", () => {
    const { events, gold } = entryPatient(0);
    const found = entryCandidates(events, rules);
    assert.equal(found?.candidates.length, 1);
    const c = found!.candidates[0]!;
    assert.equal(c.features.length, ENTRY_FEATURES.length);
    assert.equal(feature(ENTRY_FEATURES, c.features, "days_before_index"), 120);
    assert.ok(feature(ENTRY_FEATURES, c.features, "days_after_last")! < 0, "runs past the index");
    assert.equal(entryLabel(c, gold), 1);
    // The rules alone leave it out.
    assert.ok((buildSkeleton(events, rules).days[0]?.date ?? Number.POSITIVE_INFINITY) > c.line.startDate);
  });

  test("consolidation before the index is a candidate labelled other; a read advanced date has none", () => {
    const { events, gold } = entryPatient(1);
    const c = entryCandidates(events, rules)!.candidates[0]!;
    assert.equal(feature(ENTRY_FEATURES, c.features, "durvalumab_only"), 1);
    assert.equal(entryLabel(c, gold), 0);
    const read = entryPatient(0).events;
    read.patient.advancedDateInferred = false;
    assert.equal(entryCandidates(read, rules), null);
  });

  test("the trained entry classifier starts line 1 before the index only when it should, and says why", () => {
    const json = trainModel([entryCohort(40)], rules, { folds: 0, steps: 200 });
    assert.ok(json.entry, "an entry classifier is trained");
    const model = loadLearnedModel(json);
    const early = reconstructLearned(entryPatient(100).events, model).lines;
    assert.equal(early[0]!.startDate, entryPatient(100).gold[0]!.startDate);
    assert.match(
      early[0]!.startDecision.detail,
      /^learned entry: line 1 starts 120 days before .*P\(line 1\) = \d\.\d\d.*driven by/,
    );
    const curative = reconstructLearned(entryPatient(101).events, model).lines;
    assert.equal(curative[0]!.startDate, entryPatient(101).gold[0]!.startDate);
    assert.ok(curative.every((l) => !l.molecules.includes("durvalumab")));
  });
});

describe("rhythm features", () => {
  test("an anonymous séance on day 8 of a visible cycle is flagged; gaps are measured in the line's rhythm", () => {
    const events = patient({ advanced: "2020-01-01" }, cycles("2020-01-06", 21, 4, "pembrolizumab"), [
      ...seances("2020-01-13", 21, 4),
    ]);
    const points = boundaryPoints(buildSkeleton(events, rules));
    const day8 = points.find((p) => p.date === d("2020-01-13"));
    assert.ok(day8, "the first anonymous séance is a decision point (new to the line)");
    assert.equal(feature(BOUNDARY_FEATURES, day8.features, "anonymous_day8_15"), 1);
    assert.equal(feature(BOUNDARY_FEATURES, day8.features, "anonymous_after_visible"), 1);
    assert.equal(feature(BOUNDARY_FEATURES, day8.features, "within_regimen_window"), 1);
    const later = patient({ advanced: "2020-01-01" }, [
      ...cycles("2020-01-06", 21, 4, "pemetrexed"),
      ...cycles("2020-04-27", 21, 2, "docetaxel"),
    ]);
    const p = boundaryPoints(buildSkeleton(later, rules)).find((x) => x.date === d("2020-04-27"))!;
    assert.equal(feature(BOUNDARY_FEATURES, p.features, "line_rhythm_days"), 21);
    assert.equal(
      feature(BOUNDARY_FEATURES, p.features, "interval_in_rhythms"),
      (d("2020-04-27") - d("2020-03-09")) / 21,
    );
  });
});

describe("calibration", () => {
  test("reliability bins and Brier score on hand-computed decisions", () => {
    const decisions = [
      { patientId: "a", probability: 0.05, outcome: 0 },
      { patientId: "a", probability: 0.95, outcome: 1 },
      { patientId: "b", probability: 0.95, outcome: 0 },
      { patientId: "c", probability: 0.55, outcome: 1 },
    ];
    assert.equal(brierScore(decisions), (0.05 ** 2 + 0.05 ** 2 + 0.95 ** 2 + 0.45 ** 2) / 4);
    const bins = reliabilityBins(decisions, 10);
    assert.equal(bins.length, 10);
    assert.deepEqual(
      bins.map((b) => b.decisions),
      [1, 0, 0, 0, 0, 1, 0, 0, 0, 2],
    );
    assert.equal(bins[9]!.observed, 0.5);
    assert.equal(bins[9]!.meanPredicted, 0.95);
    assert.equal(bins[3]!.observed, null);
    const summary = calibrationSummary(decisions, { replicates: 200 });
    assert.equal(summary.patients, 3);
    assert.ok(summary.brierLower! <= summary.brier! && summary.brier! <= summary.brierUpper!);
    assert.equal(summary.brierBaseRate, 0.25);
  });

  test("a trained model's decisions on held-out patients are scored against the gold", () => {
    const model = loadLearnedModel(trainModel([entryCohort(40)], rules, { folds: 0, steps: 200 }));
    const held = entryCohort(20, 300);
    const c = modelCalibration(held, model, { replicates: 100 });
    assert.ok(c.boundary.decisions > 0, "boundary decisions");
    assert.ok(c.composition.decisions > 0, "composition decisions");
    assert.equal(c.entry!.decisions, 20, "one candidate per entry patient");
    for (const s of [c.boundary, c.composition, c.entry!]) {
      assert.ok(s.brier! >= 0 && s.brier! <= 1);
      assert.equal(
        s.reliability.reduce((a, b) => a + b.decisions, 0),
        s.decisions,
      );
    }
    assert.ok(c.entry!.brier! < 0.1, `entry Brier ${c.entry!.brier}`);
  });
});

describe("training report", () => {
  test("names the features, the CV figures and what changed against a reference model", () => {
    const model = trainModel([entryCohort(30)], rules, { folds: 2, steps: 100 });
    const reference = structuredClone(model);
    reference.boundary.features = reference.boundary.features.filter((f) => f.name !== "anonymous_day8_15");
    reference.composition.classes = [...reference.composition.classes, "cisplatin;vinorelbine"];
    reference.crossValidation = { ...reference.crossValidation!, compositionAccuracy: 0.5 };
    delete reference.entry;
    const report = trainingReport(model, { name: "shipped.json", model: reference });
    assert.deepEqual(report.difference!.featuresAdded.boundary, ["anonymous_day8_15"]);
    assert.equal(report.difference!.featuresAdded.entry!.length, ENTRY_FEATURES.length);
    assert.deepEqual(report.difference!.compositionClassesRemoved, ["cisplatin;vinorelbine"]);
    const comp = report.difference!.crossValidation.find((f) => f.figure === "composition accuracy")!;
    assert.equal(comp.reference, 0.5);
    assert.equal(comp.model, model.crossValidation!.compositionAccuracy);
    assert.equal(report.classifiers.map((c) => c.name).join(","), "boundary,composition,entry");
    const md = trainingReportMarkdown(report);
    assert.match(md, /## Cross-validation/);
    assert.match(md, /\| exact agreement, learned \| 0\.\d{3} \|/);
    assert.match(md, /boundary: added `anonymous_day8_15`/);
    assert.match(md, /no longer cisplatin;vinorelbine/);
  });
});

describe("training augmentation", () => {
  test("hides a deterministic share of IV administrations only, keeping séances and oral drugs", () => {
    const events = patient(
      { advanced: "2020-01-01" },
      [...cycles("2020-01-06", 21, 200, "pembrolizumab"), ...oral("2020-01-06", "osimertinib")],
      seances("2020-01-06", 21, 200),
    );
    const hidden = hideIvAdministrations(events, 0.1);
    assert.deepEqual(hidden, hideIvAdministrations(events, 0.1));
    const iv = hidden.exposures.filter((e) => e.route === "IV").length;
    assert.ok(iv > 150 && iv < 195, `kept ${iv} of 200`);
    assert.ok(hidden.exposures.some((e) => e.molecule === "osimertinib"));
    assert.equal(hidden.sessions.length, events.sessions.length);
    assert.equal(hideIvAdministrations(events, 0).exposures.length, events.exposures.length);
  });

  test("adds the augmented copy's samples under the same patient (same cross-validation fold)", () => {
    const cohort = toyCohort(20);
    const plain = buildTrainingSamples([cohort], rules, 0);
    const augmented = buildTrainingSamples([cohort], rules, 0.2);
    assert.ok(augmented.boundary.rows.length > plain.boundary.rows.length);
    const ids = new Set(cohort.events.map((e) => e.patient.patientId));
    for (const id of [...augmented.boundary.patients, ...augmented.composition.patients]) assert.ok(ids.has(id), id);
    assert.ok(augmented.composition.rows.length > plain.composition.rows.length);
  });
});
