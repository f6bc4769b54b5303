/** Rows computed in Node written as Parquet with an explicit schema (so that an empty table keeps its columns). */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { copyQueryToParquetStream, sqlString, type DuckSession } from "../duckdb/session.js";

export type Row = Record<string, string | number | boolean | null>;

export async function writeRowsParquet(
  session: DuckSession,
  rows: readonly Row[],
  schema: Record<string, string>,
  out: NodeJS.WritableStream,
): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "lotluca-rows-"));
  try {
    const file = join(dir, "rows.json");
    await writeFile(file, rows.map((r) => JSON.stringify(r)).join("\n"), { mode: 0o600 });
    const columns = `{${Object.entries(schema)
      .map(([c, t]) => `${sqlString(c)}: ${sqlString(t)}`)
      .join(", ")}}`;
    const select = Object.keys(schema)
      .map((c) => `"${c}"`)
      .join(", ");
    const source =
      rows.length === 0
        ? `SELECT ${Object.entries(schema)
            .map(([c, t]) => `NULL::${t} AS "${c}"`)
            .join(", ")} LIMIT 0`
        : `SELECT ${select} FROM read_json(${sqlString(file)}, format = 'newline_delimited', columns = ${columns})`;
    await copyQueryToParquetStream(session, source, out);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
