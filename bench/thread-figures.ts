/**
 * What the thread-count benchmarks (simulate, engine, evaluate) share: a row of
 * figures per stage and thread count (wall time, peak RSS, the 1-minute load
 * average when it ran: the machine is shared, absolute times are noisy),
 * printed side by side and kept in bench/results/<name>.json.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { fileURLToPath } from "node:url";

export interface ThreadFigure {
  stage: string;
  patients: number;
  threads: number;
  seconds: number;
  peakRssMb: number;
  /** 1-minute load average at the end of the run. */
  load: number;
  /** Anything else worth keeping (e.g. whether the outputs of 1 and 2 threads are identical). */
  note?: string;
}

export const currentLoad = () => loadavg()[0]!;

/** Prints figures grouped by stage and size, one column block per thread count. */
export function printThreadFigures(figures: readonly ThreadFigure[]): void {
  const threads = [...new Set(figures.map((f) => f.threads))].sort((a, b) => a - b);
  const keys = [...new Set(figures.map((f) => `${f.stage}\u0000${f.patients}`))];
  const head = ["stage".padEnd(24), "patients".padStart(9)];
  for (const t of threads) head.push(`${t} thr: s`.padStart(11), "RSS MB".padStart(7), "load".padStart(5));
  head.push("  speed-up", "  note");
  process.stdout.write(head.join("  ") + "\n");
  for (const key of keys) {
    const [stage, patients] = key.split("\u0000") as [string, string];
    const row = figures.filter((f) => f.stage === stage && String(f.patients) === patients);
    const cells = [stage.padEnd(24), patients.padStart(9)];
    for (const t of threads) {
      const f = row.find((x) => x.threads === t);
      cells.push(
        (f ? f.seconds.toFixed(1) : "-").padStart(11),
        (f ? f.peakRssMb.toFixed(0) : "-").padStart(7),
        (f ? f.load.toFixed(1) : "-").padStart(5),
      );
    }
    const first = row.find((x) => x.threads === threads[0]);
    const last = row.find((x) => x.threads === threads.at(-1));
    cells.push(
      first && last && first !== last ? `${(first.seconds / last.seconds).toFixed(2)}x`.padStart(10) : "".padStart(10),
    );
    cells.push("  " + [...new Set(row.map((f) => f.note).filter(Boolean))].join("; "));
    process.stdout.write(cells.join("  ") + "\n");
  }
}

/** Keeps the figures in bench/results/<name>.json (replaced by each run). */
export function saveThreadFigures(name: string, figures: readonly ThreadFigure[]): string {
  const dir = fileURLToPath(new URL("./results/", import.meta.url));
  mkdirSync(dir, { recursive: true });
  const file = `${dir}${name}.json`;
  const doc = {
    benchmark: name,
    date: new Date().toISOString(),
    cores: availableParallelism(),
    node: process.version,
    figures,
  };
  writeFileSync(file, JSON.stringify(doc, null, 2) + "\n");
  return file;
}

/** Thread counts to compare: `--threads 1,2` (default 1 and 2). */
export function threadCounts(flags: readonly string[]): number[] {
  const at = flags.indexOf("--threads");
  const text = at >= 0 ? flags[at + 1] : undefined;
  return text ? text.split(",").map(Number) : [1, 2];
}
