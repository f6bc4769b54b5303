// Ingestion of contract v2 datasets: the real SNDS forms reconstruct like their
// ISO twin, and every v2 rule shows in the accounting with its count.
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { deriveEndOfData, minusMonths } from "../../../loaders/ingest/ingest.js";
import { reconstructWorkdir } from "../../../loaders/pipeline/run-pipeline.js";
import { loadRuleSet } from "../../../loaders/rules/load-rule-set.js";
import { accountingOf, CODES, DatasetBuilder, ingestBuilt, nir, type Ingested } from "./dataset-builder.js";

const A = nir(1);
const B = nir(2);
const BEVACIZUMAB_UCD = "0000009261104";
const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
/** `2019-03-01` -> `01MAR2019:00:00:00`, the SAS datetime export of a date. */
const sas = (iso: string) => `${iso.slice(8, 10)}${MONTHS[Number(iso.slice(5, 7)) - 1]}${iso.slice(0, 4)}:00:00:00`;

/** One cohort with DCIR, PMSI (séances, MED, MEDATU) and warehouse events, in v1 (ISO) forms. */
function cohort(): DatasetBuilder {
  const b = new DatasetBuilder();
  b.person("P1", { nirs: [A] });
  b.person("P2", { nirs: [B], death: "2019-12-15", sex: "F" });
  for (const month of ["03", "04", "05", "06", "07", "08"]) {
    b.dispense({ nir: A, date: `2019-${month}-02`, cip: CODES.osimertinibCip });
  }
  b.dispense({ nir: B, date: "2019-02-10", cip: CODES.erlotinibCip });
  for (const date of ["2019-09-02", "2019-09-23", "2019-10-14", "2019-11-04"]) {
    const rsa = b.seance({ nir: B, date });
    b.med({ rsa, ucd: CODES.pembrolizumabUcd, delai: 0 });
  }
  const atu = b.seance({ nir: A, date: "2019-10-01" });
  b.med({ rsa: atu, ucd: CODES.nivolumabUcd, delai: 0, atu: true });
  b.admin({ patient: "P2", date: "2019-09-02", label: "carboplatine 450 mg" });
  b.admin({ patient: "P2", date: "2019-09-02", label: "pemetrexed 500mg/m2" });
  return b;
}

/** The same cohort in the forms of a real extract: 1600-01-01 for the living, SAS datetimes, DELAI as v1 or not. */
function toRealForms(b: DatasetBuilder): DatasetBuilder {
  const t = b.tables;
  const ben = t.IR_BEN_R!;
  const death = ben.columns.indexOf("BEN_DCD_DTE");
  for (const row of ben.rows) row[death] ??= "1600-01-01";
  for (const name of ["ER_PRS_F", "ER_PHA_F", "T_MCO19C"]) {
    const table = t[name]!;
    const dates = ["FLX_DIS_DTD", "FLX_TRT_DTD", "EXE_SOI_DTD", "EXE_SOI_DTF"]
      .map((c) => table.columns.indexOf(c))
      .filter((i) => i >= 0);
    for (const row of table.rows) for (const i of dates) row[i] = row[i] === null ? null : sas(row[i]!);
  }
  // UCD7 codes in the MED table
  const med = t.T_MCO19MED!;
  const ucd = med.columns.indexOf("UCD_UCD_COD");
  for (const row of med.rows) row[ucd] = row[ucd]!.slice(6);
  return b;
}

/** The v1 twin writes MEDATU's delay as DELAI (its v1 name). */
function withV1MedatuName(b: DatasetBuilder): DatasetBuilder {
  const cols = b.tables.T_MCO19MEDATU!.columns;
  cols[cols.indexOf("DAT_DELAI")] = "DELAI";
  return b;
}

async function linesOf(r: Ingested) {
  const out = join(r.workdir, "lines.parquet");
  await reconstructWorkdir(r.workdir, loadRuleSet("default"), out);
  return r.read("lines");
}

const strip = (rows: Record<string, unknown>[]) => rows.map((row) => JSON.stringify(row));

test("a v2 dataset (1600-01-01 for the living, SAS datetimes in DCIR and PMSI, UCD7) reconstructs exactly like its ISO twin", async () => {
  const iso = await ingestBuilt(withV1MedatuName(cohort()));
  const real = await ingestBuilt(toRealForms(cohort()));
  try {
    assert.equal(real.summary.counts.rejectedRows, 0);
    for (const name of ["patients", "exposures", "sessions", "accounting"]) {
      assert.deepEqual(strip(await real.read(name)), strip(await iso.read(name)), name);
    }
    const patients = await real.read("patients");
    assert.deepEqual(
      patients.map((p) => [p.patient_id, p.death_date]),
      [
        ["P1", null],
        ["P2", "2019-12-15"],
      ],
      "the living are not dead in 1600",
    );
    assert.equal((await real.read("exposures")).length, 6 + 1 + 4 + 1 + 2);
    const lines = await linesOf(real);
    assert.ok(lines.length >= 2);
    assert.deepEqual(strip(lines), strip(await linesOf(iso)));
    // no cost column without the contract's cost columns
    assert.equal(real.summary.costs, false);
    assert.ok(!("cost_eur_by_source" in (await real.read("exposures"))[0]!));
  } finally {
    await iso.close();
    await real.close();
  }
});

test("DCIR cleaning filters: DPN_QLF 72, PRS_DPN_QLP 71, CPL_MAJ_TOP >= 2, BEN_CDI_NIR, ER_ETE_F ETE_IND_TAA 1, each out of scope by reason", async () => {
  const b = new DatasetBuilder();
  b.person("P1", { nirs: [A] });
  b.withColumns("ER_PRS_F", ["PRS_DPN_QLP", "CPL_MAJ_TOP", "BEN_CDI_NIR", "PRS_PAI_MNT"]);
  const d = (date: string, o: Partial<Parameters<DatasetBuilder["dispense"]>[0]> = {}) =>
    b.dispense({ nir: A, date, cip: CODES.osimertinibCip, eteTaa: 0, ...o });
  d("2019-03-01", { prsCells: { BEN_CDI_NIR: "00", PRS_PAI_MNT: 5000 } });
  d("2019-04-01", { prsCells: { BEN_CDI_NIR: null, CPL_MAJ_TOP: 1 } }); // empty BEN_CDI_NIR filters nothing
  d("2019-05-01", { dpn: 72 });
  d("2019-05-02", { dpn: 71 });
  d("2019-06-01", { prsCells: { PRS_DPN_QLP: 71 } });
  d("2019-07-01", { prsCells: { CPL_MAJ_TOP: 2 } });
  d("2019-07-02", { prsCells: { CPL_MAJ_TOP: 3 } });
  d("2019-08-01", { prsCells: { BEN_CDI_NIR: "01" } });
  d("2019-09-01", { eteTaa: 1 });
  const r = await ingestBuilt(b);
  try {
    const ex = await r.read("exposures");
    assert.deepEqual(
      ex.map((e) => e.date),
      ["2019-03-01", "2019-04-01"],
    );
    const reasons = (table: string) =>
      Object.fromEntries(
        r.summary.accounting.reasons.filter((x) => x.table === table).map((x) => [`${x.status}:${x.reason}`, x.rows]),
      );
    const expected = {
      "out_of_scope:information_only": 2,
      "out_of_scope:information_only_qlp": 1,
      "out_of_scope:surcharge": 2,
      "out_of_scope:fictitious_nir": 1,
      "out_of_scope:billed_in_pmsi": 1,
    };
    assert.deepEqual(reasons("ER_PHA_F"), expected);
    assert.deepEqual(reasons("ER_PRS_F"), expected);
    assert.deepEqual(reasons("ER_ETE_F"), { "out_of_scope:billed_in_pmsi": 1 });
    assert.deepEqual(accountingOf(r.summary, "ER_ETE_F"), {
      ...accountingOf(r.summary, "ER_ETE_F"),
      rowsRead: 9,
      used: 8,
      outOfScope: 1,
    });
    const rej = await r.read("rejections", "reason = 'fictitious_nir'");
    assert.deepEqual([rej[0]!.column_name, rej[0]!.value], ["BEN_CDI_NIR", "01"]);
    // the cost of the kept dispensing, by source
    assert.equal(r.summary.costs, true);
    const costs = ex.map((e) => e.cost_eur_by_source);
    assert.deepEqual(costs[1], null);
    assert.deepEqual(JSON.parse(JSON.stringify(costs[0])), [{ key: "dcir_pharmacy", value: 5000 }]);
  } finally {
    await r.close();
  }
});

test("stays in GHM 90* or with SEJ_TYP B are out of scope with their MED rows; COH_NAI_RET unlinks a stay; C77.1 is no metastasis", async () => {
  const b = new DatasetBuilder();
  b.person("P1", { nirs: [A], advancedDate: null });
  b.withColumns("T_MCO19B", ["SEJ_TYP"]);
  b.withColumns("T_MCO19C", ["COH_NAI_RET", "COH_SEX_RET"]);
  const error = b.stay({ nir: A, entry: "2019-03-01", ghm: "90Z00Z", dgnRel: "C780" });
  b.med({ rsa: error, ucd: CODES.pembrolizumabUcd, delai: 0 });
  const typeB = b.seance({ nir: A, date: "2019-03-05" });
  b.tables.T_MCO19B!.rows.at(-1)![b.tables.T_MCO19B!.columns.indexOf("SEJ_TYP")] = "B";
  b.med({ rsa: typeB, ucd: CODES.pembrolizumabUcd, delai: 0 });
  b.seance({ nir: A, date: "2019-03-10" }); // unlinked by COH_NAI_RET
  b.tables.T_MCO19C!.rows.at(-1)![b.tables.T_MCO19C!.columns.indexOf("COH_NAI_RET")] = "1";
  const kept = b.seance({ nir: A, date: "2019-04-01" });
  b.med({ rsa: kept, ucd: CODES.pembrolizumabUcd, delai: 0 });
  b.add("T_MCO19D", { ETA_NUM: "750000001", RSA_NUM: kept, ASS_DGN: "C77.1" });
  b.add("T_MCO19D", { ETA_NUM: "750000001", RSA_NUM: kept, ASS_DGN: "C771" });
  const r = await ingestBuilt(b);
  try {
    assert.deepEqual(
      (await r.read("exposures")).map((e) => e.date),
      ["2019-04-01"],
    );
    assert.deepEqual(
      (await r.read("sessions")).map((s) => s.date),
      ["2019-04-01"],
    );
    const byReason = (table: string) =>
      Object.fromEntries(r.summary.accounting.reasons.filter((x) => x.table === table).map((x) => [x.reason, x.rows]));
    assert.deepEqual(byReason("T_MCO19B"), { error_ghm: 1, billed_for_another_hospital: 1, unlinkable_stay: 1 });
    assert.deepEqual(byReason("T_MCO19C"), { error_ghm: 1, billed_for_another_hospital: 1, unlinkable_stay: 1 });
    assert.deepEqual(byReason("T_MCO19MED"), { error_ghm: 1, billed_for_another_hospital: 1 });
    assert.deepEqual(byReason("T_MCO19D"), { not_a_metastasis_code: 2 });
    const rej = await r.read("rejections", "reason = 'unlinkable_stay' AND table_name = 'T_MCO19C'");
    assert.equal(rej[0]!.value, "COH_NAI_RET=1");
    // the C78.0 of the error stay and the C77.1 do not date the advanced disease
    const [p] = await r.read("patients");
    assert.equal(p!.advanced_date_source, "first_treatment");
  } finally {
    await r.close();
  }
});

test("a MED line repeated on its NBR_SEJ RSAs is one administration; bevacizumab in MED and MEDATU of one stay and month is one", async () => {
  const b = new DatasetBuilder();
  b.person("P1", { nirs: [A] });
  b.withColumns("T_MCO19MED", ["NBR_SEJ", "ADM_MOIS", "DAT_ADM_ANN", "ADM_NBR_PRI"]);
  b.withColumns("T_MCO19MEDATU", ["SEJ_NBR", "ADM_MOIS", "ADM_ANN", "ACH_PRI_ADM"]);
  // one line of 3 séances in March, repeated on each RSA (price divided by 3)
  for (const date of ["2019-03-04", "2019-03-11", "2019-03-18"]) {
    const rsa = b.seance({ nir: A, date });
    b.med({
      rsa,
      ucd: CODES.pembrolizumabUcd,
      delai: 0,
      cells: { NBR_SEJ: 3, ADM_MOIS: 3, DAT_ADM_ANN: 2019, ADM_NBR_PRI: 1000 },
    });
  }
  // without NBR_SEJ, two séances give two administrations
  for (const date of ["2019-05-06", "2019-05-27"]) {
    const rsa = b.seance({ nir: A, date });
    b.med({ rsa, ucd: CODES.pembrolizumabUcd, delai: 0 });
  }
  // bevacizumab in MED (day 0) and MEDATU (day 1) of one stay in June: one administration
  const stay = b.stay({ nir: A, entry: "2019-06-03", exit: "2019-06-05" });
  b.med({ rsa: stay, ucd: BEVACIZUMAB_UCD, delai: 0, cells: { ADM_MOIS: 6, ADM_NBR_PRI: 300 } });
  b.med({ rsa: stay, ucd: BEVACIZUMAB_UCD, delai: 1, atu: true, cells: { ADM_MOIS: 6, ACH_PRI_ADM: 310 } });
  const r = await ingestBuilt(b);
  try {
    const ex = await r.read("exposures");
    assert.deepEqual(
      ex.map((e) => [e.date, e.molecule, e.row_count]),
      [
        ["2019-03-04", "pembrolizumab", 3],
        ["2019-05-06", "pembrolizumab", 1],
        ["2019-05-27", "pembrolizumab", 1],
        ["2019-06-03", "bevacizumab", 2],
      ],
    );
    assert.deepEqual(JSON.parse(JSON.stringify(ex[0]!.cost_eur_by_source)), [{ key: "pmsi_med", value: 3000 }]);
    assert.deepEqual(JSON.parse(JSON.stringify(ex[3]!.cost_eur_by_source)), [
      { key: "pmsi_med", value: 300 },
      { key: "pmsi_medatu", value: 310 },
    ]);
    const med = accountingOf(r.summary, "T_MCO19MED");
    assert.deepEqual([med.rowsRead, med.used, med.mergedDuplicates], [6, 4, 2]);
    const atu = accountingOf(r.summary, "T_MCO19MEDATU");
    assert.deepEqual([atu.rowsRead, atu.used, atu.mergedDuplicates], [1, 0, 1]);
  } finally {
    await r.close();
  }
});

test("T_MCOaaFH (private clinics) and T_MCOaaCSTC + T_MCOaaFHSTC (outpatient visits) with their exclusions", async () => {
  const b = new DatasetBuilder();
  b.person("P1", { nirs: [A] });
  const clinic = b.stay({ nir: A, entry: "2019-03-01", eta: "920000001" });
  const fh = (cells: Record<string, string | number | null>) =>
    b.add("T_MCO19FH", {
      ETA_NUM: "920000001",
      RSA_NUM: clinic,
      UCD_UCD_COD: CODES.nivolumabUcd,
      QUA_COD: 1,
      DEL_DAT_ENT: 1,
      COE_TAU: 1,
      ...cells,
    });
  fh({});
  fh({ QUA_COD: 0 });
  fh({ QUA_COD: null });
  fh({ COE_TAU: 0 });
  fh({ UCD_UCD_COD: null });
  fh({ RSA_NUM: "9999" }); // no such stay
  const visit = (seq: string, date: string, ret: Record<string, string> = {}) =>
    b.add("T_MCO19CSTC", {
      ETA_NUM: "750000001",
      SEQ_NUM: seq,
      NIR_ANO_17: A,
      EXE_SOI_DTD: date.split("-").reverse().join(""), // DDMMYYYY, as PMSI outpatient files write it
      EXE_SOI_DTF: date.split("-").reverse().join(""),
      NIR_RET: "0",
      NAI_RET: "0",
      SEX_RET: "0",
      IAS_RET: "0",
      ENT_DAT_RET: "0",
      ...ret,
    });
  const drug = (seq: string, cells: Record<string, string | number | null> = {}) =>
    b.add("T_MCO19FHSTC", {
      ETA_NUM: "750000001",
      SEQ_NUM: seq,
      UCD_UCD_COD: CODES.pembrolizumabUcd.slice(6),
      QUA: 1,
      DEL_DAT_ENT: 0,
      FRACT_COE: 1,
      ...cells,
    });
  visit("S1", "2019-04-02");
  drug("S1");
  drug("S1", { QUA: 0 });
  drug("S1", { FRACT_COE: 0 });
  drug("S1", { UCD_UCD_COD: null });
  visit("S2", "2019-04-23"); // no drug: out of scope
  visit("S3", "2019-05-14", { IAS_RET: "1" });
  drug("S3");
  drug("S9"); // no visit
  const r = await ingestBuilt(b);
  try {
    const ex = await r.read("exposures");
    assert.deepEqual(
      ex.map((e) => [e.date, e.molecule, e.source, e.provenance]),
      [
        ["2019-03-02", "nivolumab", "pmsi_fh", "T_MCO19FH:1"],
        ["2019-04-02", "pembrolizumab", "pmsi_fhstc", "T_MCO19FHSTC:1"],
      ],
    );
    const byReason = (table: string) =>
      Object.fromEntries(
        r.summary.accounting.reasons.filter((x) => x.table === table).map((x) => [`${x.status}:${x.reason}`, x.rows]),
      );
    assert.deepEqual(byReason("T_MCO19FH"), {
      "out_of_scope:zero_quantity": 2,
      "out_of_scope:zero_coefficient": 1,
      "out_of_scope:empty_ucd": 1,
      "rejected:orphan_stay": 1,
    });
    assert.deepEqual(byReason("T_MCO19FHSTC"), {
      "out_of_scope:zero_quantity": 1,
      "out_of_scope:zero_coefficient": 1,
      "out_of_scope:empty_ucd": 1,
      "rejected:orphan_visit": 1,
      "rejected:unlinkable_visit": 1,
    });
    assert.deepEqual(byReason("T_MCO19CSTC"), {
      "out_of_scope:no_drug_detail": 1,
      "rejected:unlinkable_visit": 1,
    });
    for (const table of ["T_MCO19FH", "T_MCO19CSTC", "T_MCO19FHSTC"]) {
      const a = accountingOf(r.summary, table);
      assert.equal(a.used + a.mergedDuplicates + a.rejected + a.outOfScope, a.rowsRead, table);
    }
    assert.equal(accountingOf(r.summary, "T_MCO19CSTC").used, 1);
  } finally {
    await r.close();
  }
});

test("end of data: the latest flux date minus the payment lag by default, the option otherwise, reported in ingest.json", async () => {
  assert.equal(minusMonths("2020-01-01", 6), "2019-07-01");
  assert.equal(minusMonths("2020-08-31", 6), "2020-02-29");
  assert.equal(minusMonths("2020-03-15", 0), "2020-03-15");
  assert.equal(deriveEndOfData(undefined, 6, null, "2020-05-04")!.source, "latest_event");
  assert.equal(deriveEndOfData("2020-01-31", 6, "2020-06-01", "2020-05-04")!.endOfData, "2020-01-31");
  assert.equal(deriveEndOfData(undefined, 6, null, null), null);

  const b = new DatasetBuilder();
  b.person("P1", { nirs: [A] });
  b.dispense({ nir: A, date: "2019-03-01", cip: CODES.osimertinibCip }); // flux 2019-02-01 (builder keys)
  const keys = b.tables.ER_PRS_F!.columns.indexOf("FLX_DIS_DTD");
  b.tables.ER_PRS_F!.rows[0]![keys] = "2019-10-01";
  b.tables.ER_PHA_F!.rows[0]![keys] = "2019-10-01";
  const r = await ingestBuilt(b);
  const lagged = await ingestBuilt(b, { paymentLagMonths: 2 });
  const fixed = await ingestBuilt(b, { endOfData: "2019-12-31" });
  try {
    assert.deepEqual(r.summary.endOfDataDerivation, {
      endOfData: "2019-04-01",
      source: "flux_date_minus_payment_lag",
      latestFluxDate: "2019-10-01",
      paymentLagMonths: 6,
      latestEventDate: "2019-03-01",
      rule: "latest FLX_DIS_DTD 2019-10-01 minus the payment lag of 6 months",
    });
    assert.equal((await r.read("patients"))[0]!.follow_up_end, "2019-04-01");
    assert.equal(lagged.summary.endOfData, "2019-08-01");
    assert.equal(fixed.summary.endOfDataSource, "option");
    assert.equal((await fixed.read("patients"))[0]!.follow_up_end, "2019-12-31");
  } finally {
    await r.close();
    await lagged.close();
    await fixed.close();
  }
});
