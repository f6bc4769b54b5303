/**
 * The text forms a simulated dataset writes its dates in (data contract v2,
 * section 1): ISO `YYYY-MM-DD`, the SAS date and datetime exports of real SNDS
 * extracts (`14NOV2017`, `14NOV2017:00:00:00`) and the `DDMMYYYY` of the PMSI
 * outpatient files. Which column gets which form is the simulator's choice
 * (core/simulation/observation/contract-v2.ts); this module only spells them.
 */
import type { DateForm } from "../../core/simulation/observation/contract-v2.js";
import { formatDay } from "../../core/time/day.js";

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];

function spell(day: number, form: DateForm): string {
  const iso = formatDay(day);
  if (form === "iso") return iso;
  const [y, m, d] = [iso.slice(0, 4), iso.slice(5, 7), iso.slice(8, 10)];
  switch (form) {
    case "sas_date":
      return `${d}${MONTHS[Number(m) - 1]}${y}`;
    case "sas_datetime":
      return `${d}${MONTHS[Number(m) - 1]}${y}:00:00:00`;
    case "ddmmyyyy":
      return `${d}${m}${y}`;
  }
}

/** Days cached per form: 1960-01-01 to 2069-12-31 (every simulated date but the SNDS `1600-01-01`). */
const CACHE_FROM = -3653;
const CACHE_TO = 36524;
const CACHES = new Map<DateForm, (string | undefined)[]>();

/** A day in a form; the spellings of 1960-2069 are kept once computed (every row has dates). */
export function formatDate(day: number, form: DateForm): string {
  if (day < CACHE_FROM || day > CACHE_TO || !Number.isInteger(day)) return spell(day, form);
  let cache = CACHES.get(form);
  if (!cache) CACHES.set(form, (cache = new Array<string | undefined>(CACHE_TO - CACHE_FROM + 1)));
  return (cache[day - CACHE_FROM] ??= spell(day, form));
}

/** DuckDB strptime format of a form (for the Parquet conversion). */
export const STRPTIME_FORMAT: Readonly<Record<DateForm, string>> = {
  iso: "%Y-%m-%d",
  sas_date: "%d%b%Y",
  sas_datetime: "%d%b%Y:%H:%M:%S",
  ddmmyyyy: "%d%m%Y",
};
