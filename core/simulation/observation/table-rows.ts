/**
 * Contract rows of one simulated patient, per physical table (`T_MCO19B`,
 * `ER_PHA_F`, ...). Cells are in the contract's column order (from
 * core/contract/tables.ts); dates are Day integers (the writer formats them),
 * null is an empty cell.
 */
import { tableSpec, type ColumnSpec } from "../../contract/tables.js";

export type Cell = string | number | boolean | null;
export type Row = Cell[];

/** Columns of a contract table, in order. */
export function contractColumns(logical: string): readonly ColumnSpec[] {
  return tableSpec(logical).columns;
}

const columnNames = new Map<string, readonly string[]>();
function namesOf(logical: string): readonly string[] {
  let names = columnNames.get(logical);
  if (!names) {
    names = contractColumns(logical).map((c) => c.name);
    columnNames.set(logical, names);
  }
  return names;
}

export interface TableRows {
  /** Logical table (`T_MCOaaB`), for column types. */
  logical: string;
  rows: Row[];
}

/** Rows of one patient, by physical table name, in insertion order. */
export class PatientTables {
  readonly tables = new Map<string, TableRows>();

  /** Adds a row given as column -> value; every contract column must be present. */
  add(logical: string, physical: string, values: Readonly<Record<string, Cell>>): void {
    const names = namesOf(logical);
    const row: Row = new Array<Cell>(names.length);
    for (let i = 0; i < names.length; i++) {
      const value = values[names[i]!];
      if (value === undefined) throw new Error(`${physical}: missing column ${names[i]}`);
      row[i] = value;
    }
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
