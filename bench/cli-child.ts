/**
 * What the benchmarks share: running the `lotluca` CLI in a child process
 * (simulating a dataset, or timing a command under /usr/bin/time -v, whose
 * "Maximum resident set size" is the peak RSS of Node and DuckDB together),
 * and reading flags.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const CLI = fileURLToPath(new URL("../cli/main.ts", import.meta.url));

/** `lotluca simulate` into `dir` (not timed). */
export function simulateDataset(
  dir: string,
  patients: number,
  options: { seed?: number; profile?: string; format?: "csv" | "parquet" } = {},
): void {
  execFileSync(
    process.execPath,
    [
      "--import",
      "tsx",
      CLI,
      "--quiet",
      "simulate",
      "--patients",
      String(patients),
      "--seed",
      String(options.seed ?? 1),
      "--profile",
      options.profile ?? "realistic",
      "--format",
      options.format ?? "csv",
      "--out",
      dir,
    ],
    { stdio: ["ignore", "ignore", "inherit"] },
  );
}

export interface TimedRun {
  seconds: number;
  maxRssMb: number;
  stdout: string;
}

/** Runs `lotluca <args>` under /usr/bin/time -v; throws with the end of stderr when it fails. */
export function timeCli(args: readonly string[]): TimedRun {
  return timeScript(CLI, args);
}

/** Runs the TypeScript file `script` with `args` under /usr/bin/time -v; throws with the end of stderr when it fails. */
export function timeScript(script: string, args: readonly string[]): TimedRun {
  if (!existsSync("/usr/bin/time")) throw new Error("/usr/bin/time is missing (apt-get install time)");
  const started = Date.now();
  const run = spawnSync("/usr/bin/time", ["-v", process.execPath, "--import", "tsx", script, ...args], {
    encoding: "utf8",
    maxBuffer: 1 << 26,
  });
  const seconds = (Date.now() - started) / 1000;
  if (run.status !== 0)
    throw new Error(`${script} ${args[0] ?? ""} failed (${run.status}): ${run.stderr.slice(-2000)}`);
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(run.stderr);
  return { seconds, maxRssMb: rss ? Number(rss[1]) / 1024 : NaN, stdout: run.stdout };
}

export function flagValue(flags: readonly string[], name: string): string | undefined {
  const at = flags.indexOf(name);
  return at >= 0 ? flags[at + 1] : undefined;
}
