/**
 * The workspace's DuckDB-WASM client: loads the project's Parquet files into an
 * in-browser DuckDB and runs SQL for pages, returning plain JavaScript rows.
 *
 * Offline by construction (see ../../shared/platform-notes.md, kept in docs/):
 * - duckdb-wasm ships without its parquet extension and would download it, so
 *   Parquet is decoded by parquet-wasm (bundled from node_modules) into an Arrow
 *   IPC stream that DuckDB ingests with `insertArrowFromIPCStream`;
 * - extension autoinstall/autoload are switched off, so a query that needs an
 *   extension fails with a message instead of reaching another origin;
 * - the wasm and worker files are resolved from node_modules with
 *   `import.meta.resolve`, which Framework copies into the build.
 */
import * as duckdb from "@duckdb/duckdb-wasm";
import initParquetWasm, { ParquetFile, readParquet } from "parquet-wasm/esm";
import { toPlainRows, type PlainRow } from "./arrow-rows.js";
import { loadingNotice } from "./loading-notice.js";

export type { PlainRow, PlainValue } from "./arrow-rows.js";

/**
 * Parquet bytes, or something that gives them: a dropped File, a Response, or
 * the promise of `FileAttachment("data/x.parquet").arrayBuffer()`.
 *
 * In pages, always call `.arrayBuffer()` on the FileAttachment itself: a bare
 * `FileAttachment("x.parquet")` makes Framework add its implicit Parquet reader,
 * which it fetches from a CDN and so breaks the offline build.
 */
export type BinarySource = { arrayBuffer(): Promise<ArrayBuffer> } | ArrayBuffer | Uint8Array | Promise<ArrayBuffer>;

/**
 * A table to load: Parquet bytes, or Parquet bytes with the only columns to
 * read (`{parquet, columns}`): a page that needs a few columns of a wide table
 * (the lines' rule traces are most of lines.parquet) loads several times faster.
 */
export type TableSource = BinarySource | { parquet: BinarySource; columns: readonly string[] };

/** A query failure with the SQL that caused it, for display in the page. */
export class QueryError extends Error {
  readonly sql: string;
  constructor(sql: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`Query failed: ${reason}`);
    this.name = "QueryError";
    this.sql = sql;
  }
}

export interface WorkspaceDatabase {
  /** Runs SQL and returns rows of plain values (numbers, strings, Dates, booleans, null). */
  query(sql: string): Promise<PlainRow[]>;
  /** Runs SQL expected to return one row with one column; returns that value. */
  value(sql: string): Promise<PlainRow[string]>;
  /** Adds (or replaces) a table from Parquet bytes (all columns, or only `columns`). */
  addParquet(name: string, source: BinarySource, columns?: readonly string[]): Promise<void>;
  /** Names of the tables loaded so far. */
  tables(): string[];
  close(): Promise<void>;
}

let parquetReady: Promise<unknown> | undefined;
function ensureParquetWasm(): Promise<unknown> {
  parquetReady ??= initParquetWasm(import.meta.resolve("parquet-wasm/esm/parquet_wasm_bg.wasm"));
  return parquetReady;
}

const BUNDLES: duckdb.DuckDBBundles = {
  mvp: {
    mainModule: import.meta.resolve("@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm"),
    mainWorker: import.meta.resolve("@duckdb/duckdb-wasm/dist/duckdb-browser-mvp.worker.js"),
  },
  eh: {
    mainModule: import.meta.resolve("@duckdb/duckdb-wasm/dist/duckdb-eh.wasm"),
    mainWorker: import.meta.resolve("@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js"),
  },
};

const SAFE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Decodes Parquet bytes to an Arrow IPC stream (parquet-wasm, no network); with
 * `columns`, only those (parquet-wasm's synchronous reader ignores a column
 * list, its file reader honours it).
 */
export async function parquetToIpc(bytes: Uint8Array, columns?: readonly string[]): Promise<Uint8Array> {
  await ensureParquetWasm();
  if (columns === undefined) return readParquet(bytes).intoIPCStream();
  const file = await ParquetFile.fromFile(new Blob([bytes as Uint8Array<ArrayBuffer>]));
  try {
    return (await file.read({ columns: [...columns] })).intoIPCStream();
  } finally {
    file.free();
  }
}

async function bytesOf(source: BinarySource): Promise<Uint8Array> {
  const resolved = await source;
  if (resolved instanceof Uint8Array) return resolved;
  if (resolved instanceof ArrayBuffer) return new Uint8Array(resolved);
  return new Uint8Array(await resolved.arrayBuffer());
}

/**
 * Opens an in-browser DuckDB holding the given Parquet files, one table each.
 *
 *     const db = await openWorkspaceDatabase({lines: FileAttachment("data/lines.parquet").arrayBuffer()});
 *     const slim = await openWorkspaceDatabase({
 *       lines: {parquet: FileAttachment("data/lines.parquet").arrayBuffer(), columns: ["patient_id", "line_number"]},
 *     });
 *     const rows = await db.query("SELECT line_number, count(*) AS n FROM lines GROUP BY 1");
 */
export async function openWorkspaceDatabase(
  sources: Record<string, TableSource> = {},
  options: { notice?: string } = {},
): Promise<WorkspaceDatabase> {
  const notice = loadingNotice(options.notice);
  try {
    const db = await openDatabase(sources, notice.step);
    notice.done();
    return db;
  } catch (error) {
    notice.fail(error);
    throw error;
  }
}

async function openDatabase(
  sources: Record<string, TableSource>,
  step: (text: string) => void,
): Promise<WorkspaceDatabase> {
  step("starting DuckDB");
  const bundle = await duckdb.selectBundle(BUNDLES);
  // Framework bundles the worker as an ES module: it must run as a module worker.
  const worker = new Worker(bundle.mainWorker!, { type: "module" });
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
  await db.instantiate(bundle.mainModule, bundle.pthreadWorker);
  await db.open({ query: { castBigIntToDouble: false } });
  const conn = await db.connect();
  await conn.query("SET autoinstall_known_extensions = false");
  await conn.query("SET autoload_known_extensions = false");
  const loaded = new Set<string>();

  async function addParquet(name: string, source: BinarySource, columns?: readonly string[]): Promise<void> {
    if (!SAFE_NAME.test(name)) throw new Error(`Table name ${JSON.stringify(name)} must match ${SAFE_NAME}`);
    const ipc = await parquetToIpc(await bytesOf(source), columns);
    await conn.query(`DROP TABLE IF EXISTS "${name}"`);
    await conn.insertArrowFromIPCStream(ipc, { name, create: true });
    loaded.add(name);
  }

  async function query(sql: string): Promise<PlainRow[]> {
    try {
      return toPlainRows(await conn.query(sql));
    } catch (error) {
      throw new QueryError(sql, error);
    }
  }

  const names = Object.keys(sources);
  const ready: string[] = [];
  step(`reading ${names.join(", ")}`);
  await Promise.all(
    Object.entries(sources).map(async ([name, source]) => {
      await (typeof source === "object" && "parquet" in source
        ? addParquet(name, source.parquet, source.columns)
        : addParquet(name, source));
      ready.push(name);
      const left = names.filter((n) => !ready.includes(n));
      step(left.length ? `${ready.length} of ${names.length} tables ready, still ${left.join(", ")}` : "ready");
    }),
  );

  return {
    query,
    async value(sql) {
      const rows = await query(sql);
      const first = rows[0];
      if (rows.length !== 1 || first === undefined || Object.keys(first).length !== 1) {
        throw new QueryError(sql, new Error(`expected one row with one column, got ${rows.length} row(s)`));
      }
      return Object.values(first)[0]!;
    },
    addParquet,
    tables: () => [...loaded].sort(),
    async close() {
      await conn.close();
      await db.terminate();
      worker.terminate();
    },
  };
}

/**
 * Renders a query failure as a readable block (message and SQL) instead of a
 * bare error cell, so a reader sees which figure failed and why.
 */
export function queryErrorElement(error: unknown): HTMLElement {
  const box = document.createElement("div");
  box.className = "lotluca-query-error";
  box.setAttribute("role", "alert");
  const title = document.createElement("strong");
  title.textContent = error instanceof Error ? error.message : String(error);
  box.append(title);
  if (error instanceof QueryError) {
    const pre = document.createElement("pre");
    pre.textContent = error.sql.trim();
    box.append(pre);
  }
  return box;
}

/** Runs a query and renders it, or renders the failure in place. */
export async function renderQuery(
  db: WorkspaceDatabase,
  sql: string,
  render: (rows: PlainRow[]) => Node,
): Promise<Node> {
  try {
    return render(await db.query(sql));
  } catch (error) {
    return queryErrorElement(error);
  }
}
