/**
 * The kept figures of the ingest benchmark: one JSON file per dataset size and
 * format (`bench/results/ingest-<size>-<format>.json`), with the machine, the git
 * commit and the load average at the start, so that a change that slows a stage
 * shows against the previous figures.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const RESULTS_DIR = fileURLToPath(new URL("./results/", import.meta.url));

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryGb: number;
  node: string;
  duckdb: string;
}

export interface StageFigure {
  name: string;
  seconds: number;
  /** Peak RSS of the ingestion process at the end of the stage (never decreases). */
  peakRssMb: number;
}

export interface IngestBenchRecord {
  /** ISO date-time of the start of the measurement. */
  measuredAt: string;
  gitCommit: string;
  /** Uncommitted changes in the checkout when measured. */
  gitDirty: boolean;
  machine: MachineInfo;
  /** 1, 5 and 15 minute load averages when the measurement started. */
  loadAverageAtStart: number[];
  patients: number;
  format: "csv" | "parquet";
  inputMb: number;
  rowsRead: number;
  /** DuckDB reading every table into typed tables, nothing else (bench/plain-read-child.ts): each run and their mean. */
  plainRead: { seconds: number; peakRssMb: number; runs: { seconds: number; peakRssMb: number }[] };
  ingest: { seconds: number; peakRssMb: number; stages: StageFigure[] };
  /** ingest.seconds / plainRead.seconds */
  ratio: number;
  /** `lotluca run --rules default --replicates 200`: ingest, reconstruct, evaluate. */
  run?: { seconds: number; peakRssMb: number };
}

export function machineInfo(duckdbVersion: string): MachineInfo {
  const list = cpus();
  return {
    cpuModel: list[0]?.model ?? "unknown",
    cores: list.length,
    memoryGb: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    duckdb: duckdbVersion,
  };
}

export function gitState(): { gitCommit: string; gitDirty: boolean } {
  const cwd = dirname(RESULTS_DIR);
  try {
    const gitCommit = execFileSync("git", ["rev-parse", "HEAD"], { cwd, encoding: "utf8" }).trim();
    const status = execFileSync("git", ["status", "--porcelain"], { cwd, encoding: "utf8" });
    return { gitCommit, gitDirty: status.trim() !== "" };
  } catch {
    return { gitCommit: "unknown", gitDirty: true };
  }
}

export const loadAverage = (): number[] => loadavg().map((x) => Math.round(x * 100) / 100);

/** `100k`, `1M`, or the number itself. */
export function sizeLabel(patients: number): string {
  if (patients % 1_000_000 === 0) return `${patients / 1_000_000}M`;
  if (patients % 1000 === 0) return `${patients / 1000}k`;
  return String(patients);
}

export function resultsFile(patients: number, format: string): string {
  return join(RESULTS_DIR, `ingest-${sizeLabel(patients)}-${format}.json`);
}

export function readPrevious(file: string): IngestBenchRecord | undefined {
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, "utf8")) as IngestBenchRecord;
}

export function writeRecord(file: string, record: IngestBenchRecord): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(record, null, 2) + "\n", "utf8");
}

const signed = (x: number, digits = 1) => `${x >= 0 ? "+" : ""}${x.toFixed(digits)}`;

/** Lines comparing `now` with the `previous` kept figures: every stage, the plain read, the ratio, the run. */
export function compareWithPrevious(now: IngestBenchRecord, previous: IngestBenchRecord): string[] {
  const lines = [
    `against the kept figures of ${previous.measuredAt} (commit ${previous.gitCommit.slice(0, 9)}, ` +
      `load ${previous.loadAverageAtStart.join(" ")}):`,
  ];
  const row = (name: string, was: number, is: number) =>
    `  ${name.padEnd(16)} ${was.toFixed(1).padStart(8)} s -> ${is.toFixed(1).padStart(8)} s  ` +
    `${signed(is - was).padStart(8)} s  ${was > 0 ? signed((100 * (is - was)) / was, 0).padStart(5) + " %" : ""}`;
  lines.push(row("plain read", previous.plainRead.seconds, now.plainRead.seconds));
  for (const stage of now.ingest.stages) {
    const old = previous.ingest.stages.find((s) => s.name === stage.name);
    if (old) lines.push(row(stage.name, old.seconds, stage.seconds));
  }
  lines.push(row("ingest", previous.ingest.seconds, now.ingest.seconds));
  if (previous.run && now.run) lines.push(row("lotluca run", previous.run.seconds, now.run.seconds));
  lines.push(
    `  ratio ingestion / plain read ${previous.ratio.toFixed(2)} -> ${now.ratio.toFixed(2)}; ` +
      `ingest peak RSS ${previous.ingest.peakRssMb.toFixed(0)} -> ${now.ingest.peakRssMb.toFixed(0)} MB`,
  );
  return lines;
}
