/**
 * CSV lines as the data contract reads them (section 1): delimiter `,` or `;`,
 * double quotes with `""` escapes. Pure, so the browser's submission checker
 * splits and detects exactly like the Node readers.
 */

export type CsvDelimiter = "," | ";";

/** Splits one CSV line on `delimiter`, honouring `"` quotes and `""` escapes. */
export function splitCsvLine(line: string, delimiter: CsvDelimiter): string[] {
  if (!line.includes('"')) return line.split(delimiter);
  const fields: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === delimiter) {
      fields.push(field);
      field = "";
    } else field += c;
  }
  fields.push(field);
  return fields;
}

/**
 * Chooses the delimiter of a header line: the split that names more of the
 * expected columns wins (a tie goes to the split with more fields, then to `,`).
 */
export function detectDelimiter(line: string, expected: readonly string[]): CsvDelimiter {
  const known = new Set(expected);
  const score = (d: CsvDelimiter) => {
    const fields = splitCsvLine(line, d);
    return { hits: fields.filter((f) => known.has(f)).length, fields: fields.length };
  };
  const comma = score(",");
  const semicolon = score(";");
  if (semicolon.hits !== comma.hits) return semicolon.hits > comma.hits ? ";" : ",";
  return semicolon.fields > comma.fields ? ";" : ",";
}
