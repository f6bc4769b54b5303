/**
 * A Node-side DuckDB session (@duckdb/node-api) for the edges of the pipeline:
 * reading dataset files, joining, writing Parquet. The pure core never sees it.
 */
import { DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { createReadStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";

export interface DuckSession {
  connection: DuckDBConnection;
  /** Runs statements, discarding results. */
  run(sql: string): Promise<void>;
  /** Runs a query and returns its rows as objects (JS values: bigint for BIGINT). */
  all(sql: string): Promise<Record<string, unknown>[]>;
  /**
   * Another connection to the same database (same tables and settings), for
   * statements run concurrently with this one's; closing it leaves the database open.
   */
  connect(): Promise<DuckSession>;
  /** The number of threads DuckDB runs a statement on. */
  threads(): Promise<number>;
  close(): void;
}

export interface DuckSessionOptions {
  /** DuckDB memory limit, e.g. "4GB". */
  memoryLimit?: string;
  threads?: number;
  /** Folder for DuckDB's spill files. */
  tempDirectory?: string;
  /**
   * Database file (default `:memory:`). With a file, table data lives in it and
   * DuckDB can evict it from memory: the memory limit then bounds the process
   * whatever the data size. The caller removes the file.
   */
  database?: string;
  /** DuckDB `preserve_insertion_order` (default true). */
  preserveInsertionOrder?: boolean;
}

/**
 * Routes every statement of `session` (its `run` and `all`) through `around`, which
 * runs it by calling `next`: profiling (the ingestion trace) and checks of the
 * statements (the tests of the ingestion's join plans). Statements `around` sends
 * itself with `unwrapped` are not routed again.
 */
export function wrapStatements(
  session: DuckSession,
  around: <T>(sql: string, next: () => Promise<T>, unwrapped: Pick<DuckSession, "run" | "all">) => Promise<T>,
): void {
  const unwrapped = { run: session.run.bind(session), all: session.all.bind(session) };
  session.run = (sql) => around(sql, () => unwrapped.run(sql), unwrapped);
  session.all = (sql) => around(sql, () => unwrapped.all(sql), unwrapped);
}

export async function openDuckSession(options: DuckSessionOptions = {}): Promise<DuckSession> {
  const settings: Record<string, string> = {
    autoinstall_known_extensions: "false",
    autoload_known_extensions: "true",
  };
  if (options.memoryLimit) settings.memory_limit = options.memoryLimit;
  if (options.threads) settings.threads = String(options.threads);
  if (options.tempDirectory) settings.temp_directory = options.tempDirectory;
  if (options.preserveInsertionOrder !== undefined) {
    settings.preserve_insertion_order = String(options.preserveInsertionOrder);
  }
  const instance = await DuckDBInstance.create(options.database ?? ":memory:", settings);
  const session = (connection: DuckDBConnection, closeInstance: boolean): DuckSession => {
    const self: DuckSession = {
      connection,
      async run(sql) {
        await connection.run(sql);
      },
      async all(sql) {
        const reader = await connection.runAndReadAll(sql);
        return reader.getRowObjectsJS() as Record<string, unknown>[];
      },
      async connect() {
        return session(await instance.connect(), false);
      },
      async threads() {
        const rows = await self.all(`SELECT current_setting('threads') AS n`);
        return Number(rows[0]?.n ?? 1);
      },
      close() {
        connection.closeSync();
        if (closeInstance) instance.closeSync();
      },
    };
    return self;
  };
  return session(await instance.connect(), true);
}

/** Quotes a string as a SQL literal. */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** Quotes an identifier. */
export function sqlIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * Writes the result of `query` as Parquet to a writable stream (e.g. a data
 * loader's standard output), through a temporary file that is removed after.
 */
export async function copyQueryToParquetStream(
  session: DuckSession,
  query: string,
  out: NodeJS.WritableStream,
): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "lotluca-"));
  try {
    const file = join(dir, "out.parquet");
    await session.run(`COPY (${query}) TO ${sqlString(file)} (FORMAT parquet, COMPRESSION zstd)`);
    await pipeline(createReadStream(file), out, { end: false });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
