import assert from "node:assert/strict";
import { test } from "node:test";
import { accountingOf, CODES, DatasetBuilder, ingestBuilt, nir } from "./dataset-builder.js";

const A = nir(1);

function base() {
  const b = new DatasetBuilder();
  b.person("P1", { nirs: [A] });
  return b;
}

test("9-key join: a detail row finds its ER_PRS_F row; an orphan detail is rejected and listed", async () => {
  const b = base();
  b.dispense({ nir: A, date: "2019-03-01", cip: CODES.osimertinibCip, qty: 2 });
  const orphan = b.dispense({ nir: A, date: "2019-04-01", cip: CODES.osimertinibCip, prs: false });
  const r = await ingestBuilt(b);
  try {
    const ex = await r.read("exposures");
    assert.equal(ex.length, 1);
    assert.equal(ex[0]!.molecule, "osimertinib");
    assert.equal(ex[0]!.date, "2019-03-01");
    assert.equal(ex[0]!.route, "PO");
    assert.equal(ex[0]!.days_supply, 60);
    assert.equal(ex[0]!.provenance, "ER_PHA_F:1");
    const rej = await r.read("rejections", "reason = 'orphan_detail'");
    assert.equal(rej.length, 1);
    assert.equal(rej[0]!.source_row, orphan);
    assert.equal(rej[0]!.status, "rejected");
    assert.equal(accountingOf(r.summary, "ER_PHA_F").rejected, 1);
  } finally {
    await r.close();
  }
});

test("DPN_QLF 71 rows are information only: out of scope, both PRS and detail", async () => {
  const b = base();
  b.dispense({ nir: A, date: "2019-03-01", cip: CODES.osimertinibCip, dpn: 71 });
  const r = await ingestBuilt(b);
  try {
    assert.equal((await r.read("exposures")).length, 0);
    assert.equal(accountingOf(r.summary, "ER_PHA_F").outOfScope, 1);
    assert.equal(accountingOf(r.summary, "ER_PRS_F").outOfScope, 1);
    const rej = await r.read("rejections", "reason = 'information_only'");
    assert.deepEqual(rej.map((x) => x.table_name).sort(), ["ER_PHA_F", "ER_PRS_F"]);
  } finally {
    await r.close();
  }
});

test("reversal netting: a full reversal leaves nothing (both rows out of scope); a partial one nets the boxes", async () => {
  const b = base();
  b.dispense({ nir: A, date: "2019-03-01", cip: CODES.osimertinibCip, qty: 1 });
  b.dispense({ nir: A, date: "2019-03-01", cip: CODES.osimertinibCip, qty: -1 });
  b.dispense({ nir: A, date: "2019-05-01", cip: CODES.osimertinibCip, qty: 3 });
  b.dispense({ nir: A, date: "2019-05-01", cip: CODES.osimertinibCip, qty: -1 });
  const r = await ingestBuilt(b);
  try {
    const ex = await r.read("exposures");
    assert.equal(ex.length, 1);
    assert.equal(ex[0]!.date, "2019-05-01");
    assert.equal(ex[0]!.days_supply, 60);
    const reasons = await r.read("rejections", "table_name = 'ER_PHA_F'");
    assert.deepEqual(
      reasons.map((x) => `${x.source_row}:${x.reason}`),
      ["1:reversed", "2:reversed", "4:reversal_netted"],
    );
    const acc = accountingOf(r.summary, "ER_PHA_F");
    assert.deepEqual([acc.used, acc.outOfScope, acc.rejected], [1, 3, 0]);
  } finally {
    await r.close();
  }
});

test("ER_UCD_F: retrocession of a UCD gives an exposure dated EXE_SOI_DTD (oral drug: PO, 30 days)", async () => {
  const b = base();
  b.dispenseUcd({ nir: A, date: "2019-06-10", ucd: CODES.osimertinibUcd });
  b.dispenseUcd({ nir: A, date: "2019-06-20", ucd: CODES.pembrolizumabUcd });
  const r = await ingestBuilt(b);
  try {
    const ex = await r.read("exposures", "true ORDER BY date");
    assert.deepEqual(
      ex.map((e) => [e.date, e.molecule, e.route, e.days_supply, e.source]),
      [
        ["2019-06-10", "osimertinib", "PO", 30, "dcir_ucd"],
        ["2019-06-20", "pembrolizumab", "IV", 1, "dcir_ucd"],
      ],
    );
  } finally {
    await r.close();
  }
});

test("nomenclatures: IR_PHA_R legacy ATC, NU_UCD_R designation, invented codes declared; unknown code rejected", async () => {
  const b = base();
  b.add("IR_PHA_R", { PHA_CIP_C13: "3400999999001", PHA_ATC_C07: "L01XE03", PHA_MED_NOM: "ERLOTINIB 150MG CPR" });
  b.add("IR_PHA_R", { PHA_CIP_C13: "3400999999002", PHA_ATC_C07: "A04AA01", PHA_MED_NOM: "ONDANSETRON 8MG" });
  b.add("NU_UCD_R", { UCD_UCD_COD: "0000009999001", UCD_DSN_LIB: "KEYTRUDA 25MG/ML SOL INJ FL4ML" });
  b.dispense({ nir: A, date: "2019-03-01", cip: "3400999999001" });
  b.dispense({ nir: A, date: "2019-03-02", cip: "3400999999002" });
  const unknown = b.dispense({ nir: A, date: "2019-03-03", cip: "3400999999003" });
  b.dispenseUcd({ nir: A, date: "2019-03-04", ucd: "0000009999001" });
  const r = await ingestBuilt(b);
  try {
    const ex = await r.read("exposures", "true ORDER BY date");
    assert.deepEqual(
      ex.map((e) => [e.date, e.molecule, e.atc]),
      [
        ["2019-03-01", "erlotinib", "L01EB02"],
        ["2019-03-04", "pembrolizumab", "L01FF02"],
      ],
    );
    const rej = await r.read("rejections", "table_name = 'ER_PHA_F' ORDER BY source_row");
    assert.deepEqual(
      rej.map((x) => [x.source_row, x.reason, x.status]),
      [
        [2, "non_antineoplastic", "out_of_scope"],
        [unknown, "unknown_code", "rejected"],
      ],
    );
    assert.match(String(rej[1]!.value), /3400999999003/);
    assert.equal(rej[1]!.column_name, "PHA_PRS_C13");
    assert.deepEqual(r.summary.nonAntineoplastic, [{ detail: "ondansetron", rows: 1 }]);
  } finally {
    await r.close();
  }
});

test("L01 ATC outside the dictionary: an antineoplastic all the same, written with its ATC, reported", async () => {
  const b = base();
  b.add("IR_PHA_R", { PHA_CIP_C13: "3400999999004", PHA_ATC_C07: "L01XX99", PHA_MED_NOM: "NOUVEAU 10MG" });
  b.dispense({ nir: A, date: "2019-03-01", cip: "3400999999004" });
  const r = await ingestBuilt(b);
  try {
    const ex = await r.read("exposures");
    assert.deepEqual(
      ex.map((e) => [e.molecule, e.atc]),
      [["l01xx99", "L01XX99"]],
    );
    assert.deepEqual(r.summary.unnamedAntineoplastics, [{ molecule: "l01xx99", atc: "L01XX99", rows: 1 }]);
  } finally {
    await r.close();
  }
});

test("pharmacy costs: a benefit's amount shared between its detail rows; after netting, the net amount by quantity", async () => {
  const b = base();
  b.withColumns("ER_PRS_F", ["PRS_PAI_MNT"]);
  // benefit 1: two detail rows (osimertinib, erlotinib) share its 600 euros
  b.dispense({ nir: A, date: "2019-03-01", cip: CODES.osimertinibCip, prsCells: { PRS_PAI_MNT: 600 } });
  const keysOfBenefit1: Record<string, string> = {};
  for (const k of ["FLX_EMT_TYP", "FLX_EMT_NUM", "FLX_EMT_ORD", "ORG_CLE_NUM", "PRS_ORD_NUM", "REM_TYP_AFF"]) {
    keysOfBenefit1[k] = "1";
  }
  b.add("ER_PHA_F", {
    ...keysOfBenefit1,
    FLX_DIS_DTD: "2019-02-01",
    FLX_TRT_DTD: "2019-02-03",
    DCT_ORD_NUM: "1",
    PHA_PRS_C13: CODES.erlotinibCip,
    PHA_ACT_QSN: 1,
  });
  // 3 boxes for 300 euros and a reversal of 1 box (-100) the same day: 2 boxes, 200 euros
  b.dispense({ nir: A, date: "2019-05-01", cip: CODES.osimertinibCip, qty: 3, prsCells: { PRS_PAI_MNT: 300 } });
  b.dispense({ nir: A, date: "2019-05-01", cip: CODES.osimertinibCip, qty: -1, prsCells: { PRS_PAI_MNT: -100 } });
  // two dispensings (2 and 1 boxes) and a reversal of 1 box: the net 200 euros shared 2:1
  b.dispense({ nir: A, date: "2019-07-01", cip: CODES.erlotinibCip, qty: 2, prsCells: { PRS_PAI_MNT: 200 } });
  b.dispense({ nir: A, date: "2019-07-01", cip: CODES.erlotinibCip, qty: 1, prsCells: { PRS_PAI_MNT: 100 } });
  b.dispense({ nir: A, date: "2019-07-01", cip: CODES.erlotinibCip, qty: -1, prsCells: { PRS_PAI_MNT: -100 } });
  const r = await ingestBuilt(b);
  try {
    assert.equal(r.summary.costs, true);
    const ex = await r.read("exposures");
    const costOf = (e: Record<string, unknown>) =>
      (JSON.parse(JSON.stringify(e.cost_eur_by_source)) as { key: string; value: number }[]).map(
        (c) => `${c.key}:${Math.round(c.value * 1e6) / 1e6}`,
      );
    assert.deepEqual(
      ex.map((e) => [e.date, e.molecule, e.days_supply, costOf(e)]),
      [
        ["2019-03-01", "erlotinib", 30, ["dcir_pharmacy:300"]],
        ["2019-03-01", "osimertinib", 30, ["dcir_pharmacy:300"]],
        ["2019-05-01", "osimertinib", 60, ["dcir_pharmacy:200"]],
        ["2019-07-01", "erlotinib", 60, ["dcir_pharmacy:200"]],
      ],
    );
    const reasons = await r.read("rejections", "table_name = 'ER_PHA_F'");
    assert.deepEqual(
      reasons.map((x) => `${x.source_row}:${x.reason}:${x.value}`),
      ["4:reversal_netted:-1 (net 2)", "7:reversal_netted:-1 (net 2)"],
    );
  } finally {
    await r.close();
  }
});
