/**
 * Benchmark of line reconstruction.
 * 1. Engine throughput: patients/s of the pure per-patient function on one
 *    thread, events already in memory (floor: 20,000 patients/s), per preset.
 * 2. Stage by stage on a simulated realistic cohort, at 100k patients (1M with
 *    --full, `--patients N` for one size): ingest, reconstruct, evaluate and the
 *    whole `lotluca run`, with 1 and 2 threads side by side (`--threads 1,2`),
 *    each in a child process under /usr/bin/time -v; figures kept in
 *    bench/results/engine.json.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { reconstructPatient } from "../core/engine/reconstruct.js";
import type { PatientEvents } from "../core/events/events.js";
import { ingestDataset } from "../loaders/ingest/ingest.js";
import { readPatientEvents } from "../loaders/ingest/read-events.js";
import { listPresets, loadRuleSet } from "../loaders/rules/load-rule-set.js";
import { flagValue, simulateDataset, timeCli } from "./cli-child.js";
import type { Benchmark } from "./run.js";
import {
  currentLoad,
  printThreadFigures,
  saveThreadFigures,
  threadCounts,
  type ThreadFigure,
} from "./thread-figures.js";

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

const sha = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");

/**
 * Stage by stage at one size, with each thread count: ingest (once, DuckDB's
 * own threads), reconstruct `default`, evaluate with 200 replicates, and the
 * whole `lotluca run`; the lines and evaluations of the thread counts must be
 * identical (noted otherwise).
 */
function stages(patients: number, threadList: readonly number[], figures: ThreadFigure[]): void {
  const dir = mkdtempSync(join(tmpdir(), "lotluca-bench-run-"));
  try {
    const data = join(dir, "data");
    const work = join(dir, "work");
    simulateDataset(data, patients, { seed: 7 });
    const add = (stage: string, threads: number, run: { seconds: number; maxRssMb: number }, note?: string) =>
      figures.push({
        stage,
        patients,
        threads,
        seconds: run.seconds,
        peakRssMb: run.maxRssMb,
        load: currentLoad(),
        ...(note ? { note } : {}),
      });
    add("ingest (DuckDB threads)", availableParallelism(), timeCli(["--quiet", "ingest", data, "--out", work]));
    let lines0: string | undefined;
    let evaluation0: string | undefined;
    for (const threads of threadList) {
      const lines = join(dir, `lines-${threads}.parquet`);
      const t = ["--threads", String(threads)];
      const reconstruct = timeCli(["--quiet", "reconstruct", work, "--rules", "default", "--out", lines, ...t]);
      lines0 ??= sha(lines);
      add("reconstruct default", threads, reconstruct, sha(lines) === lines0 ? "" : "LINES DIFFER");
      const json = join(dir, `evaluation-${threads}.json`);
      const evaluate = timeCli([
        "evaluate",
        "--dataset",
        data,
        "--pred",
        lines,
        "--workdir",
        work,
        "--replicates",
        "200",
        "--json",
        json,
        ...t,
      ]);
      const evaluation = JSON.stringify((JSON.parse(readFileSync(json, "utf8")) as { evaluation: unknown }).evaluation);
      evaluation0 ??= evaluation;
      add("evaluate (200 replicates)", threads, evaluate, evaluation === evaluation0 ? "" : "EVALUATION DIFFERS");
      const runDir = join(dir, `run-${threads}`);
      add(
        "lotluca run (whole)",
        threads,
        timeCli(["--quiet", "run", data, "--out", runDir, "--replicates", "200", ...t]),
      );
      rmSync(runDir, { recursive: true, force: true });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const engineBenchmark: Benchmark = {
  name: "engine",
  description:
    "line reconstruction: engine patients/s (one thread); ingest, reconstruct, evaluate and `lotluca run` time and peak RSS with 1 and 2 threads",
  async run(flags) {
    await engineThroughput(Number(flagValue(flags, "--engine-patients") ?? 20_000));
    const one = flagValue(flags, "--patients");
    const sizes = one ? [Number(one)] : flags.includes("--full") ? [100_000, 1_000_000] : [100_000];
    process.stdout.write(
      "\nstages of `lotluca run` (rules default, 200 bootstrap replicates), each a child process under /usr/bin/time -v (simulation not timed)\n",
    );
    const figures: ThreadFigure[] = [];
    for (const patients of sizes) stages(patients, threadCounts(flags), figures);
    printThreadFigures(figures);
    process.stdout.write(`figures kept in ${saveThreadFigures("engine", figures)}\n`);
  },
};
