/**
 * A DuckDB session backed by a database file (instead of `:memory:`), so that
 * DuckDB can evict table blocks to disk when the tables outgrow the memory
 * limit (national-scale extracts). Same interface as loaders/duckdb/session.ts;
 * the file is removed by the caller.
 */
import { openDuckSession, type DuckSession, type DuckSessionOptions } from "../duckdb/session.js";

export async function openDiskSession(file: string, options: DuckSessionOptions = {}): Promise<DuckSession> {
  return openDuckSession({ ...options, database: file });
}
