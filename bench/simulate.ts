/**
 * Benchmark of `lotluca simulate` (realistic profile, CSV): patients per second
 * and peak RSS at 10k and 100k patients, and 1M with `--full`. Each size runs in
 * its own child process so that peak RSS is that of the run alone; the output
 * goes to a temporary folder removed afterwards.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Benchmark } from "./run.js";

const child = fileURLToPath(new URL("./simulate-child.ts", import.meta.url));

function folderBytes(dir: string): number {
  return readdirSync(dir).reduce((sum, f) => sum + statSync(join(dir, f)).size, 0);
}

export const simulateBenchmark: Benchmark = {
  name: "simulate",
  description: "synthetic cohort generation (realistic profile, CSV): patients/s and peak RSS",
  async run(flags) {
    const sizes = flags.includes("--full") ? [10_000, 100_000, 1_000_000] : [10_000, 100_000];
    const format = flags.includes("--parquet") ? "parquet" : "csv";
    process.stdout.write("patients   seconds  patients/s  peak RSS (MB)  output (MB)\n");
    for (const patients of sizes) {
      const dir = mkdtempSync(join(tmpdir(), "lotluca-bench-"));
      try {
        const stdout = execFileSync(
          process.execPath,
          ["--import", "tsx", child, String(patients), join(dir, "out"), format],
          {
            encoding: "utf8",
            maxBuffer: 1 << 20,
          },
        );
        const { seconds, maxRssKb } = JSON.parse(stdout.trim().split("\n").pop()!) as {
          seconds: number;
          maxRssKb: number;
        };
        const mb = folderBytes(join(dir, "out")) / 1e6;
        process.stdout.write(
          `${String(patients).padEnd(9)}  ${seconds.toFixed(1).padStart(7)}  ${Math.round(patients / seconds)
            .toString()
            .padStart(10)}  ${(maxRssKb / 1024).toFixed(0).padStart(13)}  ${mb.toFixed(0).padStart(11)}\n`,
        );
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  },
};
