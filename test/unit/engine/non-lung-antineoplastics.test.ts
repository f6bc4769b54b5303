// Every antineoplastic (ATC L01) is a line drug, not only the lung list: a
// cetuximab line between two lung regimens (the published peer algorithm's own
// NSCLC test case) is kept under every preset.
import assert from "node:assert/strict";
import { test } from "node:test";
import { reconstructPatient } from "../../../core/engine/reconstruct.js";
import { regimenClassOf } from "../../../core/engine/regimen.js";
import type { PatientLines } from "../../../core/engine/types.js";
import { formatDay } from "../../../core/time/day.js";
import { loadRuleSet } from "../../../loaders/rules/load-rule-set.js";
import { cycles, patient } from "./patient-builder.js";

function summary(result: PatientLines) {
  return result.lines.map((l) => [l.lineNumber, formatDay(l.startDate), l.molecules.join(";"), l.regimenClass]);
}

const events = () =>
  patient({ advanced: "2020-01-01" }, [
    ...cycles("2020-01-10", 21, 4, "carboplatin", "pemetrexed"),
    ...cycles("2020-05-04", 7, 10, "cetuximab"),
    ...cycles("2020-08-03", 21, 4, "docetaxel"),
  ]);

for (const preset of ["default", "jmir-2021"]) {
  test(`${preset}: a cetuximab line between two lung regimens is a line of its own`, () => {
    const r = reconstructPatient(events(), loadRuleSet(preset));
    assert.deepEqual(summary(r), [
      [1, "2020-01-10", "carboplatin;pemetrexed", "chemotherapy"],
      [2, "2020-05-04", "cetuximab", "targeted_other"],
      [3, "2020-08-03", "docetaxel", "chemotherapy"],
    ]);
  });
}

test("regimen classes of molecules outside the lung list are sensible", () => {
  assert.equal(regimenClassOf(["cetuximab"]), "targeted_other");
  assert.equal(regimenClassOf(["trastuzumab-deruxtecan"]), "targeted_other");
  assert.equal(regimenClassOf(["carboplatin", "necitumumab", "gemcitabine"]), "targeted_other");
  assert.equal(regimenClassOf(["encorafenib", "binimetinib"]), "targeted_braf");
  assert.equal(regimenClassOf(["tislelizumab"]), "immunotherapy");
  assert.equal(regimenClassOf(["carboplatin", "sugemalimab", "pemetrexed"]), "chemo_immunotherapy");
  assert.equal(regimenClassOf(["doxorubicin", "cyclophosphamide"]), "chemotherapy");
  assert.equal(regimenClassOf(["l01xx99"]), "other", "an antineoplastic the dictionary does not name");
});
