/**
 * A lines file's CSV text as header + text cells, read as the Node reader does
 * (BOM tolerated, delimiter `,` or `;` detected from the header, quotes), for
 * the in-browser submission checker. Fields holding line breaks are not
 * supported (a lines file has none); a row with the wrong number of fields is
 * kept as it is and reported by the validator through its empty cells.
 */
import { detectDelimiter, splitCsvLine } from "../contract/csv-line.js";
import { LINES_COLUMNS, LINES_EXPLANATION_COLUMNS, LINES_OPTIONAL_COLUMNS } from "../contract/tables.js";

const EXPECTED = [...LINES_COLUMNS, ...LINES_OPTIONAL_COLUMNS].map((c) => c.name).concat(LINES_EXPLANATION_COLUMNS);

export function parseLinesCsv(text: string): { header: string[]; rows: (string | null)[][] } {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === "") lines.pop();
  const headerLine = lines.shift() ?? "";
  const delimiter = detectDelimiter(headerLine, EXPECTED);
  const header = splitCsvLine(headerLine, delimiter);
  const rows = lines.map((line) => splitCsvLine(line, delimiter).map((cell) => (cell === "" ? null : cell)));
  return { header, rows };
}
