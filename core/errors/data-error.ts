/**
 * Errors that a user can act on: bad input data or bad options. They carry where
 * the problem is (table, column, row) and what was expected, so that the CLI can
 * print one clear line and pages can show it, without a stack trace.
 */

export interface DataLocation {
  /** Table name as in the data contract (e.g. `ER_PHA_F`), or a file name. */
  table?: string;
  column?: string;
  /** 1-based data row (header excluded). */
  row?: number;
  file?: string;
}

/** A problem with input data: names the place and the expected form. */
export class DataError extends Error {
  readonly location: DataLocation;
  readonly expected: string | undefined;
  readonly found: string | undefined;

  constructor(message: string, location: DataLocation = {}, expected?: string, found?: string) {
    super(formatDataError(message, location, expected, found));
    this.name = "DataError";
    this.location = location;
    this.expected = expected;
    this.found = found;
  }
}

/** A problem with the options a user gave (bad value, conflicting flags). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

export function formatDataError(message: string, location: DataLocation, expected?: string, found?: string): string {
  const where = [
    location.file ? `file ${location.file}` : undefined,
    location.table ? `table ${location.table}` : undefined,
    location.column ? `column ${location.column}` : undefined,
    location.row !== undefined ? `row ${location.row}` : undefined,
  ].filter(Boolean);
  const parts = [where.length ? `${where.join(", ")}: ${message}` : message];
  if (found !== undefined) parts.push(`found ${JSON.stringify(found)}`);
  if (expected !== undefined) parts.push(`expected ${expected}`);
  return parts.join("; ");
}

/** True for errors whose message is meant for the user as is. */
export function isUserFacing(error: unknown): error is DataError | UsageError {
  return error instanceof DataError || error instanceof UsageError;
}
