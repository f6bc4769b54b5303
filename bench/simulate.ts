/**
 * Benchmark of `lotluca simulate` (realistic profile, seed 1): patients per
 * second, wall time, CPU time and peak RSS for CSV and Parquet, with 1 and 2
 * threads side by side (`--threads 1,2`), at 10k and 100k patients, 1M with
 * `--full` (`--patients N` for one size, `--format csv|parquet` for one format;
 * `--parquet` is `--format parquet`). Each run is a child process under
 * /usr/bin/time -v; the folders of the thread counts are compared file by file
 * (they must be identical). The machine is shared: the CPU time and the load
 * average say how much of the wall time was waiting for a core. Figures kept in
 * bench/results/simulate-<format>.json.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CLI, flagValue } from "./cli-child.js";
import type { Benchmark } from "./run.js";
import {
  currentLoad,
  printThreadFigures,
  saveThreadFigures,
  threadCounts,
  type ThreadFigure,
} from "./thread-figures.js";

function folderDigest(dir: string): { digest: string; bytes: number } {
  const hash = createHash("sha256");
  let bytes = 0;
  for (const file of readdirSync(dir).sort()) {
    hash.update(file).update(readFileSync(join(dir, file)));
    bytes += statSync(join(dir, file)).size;
  }
  return { digest: hash.digest("hex"), bytes };
}

interface TimedSimulation {
  seconds: number;
  cpuSeconds: number;
  maxRssMb: number;
}

/** `lotluca simulate <args>` under /usr/bin/time -v: wall time, user + system CPU time, peak RSS. */
function timeSimulation(args: readonly string[]): TimedSimulation {
  if (!existsSync("/usr/bin/time")) throw new Error("/usr/bin/time is missing (apt-get install time)");
  const started = Date.now();
  const run = spawnSync("/usr/bin/time", ["-v", process.execPath, "--import", "tsx", CLI, ...args], {
    encoding: "utf8",
    maxBuffer: 1 << 26,
  });
  const seconds = (Date.now() - started) / 1000;
  if (run.status !== 0) throw new Error(`simulate failed (${run.status}): ${run.stderr.slice(-2000)}`);
  const figure = (label: string) => Number(new RegExp(`${label}: ([\\d.]+)`).exec(run.stderr)?.[1] ?? NaN);
  return {
    seconds,
    cpuSeconds: figure("User time \\(seconds\\)") + figure("System time \\(seconds\\)"),
    maxRssMb: figure("Maximum resident set size \\(kbytes\\)") / 1024,
  };
}

function formatsOf(flags: readonly string[]): ("csv" | "parquet")[] {
  const one = flagValue(flags, "--format") ?? (flags.includes("--parquet") ? "parquet" : undefined);
  if (one === undefined) return ["csv", "parquet"];
  if (one !== "csv" && one !== "parquet") throw new Error(`--format must be csv or parquet, got ${one}`);
  return [one];
}

export const simulateBenchmark: Benchmark = {
  name: "simulate",
  description:
    "synthetic cohort generation (realistic profile): patients/s, wall and CPU time, peak RSS; CSV and Parquet, 1 and 2 threads",
  async run(flags) {
    const one = flagValue(flags, "--patients");
    const sizes = one ? [Number(one)] : flags.includes("--full") ? [10_000, 100_000, 1_000_000] : [10_000, 100_000];
    for (const format of formatsOf(flags)) {
      const figures: ThreadFigure[] = [];
      for (const patients of sizes) {
        let reference: string | undefined;
        for (const threads of threadCounts(flags)) {
          const dir = mkdtempSync(join(tmpdir(), "lotluca-bench-"));
          try {
            const out = join(dir, "out");
            const { seconds, cpuSeconds, maxRssMb } = timeSimulation([
              "--quiet",
              "simulate",
              "--patients",
              String(patients),
              "--seed",
              "1",
              "--format",
              format,
              "--threads",
              String(threads),
              "--out",
              out,
            ]);
            const load = currentLoad();
            const { digest, bytes } = folderDigest(out);
            reference ??= digest;
            figures.push({
              stage: `simulate (${format})`,
              patients,
              threads,
              seconds,
              peakRssMb: maxRssMb,
              load,
              note:
                `${(patients / seconds).toFixed(0)} patients/s, CPU ${cpuSeconds.toFixed(1)} s, ${(bytes / 1e6).toFixed(0)} MB` +
                (digest === reference ? "" : ", FILES DIFFER from the first thread count"),
            });
          } finally {
            rmSync(dir, { recursive: true, force: true });
          }
        }
      }
      printThreadFigures(figures);
      process.stdout.write(`figures kept in ${saveThreadFigures(`simulate-${format}`, figures)}\n`);
    }
  },
};
