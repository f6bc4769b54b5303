/** What every observation module needs to know about one patient. */
import type { ObservationRates } from "../profiles.js";
import type { Rng } from "../random.js";
import type { PatientTruth } from "../truth.js";
import type { Hospital } from "./hospitals.js";
import type { PersonIdentity } from "./identity.js";
import type { PatientTables } from "./table-rows.js";

export interface ObservationContext {
  truth: PatientTruth;
  seed: number;
  rates: ObservationRates;
  /** The observation stream of this patient (never the truth stream). */
  rng: Rng;
  identity: PersonIdentity;
  main: Hospital;
  /** Hospital of each episode (same order as truth.episodes). */
  episodeHospitals: readonly Hospital[];
  /** ICD-10 code of the lung cancer (C340-C349). */
  cancerCode: string;
  out: PatientTables;
}
