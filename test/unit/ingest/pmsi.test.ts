import assert from "node:assert/strict";
import { test } from "node:test";
import { accountingOf, CODES, DatasetBuilder, ingestBuilt, nir } from "./dataset-builder.js";

const A = nir(1);

test("T_MCOaaMED and MEDATU: date = stay entry + DELAI, route from the dictionary", async () => {
  const b = new DatasetBuilder();
  b.person("P1", { nirs: [A] });
  const rsa = b.stay({ nir: A, entry: "2019-03-01", exit: "2019-03-10" });
  b.med({ rsa, ucd: CODES.pembrolizumabUcd, delai: 3 });
  b.med({ rsa, ucd: CODES.osimertinibUcd, delai: 5, atu: true });
  const r = await ingestBuilt(b);
  try {
    const ex = await r.read("exposures", "true ORDER BY date");
    assert.deepEqual(
      ex.map((e) => [e.date, e.molecule, e.route, e.source, e.provenance]),
      [
        ["2019-03-04", "pembrolizumab", "IV", "pmsi_med", "T_MCO19MED:1"],
        ["2019-03-06", "osimertinib", "PO", "pmsi_medatu", "T_MCO19MEDATU:1"],
      ],
    );
  } finally {
    await r.close();
  }
});

test("grouped séances keep their span and count; single séances are not grouped", async () => {
  const b = new DatasetBuilder();
  b.person("P1", { nirs: [A] });
  b.seance({ nir: A, date: "2019-03-01", end: "2019-03-22", nbrSea: 4 });
  b.seance({ nir: A, date: "2019-05-02" });
  const r = await ingestBuilt(b);
  try {
    const s = await r.read("sessions", "true ORDER BY date");
    assert.deepEqual(
      s.map((x) => [x.kind, x.date, x.end_date, x.count, x.grouped, x.hospital]),
      [
        ["chemotherapy", "2019-03-01", "2019-03-22", 4, true, "750000001"],
        ["chemotherapy", "2019-05-02", "2019-05-02", 1, false, "750000001"],
      ],
    );
  } finally {
    await r.close();
  }
});

test("radiotherapy (Z5101 séance, CCAM ZZNL) and surgery (GFFA013); other stays and acts out of scope", async () => {
  const b = new DatasetBuilder();
  b.person("P1", { nirs: [A] });
  b.stay({ nir: A, entry: "2019-02-01", dgnPal: "Z5101", ghm: "17K04Z", nbrSea: 1 });
  const surgery = b.stay({ nir: A, entry: "2019-01-10", exit: "2019-01-15" });
  b.add("T_MCO19A", { ETA_NUM: "750000001", RSA_NUM: surgery, CDC_ACT: "GFFA013", ENT_DAT_DEL: 1, NBR_EXE_ACT: 1 });
  b.add("T_MCO19A", { ETA_NUM: "750000001", RSA_NUM: surgery, CDC_ACT: "EBLA003", ENT_DAT_DEL: 2, NBR_EXE_ACT: 1 });
  const radio = b.stay({ nir: A, entry: "2019-02-05", ghm: "17K05Z", dgnPal: "C341" });
  b.add("T_MCO19A", { ETA_NUM: "750000001", RSA_NUM: radio, CDC_ACT: "ZZNL050", ENT_DAT_DEL: 0, NBR_EXE_ACT: 1 });
  const r = await ingestBuilt(b);
  try {
    const s = await r.read("sessions", "true ORDER BY date");
    assert.deepEqual(
      s.map((x) => [x.kind, x.date, x.source]),
      [
        ["surgery", "2019-01-11", "pmsi_act"],
        ["radiotherapy", "2019-02-01", "pmsi_stay"],
        ["radiotherapy", "2019-02-05", "pmsi_act"],
      ],
    );
    const a = accountingOf(r.summary, "T_MCO19A");
    assert.deepEqual([a.used, a.outOfScope], [2, 1]);
    // the surgery stay and the radiotherapy act's stay are not events themselves
    assert.equal(accountingOf(r.summary, "T_MCO19B").outOfScope, 2);
  } finally {
    await r.close();
  }
});

test("advanced date: read from the warehouse, else inferred from a metastasis code, else from the first treatment", async () => {
  const b = new DatasetBuilder();
  b.person("P1", { nirs: [nir(1)], advancedDate: "2019-01-05" });
  b.person("P2", { nirs: [nir(2)], advancedDate: null });
  const rsa = b.stay({ nir: nir(2), entry: "2019-02-10", exit: "2019-02-12" });
  b.add("T_MCO19D", { ETA_NUM: "750000001", RSA_NUM: rsa, ASS_DGN: "C793" });
  b.add("T_MCO19D", { ETA_NUM: "750000001", RSA_NUM: rsa, ASS_DGN: "I10" });
  b.seance({ nir: nir(2), date: "2019-03-01" });
  b.person("P3", { nirs: [nir(3)], advancedDate: null });
  b.seance({ nir: nir(3), date: "2019-04-01" });
  b.admin({ patient: "P3", date: "2019-03-20", label: "Alimta 500mg" });
  b.person("P4", { nirs: [nir(4)], advancedDate: null });
  const r = await ingestBuilt(b);
  try {
    const p = await r.read("patients", "true ORDER BY patient_id");
    assert.deepEqual(
      p.map((x) => [x.patient_id, x.advanced_date, x.advanced_date_inferred, x.advanced_date_source]),
      [
        ["P1", "2019-01-05", false, "warehouse"],
        ["P2", "2019-02-10", true, "metastasis_code"],
        ["P3", "2019-03-20", true, "first_treatment"],
        ["P4", null, false, "none"],
      ],
    );
    assert.equal(accountingOf(r.summary, "T_MCO19D").outOfScope, 1);
  } finally {
    await r.close();
  }
});
