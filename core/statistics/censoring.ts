/**
 * Where a patient without the event is censored, for time to next treatment,
 * time on treatment and overall survival:
 * - `end_of_data` (the default): at the end of the extraction (or death), i.e.
 *   the patient is assumed followed until the data end;
 * - `last_contact`: at the patient's last contact in the data (the last claim,
 *   séance, stay or administration of any kind, from the ingestion outputs), the
 *   usual real-world definition: a patient who left the care network is not
 *   counted as event-free until the end of the extraction.
 * Deaths and next lines are events whatever the rule.
 */
import type { Day } from "../time/day.js";

export const CENSORING_RULES = ["end_of_data", "last_contact"] as const;
export type Censoring = (typeof CENSORING_RULES)[number];
export const DEFAULT_CENSORING: Censoring = "end_of_data";

export const CENSORING_LABELS: Readonly<Record<Censoring, string>> = {
  end_of_data: "end of data",
  last_contact: "last contact",
};

/**
 * The day a patient's follow-up ends under a rule: `followUpEnd` (death or end of
 * data) for end_of_data; for last_contact the last contact when earlier (a patient
 * with no contact is censored at their follow-up end).
 */
export function censoringDay(followUpEnd: Day, lastContact: Day | null | undefined, censoring: Censoring): Day {
  if (censoring === "end_of_data" || lastContact === null || lastContact === undefined) return followUpEnd;
  return Math.min(followUpEnd, lastContact);
}
