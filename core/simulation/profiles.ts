/**
 * Simulation profiles as data. A profile sets two kinds of rates:
 * - pathway complexity (clinical truth): how often within-line variations,
 *   planned breaks, re-challenges and clinical trials happen;
 * - observation noise: what the SNDS and warehouse tables lose or distort.
 *
 * `clean` is a sanity ceiling: every drug is visible with its molecule somewhere
 * (the warehouse covers every patient and every administration, without typos or
 * missing rows), every stay links, no reversal or information-only traps.
 * `realistic` is the default, tuned against published French figures
 * (calibration.ts). `hard` adds noise and more complex pathways.
 */

export const PROFILE_NAMES = ["clean", "realistic", "hard"] as const;
export type ProfileName = (typeof PROFILE_NAMES)[number];

export interface PathwayRates {
  /** Cisplatin regimen switched to carboplatin during induction (per cisplatin episode). */
  platinumSubstitution: number;
  /** Paclitaxel switched to nab-paclitaxel (per paclitaxel episode). */
  taxaneSubstitution: number;
  /** One drug of a combination stopped for toxicity, the others continued (per combination episode). */
  drugDroppedForToxicity: number;
  /** A cycle postponed by a week (per cycle). */
  cycleDelay: number;
  /** A planned break then restart of the same regimen (per eligible long episode). */
  plannedBreak: number;
  /** A later line re-uses an earlier regimen after progression (per line >= 2). */
  rechallenge: number;
  /** A line is a clinical trial (per line, higher at lines >= 2). */
  clinicalTrial: number;
  /** Line 1 started up to 30 days before the recorded advanced date. */
  startedBeforeAdvancedDate: number;
}

export interface ObservationRates {
  /** Share of patients whose main hospital is a participating centre (warehouse coverage). */
  warehouseCoverage: number;
  /** Share of episodes given at another hospital than the patient's main one. */
  otherHospitalEpisode: number;
  /** Share of warehouse rows missing. */
  warehouseMissingRow: number;
  /** Share of warehouse labels with a typo. */
  labelTypo: number;
  /** Share of warehouse labels written with a brand name rather than the INN. */
  labelBrand: number;
  /** Share of INN labels written with the French INN (carboplatine, pémétrexed...). */
  labelFrenchInn: number;
  /** Share of warehouse rows whose date differs by one day from the SNDS one. */
  warehouseDateJitter: number;
  /** Share of warehouse rows that carry the UCD7 / ATC code. */
  warehouseCodeFilled: number;
  /** Share of hospitals that send one RSA per month for their chemotherapy séances. */
  hospitalsGroupingSeances: number;
  /** Share of PMSI stays that cannot be linked (some *_RET != "0"). */
  unlinkableStay: number;
  /** Share of persons with two BEN_NIR_PSA. */
  secondNir: number;
  /** Share of hospital administrations given in a private clinic (liste en sus via ER_UCD_F). */
  privateClinic: number;
  /** Share of pharmacy dispensings preceded by an erroneous dispensing that is then reversed. */
  reversal: number;
  /** Share of pharmacy dispensings duplicated by an information-only line (DPN_QLF 71). */
  informationLine: number;
  /** Share of in-hospital deaths whose PMSI date differs by a day from the registry one. */
  deathDateJitter: number;
  /** Share of persons with two NIRs whose death date is on one NIR row only. */
  deathOnOneNirOnly: number;
  /** Non-participating patients: share whose ODH_PATIENT row still has dates and histology. */
  nonParticipantClinicalFields: number;
}

export interface SimulationProfile {
  name: ProfileName;
  description: string;
  pathway: PathwayRates;
  observation: ObservationRates;
}

const realisticPathway: PathwayRates = {
  platinumSubstitution: 0.12,
  taxaneSubstitution: 0.1,
  drugDroppedForToxicity: 0.08,
  cycleDelay: 0.08,
  plannedBreak: 0.1,
  rechallenge: 0.06,
  clinicalTrial: 0.03,
  startedBeforeAdvancedDate: 0.05,
};

export const PROFILES: Readonly<Record<ProfileName, SimulationProfile>> = {
  clean: {
    name: "clean",
    description: "sanity ceiling: every drug visible at molecule level, every stay linkable, no traps",
    pathway: realisticPathway,
    observation: {
      warehouseCoverage: 1,
      otherHospitalEpisode: 0,
      warehouseMissingRow: 0,
      labelTypo: 0,
      labelBrand: 0,
      labelFrenchInn: 0,
      warehouseDateJitter: 0,
      warehouseCodeFilled: 1,
      hospitalsGroupingSeances: 0,
      unlinkableStay: 0,
      secondNir: 0,
      privateClinic: 0.15,
      reversal: 0,
      informationLine: 0,
      deathDateJitter: 0,
      deathOnOneNirOnly: 0,
      nonParticipantClinicalFields: 1,
    },
  },
  realistic: {
    name: "realistic",
    description: "default: French practice and SNDS artefacts at plausible rates, calibrated",
    pathway: realisticPathway,
    observation: {
      warehouseCoverage: 0.4,
      otherHospitalEpisode: 0.08,
      warehouseMissingRow: 0.05,
      labelTypo: 0.03,
      labelBrand: 0.45,
      labelFrenchInn: 0.3,
      warehouseDateJitter: 0.1,
      warehouseCodeFilled: 0.5,
      hospitalsGroupingSeances: 0.15,
      unlinkableStay: 0.02,
      secondNir: 0.06,
      privateClinic: 0.15,
      reversal: 0.02,
      informationLine: 0.02,
      deathDateJitter: 0.2,
      deathOnOneNirOnly: 0.3,
      nonParticipantClinicalFields: 0.3,
    },
  },
  hard: {
    name: "hard",
    description: "more noise and more complex pathways than the realistic profile",
    pathway: {
      platinumSubstitution: 0.25,
      taxaneSubstitution: 0.2,
      drugDroppedForToxicity: 0.18,
      cycleDelay: 0.18,
      plannedBreak: 0.25,
      rechallenge: 0.15,
      clinicalTrial: 0.07,
      startedBeforeAdvancedDate: 0.12,
    },
    observation: {
      warehouseCoverage: 0.2,
      otherHospitalEpisode: 0.2,
      warehouseMissingRow: 0.15,
      labelTypo: 0.12,
      labelBrand: 0.6,
      labelFrenchInn: 0.4,
      warehouseDateJitter: 0.3,
      warehouseCodeFilled: 0.25,
      hospitalsGroupingSeances: 0.4,
      unlinkableStay: 0.08,
      secondNir: 0.12,
      privateClinic: 0.2,
      reversal: 0.06,
      informationLine: 0.06,
      deathDateJitter: 0.4,
      deathOnOneNirOnly: 0.5,
      nonParticipantClinicalFields: 0.15,
    },
  },
};

export function isProfileName(name: string): name is ProfileName {
  return (PROFILE_NAMES as readonly string[]).includes(name);
}
