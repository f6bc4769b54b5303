// Rule sets are validated data, documented field by field, overridable with --set.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { applyOverrides, parseRuleSet, ruleKeys } from "../../../core/rules/rule-set.js";
import { listPresets, loadRuleSet, RULES_DIR } from "../../../loaders/rules/load-rule-set.js";
import { KNOWN_LINE_MOLECULES } from "../../../core/reference/drugs.js";

test("presets default, jmir-2021 and tuned load and validate", () => {
  assert.deepEqual(listPresets(), ["default", "jmir-2021", "tuned"]);
  for (const name of listPresets()) assert.equal(loadRuleSet(name).name, name);
});

test("every field of a rule set is documented in data/rules/README.md", () => {
  const readme = readFileSync(`${RULES_DIR}README.md`, "utf8");
  for (const key of ruleKeys(loadRuleSet("default")))
    assert.match(readme, new RegExp(`\\|\\s*\`${key.replaceAll(".", "\\.")}\`\\s*\\|`), key);
});

test("every molecule named in a preset is a known line molecule", () => {
  for (const name of listPresets()) {
    const r = loadRuleSet(name);
    const named = [
      ...r.gap.exemptMolecules,
      ...r.substitutions.flat(),
      ...r.maintenance.continuation.molecules,
      ...r.maintenance.switch.molecules,
      ...r.ignoreMolecules,
      ...r.curative.chemoradiation.consolidationMolecules,
      ...r.curative.perioperative.molecules,
      ...r.gap.plannedBreak.molecules,
      ...r.sessions.companionChemotherapy.molecules,
      ...r.sessions.companionChemotherapy.lowPdl1Molecules,
    ];
    for (const m of named) assert.ok(KNOWN_LINE_MOLECULES.has(m), `${name}: unknown molecule ${m}`);
  }
});

test("jmir-2021 renders the published parameters", () => {
  const r = loadRuleSet("jmir-2021");
  assert.equal(r.regimenWindowDays, 28);
  assert.equal(r.gap.days, 180);
  assert.deepEqual([...r.gap.exemptMolecules].sort(), [
    "afatinib",
    "alectinib",
    "brigatinib",
    "ceritinib",
    "crizotinib",
    "erlotinib",
    "gefitinib",
    "osimertinib",
  ]);
  assert.deepEqual([...r.maintenance.continuation.molecules].sort(), [
    "atezolizumab",
    "bevacizumab",
    "gemcitabine",
    "pemetrexed",
  ]);
  assert.deepEqual([...r.maintenance.switch.molecules].sort(), ["docetaxel", "pemetrexed"]);
  assert.deepEqual(r.maintenance.switch.lines, [1]);
  assert.deepEqual(r.maintenance.continuation.lines, [1]);
  assert.equal(r.droppedDrugs.startsNewLine, false);
});

test("an invalid rule set is refused with the path of every wrong field", () => {
  const json = JSON.parse(readFileSync(`${RULES_DIR}default.json`, "utf8"));
  json.gap.days = -3;
  json.regimenWindowDays = "28";
  json.extra = true;
  assert.throws(
    () => parseRuleSet(json, "mine.json"),
    (error: Error) => {
      assert.match(error.message, /file mine\.json/);
      assert.match(error.message, /gap\.days/);
      assert.match(error.message, /regimenWindowDays/);
      assert.match(error.message, /extra/);
      return true;
    },
  );
});

test("--set overrides by alias or dotted path, typed, and refuses unknown keys", () => {
  const base = loadRuleSet("default");
  const r = applyOverrides(base, [
    "gapDays=120",
    "droppedDrugs.startsNewLine=true",
    'gap.exemptMolecules=["osimertinib"]',
  ]);
  assert.equal(r.gap.days, 120);
  assert.equal(r.droppedDrugs.startsNewLine, true);
  assert.deepEqual(r.gap.exemptMolecules, ["osimertinib"]);
  assert.equal(base.gap.days, loadRuleSet("default").gap.days, "the base rule set is not mutated");
  assert.throws(() => applyOverrides(base, ["gapdays=120"]), /unknown rule gapdays.*expected one of .*gap\.days/);
  assert.throws(() => applyOverrides(base, ["gapDays=many"]), /not a number/);
  assert.throws(() => applyOverrides(base, ["gapDays=-1"]), /gap\.days/);
  assert.throws(() => applyOverrides(base, ["gapDays"]), /key=value/);
});
