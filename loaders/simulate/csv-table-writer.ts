/**
 * Appends contract rows to per-table CSV files (UTF-8, header, `,`, empty =
 * null, ISO dates, `true`/`false`), one file per physical table, opened on
 * first use. Rows are buffered as text and written with back-pressure, so memory
 * stays bounded by one batch.
 */
import { createWriteStream, type WriteStream } from "node:fs";
import { join } from "node:path";
import { once } from "node:events";
import { tableSpec, type ColumnType } from "../../core/contract/tables.js";
import { formatDay } from "../../core/time/day.js";
import type { Cell, PatientTables } from "../../core/simulation/observation/table-rows.js";

const ISO_CACHE_FROM = -3650; // 1960
const ISO_CACHE = new Map<number, string>();
function isoDay(day: number): string {
  let iso = ISO_CACHE.get(day);
  if (iso === undefined) {
    iso = formatDay(day);
    if (day >= ISO_CACHE_FROM) ISO_CACHE.set(day, iso);
  }
  return iso;
}

const NEEDS_QUOTES = /[",\r\n]/;
function formatCell(value: Cell, type: ColumnType): string {
  if (value === null) return "";
  if (type === "date") return isoDay(value as number);
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") return String(value);
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

interface OpenTable {
  stream: WriteStream;
  types: ColumnType[];
  pending: string[];
  rows: number;
}

export class CsvDatasetWriter {
  private readonly tables = new Map<string, OpenTable>();

  constructor(private readonly dir: string) {}

  /** Opens a table file (header only) even if no row comes. */
  ensure(physical: string, logical: string): void {
    if (this.tables.has(physical)) return;
    const spec = tableSpec(logical);
    const stream = createWriteStream(join(this.dir, `${physical}.csv`), { encoding: "utf8" });
    stream.write(spec.columns.map((c) => c.name).join(",") + "\n");
    this.tables.set(physical, { stream, types: spec.columns.map((c) => c.type), pending: [], rows: 0 });
  }

  append(tables: PatientTables): void {
    for (const [physical, { logical, rows }] of tables.tables) {
      this.ensure(physical, logical);
      const table = this.tables.get(physical)!;
      const { types } = table;
      for (const row of rows) {
        let line = "";
        for (let i = 0; i < row.length; i++) {
          if (i > 0) line += ",";
          line += formatCell(row[i]!, types[i]!);
        }
        table.pending.push(line);
      }
      table.rows += rows.length;
    }
  }

  /** Writes buffered rows, waiting for the streams to drain. */
  async flush(): Promise<void> {
    for (const table of this.tables.values()) {
      if (table.pending.length === 0) continue;
      const chunk = table.pending.join("\n") + "\n";
      table.pending = [];
      if (!table.stream.write(chunk)) await once(table.stream, "drain");
    }
  }

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
