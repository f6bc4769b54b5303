// The simulator's contract v1 and v2 datasets of one seed (one clinical truth, two
// forms: v2 adds the 1600 death date, SAS dates, noise rows for the cleaning
// filters, MED repeats, private clinics, outpatient visits, C77.1, the payment
// lag) reconstruct into the same lines with the same end of data, and the v2
// accounting shows its filters.
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { PROFILE_NAMES } from "../../../core/simulation/profiles.js";
import { openDuckSession, sqlString } from "../../../loaders/duckdb/session.js";
import { ingestDataset, type IngestSummary } from "../../../loaders/ingest/ingest.js";
import { reconstructWorkdir } from "../../../loaders/pipeline/run-pipeline.js";
import { loadRuleSet } from "../../../loaders/rules/load-rule-set.js";
import { runSimulation } from "../../../loaders/simulate/run-simulation.js";

let root: string;
before(async () => {
  root = await mkdtemp(join(tmpdir(), "lotluca-contract-lines-"));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

async function linesOf(
  profile: string,
  contract: 1 | 2,
  endOfData?: string,
): Promise<{ lines: string[]; summary: IngestSummary }> {
  const dir = join(root, `${profile}-${contract}`);
  await runSimulation({
    patients: 150,
    seed: 11,
    out: dir,
    format: "csv",
    profile: profile as "clean",
    contract,
    report: false,
  });
  const work = join(dir, "work");
  const summary = await ingestDataset(dir, work, {
    threads: 1,
    memoryLimit: "512MB",
    ...(endOfData === undefined ? {} : { endOfData }),
  });
  const file = join(work, "lines.parquet");
  await reconstructWorkdir(work, loadRuleSet("default"), file);
  const session = await openDuckSession({ threads: 1 });
  try {
    const rows = await session.all(
      `SELECT patient_id, line_number, strftime(start_date, '%Y-%m-%d') AS s, strftime(end_date, '%Y-%m-%d') AS e, ` +
        `molecules, end_reason FROM read_parquet(${sqlString(file)}) ORDER BY patient_id, line_number`,
    );
    return { lines: rows.map((r) => JSON.stringify(r)), summary };
  } finally {
    session.close();
  }
}

for (const profile of PROFILE_NAMES) {
  test(`${profile}: contract v1 and v2 of one seed give the same lines; the v2 filters are counted`, async () => {
    // the v1 flux dates have no payment lag: the same end of data (v2's, from its flux dates) for both
    const v2 = await linesOf(profile, 2);
    assert.equal(v2.summary.endOfDataSource, "flux_date_minus_payment_lag");
    const v1 = await linesOf(profile, 1, v2.summary.endOfData);
    assert.ok(v1.lines.length > 50, `${v1.lines.length} lines`);
    assert.deepEqual(v2.lines, v1.lines);
    const reasons = new Set(v2.summary.accounting.reasons.map((r) => r.reason));
    if (profile !== "clean") {
      for (const reason of ["information_only", "error_ghm", "billed_for_another_hospital"]) {
        assert.ok(reasons.has(reason), `${reason} counted (${[...reasons].join(", ")})`);
      }
    }
  });
}
