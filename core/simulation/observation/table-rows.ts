/**
 * Contract rows of one simulated patient, per physical table (`T_MCO19B`,
 * `ER_PHA_F`, ...). Cells are in the canonical column order of the simulator's
 * layouts (layout.ts: the version-2 columns); dates are Day integers (the
 * writer formats them), null is an empty cell.
 */
import { simulatedTable, type SimulatedColumn } from "./layout.js";

export type Cell = string | number | boolean | null;
export type Row = Cell[];

/** Columns of a simulated table, in canonical order. */
export function contractColumns(logical: string): readonly SimulatedColumn[] {
  return simulatedTable(logical).columns;
}

const columnsCache = new Map<string, readonly SimulatedColumn[]>();
function columnsOf(logical: string): readonly SimulatedColumn[] {
  let columns = columnsCache.get(logical);
  if (!columns) {
    columns = contractColumns(logical);
    columnsCache.set(logical, columns);
  }
  return columns;
}

export interface TableRows {
  /** Logical table (`T_MCOaaB`), for column types. */
  logical: string;
  rows: Row[];
}

/** Rows of one patient, by physical table name, in insertion order. */
export class PatientTables {
  readonly tables = new Map<string, TableRows>();

  /**
   * Adds a row given as column -> value (a column may be named by its canonical
   * or its version-1 name). Every version-1 column must be present; a version-2
   * column left out is null.
   */
  add(logical: string, physical: string, values: Readonly<Record<string, Cell>>): void {
    const columns = columnsOf(logical);
    const row: Row = new Array<Cell>(columns.length);
    for (let i = 0; i < columns.length; i++) {
      const column = columns[i]!;
      let value = values[column.name];
      if (value === undefined && column.v1Name !== undefined) value = values[column.v1Name];
      if (value === undefined) {
        if (column.since === 1) throw new Error(`${physical}: missing column ${column.name}`);
        value = null;
      }
      row[i] = value;
    }
    this.push(logical, physical, row);
  }

  /** Appends a row already in canonical order. */
  push(logical: string, physical: string, row: Row): void {
    let table = this.tables.get(physical);
    if (!table) {
      table = { logical, rows: [] };
      this.tables.set(physical, table);
    }
    table.rows.push(row);
  }

  rowsOf(physical: string): readonly Row[] {
    return this.tables.get(physical)?.rows ?? [];
  }
}
