/**
 * The header row of a contract CSV file and its delimiter. The contract allows
 * `,` or `;`; rather than trusting a sniffer, the delimiter is decided from the
 * header line alone: the one whose split names more of the table's contract
 * columns (a tie goes to the split with more fields, then to `,`).
 */
import { open } from "node:fs/promises";
import { detectDelimiter, splitCsvLine, type CsvDelimiter } from "../../core/contract/csv-line.js";
import { DataError } from "../../core/errors/data-error.js";

export type { CsvDelimiter } from "../../core/contract/csv-line.js";
export { detectDelimiter, splitCsvLine } from "../../core/contract/csv-line.js";

export interface CsvHeader {
  delimiter: CsvDelimiter;
  /** Column names in file order, unquoted, exactly as written (no trimming). */
  columns: string[];
  /** The file starts with a UTF-8 byte-order mark. */
  bom: boolean;
}

const CHUNK = 64 * 1024;
const MAX_HEADER_BYTES = 4 * 1024 * 1024;
const BOM = "\uFEFF";

/**
 * Reads the first line of a file (up to a newline outside quotes), without the
 * BOM. Only the header's bytes are decoded: an invalid UTF-8 byte further down
 * is left to the CSV reader, which names its line. A file whose lines end with
 * a lone CR (classic Mac OS) is fatal, named as such.
 */
async function readHeaderLine(path: string): Promise<{ line: string; bom: boolean }> {
  const handle = await open(path, "r");
  try {
    let raw = Buffer.alloc(0);
    let position = 0;
    for (;;) {
      const buffer = Buffer.alloc(CHUNK);
      const { bytesRead } = await handle.read(buffer, 0, CHUNK, position);
      position += bytesRead;
      raw = Buffer.concat([raw, buffer.subarray(0, bytesRead)]);
      const done = bytesRead === 0;
      const end = lineEnd(raw);
      if (end !== undefined || done || position >= MAX_HEADER_BYTES) {
        const header = raw.subarray(0, end ?? raw.length);
        const cr = header.indexOf(0x0d);
        if (cr >= 0 && cr < header.length - 1) {
          throw new DataError(
            "the lines end with a lone carriage return (CR, classic Mac OS)",
            { file: path },
            "lines ending with LF or CRLF",
          );
        }
        let text: string;
        try {
          text = new TextDecoder("utf-8", { fatal: true }).decode(header);
        } catch {
          throw new DataError("the header row is not valid UTF-8", { file: path }, "a UTF-8 CSV file");
        }
        const bom = text.startsWith(BOM);
        return { line: text.slice(bom ? 1 : 0).replace(/\r$/, ""), bom };
      }
    }
  } finally {
    await handle.close();
  }
}

/** Byte offset of the first LF outside double quotes (both ASCII: safe to scan UTF-8 bytes). */
function lineEnd(bytes: Uint8Array): number | undefined {
  let quoted = false;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    if (c === 0x22) quoted = !quoted;
    else if (c === 0x0a && !quoted) return i;
  }
  return undefined;
}

/**
 * Reads and parses the header of a CSV file. Throws DataError for an empty file
 * or an empty header line.
 */
export async function readCsvHeader(path: string, expected: readonly string[]): Promise<CsvHeader> {
  const { line, bom } = await readHeaderLine(path);
  if (line.trim() === "") {
    throw new DataError(
      "the file is empty or its first line is blank",
      { file: path },
      `a header row naming the columns: ${expected.join(", ")}`,
    );
  }
  const delimiter = detectDelimiter(line, expected);
  return { delimiter, columns: splitCsvLine(line, delimiter), bom };
}
