// One seed, two contract versions, the same lines: a v2 dataset from the
// simulator (every realities of real extracts, the noise rows the v2 filters
// drop) ingests and reconstructs exactly like its v1 twin, under `default` and
// `jmir-2021`, for each profile; the accounting shows each v2 filter with its
// count. Both ingestions take the same end of data (`--end-of-data`): the flux
// dates, hence the derived end of data, differ between versions by design (the
// payment lag).
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { reconstructPatient } from "../../../core/engine/reconstruct.js";
import { PROFILE_NAMES } from "../../../core/simulation/profiles.js";
import { formatDay } from "../../../core/time/day.js";
import { ingestDataset, type IngestSummary } from "../../../loaders/ingest/ingest.js";
import { readPatientEvents } from "../../../loaders/ingest/read-events.js";
import { loadRuleSet } from "../../../loaders/rules/load-rule-set.js";
import { runSimulation } from "../../../loaders/simulate/run-simulation.js";

let root: string;
before(async () => {
  root = await mkdtemp(join(tmpdir(), "lotluca-v1-v2-lines-"));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

const END_OF_DATA = "2025-08-01";
const PRESETS = ["default", "jmir-2021"];

async function linesOf(profile: string, contract: 1 | 2, patients: number, seed: number) {
  const dir = join(root, `${profile}-${contract}`);
  await runSimulation({
    patients,
    seed,
    out: dir,
    format: "csv",
    profile: profile as "clean",
    contract,
    report: false,
  });
  const workdir = join(dir, "work");
  const summary = await ingestDataset(dir, workdir, { threads: 1, memoryLimit: "512MB", endOfData: END_OF_DATA });
  const lines = new Map<string, string[]>(PRESETS.map((p) => [p, []]));
  for await (const batch of readPatientEvents(workdir)) {
    for (const events of batch) {
      for (const preset of PRESETS) {
        for (const l of reconstructPatient(events, loadRuleSet(preset)).lines) {
          lines
            .get(preset)!
            .push(
              [
                events.patient.patientId,
                l.lineNumber,
                formatDay(l.startDate),
                l.endDate === null ? "" : formatDay(l.endDate),
                l.molecules.join(";"),
                l.endReason,
              ].join(" "),
            );
        }
      }
    }
  }
  return { summary, lines };
}

const rowsBy = (s: IngestSummary, reason: string, table?: RegExp) =>
  s.accounting.reasons
    .filter((r) => r.reason === reason && (!table || table.test(r.table)))
    .reduce((n, r) => n + r.rows, 0);

for (const profile of PROFILE_NAMES) {
  test(`${profile}: the v2 dataset gives the same lines as its v1 twin; the v2 filters are counted`, async () => {
    const patients = profile === "hard" ? 200 : 100;
    const v1 = await linesOf(profile, 1, patients, 5);
    const v2 = await linesOf(profile, 2, patients, 5);
    for (const preset of PRESETS) {
      assert.ok(v1.lines.get(preset)!.length > patients / 2, `${preset}: lines reconstructed`);
      assert.deepEqual(v2.lines.get(preset), v1.lines.get(preset), `${profile} ${preset}: v2 lines = v1 lines`);
    }
    for (const t of v2.summary.accounting.tables) {
      assert.equal(t.rowsRead, t.used + t.mergedDuplicates + t.rejected + t.outOfScope, `${t.table}: identity`);
    }
    if (profile !== "hard") return;
    const s1 = v1.summary;
    const s2 = v2.summary;
    const filters = [
      "information_only_qlp",
      "surcharge",
      "fictitious_nir",
      "billed_in_pmsi",
      "error_ghm",
      "billed_for_another_hospital",
      "empty_ucd",
      "zero_quantity",
      "zero_coefficient",
    ];
    for (const reason of filters) {
      assert.ok(rowsBy(s2, reason) > 0, `v2 accounting counts ${reason}`);
      assert.equal(rowsBy(s1, reason), 0, `no ${reason} in v1`);
    }
    assert.ok(rowsBy(s2, "information_only") > rowsBy(s1, "information_only"), "DPN_QLF 72 on top of 71");
    assert.ok(rowsBy(s2, "not_a_metastasis_code") > rowsBy(s1, "not_a_metastasis_code"), "C77.1");
    // MED repeats and bevacizumab in MED + MEDATU merge into one administration
    assert.ok(rowsBy(s2, "merged_duplicate", /MED$/) > rowsBy(s1, "merged_duplicate", /MED$/), "MED repeats merged");
    assert.ok(rowsBy(s2, "merged_duplicate", /MEDATU$/) > 0, "bevacizumab in MED and MEDATU merged");
    // the v2 tables are read: private clinics (FH) and outpatient visits (CSTC + FHSTC)
    const read = (pattern: RegExp) =>
      s2.accounting.tables.filter((t) => pattern.test(t.table)).reduce((n, t) => n + t.used + t.mergedDuplicates, 0);
    assert.ok(read(/^T_MCO\d\dFH$/) > 0 && read(/^T_MCO\d\dCSTC$/) > 0 && read(/^T_MCO\d\dFHSTC$/) > 0);
  });
}
