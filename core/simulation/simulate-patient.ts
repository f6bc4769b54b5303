/**
 * One simulated patient: the clinical truth (patient, disease course, gold
 * lines) and its observation as contract rows. Pure and deterministic: the
 * result depends only on (index, seed, profile).
 */
import { simulateCourse } from "./disease-course.js";
import { goldLines } from "./gold-lines.js";
import { giveOffListDrugs } from "./off-list-drugs.js";
import { observePatient } from "./observation/observe.js";
import type { PatientTables } from "./observation/table-rows.js";
import { samplePatient } from "./patient-profile.js";
import type { SimulationProfile } from "./profiles.js";
import { Rng, STREAM_TRUTH } from "./random.js";
import type { PatientTruth } from "./truth.js";

export interface SimulatedPatient {
  truth: PatientTruth;
  tables: PatientTables;
}

export function simulateTruth(index: number, seed: number, profile: SimulationProfile): PatientTruth {
  const rng = new Rng(seed, index, STREAM_TRUTH);
  const patient = samplePatient(index, rng);
  const course = simulateCourse(patient, profile.pathway, rng);
  giveOffListDrugs(course.episodes, index, seed, profile.name);
  const gold = goldLines({
    patientId: patient.patientId,
    advancedDate: patient.advancedDate,
    deathDate: course.deathDate,
    episodes: course.episodes,
  });
  return { patient, ...course, goldLines: gold };
}

export function simulatePatient(index: number, seed: number, profile: SimulationProfile): SimulatedPatient {
  const truth = simulateTruth(index, seed, profile);
  return { truth, tables: observePatient(truth, seed, profile) };
}
