/**
 * Reads a lines file (GOLD_LINES, a reconstruction, a submission) as text
 * cells and validates it with the core's submission checker. CSV (`,` or `;`)
 * is streamed through the same reader as the browser's (core/evaluation/
 * lines-csv.ts); Parquet is read by DuckDB with every column cast to text.
 */
import { createReadStream } from "node:fs";
import { extname } from "node:path";
import { DataError } from "../../core/errors/data-error.js";
import { LinesCsvReader, type TextCells } from "../../core/evaluation/lines-csv.js";
import {
  validateSubmission,
  type SubmissionCheck,
  type ValidateSubmissionOptions,
} from "../../core/evaluation/submission.js";
import { sqlIdentifier, sqlString, type DuckSession } from "../duckdb/session.js";

/** Streams a CSV lines file through the shared reader (chunks of 4 MB, UTF-8). */
async function readCsvCells(path: string): Promise<TextCells> {
  const reader = new LinesCsvReader();
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let rest = "";
  let lineNumber = 0;
  const push = (text: string, last: boolean) => {
    const parts = text.split("\n");
    rest = last ? "" : parts.pop()!;
    for (const part of parts) {
      lineNumber++;
      reader.push(part);
    }
  };
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: 4 * 1024 * 1024 })) {
      push(rest + decoder.decode(chunk as Buffer, { stream: true }), false);
    }
    push(rest + decoder.decode(), true);
  } catch (error) {
    if (error instanceof TypeError) {
      throw new DataError(`the file is not valid UTF-8 after line ${lineNumber}`, { file: path }, "a UTF-8 CSV file");
    }
    throw new DataError(`cannot read the file: ${(error as Error).message}`, { file: path }, "a lines file");
  }
  return reader.finish();
}

/** Joins the cells of a row read from Parquet (ASCII unit separator). */
const CELL_SEPARATOR = "\u001f";
/** Stands for a null cell in a joined row (ASCII negative acknowledge). */
const NULL_CELL = "\u0015";

/**
 * The rows of `file` as text cells (`cells`: one SQL text expression per column), in file order.
 * DuckDB joins each row's cells into one text, split here: one string to decode per row instead
 * of one per cell (6 times fewer at 1M patients, where decoding the cells one by one took 30 s).
 * A file whose cells hold the separator or the null mark is read cell by cell.
 */
async function parquetRows(session: DuckSession, cells: string[], file: string): Promise<(string | null)[][]> {
  const marked = cells.map((c) => `contains(${c}, '${CELL_SEPARATOR}') OR contains(${c}, '${NULL_CELL}')`);
  const clash = await session.all(`SELECT count(*)::BIGINT AS n FROM ${file} WHERE ${marked.join(" OR ")}`);
  if (Number(clash[0]?.n ?? 0) > 0) {
    const reader = await session.connection.runAndReadAll(`SELECT ${cells.join(", ")} FROM ${file}`);
    return reader.getRows().map((row) => row.map((v) => (v === null ? null : String(v))));
  }
  const joined = `concat_ws('${CELL_SEPARATOR}', ${cells.map((c) => `coalesce(${c}, '${NULL_CELL}')`).join(", ")})`;
  // streamed chunk by chunk, the one column read straight from its vector (no row arrays)
  const result = await session.connection.stream(`SELECT ${joined} AS row FROM ${file}`);
  const rows: (string | null)[][] = [];
  for await (const chunk of result) {
    const texts = chunk.getColumnVector(0);
    for (let r = 0; r < chunk.rowCount; r++) {
      const row: (string | null)[] = String(texts.getItem(r)).split(CELL_SEPARATOR);
      for (let i = 0; i < row.length; i++) if (row[i] === NULL_CELL) row[i] = null;
      rows.push(row);
    }
  }
  return rows;
}

/** Header and rows of a CSV or Parquet file, every cell as text (null when empty). */
export async function readTextCells(session: DuckSession, path: string): Promise<TextCells> {
  const ext = extname(path).toLowerCase();
  if (ext === ".csv") return readCsvCells(path);
  if (ext !== ".parquet") {
    throw new DataError("unsupported file type", { file: path }, "a .csv or .parquet lines file");
  }
  try {
    const described = await session.all(`DESCRIBE SELECT * FROM read_parquet(${sqlString(path)})`);
    const header = described.map((r) => String(r.column_name));
    const cells = header.map((h) => `CAST(${sqlIdentifier(h)} AS VARCHAR)`);
    const file = `read_parquet(${sqlString(path)})`;
    return { header, rows: await parquetRows(session, cells, file) };
  } catch (error) {
    throw new DataError(
      `cannot read the file: ${(error as Error).message.split("\n")[0]}`,
      { file: path },
      "a lines file",
    );
  }
}

export async function readLinesFile(
  session: DuckSession,
  path: string,
  options: Omit<ValidateSubmissionOptions, "source"> = {},
): Promise<SubmissionCheck> {
  const { header, rows } = await readTextCells(session, path);
  return validateSubmission(header, rows, { ...options, source: path });
}
