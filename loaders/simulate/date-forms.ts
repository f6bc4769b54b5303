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

export function formatDate(day: number, form: DateForm): string {
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

/** DuckDB strptime format of a form (for the Parquet conversion). */
export const STRPTIME_FORMAT: Readonly<Record<DateForm, string>> = {
  iso: "%Y-%m-%d",
  sas_date: "%d%b%Y",
  sas_datetime: "%d%b%Y:%H:%M:%S",
  ddmmyyyy: "%d%m%Y",
};
