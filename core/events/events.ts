/**
 * Clean, analysis-ready events: what ingestion produces from a dataset and what
 * line reconstruction consumes. One patient = one PatientEvents value.
 */
import type { Day } from "../time/day.js";

export type Sex = "M" | "F";
export type BiomarkerStatus = "positive" | "negative" | "unknown";
export type Histology = "adenocarcinoma" | "squamous" | "large_cell" | "nsclc_nos" | "other";

/** Where an event was seen. */
export type EventSource =
  | "dcir_pharmacy" // ER_PHA_F (community pharmacy)
  | "dcir_ucd" // ER_UCD_F (retrocession, private-clinic liste en sus)
  | "pmsi_med" // T_MCOaaMED
  | "pmsi_medatu" // T_MCOaaMEDATU
  | "pmsi_fh" // T_MCOaaFH (private clinics' liste en sus)
  | "pmsi_fhstc" // T_MCOaaFHSTC (public outpatient visits' liste en sus)
  | "pmsi_stay" // T_MCOaaB/C (séances, stays)
  | "pmsi_act" // T_MCOaaA
  | "warehouse"; // ODH_DRUG_ADMIN

/** The input row an event came from: table (physical name, e.g. T_MCO19MED) and 1-based row. */
export interface Provenance {
  source: EventSource;
  table: string;
  row: number;
}

export type Route = "IV" | "PO" | "SC" | "IM";

/** One patient, one day, one molecule. */
export interface Exposure {
  patientId: string;
  date: Day;
  /** Contract molecule name (INN, lower case) or `investigational`. */
  molecule: string;
  atc: string | null;
  drugClass: string;
  route: Route | null;
  /** Days covered from `date` (oral dispensing: boxes x days per box); 1 for an administration. */
  daysSupply: number;
  /** Every input row that showed this exposure (two sources a day apart are one exposure). */
  provenance: Provenance[];
}

export type SessionKind = "chemotherapy" | "radiotherapy" | "surgery";

/** A hospital event without a molecule: anonymous chemotherapy séance, radiotherapy, surgery. */
export interface Session {
  patientId: string;
  kind: SessionKind;
  /** Date of the séance or act; for grouped séances, the first day of the span. */
  date: Day;
  /** Last day of a grouped RSA's span (equal to `date` when not grouped). */
  endDate: Day;
  /** Number of séances the row stands for (NBR_SEA; 1 when not grouped). */
  count: number;
  hospital: string;
  grouped: boolean;
  provenance: Provenance[];
}

export interface PatientInfo {
  patientId: string;
  birthYear: number | null;
  sex: Sex | null;
  deathDate: Day | null;
  /** Last day the data can show anything for this patient. */
  followUpEnd: Day;
  /** Advanced / metastatic disease date (the index of line 1). */
  advancedDate: Day | null;
  /** True when advancedDate was inferred (metastasis codes, first treatment) rather than read. */
  advancedDateInferred: boolean;
  histology: Histology | null;
  biomarkers: Partial<Record<"egfr" | "alk" | "ros1" | "braf" | "kras_g12c" | "met" | "ret", BiomarkerStatus>>;
  pdl1Tps: number | null;
}

export interface PatientEvents {
  patient: PatientInfo;
  /** Antineoplastic exposures, ordered by date then molecule. */
  exposures: Exposure[];
  sessions: Session[];
}
