/**
 * Child process of the ingest benchmark: the plain read that ingestion is
 * measured against. Every contract table of the dataset folder is read by
 * DuckDB into a typed table and nothing else: CSV with DuckDB's own type
 * detection (`read_csv`, header, delimiter sniffed), Parquet with its stored
 * types (`read_parquet`), in one in-memory database with the session settings
 * of ingestion (memory limit DEFAULT_INGEST_MEMORY_LIMIT, all cores, a spill
 * folder). Prints, as JSON on stdout, the wall time, the rows read and the
 * tables.
 */
import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { discoverDataset } from "../loaders/dataset/discover.js";
import { openDuckSession, sqlIdentifier, sqlString } from "../loaders/duckdb/session.js";
import { DEFAULT_INGEST_MEMORY_LIMIT } from "../loaders/ingest/ingest.js";

const [dataset, scratch] = process.argv.slice(2);
const temp = join(scratch!, ".duckdb-tmp");
await mkdir(temp, { recursive: true });
const started = process.hrtime.bigint();
const session = await openDuckSession({ memoryLimit: DEFAULT_INGEST_MEMORY_LIMIT, tempDirectory: temp });
let rows = 0;
try {
  const listing = await discoverDataset(dataset!);
  for (const file of listing.files) {
    const table = sqlIdentifier(`plain_${file.physicalName}`);
    const source =
      file.format === "csv"
        ? `read_csv(${sqlString(file.path)}, header = true)`
        : `read_parquet(${sqlString(file.path)})`;
    await session.run(`CREATE TABLE ${table} AS SELECT * FROM ${source}`);
    const n = await session.all(`SELECT count(*)::BIGINT AS n FROM ${table}`);
    rows += Number(n[0]?.n ?? 0);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  process.stdout.write(JSON.stringify({ seconds, rows, tables: listing.files.length }) + "\n");
} finally {
  session.close();
  await rm(temp, { recursive: true, force: true });
}
