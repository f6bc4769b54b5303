/**
 * The validation rules of one contract column, as DuckDB SQL: what makes a cell
 * rejected (a reason code), how a valid cell becomes a typed value, and the
 * expected form shown to the user. Built from `core/contract/tables.ts` only.
 *
 * Cells are compared after trimming surrounding spaces and tabs (as the
 * contract's allowed values and `parseContractDate` do); a cell that is empty
 * after trimming is null.
 */
import type { ColumnSpec, ColumnType } from "../../core/contract/tables.js";
import { sqlString } from "../duckdb/session.js";

/** Why a cell is rejected. */
export const REJECTION_REASONS = {
  null_required: "empty cell in a column that requires a value",
  not_integer: "not an integer (digits, optional leading minus)",
  not_number: "not a number (dot as decimal separator)",
  bad_date: "not a real calendar date written YYYY-MM-DD or DD/MM/YYYY",
  not_boolean: "not true or false",
  not_allowed: "not one of the allowed values",
  bad_length: "wrong number of characters for a fixed-width code",
  out_of_range: "outside the allowed numeric range",
} as const;

export type RejectionReason = keyof typeof REJECTION_REASONS;

const SQL_TYPES: Record<ColumnType, string> = {
  string: "VARCHAR",
  integer: "INTEGER",
  number: "DOUBLE",
  date: "DATE",
  boolean: "BOOLEAN",
};

/** DuckDB type of a contract column in the typed tables. */
export function sqlType(type: ColumnType): string {
  return SQL_TYPES[type];
}

const INTEGER_PATTERN = "-?[0-9]+";
const NUMBER_PATTERN = "-?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+)?";
const ISO_PATTERN = "[0-9]{4}-[0-9]{2}-[0-9]{2}";
const FRENCH_PATTERN = "[0-9]{2}/[0-9]{2}/[0-9]{4}";

/**
 * SQL expression: the trimmed cell, null when empty. `raw` is an SQL expression
 * of VARCHAR type. Trimming only cells that start or end with a space or a tab is
 * four times faster than trimming every cell.
 */
export function normalisedCell(raw: string): string {
  const padded = ["starts_with", "ends_with"].flatMap((f) => [`${f}(${raw}, ' ')`, `${f}(${raw}, '\t')`]).join(" OR ");
  return `CASE WHEN ${padded} THEN NULLIF(trim(${raw}, ' \t'), '') ELSE NULLIF(${raw}, '') END`;
}

function parsedDate(v: string): string {
  return (
    `CASE WHEN regexp_full_match(${v}, '${ISO_PATTERN}') THEN CAST(try_strptime(${v}, '%Y-%m-%d') AS DATE) ` +
    `WHEN regexp_full_match(${v}, '${FRENCH_PATTERN}') THEN CAST(try_strptime(${v}, '%d/%m/%Y') AS DATE) END`
  );
}

/** SQL expression: the typed value of a (normalised) cell, null when the cell is not valid for its type. */
export function typedValue(column: ColumnSpec, v: string): string {
  switch (column.type) {
    case "string":
      return v;
    case "integer":
      return `CASE WHEN regexp_full_match(${v}, '${INTEGER_PATTERN}') THEN TRY_CAST(${v} AS INTEGER) END`;
    case "number":
      return `CASE WHEN regexp_full_match(${v}, '${NUMBER_PATTERN}') THEN TRY_CAST(${v} AS DOUBLE) END`;
    case "date":
      return parsedDate(v);
    case "boolean":
      return `CASE ${v} WHEN 'true' THEN true WHEN 'false' THEN false END`;
  }
}

const TYPE_REASON: Record<Exclude<ColumnType, "string">, RejectionReason> = {
  integer: "not_integer",
  number: "not_number",
  date: "bad_date",
  boolean: "not_boolean",
};

/**
 * SQL expression: the reason code of a cell's first problem, or null when the
 * cell is valid. `v` is the normalised cell, `typed` the typed value expression.
 */
export function problemExpression(column: ColumnSpec, v: string, typed: string): string {
  const branches: string[] = [`WHEN ${v} IS NULL THEN ${column.nullable ? "NULL" : "'null_required'"}`];
  if (column.type !== "string") branches.push(`WHEN (${typed}) IS NULL THEN '${TYPE_REASON[column.type]}'`);
  if (column.allowed) {
    branches.push(`WHEN ${v} NOT IN (${column.allowed.map(sqlString).join(", ")}) THEN 'not_allowed'`);
  }
  if (column.length !== undefined) branches.push(`WHEN length(${v}) <> ${column.length} THEN 'bad_length'`);
  if (column.range) {
    branches.push(`WHEN NOT ((${typed}) BETWEEN ${column.range[0]} AND ${column.range[1]}) THEN 'out_of_range'`);
  }
  return `CASE ${branches.join(" ")} END`;
}

const TYPE_FORM: Record<ColumnType, string> = {
  string: "text",
  integer: "integer",
  number: "number with a dot as decimal separator (e.g. 12.5)",
  date: "date YYYY-MM-DD or DD/MM/YYYY",
  boolean: "true or false",
};

/** The expected form of a column, in words (e.g. "integer between 0 and 99"). */
export function expectedForm(column: ColumnSpec): string {
  const parts = [TYPE_FORM[column.type]];
  if (column.allowed) parts.push(`one of ${column.allowed.join(", ")}`);
  if (column.length !== undefined) parts.push(`exactly ${column.length} characters`);
  if (column.range) parts.push(`between ${column.range[0]} and ${column.range[1]}`);
  return `${parts.join(", ")} ${column.nullable ? "(or empty)" : "(required)"}`;
}
