// Drug code resolver: dataset nomenclatures first, then built-in real codes;
// ATC current or legacy; L01CD01 decided by the label; everything else reported.
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { canonicalUcd, createCodeResolver, resolveAtc, type Resolution } from "../../../core/drugs/code-resolver.js";
import { DRUG_REFERENCE } from "../../../core/reference/drugs.js";

// Invented codes, declared in the dataset's own nomenclature as the contract requires.
const resolver = createCodeResolver({
  pharmacy: [
    { cip13: "3400930047651", atc: "N02BE01", label: "DOLIPRANE 1000MG CPR" }, // a real osimertinib code, overridden
    { cip13: "3409999000001", atc: "L01XE35", label: "TAGRISSO 80MG CPR" },
    { cip13: "3409999000011", atc: "L01EB04", label: "TAGRISSO 40MG CPR" },
    { cip13: "3409999000002", atc: "L01CD01", label: "ABRAXANE 5MG/ML PDRE" },
    { cip13: "3409999000003", atc: "L01CD01", label: "PACLITAXEL ACCORD 6MG/ML" },
    { cip13: "3409999000004", atc: "L01CD01", label: "XX" },
    { cip13: "3409999000005", atc: "L01EA01", label: "IMATINIB TEVA 400MG" },
    { cip13: "3409999000006", atc: "M05BA08", label: "ZOMETA 4MG/5ML" },
    { cip13: "3409999000007", atc: "", label: "KEYTRUDA 25MG/ML" },
    { cip13: "3409999000008", atc: "l01xe03 ", label: null },
    { cip13: "3409999000009", atc: "L01EB02", label: "TARCEVA" },
    { cip13: "3409999000009", atc: "L01EB01", label: "IRESSA" },
    { cip13: "3409999000010", atc: "L02BG03", label: "ANASTROZOLE" },
    { cip13: "3409999000012", atc: "L01XX99", label: "NOUVOLIB 100MG CPR" },
    { cip13: "3409999000013", atc: "L01XX98", label: "ZORTAVIX 50MG CPR" },
    { cip13: "3409999000014", atc: "L01FX99", label: "TELISOTUZUMAB VEDOTIN 100MG PDR" },
    { cip13: "3409999000015", atc: "L02BX99", label: "HORMONEX 5MG" },
  ],
  ucd: [
    { ucd13: "0000009999001", designation: "OPDIVO 10MG/ML SOL DIL PERF" },
    { ucd13: "0000009999002", designation: "PROTOCOLE ABC-12" },
    { ucd13: "0000009999003", designation: "CHLORURE DE SODIUM 0,9%" },
    { ucd13: "0000009999004", designation: "PACLITAXEL ALBUMINE 5MG/ML" },
    { ucd13: "9999005", designation: "CEFITINIB 250MG" },
    { ucd13: "0000009409469", designation: "YERVOY 5MG/ML" }, // a real nivolumab UCD, overridden
    { ucd13: "0000009999006", designation: "ERBITUX 5MG/ML SOL PERF FL" },
    { ucd13: "0000009999007", designation: "LETROZOLE 2,5MG CPR" },
  ],
});

const brief = (r: Resolution) => ({
  kind: r.kind,
  molecule: "molecule" in r ? r.molecule : undefined,
  path: r.path,
  atc: r.atc,
  reason: r.kind === "unresolved" ? r.reason : undefined,
});

test("CIP13: the dataset's nomenclature beats the built-in dictionary", () => {
  assert.deepEqual(brief(resolver.resolveCip13("3400930047651")), {
    kind: "non_antineoplastic",
    molecule: undefined,
    path: "dataset_nomenclature_atc",
    atc: "N02BE01",
    reason: undefined,
  });
});

test("CIP13: legacy and current ATC both resolve (L01XE35 and L01EB04 -> osimertinib)", () => {
  for (const code of ["3409999000001", "3409999000011"]) {
    const r = resolver.resolveCip13(code);
    assert.equal(r.kind === "molecule" && r.molecule, "osimertinib");
    assert.equal(r.path, "dataset_nomenclature_atc");
  }
  assert.equal(resolver.resolveCip13("3409999000001").atc, "L01XE35", "the dataset's ATC is kept as given");
  const lower = resolver.resolveCip13("3409999000008");
  assert.deepEqual(
    [lower.kind, lower.kind === "molecule" && lower.molecule, lower.atc],
    ["molecule", "erlotinib", "L01XE03"],
  );
});

test("CIP13: L01CD01 is decided by the nomenclature label, else reported as ambiguous", () => {
  const nab = resolver.resolveCip13("3409999000002");
  assert.deepEqual(
    [nab.kind === "molecule" && nab.molecule, nab.kind === "molecule" && nab.labelDisambiguated],
    ["nab-paclitaxel", true],
  );
  const pac = resolver.resolveCip13("3409999000003");
  assert.equal(pac.kind === "molecule" && pac.molecule, "paclitaxel");
  const unknown = resolver.resolveCip13("3409999000004");
  assert.equal(unknown.kind === "unresolved" && unknown.reason, "ambiguous");
  assert.deepEqual(unknown.kind === "unresolved" && unknown.candidates, ["nab-paclitaxel", "paclitaxel"]);
});

test("CIP13: supportive drugs, every L01 agent, L01 codes the dictionary does not name, L02 hormone therapies", () => {
  const zometa = resolver.resolveCip13("3409999000006");
  assert.deepEqual([zometa.kind, zometa.kind === "supportive" && zometa.molecule], ["supportive", "zoledronic acid"]);
  // imatinib is not a lung drug, but it is an ATC L01 agent: a molecule like any other
  assert.deepEqual(brief(resolver.resolveCip13("3409999000005")), {
    kind: "molecule",
    molecule: "imatinib",
    path: "dataset_nomenclature_atc",
    atc: "L01EA01",
    reason: undefined,
  });
  // an L01 code that no INN of the dictionary holds: named by the INN its label gives, else by its ATC
  const brand = resolver.resolveCip13("3409999000013");
  assert.deepEqual(
    [
      brand.kind,
      brand.kind === "unnamed_antineoplastic" && brand.molecule,
      brand.kind === "unnamed_antineoplastic" && brand.nameFrom,
    ],
    ["unnamed_antineoplastic", "l01xx98", "atc"],
  );
  const stem = resolver.resolveCip13("3409999000012");
  assert.equal(stem.kind === "unnamed_antineoplastic" && stem.molecule, "nouvolib");
  const adc = resolver.resolveCip13("3409999000014");
  assert.equal(adc.kind === "unnamed_antineoplastic" && adc.molecule, "telisotuzumab-vedotin");
  // L02: out of scope, by molecule (its INN, else its ATC)
  const anastrozole = resolver.resolveCip13("3409999000010");
  assert.deepEqual(
    [anastrozole.kind, "molecule" in anastrozole && anastrozole.molecule],
    ["hormone_therapy", "anastrozole"],
  );
  const hormone = resolver.resolveCip13("3409999000015");
  assert.deepEqual([hormone.kind, "molecule" in hormone && hormone.molecule], ["hormone_therapy", "l02bx99"]);
});

test("UCD: a designation naming a non-lung L01 agent or an L02 hormone therapy", () => {
  const erbitux = resolver.resolveUcd("0000009999006");
  assert.deepEqual([erbitux.kind, "molecule" in erbitux && erbitux.molecule], ["molecule", "cetuximab"]);
  assert.equal(erbitux.kind === "molecule" && erbitux.drugClass, "egfr_antibody");
  const letrozole = resolver.resolveUcd("0000009999007");
  assert.deepEqual([letrozole.kind, "molecule" in letrozole && letrozole.molecule], ["hormone_therapy", "letrozole"]);
});

test("CIP13: a row without ATC is resolved through its label", () => {
  const r = resolver.resolveCip13("3409999000007");
  assert.deepEqual(brief(r), {
    kind: "molecule",
    molecule: "pembrolizumab",
    path: "dataset_nomenclature_label",
    atc: "L01FF02",
    reason: undefined,
  });
});

test("CIP13: conflicting rows for one code are reported", () => {
  const r = resolver.resolveCip13("3409999000009");
  assert.equal(r.kind === "unresolved" && r.reason, "conflicting_nomenclature");
  assert.deepEqual(r.kind === "unresolved" && r.candidates, ["erlotinib", "gefitinib"]);
});

test("CIP13: built-in real codes when the dataset has no nomenclature", () => {
  const bare = createCodeResolver();
  for (const drug of DRUG_REFERENCE) {
    for (const cip of drug.cip13) {
      const r = bare.resolveCip13(` ${cip} `);
      assert.deepEqual([r.kind === "molecule" && r.molecule, r.path, r.atc], [drug.molecule, "builtin_code", drug.atc]);
    }
  }
  assert.equal(bare.resolveCip13("3400000000000").kind, "unresolved");
  const r = bare.resolveCip13("3400000000000");
  assert.equal(r.kind === "unresolved" && r.reason, "not_found");
  const blank = bare.resolveCip13("  ");
  assert.equal(blank.kind === "unresolved" && blank.reason, "empty_code");
});

test("UCD: 13-character and 7-character forms are the same code", () => {
  assert.equal(canonicalUcd("0000009416245"), "9416245");
  assert.equal(canonicalUcd(" 9416245 "), "9416245");
  const bare = createCodeResolver();
  for (const drug of DRUG_REFERENCE) {
    for (const ucd7 of drug.ucd7) {
      for (const code of [ucd7, `000000${ucd7}`]) {
        const r = bare.resolveUcd(code);
        assert.deepEqual([r.kind === "molecule" && r.molecule, r.path, r.code], [drug.molecule, "builtin_code", ucd7]);
      }
    }
  }
  assert.equal(
    resolver.resolveUcd("9999001").kind === "molecule" && resolver.resolveUcd("9999001").path,
    "dataset_nomenclature_label",
  );
});

test("UCD: designations are normalised like hospital labels", () => {
  const opdivo = resolver.resolveUcd("0000009999001");
  assert.deepEqual(brief(opdivo), {
    kind: "molecule",
    molecule: "nivolumab",
    path: "dataset_nomenclature_label",
    atc: "L01FF01",
    reason: undefined,
  });
  assert.equal(resolver.resolveUcd("0000009999002").kind, "investigational");
  const nab = resolver.resolveUcd("0000009999004");
  assert.equal(nab.kind === "molecule" && nab.molecule, "nab-paclitaxel");
  const saline = resolver.resolveUcd("0000009999003");
  assert.equal(saline.kind === "unresolved" && saline.reason, "unmapped_label");
  const typo = resolver.resolveUcd("9999005");
  assert.equal(typo.kind === "unresolved" && typo.reason, "ambiguous");
});

test("UCD: the dataset's designation beats the built-in code", () => {
  const r = resolver.resolveUcd("9409469");
  assert.equal(r.kind === "molecule" && r.molecule, "ipilimumab");
  assert.equal(
    createCodeResolver().resolveUcd("9409469").kind === "molecule" && createCodeResolver().resolveUcd("9409469").path,
    "builtin_code",
  );
});

test("resolveAtc: every dictionary ATC, current and legacy, gives its molecule (L01CD01 needs a label)", () => {
  for (const drug of DRUG_REFERENCE) {
    for (const atc of [...(drug.atc ? [drug.atc] : []), ...drug.legacyAtc]) {
      const r = resolveAtc(atc, drug.molecule);
      const molecule = r && "molecule" in r ? r.molecule : undefined;
      assert.equal(molecule, drug.molecule, atc);
      assert.equal(
        r?.kind,
        drug.antineoplastic ? "molecule" : drug.list === "hormone_therapy" ? "hormone_therapy" : "supportive",
      );
    }
  }
  assert.equal(resolveAtc("L01CD01")?.kind, "unresolved");
  assert.equal(resolveAtc(""), undefined);
  assert.equal(resolveAtc("N02BE01")?.kind, "non_antineoplastic");
});

test("unknown codes are never guessed", () => {
  const bare = createCodeResolver();
  const known = new Set(DRUG_REFERENCE.flatMap((d) => d.cip13));
  fc.assert(
    fc.property(fc.stringMatching(/^3409[0-9]{9}$/), (code) => {
      if (known.has(code)) return;
      const r = bare.resolveCip13(code);
      assert.equal(r.kind, "unresolved");
    }),
    { numRuns: 500 },
  );
});
