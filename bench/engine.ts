/**
 * Benchmark of line reconstruction.
 * 1. Engine throughput: patients/s of the pure per-patient function on one
 *    thread, events already in memory (floor: 20,000 patients/s), per preset.
 * 2. End-to-end `lotluca run` (ingest + reconstruct + evaluate) on a simulated
 *    realistic cohort: time and peak RSS, at 100k patients (1M with --full),
 *    in a child process under /usr/bin/time -v.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { reconstructPatient } from "../core/engine/reconstruct.js";
import type { PatientEvents } from "../core/events/events.js";
import { ingestDataset } from "../loaders/ingest/ingest.js";
import { readPatientEvents } from "../loaders/ingest/read-events.js";
import { listPresets, loadRuleSet } from "../loaders/rules/load-rule-set.js";
import type { Benchmark } from "./run.js";

const cli = fileURLToPath(new URL("../cli/main.ts", import.meta.url));

function simulate(patients: number, dir: string): void {
  execFileSync(
    process.execPath,
    [
      "--import",
      "tsx",
      cli,
      "--quiet",
      "simulate",
      "--patients",
      String(patients),
      "--seed",
      "7",
      "--profile",
      "realistic",
      "--out",
      dir,
    ],
    { stdio: ["ignore", "ignore", "inherit"] },
  );
}

function flagValue(flags: readonly string[], name: string): string | undefined {
  const at = flags.indexOf(name);
  return at >= 0 ? flags[at + 1] : undefined;
}

async function engineThroughput(patients: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "lotluca-bench-engine-"));
  try {
    simulate(patients, join(dir, "data"));
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
  if (!existsSync("/usr/bin/time")) throw new Error("/usr/bin/time is missing (apt-get install time)");
  const started = Date.now();
  const run = spawnSync(
    "/usr/bin/time",
    [
      "-v",
      process.execPath,
      "--import",
      "tsx",
      cli,
      "--quiet",
      "run",
      dataset,
      "--out",
      workdir,
      "--replicates",
      "200",
    ],
    { encoding: "utf8", maxBuffer: 1 << 26 },
  );
  const seconds = (Date.now() - started) / 1000;
  if (run.status !== 0) throw new Error(`run failed (${run.status}): ${run.stderr.slice(-2000)}`);
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(run.stderr);
  return { seconds, maxRssMb: rss ? Number(rss[1]) / 1024 : NaN };
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
        simulate(patients, join(dir, "data"));
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
