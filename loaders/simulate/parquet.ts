/**
 * Converts the simulated CSV files to Parquet with DuckDB, reading each file
 * with the explicit column types of the simulator's layout (never guessed), then
 * removes the CSV. Dates become DATE columns, SAS datetimes TIMESTAMP columns
 * (a real extract's forms, contract v2); one file at a time, single-threaded
 * (deterministic row order and bytes), with a memory limit.
 */
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
