/**
 * Converts the simulated CSV files to Parquet with DuckDB, reading each file
 * with the explicit column types of the simulator's layout (never guessed), then
 * removes the CSV. Dates become DATE columns, SAS datetimes TIMESTAMP columns
 * (a real extract's forms, contract v2). Each file is converted by a
 * single-threaded DuckDB session (deterministic row order and bytes), with a
 * memory limit; with `threads` > 1, that many sessions convert different files
 * at the same time (same bytes).
 */
import { statSync } from "node:fs";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import type { DateForm } from "../../core/simulation/observation/contract-v2.js";
import {
  logicalTableOf,
  writtenLayout,
  type CellType,
  type ContractVersion,
} from "../../core/simulation/observation/layout.js";
import { openDuckSession, sqlIdentifier, sqlString } from "../duckdb/session.js";
import { STRPTIME_FORMAT } from "./date-forms.js";

const DUCK_TYPES: Record<CellType, string> = {
  string: "VARCHAR",
  integer: "BIGINT",
  number: "DOUBLE",
  date: "DATE",
  boolean: "BOOLEAN",
};

export async function convertCsvToParquet(
  dir: string,
  physicalTables: readonly string[],
  version: ContractVersion = 1,
  dateForm: (logical: string, column: string) => DateForm = () => "iso",
  threads = 1,
): Promise<void> {
  // Largest files first, each to the least loaded session (files of about equal total size).
  const sizes = new Map(physicalTables.map((t) => [t, statSync(join(dir, `${t}.csv`)).size]));
  const groups = Array.from({ length: Math.max(1, Math.min(threads, physicalTables.length)) }, () => ({
    bytes: 0,
    tables: [] as string[],
  }));
  for (const table of [...physicalTables].sort((a, b) => sizes.get(b)! - sizes.get(a)! || a.localeCompare(b))) {
    const group = groups.reduce((least, g) => (g.bytes < least.bytes ? g : least));
    group.tables.push(table);
    group.bytes += sizes.get(table)!;
  }
  await Promise.all(groups.map((g) => convertTables(dir, g.tables, version, dateForm)));
}

async function convertTables(
  dir: string,
  physicalTables: readonly string[],
  version: ContractVersion,
  dateForm: (logical: string, column: string) => DateForm,
): Promise<void> {
  const session = await openDuckSession({ memoryLimit: "1GB", threads: 1 });
  try {
    for (const physical of physicalTables) {
      const logical = logicalTableOf(physical);
      const layout = logical ? writtenLayout(logical, version) : null;
      if (!logical || !layout) throw new Error(`Not a contract table of version ${version}: ${physical}`);
      const forms = layout.names.map((name, i) => (layout.types[i] === "date" ? dateForm(logical, name) : "iso"));
      const columns = layout.names
        .map(
          (name, i) =>
            `${sqlString(name)}: ${sqlString(forms[i] === "iso" ? DUCK_TYPES[layout.types[i]!] : "VARCHAR")}`,
        )
        .join(", ");
      const select = layout.names
        .map((name, i) => {
          const form = forms[i]!;
          if (form === "iso") return sqlIdentifier(name);
          const parsed = `strptime(${sqlIdentifier(name)}, ${sqlString(STRPTIME_FORMAT[form])})`;
          return `${form === "sas_datetime" ? parsed : `CAST(${parsed} AS DATE)`} AS ${sqlIdentifier(name)}`;
        })
        .join(", ");
      const csv = join(dir, `${physical}.csv`);
      const parquet = join(dir, `${physical}.parquet`);
      await session.run(
        `COPY (SELECT ${select} FROM read_csv(${sqlString(csv)}, header = true, delim = ',', quote = '"', escape = '"', ` +
          `dateformat = '%Y-%m-%d', columns = {${columns}})) TO ${sqlString(parquet)} (FORMAT parquet, COMPRESSION zstd)`,
      );
      await rm(csv);
    }
  } finally {
    session.close();
  }
}
