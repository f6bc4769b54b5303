/**
 * Benchmark of line reconstruction.
 * 1. Engine throughput: patients/s of the pure per-patient function on one
 *    thread, events already in memory (floor: 20,000 patients/s), per preset.
 * 2. End-to-end `lotluca run` (ingest + reconstruct + evaluate) on a simulated
 *    realistic cohort: time and peak RSS, at 100k patients (1M with --full),
 *    in a child process under /usr/bin/time -v.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { reconstructPatient } from "../core/engine/reconstruct.js";
import type { PatientEvents } from "../core/events/events.js";
import { ingestDataset } from "../loaders/ingest/ingest.js";
import { readPatientEvents } from "../loaders/ingest/read-events.js";
import { listPresets, loadRuleSet } from "../loaders/rules/load-rule-set.js";
import { flagValue, simulateDataset, timeCli } from "./cli-child.js";
import type { Benchmark } from "./run.js";

async function engineThroughput(patients: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "lotluca-bench-engine-"));
  try {
    simulateDataset(join(dir, "data"), patients, { seed: 7 });
    await ingestDataset(join(dir, "data"), join(dir, "work"));
    const all: PatientEvents[] = [];
    for await (const batch of readPatientEvents(join(dir, "work"), { batchSize: 5000 })) all.push(...batch);
    const events = all.reduce((n, p) => n + p.exposures.length + p.sessions.length, 0);
    process.stdout.write(
      `engine throughput, one thread, events in memory (${all.length} patients, ${events} exposures + sessions)\n`,
    );
    process.stdout.write("preset       passes  patients/s  lines\n");
    for (const preset of listPresets()) {
      const rules = loadRuleSet(preset);
      for (const p of all.slice(0, 2000)) reconstructPatient(p, rules); // warm-up
      let lines = 0;
      const passes = 3;
      const started = performance.now();
      for (let pass = 0; pass < passes; pass++) for (const p of all) lines += reconstructPatient(p, rules).lines.length;
      const seconds = (performance.now() - started) / 1000;
      process.stdout.write(
        `${preset.padEnd(11)}  ${String(passes).padStart(6)}  ${Math.round((passes * all.length) / seconds)
          .toLocaleString("en-US")
          .padStart(10)}  ${lines / passes}\n`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function runChild(dataset: string, workdir: string): { seconds: number; maxRssMb: number } {
  return timeCli(["--quiet", "run", dataset, "--out", workdir, "--replicates", "200"]);
}

export const engineBenchmark: Benchmark = {
  name: "engine",
  description: "line reconstruction: engine patients/s (one thread), and end-to-end `lotluca run` time and peak RSS",
  async run(flags) {
    await engineThroughput(Number(flagValue(flags, "--engine-patients") ?? 20_000));
    const sizes = flags.includes("--full") ? [100_000, 1_000_000] : [100_000];
    process.stdout.write("\nlotluca run (ingest + reconstruct default + evaluate with 200 bootstrap replicates)\n");
    process.stdout.write("patients   seconds  peak RSS (MB)  (simulation not timed)\n");
    for (const patients of sizes) {
      const dir = mkdtempSync(join(tmpdir(), "lotluca-bench-run-"));
      try {
        simulateDataset(join(dir, "data"), patients, { seed: 7 });
        const { seconds, maxRssMb } = runChild(join(dir, "data"), join(dir, "work"));
        process.stdout.write(
          `${String(patients).padEnd(9)}  ${seconds.toFixed(1).padStart(7)}  ${maxRssMb.toFixed(0).padStart(13)}\n`,
        );
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  },
};
