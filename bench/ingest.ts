/**
 * Benchmark of `lotluca ingest` (realistic profile, CSV input): ingestion time
 * and peak RSS at 100k patients, and 1M with `--full`. The dataset is made by
 * `lotluca simulate` (not timed); the ingestion runs in its own child process
 * under `/usr/bin/time -v`, whose "Maximum resident set size" is the peak RSS
 * of Node and DuckDB together. Also reports, per simulator profile, the share
 * of gold molecules found in the exposures (`--coverage-patients N`, default 2000).
 * Floor: 1M patients in under 10 minutes and under 8 GB, printed next to the
 * figures. Ingestion runs with its defaults (in-memory DuckDB, memory limit
 * DEFAULT_INGEST_MEMORY_LIMIT, spilling to WORKDIR/.duckdb-tmp). Flags: `--full`
 * (1M too), `--patients N` (one size), `--dataset DIR` (ingest an existing
 * simulated folder instead of simulating; with `--patients N` naming its size),
 * `--on-disk` (passed to ingest), `--no-coverage`,
 * `--coverage-patients N`.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDataset } from "../loaders/dataset/index.js";
import { openDuckSession } from "../loaders/duckdb/session.js";
import { goldCoverage } from "../loaders/ingest/gold-coverage.js";
import { ingestDataset, type IngestSummary } from "../loaders/ingest/ingest.js";
import { flagValue, simulateDataset, timeCli } from "./cli-child.js";
import type { Benchmark } from "./run.js";

/** The floor ingestion must meet at 1M patients on the 2-core reference machine. */
export const INGEST_FLOOR = { patients: 1_000_000, seconds: 600, rssMb: 8 * 1024 } as const;

function ingestChild(
  dataset: string,
  workdir: string,
  extra: readonly string[],
): { seconds: number; maxRssMb: number; summary: IngestSummary } {
  const run = timeCli(["--quiet", "ingest", dataset, "--out", workdir, "--json", ...extra]);
  return { seconds: run.seconds, maxRssMb: run.maxRssMb, summary: JSON.parse(run.stdout) as IngestSummary };
}

async function coverage(patients: number): Promise<void> {
  process.stdout.write(`\ngold molecules found in exposures (${patients} patients per profile)\n`);
  process.stdout.write("profile     molecules  found  share    missing (top)\n");
  for (const profile of ["clean", "realistic", "hard"]) {
    const dir = mkdtempSync(join(tmpdir(), "lotluca-bench-cov-"));
    const session = await openDuckSession({ threads: 1 });
    try {
      simulateDataset(join(dir, "data"), patients, { profile });
      await ingestDataset(join(dir, "data"), join(dir, "work"));
      const c = await goldCoverage(session, await openDataset(join(dir, "data"), session), join(dir, "work"));
      const top = Object.entries(c.missingByMolecule)
        .sort((a, b) => b[1] - a[1])
        .slice(0, 5)
        .map(([m, n]) => `${m} ${n}`)
        .join(", ");
      process.stdout.write(
        `${profile.padEnd(10)}  ${String(c.molecules).padStart(9)}  ${String(c.found).padStart(5)}  ${(100 * c.share).toFixed(1).padStart(5)} %  ${top}\n`,
      );
    } finally {
      session.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

export const ingestBenchmark: Benchmark = {
  name: "ingest",
  description: "ingestion of a simulated cohort (realistic profile, CSV): time and peak RSS; gold molecule coverage",
  async run(flags) {
    const sizes = flags.includes("--full") ? [100_000, 1_000_000] : [100_000];
    const only = flagValue(flags, "--patients");
    const existing = flagValue(flags, "--dataset");
    const list = only ? [Number(only)] : existing ? [NaN] : sizes;
    const extra = flags.includes("--on-disk") ? ["--on-disk"] : [];
    process.stdout.write(
      "patients   seconds  peak RSS (MB)  rows read    exposures  sessions  (simulation not timed)\n",
    );
    for (const patients of list) {
      const dir = mkdtempSync(join(tmpdir(), "lotluca-bench-ingest-"));
      try {
        const data = existing ?? join(dir, "data");
        if (!existing) simulateDataset(data, patients, { profile: "realistic" });
        const { seconds, maxRssMb, summary } = ingestChild(data, join(dir, "work"), extra);
        const read = summary.accounting.tables.reduce((s, t) => s + t.rowsRead, 0);
        const size = summary.counts.patients;
        process.stdout.write(
          `${String(size).padEnd(9)}  ${seconds.toFixed(1).padStart(7)}  ${maxRssMb.toFixed(0).padStart(13)}  ` +
            `${String(read).padStart(10)}  ${String(summary.counts.exposures).padStart(10)}  ${String(summary.counts.sessions).padStart(8)}\n`,
        );
        if (size >= INGEST_FLOOR.patients) {
          const pass = seconds < INGEST_FLOOR.seconds && maxRssMb < INGEST_FLOOR.rssMb;
          process.stdout.write(
            `           floor (1M patients): < ${INGEST_FLOOR.seconds} s and < ${INGEST_FLOOR.rssMb} MB peak RSS: ` +
              `${seconds.toFixed(1)} s, ${maxRssMb.toFixed(0)} MB: ${pass ? "PASS" : "FAIL"}\n`,
          );
        }
        const steps = Object.entries(summary.timingsMs)
          .map(([k, v]) => `${k} ${(v / 1000).toFixed(1)}`)
          .join(", ");
        process.stdout.write(`           steps (s): ${steps}\n`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
    if (!flags.includes("--no-coverage")) await coverage(Number(flagValue(flags, "--coverage-patients") ?? 2000));
  },
};
