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
  ],
  ucd: [
    { ucd13: "0000009999001", designation: "OPDIVO 10MG/ML SOL DIL PERF" },
    { ucd13: "0000009999002", designation: "PROTOCOLE ABC-12" },
    { ucd13: "0000009999003", designation: "CHLORURE DE SODIUM 0,9%" },
    { ucd13: "0000009999004", designation: "PACLITAXEL ALBUMINE 5MG/ML" },
    { ucd13: "9999005", designation: "CEFITINIB 250MG" },
    { ucd13: "0000009409469", designation: "YERVOY 5MG/ML" }, // a real nivolumab UCD, overridden
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

test("CIP13: supportive, non-antineoplastic and unknown antineoplastic ATCs", () => {
  const zometa = resolver.resolveCip13("3409999000006");
  assert.deepEqual([zometa.kind, zometa.kind === "supportive" && zometa.molecule], ["supportive", "zoledronic acid"]);
  const imatinib = resolver.resolveCip13("3409999000005");
  assert.deepEqual([imatinib.kind, imatinib.atc], ["unknown_antineoplastic", "L01EA01"]);
  assert.equal(imatinib.kind === "unknown_antineoplastic" && imatinib.name, "imatinib");
  assert.equal(resolver.resolveCip13("3409999000010").kind, "unknown_antineoplastic", "L02 counts as antineoplastic");
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
    for (const atc of [drug.atc, ...drug.legacyAtc]) {
      const r = resolveAtc(atc, drug.molecule);
      const molecule = r && (r.kind === "molecule" || r.kind === "supportive") ? r.molecule : undefined;
      assert.equal(molecule, drug.molecule, atc);
      assert.equal(r?.kind, drug.antineoplastic ? "molecule" : "supportive");
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
