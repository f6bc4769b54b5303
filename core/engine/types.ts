/**
 * What reconstruction returns: lines in the contract's format, each with the
 * rule that started it, the rule that ended it, and every decision in between.
 */
import type { LineRecord } from "../lines/line-record.js";
import type { Day } from "../time/day.js";

/** Every rule the engine can fire; each is documented in docs/reconstruction.md. */
export type RuleId =
  | "first_treatment" // line 1 starts at the first administration on or after the index window
  | "inferred_index_window" // line 1 starts before an inferred advanced date, within index.inferredLookbackDays
  | "regimen_window" // a drug added within the regimen window joins the line
  | "new_drug" // a drug outside the regimen, after the window, starts a new line
  | "gap" // no treatment for longer than gap.days: new line (or end)
  | "gap_exempt" // an exempt oral drug resumed after a long gap: same line
  | "planned_break" // the line's last drugs restarted after a gap within gap.plannedBreak.maxDays: same line
  | "substitution" // an interchangeable drug replaced one of the line: same line
  | "switch_maintenance" // a switch-maintenance drug after induction: same line, maintenance starts
  | "continuation_maintenance" // induction drugs dropped, maintenance drugs continue: same line
  | "dropped_drug" // a drug of the line stopped while others continue
  | "death" // the line ended with the patient's death
  | "end_of_data" // still on treatment at the end of follow-up
  | "treatment_stopped" // last administration, no further line, no death soon after
  | "session_placeholder" // an anonymous chemotherapy séance counted as `chemotherapy`
  | "session_explained" // a séance explained by a visible drug given the same day(s)
  | "session_in_cycle" // a séance on day 8 / 15 of a visible regimen's cycle joins its line
  | "session_rhythm" // anonymous séances change rhythm (day 1 only -> day 1 and 8): a new regimen, new line
  | "session_companion" // a séance explained by an immunotherapy / antibody during induction also carried a cytotoxic
  | "curative_chemoradiation" // chemotherapy concurrent with a curative radiotherapy course: not a line
  | "curative_consolidation" // consolidation after chemoradiation (durvalumab): not a line
  | "curative_perioperative" // neoadjuvant / adjuvant treatment around a lung resection: not a line
  | "pre_index_regimen" // a regimen started before the index window: not a line
  | "before_index" // an administration before the index window: not in any line
  | "no_index" // no advanced date and the rules say not to infer one
  | "learned_continuation"; // the learned model overrode a rule's new line with confidence: same line

export type CurativeRule = "curative_chemoradiation" | "curative_consolidation" | "curative_perioperative";

export interface Decision {
  rule: RuleId;
  date: Day;
  molecules: string[];
  detail: string;
}

export type RegimenClass =
  | "chemotherapy"
  | "chemo_immunotherapy"
  | "immunotherapy"
  | "targeted_egfr"
  | "targeted_alk"
  | "targeted_ros1"
  | "targeted_braf"
  | "targeted_kras_g12c"
  | "targeted_met"
  | "targeted_ret"
  | "targeted_other"
  | "antiangiogenic_combination"
  | "investigational"
  | "other";

export type PredictedEndReason = "new_drug" | "gap" | "death" | "end_of_data";

export interface ReconstructedLine extends LineRecord {
  regimenLabel: string;
  regimenClass: RegimenClass;
  isMaintenancePhasePresent: boolean;
  maintenanceStart: Day | null;
  endReason: PredictedEndReason;
  /** Last administration or covered day, before capping and before `ongoing` nulls it. */
  lastTreatmentDay: Day;
  startDecision: Decision;
  endDecision: Decision;
  /** Decisions inside the line (window additions, substitutions, maintenance, drops, gaps exempted). */
  decisions: Decision[];
}

/** An administration that belongs to no line, and why. */
export interface ExcludedAdministration {
  date: Day;
  molecule: string;
  rule: "pre_index_regimen" | "before_index" | "no_index" | CurativeRule;
}

export interface PatientLines {
  patientId: string;
  index: Day | null;
  indexSource: "advanced_date" | "inferred_advanced_date" | "first_treatment" | "none";
  lines: ReconstructedLine[];
  excluded: ExcludedAdministration[];
  /** How séances were used (placeholder or explained), for the timeline. */
  sessionDecisions: Decision[];
  /** Curative treatment recognised without the warehouse (one decision per episode). */
  curativeDecisions: Decision[];
}
