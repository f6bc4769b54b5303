// The learned model: features on hand-written patients, training, round trip,
// determinism, contract invariants of learned lines, and rule tuning.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { boundaryPoints, BOUNDARY_FEATURES } from "../../../core/learning/boundary-features.js";
import { compositionFeatures, COMPOSITION_FEATURES, seancesOf } from "../../../core/learning/composition-features.js";
import { loadLearnedModel } from "../../../core/learning/learned-model.js";
import { reconstructLearned } from "../../../core/learning/reconstruct-learned.js";
import { buildSkeleton } from "../../../core/learning/skeleton.js";
import { KNOWN_LINE_MOLECULES } from "../../../core/reference/drugs.js";
import { parseRuleSet } from "../../../core/rules/rule-set.js";
import { foldOf, trainModel } from "../../../loaders/learning/train-model.js";
import { exactAgreement, tunedPreset, tuneRules } from "../../../loaders/learning/tune-rules.js";
import { loadRuleSet } from "../../../loaders/rules/load-rule-set.js";
import { cycles, d, iv, patient, seances } from "../engine/patient-builder.js";
import { toyCohort, toyPatient } from "./toy-cohort.js";

const rules = loadRuleSet("default", []);
const feature = (names: readonly { name: string }[], row: readonly number[], name: string) =>
  row[names.findIndex((f) => f.name === name)];

describe("features", () => {
  test("a new drug after a gap is a decision point with its gap, added class and rule", () => {
    const events = patient({ advanced: "2020-01-01" }, [
      ...cycles("2020-01-06", 21, 4, "carboplatin", "pemetrexed"),
      ...iv("2020-09-01", "docetaxel"),
    ]);
    const points = boundaryPoints(buildSkeleton(events, rules));
    assert.equal(points.length, 1);
    const f = points[0]!.features;
    assert.equal(f.length, BOUNDARY_FEATURES.length);
    assert.equal(points[0]!.date, d("2020-09-01"));
    assert.equal(feature(BOUNDARY_FEATURES, f, "days_since_last"), d("2020-09-01") - d("2020-03-09"));
    assert.equal(feature(BOUNDARY_FEATURES, f, "added_taxane"), 1);
    assert.equal(feature(BOUNDARY_FEATURES, f, "rule_gap"), 1);
    assert.equal(feature(BOUNDARY_FEATURES, f, "n_dropped"), 2);
    assert.equal(feature(BOUNDARY_FEATURES, f, "line_number"), 1);
  });

  test("repeated cycles of the same drugs are not decision points", () => {
    const events = patient({}, cycles("2020-01-06", 21, 8, "pembrolizumab"));
    assert.equal(boundaryPoints(buildSkeleton(events, rules)).length, 0);
  });

  test("séance rhythm and visible drugs of a line", () => {
    const events = patient({}, cycles("2020-01-06", 21, 4, "pembrolizumab"), seances("2020-01-07", 7, 9));
    const skeleton = buildSkeleton(events, rules);
    const f = compositionFeatures(
      skeleton,
      skeleton.days,
      seancesOf(skeleton.seances, skeleton.days[0]!.date, undefined),
      1,
    );
    assert.equal(f.length, COMPOSITION_FEATURES.length);
    assert.equal(feature(COMPOSITION_FEATURES, f, "visible_pembrolizumab"), 1);
    assert.equal(feature(COMPOSITION_FEATURES, f, "weekly"), 1);
    assert.equal(feature(COMPOSITION_FEATURES, f, "median_interval"), 7);
  });
});

describe("learned model", () => {
  const train = toyCohort(60);
  const json = trainModel([train], rules, { folds: 0, steps: 150 });

  test("round trip: the saved JSON gives the same predictions", () => {
    const again = loadLearnedModel(JSON.parse(JSON.stringify(json)) as unknown);
    const model = loadLearnedModel(json);
    for (const i of [100, 101, 102, 103]) {
      const e = toyPatient(i).events;
      assert.deepEqual(reconstructLearned(e, again).lines, reconstructLearned(e, model).lines);
    }
  });

  test("determinism: the same data gives the same model", () => {
    const other = trainModel([toyCohort(60)], rules, { folds: 0, steps: 150 });
    assert.deepEqual(
      { ...other, training: { ...other.training, seconds: 0 } },
      { ...json, training: { ...json.training, seconds: 0 } },
    );
  });

  test("learns the molecules behind séances on held-out patients and explains them", () => {
    const model = loadLearnedModel(json);
    const test = toyCohort(30, 500);
    const learned = test.events.flatMap((e) => reconstructLearned(e, model).lines);
    const line1 = learned.filter((l) => l.lineNumber === 1);
    assert.ok(line1.some((l) => l.molecules.join(";") === "carboplatin;pembrolizumab;pemetrexed"));
    assert.ok(line1.every((l) => !l.molecules.includes("chemotherapy")));
    const imputed = learned
      .flatMap((l) => l.decisions)
      .find((x) => x.detail.startsWith("chemotherapy séances imputed"));
    assert.match(imputed?.detail ?? "", /p = \d\.\d\d.*driven by/);
    // Guarded (the default): the rules' gap boundary is kept, with the model's probability.
    const boundary = learned.find((l) => l.lineNumber === 2)?.startDecision.detail ?? "";
    assert.match(boundary, /kept by the learned model \(P\(new line\) = \d\.\d\d/);
    // Every boundary learned: the model's own decision and its drivers.
    const free = test.events.flatMap((e) => reconstructLearned(e, model, { boundaries: "learned" }).lines);
    const freeBoundary = free.find((l) => l.lineNumber === 2)?.startDecision.detail ?? "";
    assert.match(freeBoundary, /^learned boundary: P\(new line\) = \d\.\d\d .*driven by \w+=/);
  });

  test("learned lines respect the contract: numbered 1..n, ordered, non-overlapping, known molecules", () => {
    const model = loadLearnedModel(json);
    for (let i = 200; i < 260; i++) {
      const { lines } = reconstructLearned(toyPatient(i).events, model);
      lines.forEach((l, k) => {
        assert.equal(l.lineNumber, k + 1);
        assert.ok(l.molecules.length > 0);
        for (const m of l.molecules) assert.ok(KNOWN_LINE_MOLECULES.has(m), m);
        if (l.endDate !== null) assert.ok(l.endDate >= l.startDate);
        const next = lines[k + 1];
        if (next) {
          assert.ok(next.startDate > l.startDate);
          assert.ok(l.endDate !== null && l.endDate <= next.startDate);
        }
      });
    }
  });

  test("folds split by patient, independent of order", () => {
    assert.equal(foldOf("P001", 5), foldOf("P001", 5));
    const counts = [0, 0, 0, 0, 0];
    for (let i = 0; i < 500; i++) counts[foldOf(`P${i}`, 5)]!++;
    assert.ok(counts.every((c) => c > 50));
  });
});

describe("rule tuning", () => {
  test("produces a valid rule set at least as good as the start on the training data", () => {
    const cohort = toyCohort(30);
    const result = tuneRules([cohort], rules, { passes: 1 });
    assert.ok(result.best >= result.start);
    const preset = tunedPreset(result, rules, "toy");
    assert.equal(parseRuleSet(preset).name, "tuned");
    assert.equal(exactAgreement([cohort], preset), result.best);
  });
});
