// One implausible value moves nobody (issue 16): no event before 2000 or after the
// run date, no end of data from an implausible date, no death in 2999.
import assert from "node:assert/strict";
import { test } from "node:test";
import { accountingOf, CODES, DatasetBuilder, ingestBuilt, nir } from "./dataset-builder.js";

const A = nir(1);
const B = nir(2);

test("a date in 2999 or 1999 is rejected as implausible and never sets the end of data; a death in 2999 is not used", async () => {
  const b = new DatasetBuilder();
  b.person("P1", { nirs: [A] });
  b.person("P2", { nirs: [B], death: "2999-06-15" });
  b.dispense({ nir: A, date: "2019-03-01", cip: CODES.osimertinibCip });
  b.dispense({ nir: A, date: "2019-04-01", cip: CODES.osimertinibCip });
  // one benefit with an implausible flux date: not the latest flux
  const flux = b.tables.ER_PRS_F!.columns.indexOf("FLX_DIS_DTD");
  b.tables.ER_PRS_F!.rows[1]![flux] = "2999-06-01";
  b.tables.ER_PHA_F!.rows[1]![flux] = "2999-06-01";
  b.admin({ patient: "P1", date: "2999-06-15", label: "dexamethasone 4 mg" });
  b.admin({ patient: "P1", date: "1999-12-31", label: "pemetrexed 500mg/m2" });
  b.admin({ patient: "P2", date: "2019-05-01", label: "pemetrexed 500mg/m2" });
  b.admin({ patient: "P2", date: "2999-01-01", label: "pemetrexed 500mg/m2" });
  const r = await ingestBuilt(b);
  try {
    // latest plausible flux 2019-02-01 (builder keys) minus 6 months
    assert.equal(r.summary.endOfDataDerivation.latestFluxDate, "2019-02-01");
    assert.equal(r.summary.endOfData, "2018-08-01");
    assert.equal(r.summary.endOfDataDerivation.latestEventDate, "2019-05-01");
    const rej = await r.read("rejections", "reason = 'implausible_date'");
    assert.deepEqual(
      rej.map((x) => [x.table_name, x.source_row, x.value]),
      [
        ["ODH_DRUG_ADMIN", 2, "1999-12-31"],
        ["ODH_DRUG_ADMIN", 4, "2999-01-01"],
      ],
    );
    // the 2999 dexamethasone is out of scope (not an antineoplastic) before its date is looked at
    assert.equal(
      (await r.read("rejections", "source_row = 1 AND table_name = 'ODH_DRUG_ADMIN'"))[0]!.reason,
      "non_antineoplastic",
    );
    assert.equal(accountingOf(r.summary, "ER_PHA_F").rejected, 0);
    const patients = await r.read("patients");
    const p2 = patients.find((p) => p.patient_id === "P2")!;
    assert.deepEqual([p2.death_date, p2.death_date_ir_ben, p2.follow_up_end], [null, "2999-06-15", "2018-08-01"]);
    assert.equal(r.summary.dataQuality.implausibleDeaths, 1);
  } finally {
    await r.close();
  }
});

test("with a plausible flux date, care up to it is kept and a death in the payment-lag months is used", async () => {
  const b = new DatasetBuilder();
  b.person("P1", { nirs: [A], death: "2019-09-30" });
  b.dispense({ nir: A, date: "2019-03-01", cip: CODES.osimertinibCip });
  const flux = b.tables.ER_PRS_F!.columns.indexOf("FLX_DIS_DTD");
  b.tables.ER_PRS_F!.rows[0]![flux] = "2020-01-01";
  b.tables.ER_PHA_F!.rows[0]![flux] = "2020-01-01";
  const r = await ingestBuilt(b);
  try {
    assert.equal(r.summary.endOfData, "2019-07-01");
    assert.equal((await r.read("exposures")).length, 1);
    const [p] = await r.read("patients");
    assert.deepEqual([p!.death_date, p!.follow_up_end], ["2019-09-30", "2019-09-30"]);
    assert.equal(r.summary.dataQuality.implausibleDeaths, 0);
  } finally {
    await r.close();
  }
});
