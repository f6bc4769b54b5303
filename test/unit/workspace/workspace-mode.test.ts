// The aggregated mode's switch (loaders/workspace/workspace-mode.ts): patient
// level up to the threshold, aggregated above it, with the sample size capped by
// the cohort; settings from the environment are checked.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  DEFAULT_AGGREGATE_ABOVE,
  DEFAULT_SAMPLE_PATIENTS,
  modeFor,
  modeSettings,
} from "../../../loaders/workspace/workspace-mode.js";

test("patient level up to the threshold, aggregated above it", () => {
  assert.equal(modeFor(DEFAULT_AGGREGATE_ABOVE, {}).mode, "patient");
  assert.equal(modeFor(DEFAULT_AGGREGATE_ABOVE, {}).samplePatients, null);
  const big = modeFor(1_000_000, {});
  assert.equal(big.mode, "aggregated");
  assert.equal(big.samplePatients, DEFAULT_SAMPLE_PATIENTS);
  assert.match(big.sampleRule!, /smallest MD5/);
});

test("the environment sets the threshold and the sample, capped by the cohort", () => {
  const env = { LOTLUCA_AGGREGATE_ABOVE: "1000", LOTLUCA_SAMPLE_PATIENTS: "5000" };
  assert.equal(modeFor(1000, env).mode, "patient");
  const m = modeFor(3000, env);
  assert.equal(m.mode, "aggregated");
  assert.equal(m.aggregateAbove, 1000);
  assert.equal(m.samplePatients, 3000);
});

test("settings that are not integers >= 1 are refused with their name", () => {
  assert.throws(() => modeSettings({ LOTLUCA_AGGREGATE_ABOVE: "many" }), /LOTLUCA_AGGREGATE_ABOVE/);
  assert.throws(() => modeSettings({ LOTLUCA_SAMPLE_PATIENTS: "0" }), /LOTLUCA_SAMPLE_PATIENTS/);
  assert.deepEqual(modeSettings({}), {
    aggregateAbove: DEFAULT_AGGREGATE_ABOVE,
    samplePatients: DEFAULT_SAMPLE_PATIENTS,
  });
});
