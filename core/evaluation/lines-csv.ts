/**
 * A lines file's CSV text as header + text cells: BOM tolerated, delimiter `,`
 * or `;` detected from the header, `"` quotes with `""` escapes, CRLF or LF,
 * blank lines at the end ignored. The browser's submission checker and the
 * Node reader (loaders/evaluate) both feed lines to `LinesCsvReader`, so a file
 * reads the same in both. Fields holding line breaks are not supported (a lines
 * file has none); a row with the wrong number of fields is kept as it is and
 * reported by the validator (`wrong_field_count`).
 */
import { detectDelimiter, splitCsvLine, type CsvDelimiter } from "../contract/csv-line.js";
import { LINES_COLUMNS, LINES_EXPLANATION_COLUMNS, LINES_OPTIONAL_COLUMNS } from "../contract/tables.js";

const EXPECTED = [...LINES_COLUMNS, ...LINES_OPTIONAL_COLUMNS].map((c) => c.name).concat(LINES_EXPLANATION_COLUMNS);

export interface TextCells {
  header: string[];
  /** One array of cells per data row; empty cells are null. */
  rows: (string | null)[][];
}

/** Builds header and rows from the file's lines, given one at a time (without their "\n"). */
export class LinesCsvReader {
  private header: string[] | null = null;
  private delimiter: CsvDelimiter = ",";
  private readonly rows: (string | null)[][] = [];
  /** Blank lines seen since the last non-blank one: rows only if a non-blank line follows. */
  private blanks: string[] = [];

  push(rawLine: string): void {
    let line = rawLine.endsWith("\r") ? rawLine.slice(0, -1) : rawLine;
    if (this.header === null) {
      if (line.startsWith("\uFEFF")) line = line.slice(1);
      this.delimiter = detectDelimiter(line, EXPECTED);
      this.header = splitCsvLine(line, this.delimiter);
      return;
    }
    if (line.trim() === "") {
      this.blanks.push(line);
      return;
    }
    for (const blank of this.blanks) this.rows.push(this.cells(blank));
    this.blanks = [];
    this.rows.push(this.cells(line));
  }

  private cells(line: string): (string | null)[] {
    const fields: (string | null)[] = splitCsvLine(line, this.delimiter);
    for (let i = 0; i < fields.length; i++) if (fields[i] === "") fields[i] = null;
    return fields;
  }

  finish(): TextCells {
    return { header: this.header ?? [""], rows: this.rows };
  }
}

export function parseLinesCsv(text: string): TextCells {
  const reader = new LinesCsvReader();
  for (const line of text.split("\n")) reader.push(line);
  return reader.finish();
}
