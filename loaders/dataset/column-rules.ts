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
  bad_date: "not a real calendar date in an accepted form (YYYY-MM-DD, DD/MM/YYYY, DDMMYYYY, SAS 14NOV2017)",
  not_midnight: "a date and time whose time is not midnight: a date was expected",
  missing_date: "the SNDS missing-date value 1600-01-01 in a column that requires a date",
  not_boolean: "not true, false, 1 or 0",
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
const COMPACT_PATTERN = "[0-9]{8}";
/** An ISO date with a time (a Parquet TIMESTAMP read as text, `2017-11-14 00:00:00`). */
const ISO_TIME_PATTERN = "[0-9]{4}-[0-9]{2}-[0-9]{2}[ T][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?";
/** SAS DATE9 / DATETIME: `14NOV2017`, `14NOV2017:00:00:00`, `01Jan2017:0:0:0` (any case). */
const SAS_PATTERN = "([0-9]{1,2})([A-Za-z]{3})([0-9]{4})(:[0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(\\.[0-9]*)?)?";
/** The SAS DATETIME of an SNDS extract at midnight with a two-digit day: `14NOV2017:00:00:00`. */
const SAS_MIDNIGHT_PATTERN = "[0-9]{2}[A-Za-z]{3}[0-9]{4}:00:00:00";
const MIDNIGHT_PATTERN = ".*[ T:]0{1,2}:0{1,2}:0{1,2}(\\.0*)?";
const SAS_MONTHS = "JANFEBMARAPRMAYJUNJULAUGSEPOCTNOVDEC";
/**
 * SQL expression: the trimmed cell, null when empty. `raw` is an SQL expression
 * of VARCHAR type. Trimming only cells that start or end with a space or a tab is
 * four times faster than trimming every cell.
 */
export function normalisedCell(raw: string): string {
  const padded = ["starts_with", "ends_with"].flatMap((f) => [`${f}(${raw}, ' ')`, `${f}(${raw}, '\t')`]).join(" OR ");
  return `CASE WHEN ${padded} THEN NULLIF(trim(${raw}, ' \t'), '') ELSE NULLIF(${raw}, '') END`;
}

/** The SNDS value of a missing date. */
export const MISSING_DATE = "1600-01-01";

/**
 * SQL expression: the normalised cell `v` as an ISO date text `YYYY-MM-DD`
 * (not yet checked as a calendar date), or null when it is in no accepted form.
 * A form with a time gives its date only when the time is midnight.
 */
function isoDateText(v: string): string {
  const sasMonth = `strpos('${SAS_MONTHS}', upper(regexp_extract(${v}, '^${SAS_PATTERN}$', 2)))`;
  // the SNDS extract's own form, `14NOV2017:00:00:00`, first: one pattern and fixed positions give the same
  // text as the general SAS branch below, which takes five patterns to reach it
  const fixedMonth = `strpos('${SAS_MONTHS}', upper(substr(${v}, 3, 3)))`;
  return (
    `CASE WHEN length(${v}) = 18 AND ends_with(${v}, ':00:00:00') AND regexp_full_match(${v}, '${SAS_MIDNIGHT_PATTERN}') ` +
    `THEN CASE WHEN ${fixedMonth} % 3 = 1 THEN substr(${v}, 6, 4) || '-' || ` +
    `lpad(CAST((${fixedMonth} + 2) // 3 AS VARCHAR), 2, '0') || '-' || substr(${v}, 1, 2) END ` +
    `WHEN regexp_full_match(${v}, '${ISO_PATTERN}') THEN ${v} ` +
    `WHEN regexp_full_match(${v}, '${FRENCH_PATTERN}') THEN substr(${v}, 7, 4) || '-' || substr(${v}, 4, 2) || '-' || substr(${v}, 1, 2) ` +
    `WHEN regexp_full_match(${v}, '${COMPACT_PATTERN}') THEN substr(${v}, 5, 4) || '-' || substr(${v}, 3, 2) || '-' || substr(${v}, 1, 2) ` +
    `WHEN regexp_full_match(${v}, '${ISO_TIME_PATTERN}') AND regexp_full_match(${v}, '${MIDNIGHT_PATTERN}') THEN substr(${v}, 1, 10) ` +
    `WHEN regexp_full_match(${v}, '${SAS_PATTERN}') AND (${v} NOT LIKE '%:%' OR regexp_full_match(${v}, '${MIDNIGHT_PATTERN}')) ` +
    `AND ${sasMonth} % 3 = 1 THEN regexp_extract(${v}, '^${SAS_PATTERN}$', 3) || '-' || ` +
    `lpad(CAST((${sasMonth} + 2) // 3 AS VARCHAR), 2, '0') || '-' || lpad(regexp_extract(${v}, '^${SAS_PATTERN}$', 1), 2, '0') END`
  );
}

/** SQL expression: the date of the normalised cell `v` (1600-01-01 included), null when not a date. */
function parsedDate(v: string): string {
  return `CAST(try_strptime(${isoDateText(v)}, '%Y-%m-%d') AS DATE)`;
}

/** SQL: true when the cell is a date with a time that is not midnight (rejected as `not_midnight`). */
function timeNotMidnight(v: string): string {
  return (
    `((regexp_full_match(${v}, '${ISO_TIME_PATTERN}') OR regexp_full_match(${v}, '${SAS_PATTERN}')) ` +
    `AND ${v} LIKE '%:%' AND NOT regexp_full_match(${v}, '${MIDNIGHT_PATTERN}'))`
  );
}

/** SQL expression: the UCD code of a normalised cell: a UCD7 becomes `000000` + UCD7. */
function ucdCode(v: string): string {
  return `CASE WHEN length(${v}) = 7 THEN '000000' || ${v} ELSE ${v} END`;
}

/** SQL expression: the typed value of a (normalised) cell, null when the cell is not valid for its type. */
export function typedValue(column: ColumnSpec, v: string): string {
  const typed = typedOfType(column, v);
  return column.missingValues
    ? `CASE WHEN ${v} IN (${column.missingValues.map(sqlString).join(", ")}) THEN NULL ELSE ${typed} END`
    : typed;
}

function typedOfType(column: ColumnSpec, v: string): string {
  switch (column.type) {
    case "string":
      return column.ucd ? ucdCode(v) : column.upperCase ? `upper(${v})` : v;
    case "integer":
      return `CASE WHEN regexp_full_match(${v}, '${INTEGER_PATTERN}') THEN TRY_CAST(${v} AS INTEGER) END`;
    case "number":
      return `CASE WHEN regexp_full_match(${v}, '${NUMBER_PATTERN}') THEN TRY_CAST(${v} AS DOUBLE) END`;
    case "date":
      return `nullif(${parsedDate(v)}, DATE '${MISSING_DATE}')`;
    case "boolean":
      return `CASE ${v} WHEN 'true' THEN true WHEN '1' THEN true WHEN 'false' THEN false WHEN '0' THEN false END`;
  }
}

/**
 * SQL expression: the typed value of a Parquet cell from its stored value `x`
 * (of `storedType`, a DATE, TIMESTAMP or integer type), equal to
 * `typedValue(column, v)` on its text `v` (the same value, null in the same
 * cases), without parsing the text: a date or a midnight timestamp of a
 * four-digit year is that date (1600-01-01 null); an integer is cast with the
 * same overflow to null. Anything else falls back to `typedValue` on the text.
 */
export function typedStoredValue(column: ColumnSpec, x: string, storedType: string, v: string): string {
  const fallback = typedOfType(column, v);
  let typed: string;
  if (column.type === "date") {
    const day = storedType === "DATE" ? x : `CAST(${x} AS DATE)`;
    const midnight = storedType === "DATE" ? "true" : `${x} = date_trunc('day', ${x})`;
    typed =
      `CASE WHEN ${midnight} AND year(${x}) BETWEEN 1000 AND 9999 ` +
      `THEN nullif(${day}, DATE '${MISSING_DATE}') ELSE ${fallback} END`;
  } else if (column.type === "integer") typed = `TRY_CAST(${x} AS INTEGER)`;
  else return typedValue(column, v);
  return column.missingValues
    ? `CASE WHEN ${v} IN (${column.missingValues.map(sqlString).join(", ")}) THEN NULL ELSE ${typed} END`
    : typed;
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
  if (column.missingValues) {
    branches.push(`WHEN ${v} IN (${column.missingValues.map(sqlString).join(", ")}) THEN NULL`);
  }
  if (column.type === "date") {
    // typed is null for a text that is no date, and for the missing date 1600-01-01
    branches.push(
      `WHEN (${typed}) IS NULL THEN CASE WHEN ${parsedDate(v)} = DATE '${MISSING_DATE}' ` +
        `THEN ${column.nullable ? "NULL" : "'missing_date'"} WHEN ${timeNotMidnight(v)} THEN 'not_midnight' ELSE 'bad_date' END`,
    );
  } else if (column.type !== "string") branches.push(`WHEN (${typed}) IS NULL THEN '${TYPE_REASON[column.type]}'`);
  if (column.allowed) {
    const cell = column.upperCase ? `upper(${v})` : v;
    branches.push(`WHEN ${cell} NOT IN (${column.allowed.map(sqlString).join(", ")}) THEN 'not_allowed'`);
  }
  if (column.ucd) branches.push(`WHEN length(${v}) NOT IN (7, 13) THEN 'bad_length'`);
  else if (column.length !== undefined) branches.push(`WHEN length(${v}) <> ${column.length} THEN 'bad_length'`);
  if (column.range) {
    branches.push(`WHEN NOT ((${typed}) BETWEEN ${column.range[0]} AND ${column.range[1]}) THEN 'out_of_range'`);
  }
  return `CASE ${branches.join(" ")} END`;
}

const TYPE_FORM: Record<ColumnType, string> = {
  string: "text",
  integer: "integer",
  number: "number with a dot as decimal separator (e.g. 12.5)",
  date: "date YYYY-MM-DD, DD/MM/YYYY, DDMMYYYY or 14NOV2017",
  boolean: "true or false (or 1 or 0)",
};

/** The expected form of a column, in words (e.g. "integer between 0 and 99"). */
export function expectedForm(column: ColumnSpec): string {
  const parts = [TYPE_FORM[column.type]];
  if (column.allowed) parts.push(`one of ${column.allowed.join(", ")}${column.upperCase ? " (any case)" : ""}`);
  if (column.ucd) parts.push("13 characters, or the 7 of a UCD7");
  else if (column.length !== undefined) parts.push(`exactly ${column.length} characters`);
  if (column.range) parts.push(`between ${column.range[0]} and ${column.range[1]}`);
  if (column.missingValues) parts.push(`${column.missingValues.join(" or ")} = unknown`);
  return `${parts.join(", ")} ${column.nullable ? "(or empty)" : "(required)"}`;
}
