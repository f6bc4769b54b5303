/**
 * Who the patient is: sex, age, histology, driver alteration and testing,
 * PD-L1, performance status, smoking, stage at diagnosis and the dates of
 * diagnosis and advanced disease. Prevalences follow calibration.md
 * (histology: BMC Cancer 2023; drivers among tested non-squamous: KBP-CPHG
 * 2020; PD-L1 bands: BMC Cancer 2023).
 */
import type { BiomarkerStatus, Histology } from "../events/events.js";
import { yearOf, type Day } from "../time/day.js";
import { ADVANCED_FROM, ADVANCED_TO } from "./calendar.js";
import type { Rng } from "./random.js";
import {
  DRIVER_ALTERATIONS,
  type DriverAlteration,
  type PatientCharacteristics,
  type Smoking,
  type Stage,
} from "./truth.js";

/** Histology of advanced NSCLC (adenocarcinoma 63.7 %). */
export const HISTOLOGY_SHARES: Readonly<Record<Histology, number>> = {
  adenocarcinoma: 0.637,
  squamous: 0.25,
  large_cell: 0.035,
  nsclc_nos: 0.055,
  other: 0.023,
};

/** Share of non-squamous tumours tested for drivers (87.7 %) and of squamous ones. */
export const TESTED_NON_SQUAMOUS = 0.877;
export const TESTED_SQUAMOUS = 0.35;

/** Driver prevalence among tested non-squamous (mutually exclusive; BRAF = V600E, MET = exon 14). */
export const DRIVER_SHARES_NON_SQUAMOUS: Readonly<Record<DriverAlteration | "none", number>> = {
  egfr: 0.149,
  alk: 0.027,
  ros1: 0.016,
  braf: 0.022,
  kras_g12c: 0.198,
  met: 0.046,
  ret: 0.025,
  none: 1 - (0.149 + 0.027 + 0.016 + 0.022 + 0.198 + 0.046 + 0.025),
};
const DRIVER_SHARES_SQUAMOUS: Readonly<Record<DriverAlteration | "none", number>> = {
  egfr: 0.01,
  alk: 0.003,
  ros1: 0,
  braf: 0.005,
  kras_g12c: 0.04,
  met: 0.01,
  ret: 0,
  none: 0.932,
};

/** PD-L1 TPS bands among measured tumours: < 1 %, 1-49 %, >= 50 %. */
export const PDL1_BANDS = { negative: 0.231, low: 0.409, high: 0.36 } as const;

/** Share of tumours with a PD-L1 result, by year of advanced disease (routine from 2017). */
function pdl1MeasuredShare(year: number): number {
  if (year <= 2015) return 0.15;
  if (year === 2016) return 0.45;
  if (year === 2017) return 0.8;
  return 0.92;
}

const ECOG_SHARES = { "0": 0.25, "1": 0.45, "2": 0.2, "3": 0.08, "4": 0.02 } as const;
const STAGE_SHARES: Readonly<Record<Stage, number>> = { IV: 0.7, III: 0.17, II: 0.06, I: 0.07 };

export function patientIdOf(index: number): string {
  return `P${String(index + 1).padStart(8, "0")}`;
}

export function samplePatient(index: number, rng: Rng): PatientCharacteristics {
  const sex = rng.chance(0.65) ? "M" : "F";
  const advancedDate: Day = rng.int(ADVANCED_FROM, ADVANCED_TO);
  const advancedYear = yearOf(advancedDate);
  const age = Math.max(35, Math.min(92, Math.round(66 + 10 * rng.normal())));
  const histology = rng.weighted(HISTOLOGY_SHARES);
  const squamous = histology === "squamous";
  const biomarkerTested = rng.chance(squamous ? TESTED_SQUAMOUS : TESTED_NON_SQUAMOUS);
  const driverDraw = rng.weighted(squamous ? DRIVER_SHARES_SQUAMOUS : DRIVER_SHARES_NON_SQUAMOUS);
  const driver = driverDraw === "none" ? null : driverDraw;
  const biomarkers = {} as Record<DriverAlteration, BiomarkerStatus>;
  for (const alteration of DRIVER_ALTERATIONS) {
    biomarkers[alteration] = !biomarkerTested ? "unknown" : alteration === driver ? "positive" : "negative";
  }
  let pdl1Tps: number | null = null;
  if (rng.chance(pdl1MeasuredShare(advancedYear))) {
    const band = rng.weighted(PDL1_BANDS);
    pdl1Tps = band === "negative" ? 0 : band === "low" ? rng.int(1, 49) : rng.int(50, 100);
  }
  const neverSmokerDriver = driver === "egfr" || driver === "alk" || driver === "ros1" || driver === "ret";
  const smoking: Smoking = rng.weighted(
    neverSmokerDriver
      ? { never: 0.6, former: 0.3, current: 0.07, unknown: 0.03 }
      : { never: 0.07, former: 0.5, current: 0.4, unknown: 0.03 },
  );
  const ecog = Number(rng.weighted(ECOG_SHARES));
  const stageAtDiagnosis = rng.weighted(STAGE_SHARES);
  let diagnosisDate = advancedDate;
  if (stageAtDiagnosis === "III")
    diagnosisDate = advancedDate - Math.min(1500, Math.max(150, Math.round(rng.logNormal(420, 0.5))));
  else if (stageAtDiagnosis !== "IV")
    diagnosisDate = advancedDate - Math.min(1800, Math.max(240, Math.round(rng.logNormal(850, 0.5))));
  return {
    patientId: patientIdOf(index),
    index,
    sex,
    birthYear: advancedYear - age,
    histology,
    biomarkerTested,
    driver,
    biomarkers,
    pdl1Tps,
    ecog,
    smoking,
    stageAtDiagnosis,
    diagnosisDate,
    advancedDate,
  };
}
