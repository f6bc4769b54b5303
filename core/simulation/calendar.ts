/** The simulated calendar: when advanced disease is diagnosed and when the extraction ends. */
import { dayOf, type Day } from "../time/day.js";

/** Advanced dates are spread over [ADVANCED_FROM, ADVANCED_TO]. */
export const ADVANCED_FROM: Day = dayOf(2015, 1, 1);
export const ADVANCED_TO: Day = dayOf(2025, 10, 31);
/** Last day of the extraction: follow-up ends at death or here. */
export const EXTRACTION_END: Day = dayOf(2025, 12, 31);

/** Fractional calendar year of a day, e.g. 2019.5 for early July 2019. */
export function decimalYear(day: Day): number {
  return 1970 + day / 365.2425;
}
