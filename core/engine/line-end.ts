/**
 * How a line ends: its end date (last treatment day, never after the next
 * line's start or death; null when ongoing) and the decision that ended it.
 * Shared by the rule engine and the learned reconstruction.
 */
import type { PatientInfo } from "../events/events.js";
import type { RuleSet } from "../rules/rule-set.js";
import type { Day } from "../time/day.js";
import type { Decision, PredictedEndReason } from "./types.js";

export interface LineEnd {
  end: Day | null;
  endReason: PredictedEndReason;
  endDecision: Decision;
}

/**
 * `endedBy` is the decision that started the next line (its rule `gap` gives
 * the end reason `gap`, any other `new_drug`); without it the line is the last
 * one and ends with death, the end of data (ongoing) or the treatment stopping.
 */
export function lineEnd(
  patient: PatientInfo,
  rules: RuleSet,
  line: { start: Day; lastTreatmentDay: Day; nextStart: Day | undefined; endedBy: Decision | undefined },
): LineEnd {
  const { start, lastTreatmentDay, nextStart, endedBy } = line;
  let end: Day | null = lastTreatmentDay;
  if (nextStart !== undefined) end = Math.min(end, nextStart);
  if (patient.deathDate !== null) end = Math.min(end, patient.deathDate);
  end = Math.max(end, start);
  if (endedBy) return { end, endReason: endedBy.rule === "gap" ? "gap" : "new_drug", endDecision: endedBy };
  if (
    patient.deathDate !== null &&
    patient.deathDate - lastTreatmentDay <= rules.death.withinDaysOfLastAdministration
  ) {
    return {
      end,
      endReason: "death",
      endDecision: {
        rule: "death",
        date: patient.deathDate,
        molecules: [],
        detail: `death ${patient.deathDate - lastTreatmentDay} days after the last treatment`,
      },
    };
  }
  if (patient.deathDate === null && patient.followUpEnd - lastTreatmentDay <= rules.ongoing.withinDaysOfFollowUpEnd) {
    return {
      end: null,
      endReason: "end_of_data",
      endDecision: {
        rule: "end_of_data",
        date: patient.followUpEnd,
        molecules: [],
        detail: `treated ${patient.followUpEnd - lastTreatmentDay} days before the end of follow-up: ongoing`,
      },
    };
  }
  return {
    end,
    endReason: "gap",
    endDecision: {
      rule: "treatment_stopped",
      date: lastTreatmentDay,
      molecules: [],
      detail: "last treatment of the line; no further line",
    },
  };
}
