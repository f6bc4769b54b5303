/**
 * Reconstructs a work folder's cohort with a rule set on worker threads: the
 * patients (patients.parquet, sorted by patient_id) are cut into ranges of
 * patient_id, each range is read from the Parquet files and reconstructed by a
 * worker into a part file (reconstruct-range.ts), and the parts are merged
 * into the lines file, sorted by patient and line as a single writer does: the
 * file and the summary are the same whatever the number of threads (tested).
 * Memory grows with a batch per thread and with the number of lines.
 */
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { RuleSet } from "../../core/rules/rule-set.js";
import { openDuckSession, sqlString } from "../duckdb/session.js";
import { OUTPUT_FILES } from "../ingest/write-outputs.js";
import { defaultThreadCount, runOrderedPool } from "../threads/ordered-pool.js";
import { mergeLinesParts } from "./lines-writer.js";
import { emptySummary, mergeSummary, type ReconstructionSummary } from "./reconstruct-cohort.js";
import { reconstructRange, type PatientIdRange, type ReconstructionSetup } from "./reconstruct-range.js";

/** Below this many patients per thread, starting workers costs more than it saves. */
const MIN_PATIENTS_PER_THREAD = 5000;
/** Ranges per thread: enough to balance uneven ranges, few enough to keep part files large. */
const RANGES_PER_THREAD = 4;

export interface ReconstructInThreadsOptions {
  /** Threads, the calling one and workers (default: the machine's cores, but no more than one per 5,000 patients). */
  threads?: number;
  /** Patients per batch read from the files (default 2000). */
  batchSize?: number;
  /** Patients done so far, after each range. */
  onPatients?: (done: number) => void;
}

/** Cuts the sorted patient ids into `count` ranges of about equal size. */
export function patientIdRanges(
  ids: readonly string[],
  count: number,
): { from?: string; to?: string; patients: number }[] {
  const n = Math.max(1, Math.min(count, ids.length));
  const ranges: { from?: string; to?: string; patients: number }[] = [];
  for (let i = 0; i < n; i++) {
    const start = Math.floor((i * ids.length) / n);
    const end = Math.floor(((i + 1) * ids.length) / n);
    ranges.push({
      ...(i === 0 ? {} : { from: ids[start]! }),
      ...(i === n - 1 ? {} : { to: ids[end]! }),
      patients: end - start,
    });
  }
  return ranges;
}

/** Part folders are `.lines-parts-<pid>-<random>` in the lines file's folder. */
const PARTS_PREFIX = ".lines-parts-";

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Removes the part folders left in `dir` by a reconstruction that was killed
 * (its process no longer runs); a running one's folder is left alone.
 */
export async function removeStaleParts(dir: string): Promise<string[]> {
  const removed: string[] = [];
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    if (!name.startsWith(PARTS_PREFIX)) continue;
    const pid = Number(/^(\d+)-/.exec(name.slice(PARTS_PREFIX.length))?.[1]);
    if (Number.isInteger(pid) && pid > 0 && processAlive(pid)) continue;
    await rm(join(dir, name), { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}

export async function reconstructInThreads(
  workdir: string,
  rules: RuleSet,
  out: string,
  options: ReconstructInThreadsOptions = {},
): Promise<ReconstructionSummary> {
  const started = performance.now();
  const session = await openDuckSession();
  await removeStaleParts(dirname(out));
  const partsDir = await mkdtemp(join(dirname(out), `${PARTS_PREFIX}${process.pid}-`));
  try {
    const ids = (
      await session.all(`SELECT patient_id FROM read_parquet(${sqlString(join(workdir, OUTPUT_FILES.patients))})`)
    ).map((r) => String(r.patient_id));
    const threads =
      options.threads ?? Math.max(1, Math.min(defaultThreadCount(), Math.floor(ids.length / MIN_PATIENTS_PER_THREAD)));
    const cut = patientIdRanges(ids, threads <= 1 ? 1 : threads * RANGES_PER_THREAD);
    const tasks: PatientIdRange[] = cut.map((r, i) => ({
      ...(r.from === undefined ? {} : { from: r.from }),
      ...(r.to === undefined ? {} : { to: r.to }),
      part: join(partsDir, `part-${String(i).padStart(4, "0")}.parquet`),
    }));
    const setup: ReconstructionSetup = { workdir, rules, batchSize: options.batchSize ?? 2000 };
    const summary = emptySummary(`${rules.name}@${rules.version}`);
    await runOrderedPool({
      module: new URL("./reconstruct-worker.ts", import.meta.url),
      setup,
      threads,
      tasks,
      runLocal: (range: PatientIdRange) => reconstructRange(setup, range),
      onResult: (part: ReconstructionSummary) => {
        mergeSummary(summary, part);
        options.onPatients?.(summary.patients);
      },
    });
    if (summary.patients !== ids.length)
      throw new Error(`Internal error: ${summary.patients} patients reconstructed of ${ids.length}`);
    await mergeLinesParts(
      session,
      tasks.map((t) => t.part),
      out,
    );
    summary.seconds = (performance.now() - started) / 1000;
    return summary;
  } finally {
    session.close();
    await rm(partsDir, { recursive: true, force: true });
  }
}
