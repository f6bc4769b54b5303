/**
 * Benchmark of `lotluca simulate` (realistic profile, CSV, or Parquet with
 * `--parquet`): wall time and peak RSS with 1 and 2 worker threads side by
 * side (`--threads 1,2`), at 10k and 100k patients, 1M with `--full`
 * (`--patients N` for one size). Each run is a child process under
 * /usr/bin/time -v; the folders of the thread counts are compared file by file
 * (they must be identical). Figures kept in bench/results/simulate-<format>.json.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { flagValue, timeCli } from "./cli-child.js";
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

export const simulateBenchmark: Benchmark = {
  name: "simulate",
  description: "synthetic cohort generation (realistic profile): wall time and peak RSS, 1 and 2 worker threads",
  async run(flags) {
    const one = flagValue(flags, "--patients");
    const sizes = one ? [Number(one)] : flags.includes("--full") ? [10_000, 100_000, 1_000_000] : [10_000, 100_000];
    const format = flags.includes("--parquet") ? "parquet" : "csv";
    const figures: ThreadFigure[] = [];
    for (const patients of sizes) {
      let reference: string | undefined;
      for (const threads of threadCounts(flags)) {
        const dir = mkdtempSync(join(tmpdir(), "lotluca-bench-"));
        try {
          const out = join(dir, "out");
          const { seconds, maxRssMb } = timeCli([
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
          const { digest, bytes } = folderDigest(out);
          reference ??= digest;
          figures.push({
            stage: `simulate (${format})`,
            patients,
            threads,
            seconds,
            peakRssMb: maxRssMb,
            load: currentLoad(),
            note: `${(patients / seconds).toFixed(0)} patients/s, ${(bytes / 1e6).toFixed(0)} MB${digest === reference ? "" : ", FILES DIFFER from the first thread count"}`,
          });
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }
    }
    printThreadFigures(figures);
    process.stdout.write(`figures kept in ${saveThreadFigures(`simulate-${format}`, figures)}\n`);
  },
};
