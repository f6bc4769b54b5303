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
 * (calibration.ts). `hard` adds noise and more complex pathways. `shifted` is
 * a deliberately different practice (other regimen choices and era mixes,
 * other schedules, other coding habits and warehouse participation), for
 * testing whether what was learned on one practice holds on another.
 */

export const PROFILE_NAMES = ["clean", "realistic", "hard", "shifted"] as const;
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
  /** Planned break length in days [min, max] (the rules' gap is 120 days). */
  plannedBreakDays: readonly [number, number];
  /**
   * Treated patients whose first stay coding the metastasis (C77-C79) comes after
   * line 1 started (imaging, treatment, then the stay), by [min, max] days after
   * the start of line 1. Without a warehouse advanced date, the index inferred
   * from that code then falls after the start of line 1.
   */
  metastasisCodeLag: number;
  metastasisCodeLagDays: readonly [number, number];
  /** A day-8 / day-15 administration of a cycle not given (toxicity, blood counts). */
  dayOmission: number;
  /** Squamous chemo-immunotherapy with weekly nab-paclitaxel (days 1, 8, 15) rather than paclitaxel q3w. */
  weeklyTaxaneShare: number;
  /** Pembrolizumab alone given q6w rather than q3w (from 2020). */
  pembrolizumabQ6wShare: number;
  /** Cisplatin rather than carboplatin in non-squamous chemo-immunotherapy. */
  cisplatinShare: number;
  /** Unfit patients given monthly carboplatin + weekly paclitaxel (IFCT-0501) rather than the other options. */
  weeklyCarboplatinPaclitaxelUnfit: number;
  /** Uptake of new first-line practices (pembrolizumab alone, chemo-immunotherapy) delayed by this many years. */
  uptakeDelayYears: number;
  /** Probability of continuation maintenance after a full induction of a regimen that has one (factor). */
  maintenanceFactor: number;
  /** Durvalumab consolidation after chemoradiation (eligible patients, from late 2017). */
  durvalumabConsolidation: number;
  /**
   * Curative systemic treatment around lung surgery, where its era and biomarker
   * allow: adjuvant osimertinib (EGFR, 2021-), adjuvant atezolizumab (PD-L1 >= 50 %,
   * 2022-), peri-operative nivolumab (neoadjuvant, 2023-) or pembrolizumab
   * (neoadjuvant then adjuvant, 2024-), adjuvant alectinib (ALK, 2024-).
   */
  perioperativeUptake: number;
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
  /** Share of liste-en-sus administrations in public hospitals whose MED row is not coded (a séance without molecule). */
  medRowMissing: number;
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
  plannedBreakDays: [56, 180],
  metastasisCodeLag: 0.25,
  metastasisCodeLagDays: [14, 70],
  dayOmission: 0.08,
  weeklyTaxaneShare: 0.2,
  pembrolizumabQ6wShare: 0.4,
  cisplatinShare: 0.2,
  weeklyCarboplatinPaclitaxelUnfit: 0.2,
  uptakeDelayYears: 0,
  maintenanceFactor: 1,
  durvalumabConsolidation: 0.75,
  perioperativeUptake: 0.7,
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
      medRowMissing: 0,
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
      medRowMissing: 0,
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
      plannedBreakDays: [56, 240],
      metastasisCodeLag: 0.35,
      metastasisCodeLagDays: [14, 90],
      dayOmission: 0.15,
      weeklyTaxaneShare: 0.3,
      pembrolizumabQ6wShare: 0.4,
      cisplatinShare: 0.2,
      weeklyCarboplatinPaclitaxelUnfit: 0.3,
      uptakeDelayYears: 0,
      maintenanceFactor: 1,
      durvalumabConsolidation: 0.7,
      perioperativeUptake: 0.7,
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
      medRowMissing: 0.02,
    },
  },
  shifted: {
    name: "shifted",
    description:
      "another practice: later uptake, carboplatin and weekly schedules, pembrolizumab q6w, longer breaks, more metastasis-code lag, more grouped séances, fewer participating centres",
    pathway: {
      platinumSubstitution: 0.2,
      taxaneSubstitution: 0.05,
      drugDroppedForToxicity: 0.12,
      cycleDelay: 0.12,
      plannedBreak: 0.18,
      rechallenge: 0.1,
      clinicalTrial: 0.05,
      startedBeforeAdvancedDate: 0.08,
      plannedBreakDays: [90, 240],
      metastasisCodeLag: 0.45,
      metastasisCodeLagDays: [21, 100],
      dayOmission: 0.15,
      weeklyTaxaneShare: 0.55,
      pembrolizumabQ6wShare: 0.75,
      cisplatinShare: 0.05,
      weeklyCarboplatinPaclitaxelUnfit: 0.6,
      uptakeDelayYears: 0.75,
      maintenanceFactor: 0.8,
      durvalumabConsolidation: 0.55,
      perioperativeUptake: 0.9,
    },
    observation: {
      warehouseCoverage: 0.25,
      otherHospitalEpisode: 0.14,
      warehouseMissingRow: 0.1,
      labelTypo: 0.06,
      labelBrand: 0.3,
      labelFrenchInn: 0.5,
      warehouseDateJitter: 0.2,
      warehouseCodeFilled: 0.3,
      hospitalsGroupingSeances: 0.35,
      unlinkableStay: 0.04,
      secondNir: 0.08,
      privateClinic: 0.25,
      reversal: 0.03,
      informationLine: 0.04,
      deathDateJitter: 0.3,
      deathOnOneNirOnly: 0.4,
      nonParticipantClinicalFields: 0.2,
      medRowMissing: 0.06,
    },
  },
};

export function isProfileName(name: string): name is ProfileName {
  return (PROFILE_NAMES as readonly string[]).includes(name);
}
