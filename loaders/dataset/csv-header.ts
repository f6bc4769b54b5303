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

/** Reads the first line of a file (up to a newline outside quotes), without the BOM. */
async function readHeaderLine(path: string): Promise<{ line: string; bom: boolean }> {
  const handle = await open(path, "r");
  try {
    const decoder = new TextDecoder("utf-8", { fatal: true });
    let text = "";
    let position = 0;
    for (;;) {
      const buffer = Buffer.alloc(CHUNK);
      const { bytesRead } = await handle.read(buffer, 0, CHUNK, position);
      position += bytesRead;
      const done = bytesRead === 0;
      try {
        text += decoder.decode(buffer.subarray(0, bytesRead), { stream: !done });
      } catch {
        throw new DataError("the header row is not valid UTF-8", { file: path }, "a UTF-8 CSV file");
      }
      const end = lineEnd(text);
      if (end !== undefined || done || position >= MAX_HEADER_BYTES) {
        const bom = text.startsWith(BOM);
        const line = text.slice(bom ? 1 : 0, end ?? text.length).replace(/\r$/, "");
        return { line, bom };
      }
    }
  } finally {
    await handle.close();
  }
}

function lineEnd(text: string): number | undefined {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (c === "\n" && !quoted) return i;
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
