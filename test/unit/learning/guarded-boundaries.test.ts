// The guarded boundary mode: the rules' line skeleton is kept, and the learned
// model overrides a rule boundary only where its probability is confidently
// against it; the override threshold is chosen by cross-validation.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { boundaryPoints } from "../../../core/learning/boundary-features.js";
import { loadLearnedModel } from "../../../core/learning/learned-model.js";
import { reconstructLearned, startsLine } from "../../../core/learning/reconstruct-learned.js";
import { buildSkeleton } from "../../../core/learning/skeleton.js";
import { reconstructPatient } from "../../../core/engine/reconstruct.js";
import {
  chooseOverrideThreshold,
  DEFAULT_OVERRIDE_THRESHOLD,
  OVERRIDE_THRESHOLDS,
  trainModel,
} from "../../../loaders/learning/train-model.js";
import { loadRuleSet } from "../../../loaders/rules/load-rule-set.js";
import { toyCohort, toyPatient } from "./toy-cohort.js";

const rules = loadRuleSet("default", []);
const thresholds = (override: number) => ({ learned: 0.5, override });

describe("startsLine", () => {
  test("guarded: a rule start is kept unless P(same line) reaches the threshold", () => {
    assert.equal(startsLine(true, 0.3, "guarded", thresholds(0.9)), true); // P(same) 0.7 < 0.9: unsure, kept
    assert.equal(startsLine(true, 0.05, "guarded", thresholds(0.9)), false); // P(same) 0.95: overridden
    assert.equal(startsLine(true, 0.1, "guarded", thresholds(0.9)), false); // exactly at the threshold
  });

  test("guarded: a point the rules continue starts a line only at P(new line) ≥ the threshold", () => {
    assert.equal(startsLine(false, 0.8, "guarded", thresholds(0.9)), false);
    assert.equal(startsLine(false, 0.93, "guarded", thresholds(0.9)), true);
  });

  test("guarded at threshold 1 never overrides, even at probability 1", () => {
    assert.equal(startsLine(true, 0, "guarded", thresholds(1)), true);
    assert.equal(startsLine(false, 1, "guarded", thresholds(1)), false);
  });

  test("learned decides every point by P(new line); rules follow the rule", () => {
    assert.equal(startsLine(true, 0.3, "learned", thresholds(0.9)), false);
    assert.equal(startsLine(false, 0.6, "learned", thresholds(0.9)), true);
    assert.equal(startsLine(false, 0.99, "rules", thresholds(0.5)), false);
    assert.equal(startsLine(true, 0.01, "rules", thresholds(0.5)), true);
  });
});

describe("override threshold by cross-validation", () => {
  test("the best held-out exact agreement wins; ties go to the more conservative threshold", () => {
    const table = [
      { threshold: 0.5, exact: 0.8 },
      { threshold: 0.8, exact: 0.86 },
      { threshold: 0.9, exact: 0.86 },
      { threshold: 1, exact: 0.85 },
    ];
    assert.equal(chooseOverrideThreshold(table), 0.9);
    assert.equal(chooseOverrideThreshold([{ threshold: 0.5, exact: 0.9 }, ...table.slice(1)]), 0.5);
  });

  test("training with folds records every threshold tried and keeps the best one in the model", () => {
    const json = trainModel([toyCohort(40)], rules, { folds: 2, steps: 100 });
    const cv = json.crossValidation!;
    assert.deepEqual(
      cv.overrideThresholds!.map((r) => r.threshold),
      [...OVERRIDE_THRESHOLDS],
    );
    assert.equal(json.boundary.overrideThreshold, chooseOverrideThreshold(cv.overrideThresholds!));
    assert.equal(
      cv.patientExactAgreement.learned,
      cv.overrideThresholds!.find((r) => r.threshold === json.boundary.overrideThreshold)!.exact,
    );
    assert.equal(cv.rulesWithImputation, cv.overrideThresholds!.find((r) => r.threshold === 1)!.exact);
  });

  test("without cross-validation the model gets the documented default threshold", () => {
    const json = trainModel([toyCohort(20)], rules, { folds: 0, steps: 50 });
    assert.equal(json.boundary.overrideThreshold, DEFAULT_OVERRIDE_THRESHOLD);
  });
});

describe("a rule boundary the gold does not have (bevacizumab added at cycle 3)", () => {
  // The toy cohort's patients 1, 5, 9, ... get bevacizumab from the third cycle: the
  // rules start a line there, the gold does not. The trained model learns it.
  const json = trainModel([toyCohort(60)], rules, { folds: 0, steps: 150 });
  const model = loadLearnedModel(json);
  const events = toyPatient(101).events;
  const ruleLines = reconstructPatient(events, rules).lines;
  const skeleton = buildSkeleton(events, rules);
  const point = boundaryPoints(skeleton).find((p) => p.ruleStart && ruleLines.some((l) => l.startDate === p.date))!;
  const start = model.boundary.json.classes.indexOf("start");
  const pStart = model.boundary.probabilities([point.features])[0]![start]!;

  test("the rules start a line at bevacizumab and the model is against it", () => {
    assert.ok(ruleLines.some((l) => l.molecules.includes("bevacizumab") && l.lineNumber === 2));
    assert.ok(pStart < 0.5, `P(new line) = ${pStart}`);
  });

  test("kept when the model is not sure enough: threshold above its P(same line)", () => {
    const overrideThreshold = Math.min(1, 1 - pStart + 0.01);
    const { lines } = reconstructLearned(events, model, { boundaries: "guarded", overrideThreshold });
    assert.deepEqual(
      lines.map((l) => l.startDate),
      ruleLines.map((l) => l.startDate),
    );
    assert.match(lines[1]!.startDecision.detail, /kept by the learned model \(P\(new line\) = \d\.\d\d/);
    assert.ok(lines.every((l) => l.decisions.every((d) => d.rule !== "learned_continuation")));
  });

  test("overridden when the model is confident: threshold at or below its P(same line)", () => {
    const overrideThreshold = 1 - pStart - 0.01;
    const { lines } = reconstructLearned(events, model, { boundaries: "guarded", overrideThreshold });
    assert.equal(lines.length, ruleLines.length - 1);
    assert.ok(lines[0]!.molecules.includes("bevacizumab"));
    const overridden = lines[0]!.decisions.find((d) => d.rule === "learned_continuation");
    assert.equal(overridden?.date, point.date);
    assert.match(overridden?.detail ?? "", /the learned model continues the line: P\(new line\) = \d\.\d\d/);
  });

  test("the model's own threshold is the default mode", () => {
    const guarded = reconstructLearned(events, model, {
      boundaries: "guarded",
      overrideThreshold: DEFAULT_OVERRIDE_THRESHOLD,
    });
    assert.deepEqual(reconstructLearned(events, model), guarded);
  });
});
