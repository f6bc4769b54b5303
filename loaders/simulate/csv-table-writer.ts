/**
 * Appends contract rows to per-table CSV files (UTF-8, header, `,`, empty =
 * null, `true`/`false`), one file per physical table, opened on first use,
 * with the columns of the dataset's contract version (layout.ts) and each date
 * column in its form (ISO unless the version-2 observation chose another).
 * Rows are formatted by CsvRowFormatter (also in worker threads), buffered as
 * text and written with back-pressure, so memory stays bounded by one batch.
 */
import { createWriteStream, type WriteStream } from "node:fs";
import { join } from "node:path";
import { once } from "node:events";
import type { DateForm } from "../../core/simulation/observation/contract-v2.js";
import {
  writtenLayout,
  type CellType,
  type ContractVersion,
  type WrittenLayout,
} from "../../core/simulation/observation/layout.js";
import type { Cell, PatientTables, Row } from "../../core/simulation/observation/table-rows.js";
import { formatDate } from "./date-forms.js";

const NEEDS_QUOTES = /[",\r\n]/;
function formatCell(value: Cell, type: CellType, form: DateForm): string {
  if (value === null) return "";
  if (type === "date") return formatDate(value as number, form);
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") return String(value);
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export interface CsvWriterOptions {
  version: ContractVersion;
  /** Form of a date column (default ISO). */
  dateForm?: (logical: string, column: string) => DateForm;
}

interface TableFormat {
  layout: WrittenLayout;
  forms: DateForm[];
}

/**
 * Formats rows of a table as CSV lines (each ending in a newline), with the
 * columns of the contract version and each date in its form. Pure: worker
 * threads format their patients' rows, the writer only writes the text.
 */
export class CsvRowFormatter {
  private readonly formats = new Map<string, TableFormat>();

  constructor(private readonly options: CsvWriterOptions = { version: 1 }) {}

  /** Layout and date forms of a logical table; a table of another version is refused. */
  format(logical: string): TableFormat {
    let format = this.formats.get(logical);
    if (!format) {
      const layout = writtenLayout(logical, this.options.version);
      if (!layout) throw new Error(`${logical} is not a table of contract version ${this.options.version}`);
      const forms = layout.names.map((name, i) =>
        layout.types[i] === "date" ? (this.options.dateForm?.(logical, name) ?? "iso") : "iso",
      );
      format = { layout, forms };
      this.formats.set(logical, format);
    }
    return format;
  }

  header(logical: string): string {
    return this.format(logical).layout.names.join(",") + "\n";
  }

  /** The rows as CSV text, one line per row, each ending in a newline. */
  rows(logical: string, rows: readonly Row[]): string {
    const { layout, forms } = this.format(logical);
    const { source, types } = layout;
    const lines = new Array<string>(rows.length + 1);
    const width = source.length;
    const cells = new Array<string>(width);
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r]!;
      for (let i = 0; i < width; i++) cells[i] = formatCell(row[source[i]!]!, types[i]!, forms[i]!);
      lines[r] = cells.join(",");
    }
    lines[rows.length] = "";
    // Joins (flat strings) rather than chains of concatenations, which cost more to write out.
    return lines.join("\n");
  }

  /** The rows as UTF-8 CSV bytes (a buffer of its own, which a worker thread can transfer). */
  bytes(logical: string, rows: readonly Row[]): Uint8Array {
    return UTF8.encode(this.rows(logical, rows));
  }
}

const UTF8 = new TextEncoder();

interface OpenTable {
  stream: WriteStream;
  pending: Uint8Array[];
  rows: number;
}

/** CSV bytes (UTF-8) of some rows of one physical table (formatted by CsvRowFormatter). */
export interface CsvTableChunk {
  physical: string;
  logical: string;
  bytes: Uint8Array;
  rows: number;
}

export class CsvDatasetWriter {
  private readonly tables = new Map<string, OpenTable>();
  readonly formatter: CsvRowFormatter;

  constructor(
    private readonly dir: string,
    options: CsvWriterOptions = { version: 1 },
  ) {
    this.formatter = new CsvRowFormatter(options);
  }

  /** Opens a table file (header only) even if no row comes; a table of another version is refused. */
  ensure(physical: string, logical: string): void {
    if (this.tables.has(physical)) return;
    const header = this.formatter.header(logical);
    // A large buffer: the next range is simulated while the last one is written.
    const stream = createWriteStream(join(this.dir, `${physical}.csv`), { highWaterMark: 4 << 20 });
    stream.write(header);
    this.tables.set(physical, { stream, pending: [], rows: 0 });
  }

  append(tables: PatientTables): void {
    for (const [physical, { logical, rows }] of tables.tables) {
      if (rows.length === 0) continue;
      this.appendBytes({ physical, logical, bytes: this.formatter.bytes(logical, rows), rows: rows.length });
    }
  }

  /** Appends rows already formatted. */
  appendBytes(chunk: CsvTableChunk): void {
    if (chunk.rows === 0) return;
    this.ensure(chunk.physical, chunk.logical);
    const table = this.tables.get(chunk.physical)!;
    table.pending.push(chunk.bytes);
    table.rows += chunk.rows;
  }

  /** Writes buffered rows, waiting for the streams to drain. */
  async flush(): Promise<void> {
    for (const table of this.tables.values()) {
      if (table.pending.length === 0) continue;
      const chunk = table.pending.length === 1 ? table.pending[0]! : Buffer.concat(table.pending);
      table.pending = [];
      if (!table.stream.write(chunk)) await once(table.stream, "drain");
    }
  }

  /** Closes every file; returns the rows written per physical table. */
  async close(): Promise<Map<string, number>> {
    await this.flush();
    const counts = new Map<string, number>();
    for (const [physical, table] of this.tables) {
      table.stream.end();
      await once(table.stream, "finish");
      counts.set(physical, table.rows);
    }
    return counts;
  }
}
