/**
 * One task of the simulation: the patients of an index range, simulated
 * (core/simulation, pure: each patient depends only on its index, the seed and
 * the profile), observed as contract rows and formatted as CSV bytes per
 * physical table, in index order. Run on worker threads
 * (simulate-worker.ts) or on the main thread; the writer concatenates the
 * ranges in order, so the files do not depend on the number of threads.
 */
import { contractV2Rates, observeContractV2, v2DateForm } from "../../core/simulation/observation/contract-v2.js";
import type { ContractVersion } from "../../core/simulation/observation/layout.js";
import { PROFILES, type ProfileName } from "../../core/simulation/profiles.js";
import { simulatePatient } from "../../core/simulation/simulate-patient.js";
import type { PatientTruth } from "../../core/simulation/truth.js";
import { CsvRowFormatter, type CsvTableChunk, type CsvWriterOptions } from "./csv-table-writer.js";

export interface SimulationSetup {
  seed: number;
  profile: ProfileName;
  contract: ContractVersion;
  /** Return each patient's truth (for the calibration report). */
  truths: boolean;
}

export interface PatientRange {
  from: number;
  to: number;
}

export interface SimulatedRange {
  /** CSV bytes of the range's rows, per physical table, tables in first-seen order. */
  tables: CsvTableChunk[];
  truths: PatientTruth[] | null;
}

/** The CSV options of a simulated dataset of this contract version and profile. */
export function csvOptionsOf(contract: ContractVersion, profile: ProfileName): CsvWriterOptions {
  const v2 = contract === 2 ? contractV2Rates(profile) : null;
  return { version: contract, ...(v2 ? { dateForm: (logical: string) => v2DateForm(v2, logical) } : {}) };
}

const UTF8 = new TextEncoder();

const formatters = new Map<string, CsvRowFormatter>();
function formatterOf(setup: SimulationSetup): CsvRowFormatter {
  const key = `${setup.contract}|${setup.profile}`;
  let formatter = formatters.get(key);
  if (!formatter) formatters.set(key, (formatter = new CsvRowFormatter(csvOptionsOf(setup.contract, setup.profile))));
  return formatter;
}

export function simulateRange(setup: SimulationSetup, range: PatientRange): SimulatedRange {
  const profile = PROFILES[setup.profile];
  const v2 = setup.contract === 2 ? contractV2Rates(setup.profile) : null;
  const formatter = formatterOf(setup);
  // Each patient's rows are formatted at once, so they die young (less garbage-collection work than a
  // range's rows kept until the end); the range keeps one text per patient and table.
  const texts = new Map<string, { logical: string; parts: string[]; rows: number }>();
  const truths: PatientTruth[] | null = setup.truths ? [] : null;
  for (let index = range.from; index < range.to; index++) {
    const { truth, tables } = simulatePatient(index, setup.seed, profile);
    if (v2) observeContractV2(tables, truth, setup.seed, v2);
    for (const [physical, { logical, rows }] of tables.tables) {
      if (rows.length === 0) continue;
      let table = texts.get(physical);
      if (!table) texts.set(physical, (table = { logical, parts: [], rows: 0 }));
      table.parts.push(formatter.rows(logical, rows));
      table.rows += rows.length;
    }
    truths?.push(truth);
  }
  const chunks: CsvTableChunk[] = [];
  for (const [physical, { logical, parts, rows }] of texts)
    chunks.push({ physical, logical, bytes: UTF8.encode(parts.join("")), rows });
  return { tables: chunks, truths };
}

/** The buffers of a range's result, moved (not copied) from a worker thread to the writer. */
export function transferredBuffers(result: SimulatedRange): ArrayBuffer[] {
  return result.tables.map((chunk) => chunk.bytes.buffer as ArrayBuffer);
}
