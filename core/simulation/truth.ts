/**
 * The clinical truth of one simulated patient: who they are, what they were given
 * and why. It is what a perfect medical record would say. The gold standard
 * (`gold-lines.ts`) is abstracted from it; the observation layer
 * (`observation/`) turns it into the rows that SNDS and a hospital warehouse
 * would show.
 */
import type { BiomarkerStatus, Histology, Sex } from "../events/events.js";
import type { LineRecord } from "../lines/line-record.js";
import type { Day } from "../time/day.js";

export const DRIVER_ALTERATIONS = ["egfr", "alk", "ros1", "braf", "kras_g12c", "met", "ret"] as const;
export type DriverAlteration = (typeof DRIVER_ALTERATIONS)[number];

export type Stage = "I" | "II" | "III" | "IV";
export type Smoking = "never" | "former" | "current" | "unknown";

export interface PatientCharacteristics {
  /** BEN_IDT_ANO and ODH patient_id. */
  patientId: string;
  index: number;
  sex: Sex;
  birthYear: number;
  histology: Histology;
  /** Whether the tumour was tested for driver alterations. */
  biomarkerTested: boolean;
  /** The true actionable alteration (tested or not); null when none. */
  driver: DriverAlteration | null;
  /** What the record says: the driver shows only when tested. */
  biomarkers: Record<DriverAlteration, BiomarkerStatus>;
  /** PD-L1 tumour proportion score; null when not measured. */
  pdl1Tps: number | null;
  ecog: number;
  smoking: Smoking;
  stageAtDiagnosis: Stage;
  diagnosisDate: Day;
  /** Date of advanced or metastatic disease. */
  advancedDate: Day;
}

export type Route = "IV" | "PO" | "SC";

/** Treatment phase of an administration, as a clinician would name it. */
export type TreatmentPhase =
  "chemoradiation" | "consolidation" | "neoadjuvant" | "adjuvant" | "induction" | "maintenance" | "continuous";

/** One administration (IV) or one dispensing (oral) of an antineoplastic. */
export interface Administration {
  day: Day;
  /** INN, lower case; `investigational` for a clinical-trial drug. */
  molecule: string;
  route: Route;
  /** Days covered: 1 for an administration, the pack's days for an oral dispensing. */
  daysCovered: number;
  /** Boxes dispensed (oral); 1 for an administration. */
  boxes: number;
  /** Dose text for labels, e.g. `200 mg`, `AUC 5`, `500 mg/m2`. */
  dose: string;
  phase: TreatmentPhase;
  /** 1-based cycle (IV) or dispensing number (oral) within the episode. */
  cycle: number;
  /** Protocol code of a clinical-trial drug. */
  trialCode?: string;
}

/** Why a treatment episode began. */
export type EpisodeTrigger =
  | "curative" // neoadjuvant, adjuvant, chemoradiation, consolidation: before advanced disease
  | "first" // first treatment of advanced disease
  | "progression" // new regimen (or the same one: re-challenge) after progression
  | "toxicity" // a different regimen because the previous one was not tolerated
  | "restart_after_break"; // the same regimen again after a planned break, no progression

/** Why a treatment episode ended. */
export type EpisodeEnd = "progression" | "toxicity" | "completed" | "death" | "ongoing" | "other" | "planned_break";

/** Within-line variations: none of them starts a line. */
export type VariationKind =
  | "platinum_substitution" // cisplatin -> carboplatin
  | "taxane_substitution" // paclitaxel -> nab-paclitaxel
  | "drug_dropped_for_toxicity"
  | "continuation_maintenance"
  | "switch_maintenance"
  | "cycle_delay"
  | "started_before_advanced_date";

/** A continuous stretch of one regimen, from one clinical decision to the next. */
export interface TreatmentEpisode {
  trigger: EpisodeTrigger;
  regimenId: string;
  regimenLabel: string;
  administrations: Administration[];
  variations: VariationKind[];
  /** The episode has a maintenance phase (continuation or switch). */
  maintenance: boolean;
  /** Number of induction cycles actually given (cycled regimens with an induction). */
  inductionCycles: number;
  end: EpisodeEnd;
}

/** A supportive drug: ignored by line reconstruction, present in the data. */
export interface SupportiveAdministration {
  day: Day;
  molecule: string;
  /** Null for intramuscular (vitamin B12). */
  route: Route | null;
  /** Hospital administration or community pharmacy dispensing. */
  where: "hospital" | "pharmacy";
}

/** Non-drug hospital care that leaves traces in PMSI. */
export interface CareEvent {
  day: Day;
  kind: "diagnosis_stay" | "surgery" | "radiotherapy" | "port" | "death_stay";
  /** Length of stay in days (0 for ambulatory and séances). */
  lengthOfStay: number;
}

export interface PatientTruth {
  patient: PatientCharacteristics;
  /** Episodes in chronological order (curative ones first). */
  episodes: TreatmentEpisode[];
  supportive: SupportiveAdministration[];
  care: CareEvent[];
  /** Death date when on or before the end of follow-up, else null. */
  deathDate: Day | null;
  /** Whether death happened in hospital. */
  diedInHospital: boolean;
  /** Last day of follow-up: death or the extraction end. */
  followUpEnd: Day;
  /** Gold standard lines (section 4 of the contract), from `goldLines`. */
  goldLines: LineRecord[];
}
