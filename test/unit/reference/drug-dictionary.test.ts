// The built-in dictionary: generated file up to date, real-code invariants, lookups.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { GENERATED_PATH, renderDrugDictionary } from "../../../loaders/reference/generate-drug-dictionary.js";
import {
  DRUG_REFERENCE,
  drugByCip13,
  drugByMolecule,
  drugByUcd,
  drugsByAtc,
  KNOWN_LINE_MOLECULES,
} from "../../../core/reference/drugs.js";

test("core/reference/drugs.generated.ts is up to date with data/reference/*.csv", () => {
  assert.equal(
    readFileSync(GENERATED_PATH, "utf8"),
    renderDrugDictionary(),
    "run `npm run generate:reference` after editing data/reference/*.csv",
  );
});

test("codes have the real formats: CIP13 starts with 3400 and has 13 digits, UCD7 has 7 digits", () => {
  for (const d of DRUG_REFERENCE) {
    for (const cip of d.cip13) assert.match(cip, /^3400\d{9}$/, `${d.molecule} ${cip}`);
    for (const ucd of d.ucd7) assert.match(ucd, /^\d{7}$/, `${d.molecule} ${ucd}`);
    for (const atc of [...(d.atc ? [d.atc] : []), ...d.legacyAtc])
      assert.match(atc, /^[A-Z]\d{2}[A-Z]{2}\d{2}$/, `${d.molecule} ATC ${atc}`);
  }
});

test("no code belongs to two molecules", () => {
  const seen = new Map<string, string>();
  for (const d of DRUG_REFERENCE) {
    for (const code of [...d.cip13, ...d.ucd7]) {
      assert.ok(!seen.has(code), `${code} is both ${seen.get(code)} and ${d.molecule}`);
      seen.set(code, d.molecule);
    }
  }
});

test("lookups by molecule, legacy ATC, 13-character UCD and CIP13", () => {
  assert.equal(drugByMolecule("osimertinib")?.atc, "L01EB04");
  assert.deepEqual(
    drugsByAtc("L01XE35").map((d) => d.molecule),
    ["osimertinib"],
  );
  assert.deepEqual(
    drugsByAtc("l01cd01")
      .map((d) => d.molecule)
      .sort(),
    ["nab-paclitaxel", "paclitaxel"],
  );
  assert.equal(drugByUcd("0000009409535")?.molecule, "pembrolizumab");
  assert.equal(drugByUcd("9409535")?.molecule, "pembrolizumab");
  assert.equal(drugByCip13("3400930047651")?.molecule, "osimertinib");
  assert.equal(drugByUcd("0000001234567"), undefined);
  assert.ok(KNOWN_LINE_MOLECULES.has("chemotherapy") && KNOWN_LINE_MOLECULES.has("investigational"));
  assert.ok(!KNOWN_LINE_MOLECULES.has("denosumab"), "supportive drugs are not line molecules");
});
