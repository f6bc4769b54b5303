/**
 * Writes reconstructed lines to Parquet or CSV through DuckDB: rows are appended
 * to a staging table (dates as day numbers) and copied out once at the end, with
 * dates converted. Memory grows with the number of lines, not with the events.
 */
import type { DuckDBAppender } from "@duckdb/node-api";
import { extname } from "node:path";
import { UsageError } from "../../core/errors/data-error.js";
import { sqlIdentifier, sqlString, type DuckSession } from "../duckdb/session.js";
import { writeAtomically } from "../output/atomic-file.js";
import { LINES_OUTPUT_COLUMNS, type LinesRow } from "./lines-output.js";

export type LinesFormat = "parquet" | "csv";

export function linesFormatOf(path: string): LinesFormat {
  const ext = extname(path).toLowerCase();
  if (ext === ".parquet") return "parquet";
  if (ext === ".csv") return "csv";
  throw new UsageError(`--out ${path}: the lines file must end in .parquet or .csv`);
}

export class LinesWriter {
  private appender: DuckDBAppender | undefined;
  private rows = 0;

  private constructor(
    private readonly session: DuckSession,
    private readonly table: string,
  ) {}

  static async create(session: DuckSession, table = "lines_staging"): Promise<LinesWriter> {
    const columns = LINES_OUTPUT_COLUMNS.map(
      (c) => `${sqlIdentifier(c.name)} ${c.type === "DATE" ? "INTEGER" : c.type}`,
    ).join(", ");
    await session.run(`CREATE OR REPLACE TABLE ${sqlIdentifier(table)} (${columns})`);
    const writer = new LinesWriter(session, table);
    writer.appender = await session.connection.createAppender(table);
    return writer;
  }

  append(row: LinesRow): void {
    const appender = this.appender!;
    LINES_OUTPUT_COLUMNS.forEach((column, i) => {
      const value = row[i];
      if (value === null || value === undefined) appender.appendNull();
      else if (column.type === "INTEGER" || column.type === "DATE") appender.appendInteger(value as number);
      else if (column.type === "BOOLEAN") appender.appendBoolean(value as boolean);
      else if (column.type === "DOUBLE") appender.appendDouble(value as number);
      else appender.appendVarchar(String(value));
    });
    appender.endRow();
    this.rows++;
  }

  get count(): number {
    return this.rows;
  }

  private closeAppender(): void {
    this.appender?.flushSync();
    this.appender?.closeSync();
    this.appender = undefined;
  }

  /** Flushes and copies the staging table to `path` (format from its extension). */
  async finish(path: string): Promise<void> {
    this.closeAppender();
    await copyLines(this.session, sqlIdentifier(this.table), path);
  }

  /**
   * Flushes and writes the staging table as it is (dates as day numbers, rows in
   * append order) to a Parquet part file, for `mergeLinesParts`.
   */
  async finishPart(path: string): Promise<void> {
    this.closeAppender();
    await this.session.run(
      `COPY ${sqlIdentifier(this.table)} TO ${sqlString(path)} (FORMAT parquet, COMPRESSION uncompressed)`,
    );
  }
}

/** Writes the lines of `source` (staging columns) to `path`, sorted by patient and line, dates converted. */
async function copyLines(session: DuckSession, source: string, path: string): Promise<void> {
  const select = LINES_OUTPUT_COLUMNS.map((c) =>
    c.type === "DATE"
      ? `CAST(DATE '1970-01-01' + ${sqlIdentifier(c.name)} AS DATE) AS ${sqlIdentifier(c.name)}`
      : sqlIdentifier(c.name),
  ).join(", ");
  const format = linesFormatOf(path);
  const options = format === "parquet" ? "FORMAT parquet, COMPRESSION zstd" : "FORMAT csv, HEADER true";
  // Written to a temporary name, then renamed: never half a lines file under its name.
  await writeAtomically(path, (temporary) =>
    session.run(
      `COPY (SELECT ${select} FROM ${source} ORDER BY patient_id, line_number) TO ${sqlString(temporary)} (${options})`,
    ),
  );
}

/**
 * The lines file from part files written by `finishPart` (e.g. one per patient
 * range of a parallel reconstruction): the same file as one writer would write.
 */
export async function mergeLinesParts(session: DuckSession, parts: readonly string[], path: string): Promise<void> {
  if (parts.length === 0) {
    const writer = await LinesWriter.create(session, "lines_empty");
    await writer.finish(path);
    return;
  }
  await copyLines(session, `read_parquet([${parts.map(sqlString).join(", ")}])`, path);
}
