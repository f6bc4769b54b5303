/**
 * `lotluca simulate`: splits the patients into index ranges simulated on worker
 * threads (simulate-range.ts: the pure simulator of core/simulation, rows
 * formatted as CSV text) and appends the ranges, in index order, to per-table
 * CSV files, so the files are the same whatever the number of threads;
 * then adds the nomenclatures, converts to Parquet if asked, and writes
 * manifest.json (and calibration.json with --report). Memory is bounded by a
 * few ranges per thread: the cohort is never held.
 */
import { mkdir, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { CalibrationAccumulator, type CalibrationResult } from "../../core/simulation/calibration.js";
import { EXTRACTION_END } from "../../core/simulation/calendar.js";
import { contractV2Rates, v2DateForm } from "../../core/simulation/observation/contract-v2.js";
import { SIMULATED_TABLES, type ContractVersion } from "../../core/simulation/observation/layout.js";
import { nomenclatureTables } from "../../core/simulation/observation/nomenclature.js";
import {
  INVENTED_CIP13_PREFIX,
  INVENTED_UCD7_FROM,
  INVENTED_UCD7_TO,
} from "../../core/simulation/observation/codes.js";
import { type ProfileName } from "../../core/simulation/profiles.js";
import { formatDay } from "../../core/time/day.js";
import { UsageError } from "../../core/errors/data-error.js";
import { CsvDatasetWriter } from "./csv-table-writer.js";
import { convertCsvToParquet } from "./parquet.js";
import {
  csvOptionsOf,
  simulateRange,
  type PatientRange,
  type SimulatedRange,
  type SimulationSetup,
} from "./simulate-range.js";
import { defaultThreadCount, runOrderedPool } from "../threads/ordered-pool.js";

export const GENERATOR_NAME = "lotluca-simulate";
/** Bump when the same arguments would give different files. */
export const GENERATOR_VERSION = "1.4.0";

export interface SimulationOptions {
  patients: number;
  seed: number;
  out: string;
  format: "csv" | "parquet";
  profile: ProfileName;
  /** Data contract version of the files (2 by default); the clinical truth and the gold standard do not depend on it. */
  contract?: ContractVersion;
  report: boolean;
  /** Patients per task (default 500). */
  batchSize?: number;
  /**
   * Threads simulating patient ranges, the calling one and workers (default: the machine's cores, but
   * no more than one per 2,000 patients); the files are the same whatever the number.
   */
  threads?: number;
  onProgress?: (done: number) => void;
}

/** Below this many patients per thread, starting workers costs more than it saves. */
const MIN_PATIENTS_PER_THREAD = 2000;

function simulationThreads(options: SimulationOptions): number {
  if (options.threads !== undefined) {
    if (!Number.isInteger(options.threads) || options.threads < 1)
      throw new UsageError(`--threads must be an integer >= 1, got ${String(options.threads)}`);
    return options.threads;
  }
  return Math.max(1, Math.min(defaultThreadCount(), Math.floor(options.patients / MIN_PATIENTS_PER_THREAD)));
}

export interface SimulationSummary {
  rowCounts: Record<string, number>;
  calibration: CalibrationResult[] | null;
}

export async function runSimulation(options: SimulationOptions): Promise<SimulationSummary> {
  if (!Number.isInteger(options.patients) || options.patients < 1)
    throw new UsageError("--patients must be a positive integer");
  if (!Number.isInteger(options.seed) || options.seed < 0 || options.seed > Number.MAX_SAFE_INTEGER)
    throw new UsageError("--seed must be a non-negative integer");
  await mkdir(options.out, { recursive: true });
  const existing = (await readdir(options.out)).filter((f) => /\.(csv|parquet)$/i.test(f));
  if (existing.length > 0)
    throw new UsageError(`output folder ${options.out} already holds data files (${existing[0]}, ...)`);

  const contract = options.contract ?? 2;
  if (contract !== 1 && contract !== 2) throw new UsageError(`--contract must be 1 or 2, got ${String(contract)}`);
  const v2 = contract === 2 ? contractV2Rates(options.profile) : null;
  const writer = new CsvDatasetWriter(options.out, csvOptionsOf(contract, options.profile));
  for (const spec of SIMULATED_TABLES) if (!spec.perYear && spec.since <= contract) writer.ensure(spec.name, spec.name);
  const calibration = options.report ? new CalibrationAccumulator() : null;
  const batch = options.batchSize ?? 500;
  const ranges: PatientRange[] = [];
  for (let from = 0; from < options.patients; from += batch)
    ranges.push({ from, to: Math.min(options.patients, from + batch) });
  const setup: SimulationSetup = { seed: options.seed, profile: options.profile, contract, truths: options.report };
  const threads = simulationThreads(options);
  await runOrderedPool({
    module: new URL("./simulate-worker.ts", import.meta.url),
    setup,
    threads,
    tasks: ranges,
    runLocal: (range: PatientRange) => simulateRange(setup, range),
    onResult: async (result: SimulatedRange, index) => {
      for (const chunk of result.tables) writer.appendBytes(chunk);
      for (const truth of result.truths ?? []) calibration?.add(truth);
      await writer.flush();
      options.onProgress?.(ranges[index]!.to);
    },
  });
  writer.append(nomenclatureTables());
  const counts = await writer.close();
  const physical = [...counts.keys()].sort();
  if (options.format === "parquet")
    await convertCsvToParquet(
      options.out,
      physical,
      contract,
      (logical) => (v2 ? v2DateForm(v2, logical) : "iso"),
      threads,
    );

  const rowCounts: Record<string, number> = {};
  for (const name of physical) rowCounts[name] = counts.get(name)!;
  const results = calibration?.results() ?? null;
  const manifest = {
    synthetic: true,
    description:
      "Synthetic cohort of advanced NSCLC generated by LOT-LuCA; no real person. Invented codes are declared in IR_PHA_R and NU_UCD_R.",
    generator: { name: GENERATOR_NAME, version: GENERATOR_VERSION },
    contractVersion: contract,
    arguments: {
      patients: options.patients,
      seed: options.seed,
      profile: options.profile,
      format: options.format,
      contract,
    },
    extractionEnd: formatDay(EXTRACTION_END),
    inventedCodeRanges: {
      ucd7: `${INVENTED_UCD7_FROM}-${INVENTED_UCD7_TO}`,
      cip13: `${INVENTED_CIP13_PREFIX}xxxxxx`,
    },
    files: physical.map((name) => `${name}.${options.format}`),
    rowCounts,
  };
  await writeFile(join(options.out, "manifest.json"), JSON.stringify(manifest, null, 2) + "\n");
  if (results) {
    const report = {
      generator: manifest.generator,
      arguments: manifest.arguments,
      patients: options.patients,
      figures: results,
    };
    await writeFile(join(options.out, "calibration.json"), JSON.stringify(report, null, 2) + "\n");
  }
  return { rowCounts, calibration: results };
}
