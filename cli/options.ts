/**
 * Checks of option values shared by the commands, each failing with one line
 * (a UsageError) that names the option, what was given and the expected form,
 * before any work starts: sizes, thread counts, work folders to read, and output
 * paths (`--out` never replaces an input table of a dataset, nor an existing file
 * unless `--overwrite` is given).
 */
import { readdir, stat } from "node:fs/promises";
import { basename, dirname, extname, resolve } from "node:path";
import { UsageError } from "../core/errors/data-error.js";
import { identifyTable, pmsiTableName } from "../core/contract/tables.js";
import { CENSORING_RULES, type Censoring } from "../core/statistics/censoring.js";

/** DuckDB memory sizes: a number and a unit (2GB, 500MB, 1.5GiB) or a percentage of RAM (80%). */
const SIZE = /^\s*\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KIB|MIB|GIB|TIB|%)\s*$/i;

export function memoryLimitOption(text: string, option = "--memory-limit"): string {
  if (!SIZE.test(text)) throw new UsageError(`${option} must be a size such as 2GB, 500MB or 80%, got "${text}"`);
  return text.trim();
}

export function positiveIntegerOption(text: string, option: string): number {
  const n = Number(text);
  if (!/^\s*\d+\s*$/.test(text) || !Number.isSafeInteger(n) || n < 1)
    throw new UsageError(`${option} must be an integer >= 1, got "${text}"`);
  return n;
}

export const threadsOption = (text: string, option = "--threads") => positiveIntegerOption(text, option);

export function censoringOption(text: string, option = "--censoring"): Censoring {
  if (!(CENSORING_RULES as readonly string[]).includes(text))
    throw new UsageError(`${option} must be ${CENSORING_RULES.join(" or ")}, got "${text}"`);
  return text as Censoring;
}

/** A work folder to read: it must exist and be a folder. */
export async function existingWorkdirOption(path: string, hint: string): Promise<string> {
  const info = await stat(path).catch(() => undefined);
  if (!info) throw new UsageError(`work folder ${path} does not exist (${hint})`);
  if (!info.isDirectory()) throw new UsageError(`work folder ${path} is a file, not a folder (${hint})`);
  return path;
}

/** A work folder to write: created if missing, but never an existing file. */
export async function outputFolderOption(path: string, option = "--out"): Promise<string> {
  const info = await stat(path).catch(() => undefined);
  if (info && !info.isDirectory()) throw new UsageError(`${option} ${path} is an existing file; expected a folder`);
  return path;
}

/**
 * A file to write: never a table of a dataset folder (GOLD_LINES.csv, IR_BEN_R.csv,
 * ...), never a folder, and not an existing file unless `overwrite`.
 */
export async function outputFileOption(path: string, overwrite: boolean, option = "--out"): Promise<string> {
  const target = resolve(path);
  const info = await stat(target).catch(() => undefined);
  if (info?.isDirectory()) throw new UsageError(`${option} ${path} is a folder; expected a file name`);
  const table = await datasetTableAt(target);
  if (table)
    throw new UsageError(`${option} ${path} would overwrite the dataset's table ${table}; write the output elsewhere`);
  if (info && !overwrite) throw new UsageError(`${option} ${path} already exists; give --overwrite to replace it`);
  return path;
}

/** A work folder to write that must not be a dataset folder's own folder. */
export async function outputWorkdirOption(path: string, dataset: string, option = "--out"): Promise<string> {
  await outputFolderOption(path, option);
  if (resolve(path) === resolve(dataset))
    throw new UsageError(`${option} ${path} is the dataset folder itself; write the outputs to another folder`);
  return path;
}

/**
 * The contract table a file name stands for when its folder holds contract tables
 * (a dataset folder): writing there would replace the table, or make it appear
 * twice under another case or format (gold_lines.parquet beside GOLD_LINES.csv).
 */
async function datasetTableAt(target: string): Promise<string | undefined> {
  const tableOf = (file: string) => {
    const extension = extname(file).toLowerCase();
    if (extension !== ".csv" && extension !== ".parquet") return undefined;
    const table = identifyTable(basename(file, extname(file)));
    return table && (table.year === undefined ? table.spec.name : pmsiTableName(table.spec.name, table.year));
  };
  const name = tableOf(target);
  if (!name) return undefined;
  const entries = await readdir(dirname(target)).catch(() => [] as string[]);
  return entries.some((entry) => tableOf(entry) !== undefined) ? name : undefined;
}
