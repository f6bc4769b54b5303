// Scope of drugs (contract v2): every antineoplastic (ATC L01) is a line drug,
// whether the lung list holds it, the rest of the L01 dictionary holds it, or no
// INN is known; hormone therapies (L02) are out of scope, counted by molecule.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { PatientEvents } from "../../../core/events/events.js";
import { reconstructPatient } from "../../../core/engine/reconstruct.js";
import { formatDay } from "../../../core/time/day.js";
import { readPatientEvents } from "../../../loaders/ingest/read-events.js";
import { loadRuleSet } from "../../../loaders/rules/load-rule-set.js";
import { accountingOf, CODES, DatasetBuilder, ingestBuilt, nir } from "./dataset-builder.js";

const A = nir(1);
/** Invented codes, declared in the dataset's own nomenclatures as the contract requires. */
const ERBITUX_UCD = "0000009990801";
const UNNAMED_CIP = "3400999990802";
const LETROZOLE_CIP = "3400999990803";

function addDays(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Carboplatin-pemetrexed-pembrolizumab (séances + MED), then cetuximab (MED by UCD), then docetaxel séances. */
function cetuximabPatient(): DatasetBuilder {
  const b = new DatasetBuilder();
  b.person("P1", { nirs: [A], advancedDate: "2019-01-01" });
  b.add("NU_UCD_R", { UCD_UCD_COD: ERBITUX_UCD, UCD_DSN_LIB: "ERBITUX 5MG/ML SOL PERF FL 100ML" });
  for (let i = 0; i < 4; i++) {
    const date = addDays("2019-01-07", 21 * i);
    b.med({ rsa: b.seance({ nir: A, date }), ucd: CODES.pembrolizumabUcd, delai: 0 });
  }
  for (let i = 0; i < 8; i++) {
    const date = addDays("2019-04-15", 7 * i);
    b.med({ rsa: b.seance({ nir: A, date }), ucd: ERBITUX_UCD, delai: 0 });
  }
  for (let i = 0; i < 4; i++) b.seance({ nir: A, date: addDays("2019-07-01", 21 * i) });
  return b;
}

async function eventsOf(workdir: string): Promise<PatientEvents[]> {
  const all: PatientEvents[] = [];
  for await (const batch of readPatientEvents(workdir)) all.push(...batch);
  return all;
}

test("a cetuximab line between two lung regimens, cetuximab coming through a UCD code, under default and jmir-2021", async () => {
  const r = await ingestBuilt(cetuximabPatient());
  try {
    const cetuximab = await r.read("exposures", "molecule = 'cetuximab' ORDER BY date");
    assert.equal(cetuximab.length, 8);
    assert.deepEqual([cetuximab[0]!.atc, cetuximab[0]!.drug_class], ["L01FE01", "egfr_antibody"]);
    const [events] = await eventsOf(r.workdir);
    for (const preset of ["default", "jmir-2021"]) {
      const lines = reconstructPatient(events!, loadRuleSet(preset)).lines;
      assert.deepEqual(
        lines.map((l) => [l.lineNumber, formatDay(l.startDate), l.molecules.join(";")]),
        [
          [1, "2019-01-07", "pembrolizumab"],
          [2, "2019-04-15", "cetuximab"],
          [3, "2019-07-01", "chemotherapy"],
        ],
        preset,
      );
    }
  } finally {
    await r.close();
  }
});

test("an L01 code with no known INN is a line drug written with its ATC; an L02 code is out of scope by molecule", async () => {
  const b = new DatasetBuilder();
  b.person("P1", { nirs: [A], advancedDate: "2019-01-01" });
  b.add("IR_PHA_R", { PHA_CIP_C13: UNNAMED_CIP, PHA_ATC_C07: "L01XX99", PHA_MED_NOM: "ZORTAVIX 50MG CPR" });
  b.add("IR_PHA_R", { PHA_CIP_C13: LETROZOLE_CIP, PHA_ATC_C07: "L02BG04", PHA_MED_NOM: "FEMARA 2,5MG CPR" });
  b.dispense({ nir: A, date: "2019-03-01", cip: UNNAMED_CIP });
  b.dispense({ nir: A, date: "2019-04-01", cip: UNNAMED_CIP });
  const letrozole = b.dispense({ nir: A, date: "2019-03-05", cip: LETROZOLE_CIP });
  const r = await ingestBuilt(b);
  try {
    const ex = await r.read("exposures", "true ORDER BY date");
    assert.deepEqual(
      ex.map((e) => [e.date, e.molecule, e.atc, e.drug_class]),
      [
        ["2019-03-01", "l01xx99", "L01XX99", "unnamed_antineoplastic"],
        ["2019-04-01", "l01xx99", "L01XX99", "unnamed_antineoplastic"],
      ],
    );
    assert.deepEqual(r.summary.unnamedAntineoplastics, [{ molecule: "l01xx99", atc: "L01XX99", rows: 2 }]);
    const rej = await r.read("rejections", "table_name = 'ER_PHA_F'");
    assert.deepEqual(
      rej.map((x) => [x.source_row, x.reason, x.status]),
      [[letrozole, "hormone_therapy", "out_of_scope"]],
    );
    assert.deepEqual(r.summary.hormoneTherapies, [{ detail: "letrozole", rows: 1 }]);
    const pha = accountingOf(r.summary, "ER_PHA_F");
    assert.equal(pha.rowsRead, pha.used + pha.mergedDuplicates + pha.rejected + pha.outOfScope);
    const [events] = await eventsOf(r.workdir);
    const lines = reconstructPatient(events!, loadRuleSet("default")).lines;
    assert.deepEqual(
      lines.map((l) => l.molecules.join(";")),
      ["l01xx99"],
    );
  } finally {
    await r.close();
  }
});
