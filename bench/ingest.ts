/**
 * Benchmark of ingestion against the plain read of the same files, in the same
 * run: for 100k patients (1M too with `--full`), a CSV and a Parquet dataset
 * (realistic profile, `lotluca simulate`, not timed), it measures
 *
 * - the plain read (bench/plain-read-child.ts): DuckDB reads every table into
 *   typed tables, nothing else; run before and after the ingestion, the mean is
 *   the reference;
 * - the ingestion (bench/ingest-child.ts): each stage's wall time and the peak
 *   RSS at its end, and the whole;
 * - `lotluca run --rules default --replicates 200` (ingest, reconstruct,
 *   evaluate): wall time and peak RSS;
 *
 * each in its own child process under `/usr/bin/time -v` (peak RSS of Node and
 * DuckDB together), and prints the ratio ingestion / plain read (target: <= 2)
 * with the load average at the start. The figures are kept in
 * `bench/results/ingest-<size>-<format>.json` (machine, git commit, load average)
 * and the change against the previous kept figures is printed.
 *
 * Flags: `--full` (1M too), `--patients N` (one size), `--format csv|parquet`
 * (one format), `--datasets DIR` (keep the simulated datasets in
 * `DIR/<size>-<format>` and reuse them in later runs), `--dataset DIR` (an
 * existing folder; `--patients N` names its size), `--no-run` (skip `lotluca
 * run`), `--no-save` (do not replace the kept figures), `--coverage` (also the
 * share of gold molecules found in the exposures per simulator profile,
 * `--coverage-patients N`, default 2000).
 */
import { version as duckdbVersion } from "@duckdb/node-api";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { openDataset } from "../loaders/dataset/index.js";
import { openDuckSession } from "../loaders/duckdb/session.js";
import { goldCoverage } from "../loaders/ingest/gold-coverage.js";
import { ingestDataset, INGEST_STEPS } from "../loaders/ingest/ingest.js";
import { flagValue, simulateDataset, timeCli, timeScript } from "./cli-child.js";
import {
  compareWithPrevious,
  gitState,
  loadAverage,
  machineInfo,
  readPrevious,
  resultsFile,
  sizeLabel,
  writeRecord,
  type IngestBenchRecord,
} from "./ingest-results.js";
import type { Benchmark } from "./run.js";

/** Target of issue 17: ingestion at most twice the plain read of the same files. */
export const INGEST_TARGET_RATIO = 2;

const INGEST_CHILD = fileURLToPath(new URL("./ingest-child.ts", import.meta.url));
const PLAIN_READ_CHILD = fileURLToPath(new URL("./plain-read-child.ts", import.meta.url));

interface IngestChildOutput {
  seconds: number;
  stepsMs: Record<string, number>;
  stepPeakRssMb: Record<string, number>;
  rowsRead: number;
  counts: { patients: number; exposures: number; sessions: number };
}

function folderMb(dir: string): number {
  return readdirSync(dir).reduce((sum, f) => sum + statSync(join(dir, f)).size, 0) / 2 ** 20;
}

function plainRead(dataset: string, scratch: string): { seconds: number; peakRssMb: number } {
  const run = timeScript(PLAIN_READ_CHILD, [dataset, scratch]);
  const out = JSON.parse(run.stdout) as { seconds: number };
  return { seconds: out.seconds, peakRssMb: run.maxRssMb };
}

function measure(
  dataset: string,
  scratch: string,
  patients: number,
  format: "csv" | "parquet",
  withRun: boolean,
): IngestBenchRecord {
  const started = { measuredAt: new Date().toISOString(), ...gitState(), loadAverageAtStart: loadAverage() };
  const before = plainRead(dataset, join(scratch, "plain"));
  const ingestRun = timeScript(INGEST_CHILD, [dataset, join(scratch, "ingest")]);
  rmSync(join(scratch, "ingest"), { recursive: true, force: true });
  const ingest = JSON.parse(ingestRun.stdout) as IngestChildOutput;
  const after = plainRead(dataset, join(scratch, "plain"));
  const plainSeconds = (before.seconds + after.seconds) / 2;
  let run: IngestBenchRecord["run"];
  if (withRun) {
    const r = timeCli(["--quiet", "run", dataset, "--out", join(scratch, "run"), "--rules", "default"]);
    rmSync(join(scratch, "run"), { recursive: true, force: true });
    run = { seconds: r.seconds, peakRssMb: r.maxRssMb };
  }
  return {
    ...started,
    machine: machineInfo(duckdbVersion()),
    patients: ingest.counts.patients || patients,
    format,
    inputMb: Math.round(folderMb(dataset)),
    rowsRead: ingest.rowsRead,
    plainRead: {
      seconds: plainSeconds,
      peakRssMb: Math.max(before.peakRssMb, after.peakRssMb),
      runs: [before, after],
    },
    ingest: {
      seconds: ingest.seconds,
      peakRssMb: ingestRun.maxRssMb,
      stages: INGEST_STEPS.filter((s) => ingest.stepsMs[s] !== undefined).map((name) => ({
        name,
        seconds: ingest.stepsMs[name]! / 1000,
        peakRssMb: ingest.stepPeakRssMb[name] ?? NaN,
      })),
    },
    ratio: ingest.seconds / plainSeconds,
    ...(run ? { run } : {}),
  };
}

function print(record: IngestBenchRecord): void {
  const w = (s: string) => process.stdout.write(s + "\n");
  const mb = (x: number) => `${x.toFixed(0).padStart(7)} MB`;
  w(
    `\n${sizeLabel(record.patients)} patients, ${record.format}: ${record.rowsRead.toLocaleString("en")} rows, ` +
      `${record.inputMb} MB; load average at start ${record.loadAverageAtStart.join(" ")}`,
  );
  w(`  ${"stage".padEnd(16)} ${"seconds".padStart(8)}  ${"peak RSS".padStart(10)}`);
  for (const s of record.ingest.stages)
    w(`  ${s.name.padEnd(16)} ${s.seconds.toFixed(1).padStart(8)}  ${mb(s.peakRssMb)}`);
  w(`  ${"ingestion".padEnd(16)} ${record.ingest.seconds.toFixed(1).padStart(8)}  ${mb(record.ingest.peakRssMb)}`);
  w(
    `  ${"plain read".padEnd(16)} ${record.plainRead.seconds.toFixed(1).padStart(8)}  ${mb(record.plainRead.peakRssMb)}` +
      `  (runs ${record.plainRead.runs.map((r) => r.seconds.toFixed(1)).join(" s, ")} s)`,
  );
  w(
    `  ratio ingestion / plain read: ${record.ratio.toFixed(2)} ` +
      `(target <= ${INGEST_TARGET_RATIO}: ${record.ratio <= INGEST_TARGET_RATIO ? "met" : "NOT met"})`,
  );
  if (record.run) {
    w(
      `  lotluca run --rules default (200 replicates): ${record.run.seconds.toFixed(1)} s, ${mb(record.run.peakRssMb).trim()}`,
    );
  }
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
  description:
    "ingestion stage by stage next to DuckDB's plain read of the same files (CSV and Parquet), and `lotluca run`",
  async run(flags) {
    const only = flagValue(flags, "--patients");
    const existing = flagValue(flags, "--dataset");
    const kept = flagValue(flags, "--datasets");
    const sizes = only ? [Number(only)] : flags.includes("--full") ? [100_000, 1_000_000] : [100_000];
    const formatFlag = flagValue(flags, "--format");
    const formats: ("csv" | "parquet")[] =
      formatFlag === "csv" || formatFlag === "parquet" ? [formatFlag] : ["csv", "parquet"];
    for (const patients of sizes) {
      for (const format of existing ? ([formatFlag === "parquet" ? "parquet" : "csv"] as const) : formats) {
        const scratch = mkdtempSync(join(tmpdir(), "lotluca-bench-ingest-"));
        try {
          let dataset = existing ?? join(kept ?? scratch, `${sizeLabel(patients)}-${format}`);
          if (!existing && !existsSync(join(dataset, "manifest.json"))) {
            rmSync(dataset, { recursive: true, force: true });
            process.stdout.write(`simulating ${sizeLabel(patients)} patients (${format}, not timed)...\n`);
            simulateDataset(dataset, patients, { profile: "realistic", format });
          }
          dataset = existing ?? dataset;
          const record = measure(dataset, scratch, patients, format, !flags.includes("--no-run"));
          print(record);
          const file = resultsFile(record.patients, format);
          const previous = readPrevious(file);
          if (previous) for (const line of compareWithPrevious(record, previous)) process.stdout.write(line + "\n");
          if (!flags.includes("--no-save")) {
            writeRecord(file, record);
            process.stdout.write(`  kept in ${file}\n`);
          }
        } finally {
          rmSync(scratch, { recursive: true, force: true });
        }
      }
    }
    if (flags.includes("--coverage")) await coverage(Number(flagValue(flags, "--coverage-patients") ?? 2000));
  },
};
