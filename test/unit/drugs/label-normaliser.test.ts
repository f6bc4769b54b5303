// Drug label normaliser: a table of realistic labels, refusals, API contracts.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  editBound,
  labelCacheSize,
  normaliseLabel,
  normaliseLabelAll,
  resetLabelCache,
} from "../../../core/drugs/label-normaliser.js";
import { foldText, tokenise } from "../../../core/drugs/label-text.js";
import { describeMatches, LABEL_CASES } from "./label-table.js";

test("label table: every realistic label gives the expected molecules", () => {
  const failures = LABEL_CASES.filter((c) => {
    const got = describeMatches(normaliseLabelAll(c.label));
    return JSON.stringify(got) !== JSON.stringify(c.expected);
  }).map(
    (c) =>
      `${JSON.stringify(c.label)} (${c.note}): expected ${c.expected.join(",")}, got ${describeMatches(normaliseLabelAll(c.label)).join(",")}`,
  );
  assert.deepEqual(failures, []);
  assert.ok(LABEL_CASES.length >= 100);
});

test("methods and distances say how a molecule was recognised", () => {
  const one = (label: string) => {
    const m = normaliseLabel(label);
    assert.equal(m.kind, "molecule", label);
    return m.kind === "molecule" ? m : assert.fail();
  };
  assert.deepEqual([one("osimertinib").method, one("osimertinib").distance], ["exact", 0]);
  assert.equal(one("Tagrisso").method, "brand");
  assert.equal(one("Tagrisso").matchedName, "Tagrisso");
  assert.equal(one("carboplatine").method, "synonym");
  const typo = one("pembrolisumeb");
  assert.deepEqual([typo.method, typo.distance, typo.matchedToken], ["fuzzy", 2, "pembrolisumeb"]);
  assert.equal(one("ZOMETA").antineoplastic, false);
  assert.equal(one("Keytruda").antineoplastic, true);
  assert.equal(one("Keytruda").drugClass, "anti_pd1_pdl1");
});

test("edit bound: 0 below 5 letters, 1 for 5-7, 2 from 8", () => {
  assert.deepEqual(
    [1, 4, 5, 7, 8, 20].map((n) => editBound(n)),
    [0, 0, 1, 1, 2, 2],
  );
  // A 4-letter token is never fuzzy: "CDDQ" is not CDDP.
  assert.equal(normaliseLabel("CDDQ").kind, "unmapped");
  // A 5-letter brand takes 1 edit, not 2.
  assert.equal(describeMatches(normaliseLabelAll("Taxil")).join(), "paclitaxel");
  assert.equal(describeMatches(normaliseLabelAll("Tabil")).join(), "unmapped:no_match");
  // Three edits are too many even for a long name.
  assert.equal(describeMatches(normaliseLabelAll("pembrolisumeb")).join(), "pembrolizumab");
  assert.equal(describeMatches(normaliseLabelAll("pembrolisumebb")).join(), "unmapped:no_match");
});

test("ambiguous typos name the candidates; other drugs name themselves", () => {
  const amb = normaliseLabel("cefitinib");
  assert.equal(amb.kind === "unmapped" && amb.reason, "ambiguous");
  assert.deepEqual(amb.kind === "unmapped" && amb.candidates, ["ceritinib", "gefitinib"]);
  const other = normaliseLabel("Prednisone 20 mg");
  assert.deepEqual(other.kind === "unmapped" && other.otherDrug, {
    name: "prednisone",
    atc: "H02AB07",
    antineoplastic: false,
  });
});

test("trial labels are investigational, whatever else they name", () => {
  const m = normaliseLabel("ETUDE KEYNOTE-789 PEMBROLIZUMAB/PLACEBO");
  assert.equal(m.kind, "investigational");
  assert.deepEqual(m.kind === "investigational" && m.mentions, ["pembrolizumab"]);
  assert.equal(normaliseLabel("PROTOCOL ABC-1").kind, "investigational");
  assert.equal(normaliseLabel("protocle 12").kind, "investigational", "typo of protocole");
});

test("normaliseLabel refuses to drop part of a combination", () => {
  const m = normaliseLabel("CARBOPLATINE + PACLITAXEL");
  assert.equal(m.kind === "unmapped" && m.reason, "combination");
  assert.deepEqual(m.kind === "unmapped" && m.candidates, ["carboplatin", "paclitaxel"]);
  assert.equal(m.kind === "unmapped" && m.parts?.length, 2);
  const mixed = normaliseLabelAll("CARBOPLATINE + PREDNISONE");
  assert.deepEqual(describeMatches(mixed), ["carboplatin", "unmapped:other_drug"]);
});

test("unmapped labels carry the cleaned text", () => {
  const m = normaliseLabel("  Doliprane 1000 MG cp ");
  assert.deepEqual(m.kind === "unmapped" && [m.reason, m.cleaned], ["no_match", "doliprane"]);
});

test("text folding: accents, ligatures, case, superscripts", () => {
  assert.equal(foldText("ÉTOPOSIDE Œdème ²"), "etoposide oedeme 2");
  assert.deepEqual(tokenise("Carboplatine 450MG/45ML"), ["carboplatine", "450mg", "45ml"]);
});

test("results are memoised, frozen, and the cache is bounded", () => {
  resetLabelCache(3);
  const a = normaliseLabelAll("KEYTRUDA 25 mg/ml");
  assert.equal(normaliseLabelAll("KEYTRUDA 25 mg/ml"), a);
  assert.ok(Object.isFrozen(a) && Object.isFrozen(a[0]));
  for (const l of ["a1", "a2", "a3", "a4", "a5"]) normaliseLabelAll(l);
  assert.equal(labelCacheSize(), 3);
  assert.deepEqual(describeMatches(normaliseLabelAll("KEYTRUDA 25 mg/ml")), ["pembrolizumab"]);
  resetLabelCache();
});
