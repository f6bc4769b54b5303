/**
 * Arrow result -> plain JavaScript rows, with no BigInt surprises.
 *
 * DuckDB-WASM returns Arrow tables built with its own copy of apache-arrow (v17)
 * while the project may load another; `instanceof` across copies fails, so this
 * module only reads the structural interface (schema fields, typeId, vectors).
 *
 * Conversions: 64-bit integers -> number (exact up to 2^53, an error beyond:
 * a silent rounding of a count is worse than a failure); decimals -> number;
 * DATE and TIMESTAMP -> Date (UTC); everything else as Arrow gives it.
 */

export type PlainValue = number | string | boolean | Date | null;
export type PlainRow = Record<string, PlainValue>;

/** Arrow's Type enum values (stable across apache-arrow versions). */
const TYPE = { Int: 2, Float: 3, Decimal: 7, Date: 8, Timestamp: 10 } as const;

interface ArrowLikeField {
  name: string;
  type: { typeId: number; scale?: number; unit?: number };
}
interface ArrowLikeVector {
  get(index: number): unknown;
}
export interface ArrowLikeTable {
  numRows: number;
  schema: { fields: ArrowLikeField[] };
  getChildAt(index: number): ArrowLikeVector | null;
}

function toNumber(value: unknown, column: string): number {
  if (typeof value === "bigint") {
    if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
      throw new RangeError(`Column "${column}" holds ${value}, beyond exact JavaScript numbers`);
    }
    return Number(value);
  }
  return Number(value);
}

function decimalToNumber(value: unknown, scale: number): number {
  // Arrow decimals arrive as a BN wrapper whose string form is the unscaled integer.
  const unscaled = typeof value === "bigint" ? Number(value) : Number(String(value));
  return unscaled / 10 ** scale;
}

function converterFor(field: ArrowLikeField): (value: unknown) => PlainValue {
  switch (field.type.typeId) {
    case TYPE.Int:
    case TYPE.Float:
      return (v) => toNumber(v, field.name);
    case TYPE.Decimal: {
      const scale = field.type.scale ?? 0;
      return (v) => decimalToNumber(v, scale);
    }
    case TYPE.Date:
    case TYPE.Timestamp:
      return (v) => (v instanceof Date ? v : new Date(toNumber(v, field.name)));
    default:
      return (v) => {
        if (typeof v === "bigint") return toNumber(v, field.name);
        if (v === undefined) return null;
        return v as PlainValue;
      };
  }
}

/** Converts an Arrow table (any apache-arrow version) to an array of plain rows. */
export function toPlainRows(table: ArrowLikeTable): PlainRow[] {
  const fields = table.schema.fields;
  const columns = fields.map((field, i) => {
    const vector = table.getChildAt(i);
    if (!vector) throw new Error(`Arrow column ${i} ("${field.name}") is missing`);
    return { name: field.name, vector, convert: converterFor(field) };
  });
  const rows: PlainRow[] = new Array(table.numRows);
  for (let r = 0; r < table.numRows; r++) {
    const row: PlainRow = {};
    for (const { name, vector, convert } of columns) {
      const raw = vector.get(r);
      row[name] = raw === null || raw === undefined ? null : convert(raw);
    }
    rows[r] = row;
  }
  return rows;
}
