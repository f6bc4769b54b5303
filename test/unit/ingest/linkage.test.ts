import assert from "node:assert/strict";
import { test } from "node:test";
import { accountingOf, CODES, DatasetBuilder, ingestBuilt, nir } from "./dataset-builder.js";

test("two NIRs for one person: DCIR and PMSI rows of both link to the person", async () => {
  const b = new DatasetBuilder();
  b.person("P1", { nirs: [nir(1), nir(2)] });
  b.dispense({ nir: nir(1), date: "2019-03-01", cip: CODES.osimertinibCip });
  b.dispense({ nir: nir(2), date: "2019-06-01", cip: CODES.osimertinibCip });
  b.seance({ nir: nir(2), date: "2019-04-01" });
  const r = await ingestBuilt(b);
  try {
    const ex = await r.read("exposures");
    assert.deepEqual(
      ex.map((e) => e.patient_id),
      ["P1", "P1"],
    );
    assert.deepEqual(
      (await r.read("sessions")).map((s) => s.patient_id),
      ["P1"],
    );
  } finally {
    await r.close();
  }
});

test("a NIR shared by two persons is ambiguous for PMSI: out of scope with reason", async () => {
  const b = new DatasetBuilder();
  b.person("P1", { nirs: [nir(1)] });
  b.person("P2", {});
  b.add("IR_BEN_R", {
    BEN_IDT_ANO: "P2",
    BEN_NIR_PSA: nir(1),
    BEN_RNG_GEM: 2,
    BEN_NAI_ANN: 1950,
    BEN_SEX_COD: 1,
  });
  b.seance({ nir: nir(1), date: "2019-04-01" });
  // DCIR links with the rank: (nir 1, rank 1) is P1 only
  b.dispense({ nir: nir(1), date: "2019-03-01", cip: CODES.osimertinibCip, rank: 1 });
  const r = await ingestBuilt(b);
  try {
    assert.equal((await r.read("sessions")).length, 0);
    const rej = await r.read("rejections", "table_name = 'T_MCO19C'");
    assert.equal(rej[0]!.reason, "ambiguous_nir");
    assert.equal(rej[0]!.status, "out_of_scope");
    assert.equal((await r.read("rejections", "table_name = 'T_MCO19B'"))[0]!.reason, "ambiguous_nir");
    assert.deepEqual(
      (await r.read("exposures")).map((e) => e.patient_id),
      ["P1"],
    );
  } finally {
    await r.close();
  }
});

test("persons not in ODH_PATIENT: their rows are out of scope (person_not_in_cohort)", async () => {
  const b = new DatasetBuilder();
  b.person("P1", { nirs: [nir(1)] });
  b.person("X9", { nirs: [nir(9)], cohort: false });
  b.dispense({ nir: nir(9), date: "2019-03-01", cip: CODES.osimertinibCip });
  b.seance({ nir: nir(9), date: "2019-04-01" });
  b.admin({ patient: "X9", date: "2019-05-01", label: "KEYTRUDA 200 MG" });
  const r = await ingestBuilt(b);
  try {
    assert.equal((await r.read("exposures")).length, 0);
    assert.equal((await r.read("patients")).length, 1);
    for (const t of ["IR_BEN_R", "ER_PRS_F", "ER_PHA_F", "T_MCO19B", "T_MCO19C", "ODH_DRUG_ADMIN"]) {
      assert.equal(accountingOf(r.summary, t).outOfScope, 1, t);
    }
    const reasons = await r.read("rejections");
    assert.ok(reasons.every((x) => x.reason === "person_not_in_cohort"));
  } finally {
    await r.close();
  }
});

test("a stay with a non-zero linkage return code is rejected (unlinkable_stay) with its MED rows", async () => {
  const b = new DatasetBuilder();
  b.person("P1", { nirs: [nir(1)] });
  const rsa = b.stay({ nir: nir(1), entry: "2019-03-01", ret: { NAI_RET: "1" } });
  b.med({ rsa, ucd: CODES.pembrolizumabUcd, delai: 0 });
  const r = await ingestBuilt(b);
  try {
    const rej = await r.read("rejections", "true ORDER BY table_name");
    assert.deepEqual(
      rej.map((x) => [x.table_name, x.reason, x.status]),
      [
        ["T_MCO19B", "unlinkable_stay", "rejected"],
        ["T_MCO19C", "unlinkable_stay", "rejected"],
        ["T_MCO19MED", "unlinkable_stay", "rejected"],
      ],
    );
    assert.equal(rej[1]!.value, "NAI_RET=1");
    assert.equal(rej[1]!.column_name, "*_RET");
  } finally {
    await r.close();
  }
});

test("death: PMSI in-hospital death wins over IR_BEN_R; disagreements > 1 day are counted", async () => {
  const b = new DatasetBuilder();
  b.person("P1", { nirs: [nir(1)], death: "2019-09-15" });
  b.stay({ nir: nir(1), entry: "2019-09-01", exit: "2019-09-10", sorMod: "9" });
  b.person("P2", { nirs: [nir(2)], death: "2019-08-01" });
  b.stay({ nir: nir(2), entry: "2019-07-20", exit: "2019-07-31", sorMod: "9" });
  b.person("P3", { nirs: [nir(3)], death: "2019-10-01" });
  const r = await ingestBuilt(b);
  try {
    const p = await r.read("patients", "true ORDER BY patient_id");
    assert.deepEqual(
      p.map((x) => [x.patient_id, x.death_date, x.death_source, x.follow_up_end]),
      [
        ["P1", "2019-09-10", "pmsi", "2019-09-10"],
        ["P2", "2019-07-31", "pmsi", "2019-07-31"],
        ["P3", "2019-10-01", "ir_ben_r", "2019-10-01"],
      ],
    );
    assert.equal(r.summary.dataQuality.deathDisagreements, 1);
    // the death stays are used (death), not out of scope
    assert.equal(accountingOf(r.summary, "T_MCO19B").used, 2);
  } finally {
    await r.close();
  }
});

test("events more than 1 day after death are rejected, within 1 day kept; before the birth year rejected", async () => {
  const b = new DatasetBuilder();
  b.person("P1", { nirs: [nir(1)], death: "2019-09-10", birthYear: 1950 });
  b.admin({ patient: "P1", date: "2019-09-11", label: "KEYTRUDA 200 MG" });
  const late = b.admin({ patient: "P1", date: "2019-09-12", label: "OPDIVO 240 MG" });
  const early = b.admin({ patient: "P1", date: "1949-12-31", label: "ALIMTA 500 MG" });
  b.seance({ nir: nir(1), date: "2019-10-01" });
  const r = await ingestBuilt(b);
  try {
    assert.deepEqual(
      (await r.read("exposures")).map((e) => e.molecule),
      ["pembrolizumab"],
    );
    const rej = await r.read("rejections", "table_name = 'ODH_DRUG_ADMIN' ORDER BY source_row");
    assert.deepEqual(
      rej.map((x) => [x.source_row, x.reason, x.value]),
      [
        [late, "after_death", "2019-09-12"],
        [early, "before_birth", "1949-12-31"],
      ],
    );
    assert.equal((await r.read("rejections", "table_name = 'T_MCO19B'"))[0]!.reason, "after_death");
  } finally {
    await r.close();
  }
});
