// Drug costs of the analysis table through the real chain: a contract-v2
// simulated dataset (synthetic list prices in the contract's cost columns) ->
// ingestion (exposures carry cost_eur_by_source) -> the analysis table of the
// gold lines. Each line's cost is the sum of its source parts, and costs come
// from both the claims (DCIR) and the hospital stays (PMSI).
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { openDuckSession } from "../../../loaders/duckdb/session.js";
import { ingestDataset } from "../../../loaders/ingest/ingest.js";
import { runSimulation } from "../../../loaders/simulate/run-simulation.js";
import { buildAnalysisTable } from "../../../loaders/studies/analysis-table-file.js";

test("analysis table: drug costs per line from a v2 dataset's cost columns, by source", async () => {
  const dir = await mkdtemp(join(tmpdir(), "lotluca-costs-"));
  const session = await openDuckSession({ threads: 1 });
  try {
    await runSimulation({ patients: 200, seed: 21, out: dir, format: "csv", profile: "realistic", report: false });
    const workdir = join(dir, "work");
    await ingestDataset(dir, workdir, { threads: 1, memoryLimit: "1GB" });
    const { rows, summary } = await buildAnalysisTable(session, {
      workdir,
      lines: join(dir, "GOLD_LINES.csv"),
    });
    assert.equal(summary.costs, true);
    const costed = rows.filter((r) => r.drug_cost_eur !== null && r.drug_cost_eur > 0);
    assert.ok(costed.length > rows.length / 2, `${costed.length} of ${rows.length} lines have a cost`);
    for (const r of costed) {
      const parts = (r.drug_cost_dcir_eur ?? 0) + (r.drug_cost_pmsi_eur ?? 0) + (r.drug_cost_warehouse_eur ?? 0);
      assert.ok(Math.abs(parts - r.drug_cost_eur!) < 1e-6 * Math.max(1, r.drug_cost_eur!));
    }
    assert.ok(costed.some((r) => (r.drug_cost_dcir_eur ?? 0) > 0));
    assert.ok(costed.some((r) => (r.drug_cost_pmsi_eur ?? 0) > 0));
  } finally {
    session.close();
    await rm(dir, { recursive: true, force: true });
  }
});
