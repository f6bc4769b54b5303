/**
 * Converts the simulated CSV files to Parquet with DuckDB, reading each file
 * with the explicit column types of the contract (never guessed), then removes
 * the CSV. One file at a time, single-threaded (deterministic row order and
 * bytes), with a memory limit.
 */
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { identifyTable, type ColumnType } from "../../core/contract/tables.js";
import { openDuckSession, sqlIdentifier, sqlString } from "../duckdb/session.js";

const DUCK_TYPES: Record<ColumnType, string> = {
  string: "VARCHAR",
  integer: "BIGINT",
  number: "DOUBLE",
  date: "DATE",
  boolean: "BOOLEAN",
};

export async function convertCsvToParquet(dir: string, physicalTables: readonly string[]): Promise<void> {
  const session = await openDuckSession({ memoryLimit: "1GB", threads: 1 });
  try {
    for (const physical of physicalTables) {
      const identified = identifyTable(physical);
      if (!identified) throw new Error(`Not a contract table: ${physical}`);
      const columns = identified.spec.columns
        .map((c) => `${sqlString(c.name)}: ${sqlString(DUCK_TYPES[c.type])}`)
        .join(", ");
      const csv = join(dir, `${physical}.csv`);
      const parquet = join(dir, `${physical}.parquet`);
      const select = identified.spec.columns.map((c) => sqlIdentifier(c.name)).join(", ");
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
