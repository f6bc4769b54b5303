/** The simulated calendar: when advanced disease is diagnosed and when the extraction ends. */
import { dayOf, yearOf, type Day } from "../time/day.js";

/** Advanced dates are spread over [ADVANCED_FROM, ADVANCED_TO]. */
export const ADVANCED_FROM: Day = dayOf(2015, 1, 1);
export const ADVANCED_TO: Day = dayOf(2025, 10, 31);
/** Last day of the extraction: follow-up ends at death or here. */
export const EXTRACTION_END: Day = dayOf(2025, 12, 31);

/** Fractional calendar year of a day, e.g. 2019.5 for early July 2019. */
export function decimalYear(day: Day): number {
  return 1970 + day / 365.2425;
}

/** Days with a precomputed year and month: 1960-01-01 to 2069-12-31 (every simulated date but `1600-01-01`). */
const TABLE_FROM = -3653;
const TABLE_DAYS = 40178;
const YEARS = new Int16Array(TABLE_DAYS);
const MONTHS = new Int8Array(TABLE_DAYS);
for (let i = 0; i < TABLE_DAYS; i++) {
  const date = new Date((TABLE_FROM + i) * 86_400_000);
  YEARS[i] = date.getUTCFullYear();
  MONTHS[i] = date.getUTCMonth() + 1;
}

/** Calendar year of a day (a table lookup: the observation asks for it on every row). */
export function yearOfDay(day: Day): number {
  const i = day - TABLE_FROM;
  return i >= 0 && i < TABLE_DAYS && Number.isInteger(i) ? YEARS[i]! : yearOf(day);
}

/** Month of a day, 1-12. */
export function monthOfDay(day: Day): number {
  const i = day - TABLE_FROM;
  return i >= 0 && i < TABLE_DAYS && Number.isInteger(i) ? MONTHS[i]! : new Date(day * 86_400_000).getUTCMonth() + 1;
}
