import assert from "node:assert/strict";
import { test } from "node:test";
import { accountingOf, CODES, DatasetBuilder, ingestBuilt, nir } from "./dataset-builder.js";

const A = nir(1);

test("warehouse labels: brand, French INN with accent, dose text, typo, trial label, unmapped label reported", async () => {
  const b = new DatasetBuilder();
  b.person("P1", { nirs: [A] });
  b.admin({ patient: "P1", date: "2019-03-01", label: "KEYTRUDA 200 mg" });
  b.admin({ patient: "P1", date: "2019-03-02", label: "carboplatine AUC5" });
  b.admin({ patient: "P1", date: "2019-03-03", label: "Pémétrexed 500mg/m2 IV" });
  b.admin({ patient: "P1", date: "2019-03-04", label: "docetaxell 75 mg/m2" });
  b.admin({ patient: "P1", date: "2019-03-05", label: "ESSAI CLINIQUE LUNG-301" });
  const bad = b.admin({ patient: "P1", date: "2019-03-06", label: "XQZWV 10 MG" });
  b.admin({ patient: "P1", date: "2019-03-07", label: "XQZWV 10 MG", ucd7: "9409469" });
  b.admin({ patient: "P1", date: "2019-03-08", label: "TAGRISSO 80MG", route: "PO" });
  const r = await ingestBuilt(b);
  try {
    const ex = await r.read("exposures", "true ORDER BY date");
    assert.deepEqual(
      ex.map((e) => [e.date, e.molecule, e.route, e.days_supply]),
      [
        ["2019-03-01", "pembrolizumab", "IV", 1],
        ["2019-03-02", "carboplatin", "IV", 1],
        ["2019-03-03", "pemetrexed", "IV", 1],
        ["2019-03-04", "docetaxel", "IV", 1],
        ["2019-03-05", "investigational", "IV", 1],
        ["2019-03-07", "nivolumab", "IV", 1],
        ["2019-03-08", "osimertinib", "PO", 30],
      ],
    );
    const rej = await r.read("rejections", "table_name = 'ODH_DRUG_ADMIN'");
    assert.deepEqual(
      rej.map((x) => [x.source_row, x.reason, x.column_name]),
      [[bad, "unmapped_label", "drug_label"]],
    );
    const unmapped = await r.read("unmapped_labels");
    assert.equal(unmapped.length, 1);
    assert.equal(unmapped[0]!.label, "XQZWV 10 MG");
    assert.equal(unmapped[0]!.rows, 2);
    assert.equal(unmapped[0]!.reason, "no_match");
  } finally {
    await r.close();
  }
});

test("supportive drugs are out of scope and counted by molecule", async () => {
  const b = new DatasetBuilder();
  b.person("P1", { nirs: [A] });
  b.admin({ patient: "P1", date: "2019-03-01", label: "DEXAMETHASONE 8 MG" });
  b.admin({ patient: "P1", date: "2019-03-02", label: "XGEVA 120 mg" });
  b.admin({ patient: "P1", date: "2019-03-03", label: "Dexamethasone 4mg" });
  const r = await ingestBuilt(b);
  try {
    assert.equal((await r.read("exposures")).length, 0);
    assert.equal(accountingOf(r.summary, "ODH_DRUG_ADMIN").outOfScope, 3);
    assert.deepEqual(r.summary.nonAntineoplastic, [
      { detail: "dexamethasone", rows: 2 },
      { detail: "denosumab", rows: 1 },
    ]);
  } finally {
    await r.close();
  }
});

test("cross-source merge: same day and 1 day apart -> one exposure with two provenances; 2 days apart -> two", async () => {
  const b = new DatasetBuilder();
  b.person("P1", { nirs: [A] });
  const rsa1 = b.stay({ nir: A, entry: "2019-03-01" });
  b.med({ rsa: rsa1, ucd: CODES.pembrolizumabUcd, delai: 0 });
  b.admin({ patient: "P1", date: "2019-03-01", label: "KEYTRUDA 200 mg" });
  const rsa2 = b.stay({ nir: A, entry: "2019-04-02" });
  b.med({ rsa: rsa2, ucd: CODES.pembrolizumabUcd, delai: 0 });
  b.admin({ patient: "P1", date: "2019-04-01", label: "KEYTRUDA 200 mg" });
  const rsa3 = b.stay({ nir: A, entry: "2019-05-03" });
  b.med({ rsa: rsa3, ucd: CODES.pembrolizumabUcd, delai: 0 });
  b.admin({ patient: "P1", date: "2019-05-01", label: "KEYTRUDA 200 mg" });
  // duplicate warehouse rows of one day
  b.admin({ patient: "P1", date: "2019-06-01", label: "KEYTRUDA 200 mg" });
  b.admin({ patient: "P1", date: "2019-06-01", label: "pembrolizumab" });
  const r = await ingestBuilt(b);
  try {
    const ex = await r.read("exposures", "true ORDER BY date");
    assert.deepEqual(
      ex.map((e) => [e.date, e.provenance, e.sources]),
      [
        ["2019-03-01", "ODH_DRUG_ADMIN:1|T_MCO19MED:1", ["pmsi_med", "warehouse"]],
        ["2019-04-01", "ODH_DRUG_ADMIN:2|T_MCO19MED:2", ["pmsi_med", "warehouse"]],
        ["2019-05-01", "ODH_DRUG_ADMIN:3", ["warehouse"]],
        ["2019-05-03", "T_MCO19MED:3", ["pmsi_med"]],
        ["2019-06-01", "ODH_DRUG_ADMIN:4|ODH_DRUG_ADMIN:5", ["warehouse"]],
      ],
    );
    assert.equal(accountingOf(r.summary, "T_MCO19MED").mergedDuplicates, 2);
    assert.equal(accountingOf(r.summary, "ODH_DRUG_ADMIN").mergedDuplicates, 1);
  } finally {
    await r.close();
  }
});

test("merging does not chain: daily rows d..d+3 of two sources alternating give two exposures, not one", async () => {
  const b = new DatasetBuilder();
  b.person("P1", { nirs: [A] });
  const rsa = b.stay({ nir: A, entry: "2019-03-01", exit: "2019-03-05" });
  b.admin({ patient: "P1", date: "2019-03-01", label: "ETOPOSIDE 100 MG" });
  b.med({ rsa, ucd: "0000009195726", delai: 1 });
  b.admin({ patient: "P1", date: "2019-03-03", label: "ETOPOSIDE 100 MG" });
  b.med({ rsa, ucd: "0000009195726", delai: 3 });
  // same source on consecutive days: not merged
  b.admin({ patient: "P1", date: "2019-04-01", label: "ETOPOSIDE 100 MG" });
  b.admin({ patient: "P1", date: "2019-04-02", label: "ETOPOSIDE 100 MG" });
  const r = await ingestBuilt(b);
  try {
    const ex = await r.read("exposures", "true ORDER BY date");
    assert.deepEqual(
      ex.map((e) => [e.date, e.row_count]),
      [
        ["2019-03-01", 2],
        ["2019-03-03", 2],
        ["2019-04-01", 1],
        ["2019-04-02", 1],
      ],
    );
  } finally {
    await r.close();
  }
});
