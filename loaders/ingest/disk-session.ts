/**
 * A DuckDB session backed by a database file in the work folder (instead of
 * `:memory:`), so that DuckDB can evict table blocks to disk when the tables
 * outgrow the memory limit (national-scale extracts). Same interface as
 * loaders/duckdb/session.ts; the file is removed by the caller.
 */
import { DuckDBInstance } from "@duckdb/node-api";
import type { DuckSession, DuckSessionOptions } from "../duckdb/session.js";

export async function openDiskSession(file: string, options: DuckSessionOptions = {}): Promise<DuckSession> {
  const settings: Record<string, string> = {
    autoinstall_known_extensions: "false",
    autoload_known_extensions: "true",
  };
  if (options.memoryLimit) settings.memory_limit = options.memoryLimit;
  if (options.threads) settings.threads = String(options.threads);
  if (options.tempDirectory) settings.temp_directory = options.tempDirectory;
  const instance = await DuckDBInstance.create(file, settings);
  const connection = await instance.connect();
  return {
    connection,
    async run(sql) {
      await connection.run(sql);
    },
    async all(sql) {
      const reader = await connection.runAndReadAll(sql);
      return reader.getRowObjectsJS() as Record<string, unknown>[];
    },
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}
