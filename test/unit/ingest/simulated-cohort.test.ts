/**
 * Ingestion against the simulator: on a clean cohort every gold molecule the
 * observation layer makes visible is found in the exposures (within the line's
 * dates, +/- 1 day), and no row is rejected.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { openDataset } from "../../../loaders/dataset/index.js";
import { openDuckSession } from "../../../loaders/duckdb/session.js";
import { goldCoverage } from "../../../loaders/ingest/gold-coverage.js";
import { ingestDataset } from "../../../loaders/ingest/ingest.js";
import { runSimulation } from "../../../loaders/simulate/run-simulation.js";

test("clean simulated cohort (300 patients): 100 % of gold molecules found, nothing rejected", async () => {
  const dir = await mkdtemp(join(tmpdir(), "lotluca-ingest-sim-"));
  const session = await openDuckSession({ threads: 1 });
  try {
    await runSimulation({ patients: 300, seed: 11, out: dir, format: "csv", profile: "clean", report: false });
    const workdir = join(dir, "work");
    const summary = await ingestDataset(dir, workdir, { threads: 1, memoryLimit: "1GB" });
    assert.equal(summary.counts.patients, 300);
    assert.equal(summary.counts.rejectedRows, 0);
    const dataset = await openDataset(dir, session);
    const coverage = await goldCoverage(session, dataset, workdir);
    assert.ok(coverage.molecules > 100);
    assert.deepEqual(coverage.missingByMolecule, {});
    assert.equal(coverage.share, 1);
  } finally {
    session.close();
    await rm(dir, { recursive: true, force: true });
  }
});
