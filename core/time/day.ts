/**
 * Calendar days as integers: days since 1970-01-01 (UTC). The core computes on
 * these (fast, exact, no time zones) and converts to ISO text only at the edges.
 */

/** Days since 1970-01-01. */
export type Day = number;

const MS_PER_DAY = 86_400_000;
const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;
const FRENCH = /^(\d{2})\/(\d{2})\/(\d{4})$/;

function fromParts(year: number, month: number, day: number): Day | undefined {
  const ms = Date.UTC(year, month - 1, day);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    return undefined;
  }
  return ms / MS_PER_DAY;
}

/** Parses `YYYY-MM-DD` (strict, real calendar dates only). */
export function parseIsoDay(text: string): Day | undefined {
  const m = ISO.exec(text);
  return m ? fromParts(Number(m[1]), Number(m[2]), Number(m[3])) : undefined;
}

/**
 * Parses a date as the data contract allows: ISO `YYYY-MM-DD`, or `DD/MM/YYYY`.
 * Anything else (including impossible dates such as 2021-02-30) is undefined:
 * the caller rejects the row with a reason, it never guesses.
 */
export function parseContractDate(text: string): Day | undefined {
  const trimmed = text.trim();
  const iso = parseIsoDay(trimmed);
  if (iso !== undefined) return iso;
  const m = FRENCH.exec(trimmed);
  return m ? fromParts(Number(m[3]), Number(m[2]), Number(m[1])) : undefined;
}

/** `YYYY-MM-DD` of a day. */
export function formatDay(day: Day): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

export function dayFromDate(date: Date): Day {
  return Math.floor(date.getTime() / MS_PER_DAY);
}

export function dateFromDay(day: Day): Date {
  return new Date(day * MS_PER_DAY);
}

export function dayOf(year: number, month: number, dayOfMonth: number): Day {
  const day = fromParts(year, month, dayOfMonth);
  if (day === undefined) throw new RangeError(`Not a calendar date: ${year}-${month}-${dayOfMonth}`);
  return day;
}

export function yearOf(day: Day): number {
  return new Date(day * MS_PER_DAY).getUTCFullYear();
}

/** Average days per month, for converting survival times to months. */
export const DAYS_PER_MONTH = 365.25 / 12;
