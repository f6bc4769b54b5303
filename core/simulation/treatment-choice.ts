/**
 * Treatment choice: which regimen a French thoracic oncologist gives, by era
 * (2015-2025), line, histology, driver alteration (when tested), PD-L1 and
 * performance status. Probabilities are simplifications of French practice
 * (INCa / AURA guidelines, reimbursement and early-access dates) tuned so that
 * the realistic cohort meets the published figures in calibration.ts.
 */
import type { Day } from "../time/day.js";
import { decimalYear } from "./calendar.js";
import type { PathwayRates } from "./profiles.js";
import type { Rng } from "./random.js";
import { IMMUNOTHERAPIES, regimen, type RegimenDefinition } from "./regimens.js";
import type { DriverAlteration, PatientCharacteristics } from "./truth.js";

export interface TreatmentHistory {
  /** Regimen ids of previous advanced lines, in order. */
  regimenIds: readonly string[];
  molecules: ReadonlySet<string>;
}

export interface ChoiceContext {
  patient: PatientCharacteristics;
  lineNumber: number;
  start: Day;
  history: TreatmentHistory;
  /** Probability that a line is a clinical trial (profile rate, scaled here by line). */
  clinicalTrialRate: number;
  /** Probability that a line >= 2 re-uses an earlier regimen (re-challenge). */
  rechallengeRate: number;
  /** The practice's regimen preferences and uptake (profile). */
  practice: PathwayRates;
}

export interface RegimenChoice {
  regimen: RegimenDefinition;
  /** The chosen line re-uses an earlier regimen after progression. */
  rechallenge: boolean;
}

const PLATINUM = new Set(["cisplatin", "carboplatin"]);

function hadAny(history: TreatmentHistory, molecules: Iterable<string>): boolean {
  for (const m of molecules) if (history.molecules.has(m)) return true;
  return false;
}

/** The actionable alteration the oncologist knows of (tested positive). */
export function knownDriver(patient: PatientCharacteristics): DriverAlteration | null {
  return patient.driver !== null && patient.biomarkers[patient.driver] === "positive" ? patient.driver : null;
}

function byId(id: string, rechallenge = false): RegimenChoice {
  return { regimen: regimen(id), rechallenge };
}

function nonSquamous(patient: PatientCharacteristics): boolean {
  return patient.histology !== "squamous";
}

/** Probability of pembrolizumab alone in first line for PD-L1 >= 50 % (from its 2017 reimbursement). */
function pembrolizumabMonoUptake(year: number): number {
  if (year < 2017.2) return 0;
  if (year < 2018) return 0.5;
  if (year < 2019) return 0.66;
  return 0.92;
}

/** Probability of chemo-immunotherapy in first line for PD-L1 < 50 % or unknown (from 2019). */
function chemoImmunotherapyUptake(year: number): number {
  if (year < 2019) return 0;
  if (year < 2020) return 0.34;
  if (year < 2021) return 0.56;
  if (year < 2022) return 0.66;
  return 0.78;
}

function platinumDoublet(ctx: ChoiceContext, rng: Rng): RegimenChoice {
  const year = decimalYear(ctx.start);
  if (nonSquamous(ctx.patient)) {
    const bev = year < 2020 && ctx.patient.ecog <= 1 ? 0.2 : 0;
    const id = rng.weighted({
      cis_pem: 0.3,
      carbo_pem: 0.45 - bev,
      carbo_pem_bev: bev,
      carbo_gem: 0.13,
      cis_vino: 0.12,
    });
    return byId(id);
  }
  return byId(rng.weighted({ carbo_pac: 0.45, cis_gem: 0.2, carbo_gem: 0.25, cis_vino: 0.1 }));
}

function chemoImmunotherapy(ctx: ChoiceContext, rng: Rng): RegimenChoice {
  if (nonSquamous(ctx.patient))
    return byId(rng.chance(ctx.practice.cisplatinShare) ? "cis_pem_pembro" : "carbo_pem_pembro");
  return byId(rng.chance(ctx.practice.weeklyTaxaneShare) ? "carbo_nabpac_pembro" : "carbo_pac_pembro");
}

function pembrolizumabAlone(ctx: ChoiceContext, rng: Rng): RegimenChoice {
  const q6w = decimalYear(ctx.start) >= 2020 && rng.chance(ctx.practice.pembrolizumabQ6wShare);
  return byId(q6w ? "pembro_q6w" : "pembro_q3w");
}

function trial(rng: Rng): RegimenChoice {
  return byId(rng.chance(0.75) ? "trial_iv" : "trial_oral");
}

function firstLineWithoutDriver(ctx: ChoiceContext, rng: Rng): RegimenChoice {
  const { patient } = ctx;
  const year = decimalYear(ctx.start);
  const uptakeYear = year - ctx.practice.uptakeDelayYears;
  if (rng.chance(ctx.clinicalTrialRate * 0.5)) return trial(rng);
  const age = Math.floor(year) - patient.birthYear;
  const unfit = patient.ecog >= 2 || age >= 80;
  const pdl1High = patient.pdl1Tps !== null && patient.pdl1Tps >= 50;
  if (pdl1High && rng.chance(pembrolizumabMonoUptake(uptakeYear) * (patient.ecog >= 3 ? 0.5 : 1))) {
    return pembrolizumabAlone(ctx, rng);
  }
  if (rng.chance(chemoImmunotherapyUptake(uptakeYear) * (unfit ? 0.35 : 1))) return chemoImmunotherapy(ctx, rng);
  if (unfit && rng.chance(0.45)) {
    if (rng.chance(ctx.practice.weeklyCarboplatinPaclitaxelUnfit)) return byId("carbo_pac_weekly");
    return byId(rng.weighted({ gemcitabine_mono: 0.35, vinorelbine_oral: 0.3, carbo_pac: 0.35 }));
  }
  return platinumDoublet(ctx, rng);
}

function laterLineWithoutDriver(ctx: ChoiceContext, rng: Rng): RegimenChoice {
  const { patient, history } = ctx;
  const year = decimalYear(ctx.start);
  if (rng.chance(ctx.rechallengeRate)) {
    // Re-challenge: the first-line regimen given again after another line failed,
    // never right after progressing on it.
    const first = history.regimenIds[0];
    const last = history.regimenIds[history.regimenIds.length - 1];
    if (first !== undefined && history.regimenIds.length >= 2 && last !== first) return byId(first, true);
  }
  if (rng.chance(ctx.clinicalTrialRate * (ctx.lineNumber >= 3 ? 1.5 : 1))) return trial(rng);
  const hadIo = hadAny(history, IMMUNOTHERAPIES);
  const ioAvailable = year >= (nonSquamous(patient) ? 2015.3 : 2015.0);
  if (!hadIo && ioAvailable) {
    const squamousBoost = nonSquamous(patient) ? 0 : 0.1;
    // Nivolumab: squamous from 2015; non-squamous under early access in 2015, reimbursed during 2016.
    const nonSquamousUptake = year < 2016 ? 0.2 : year < 2016.5 ? 0.55 : 0.82;
    const uptake =
      (nonSquamous(patient) ? nonSquamousUptake : year < 2016 ? 0.8 : 0.82) + squamousBoost * (year < 2016 ? 0 : 1);
    if (rng.chance(Math.min(0.95, uptake) * (patient.ecog >= 2 ? 0.7 : 1))) {
      if (year < 2017.5) return byId(rng.chance(year >= 2016.5 ? 0.25 : 0) ? "nivo_q4w" : "nivo_q2w");
      const pdl1Positive = patient.pdl1Tps !== null && patient.pdl1Tps >= 1;
      const options: Record<string, number> = {
        nivo_q2w: year < 2019 ? 0.35 : 0.15,
        nivo_q4w: year < 2019 ? 0.05 : 0.25,
        atezo_q3w: year >= 2018 ? 0.3 : 0,
        pembro_q3w: pdl1Positive ? 0.3 : 0,
      };
      return byId(rng.weighted(options));
    }
  }
  if (!hadAny(history, PLATINUM) && patient.ecog <= 2 && rng.chance(0.7)) return platinumDoublet(ctx, rng);
  const nonSq = nonSquamous(patient);
  const options: Record<string, number> = {
    docetaxel: history.molecules.has("docetaxel") ? 0 : nonSq && year >= 2016 ? 0.4 : 0.55,
    docetaxel_nintedanib: !history.molecules.has("docetaxel") && nonSq && year >= 2016 ? 0.15 : 0,
    pemetrexed_mono: nonSq && !history.molecules.has("pemetrexed") ? 0.2 : 0,
    gemcitabine_mono: history.molecules.has("gemcitabine") ? 0.02 : 0.12,
    vinorelbine_oral: 0.1,
    paclitaxel_bev: nonSq && year >= 2019 ? 0.1 : 0,
  };
  // After progression the regimen that just failed is not given again (a re-challenge is above).
  const last = history.regimenIds[history.regimenIds.length - 1];
  if (last !== undefined && last in options && Object.entries(options).some(([id, w]) => id !== last && w > 0)) {
    options[last] = 0;
  }
  return byId(rng.weighted(options));
}

/** First line and later lines of a patient with a known actionable driver, or undefined to fall back. */
function targetedChoice(driver: DriverAlteration, ctx: ChoiceContext, rng: Rng): RegimenChoice | undefined {
  const year = decimalYear(ctx.start);
  const had = (m: string) => ctx.history.molecules.has(m);
  switch (driver) {
    case "egfr":
      if (ctx.lineNumber === 1)
        return year < 2018.5
          ? byId(rng.weighted({ gefitinib: 0.35, erlotinib: 0.3, afatinib: 0.35 }))
          : byId("osimertinib");
      if (!had("osimertinib") && year >= 2016.5 && rng.chance(0.55)) return byId("osimertinib");
      if (!had("carboplatin") && !had("cisplatin")) return byId(rng.chance(0.25) ? "cis_pem" : "carbo_pem");
      return undefined;
    case "alk":
      if (ctx.lineNumber === 1) {
        if (year < 2018) return rng.chance(0.85) ? byId("crizotinib") : undefined;
        return byId(rng.chance(0.85) ? "alectinib" : "brigatinib");
      }
      if (!had("alectinib") && !had("brigatinib") && !had("lorlatinib"))
        return byId(rng.chance(0.7) ? "alectinib" : "brigatinib");
      if (!had("lorlatinib") && year >= 2019) return byId("lorlatinib");
      if (!had("carboplatin") && !had("cisplatin")) return byId("carbo_pem");
      return undefined;
    case "ros1":
      if (!had("crizotinib") && year >= 2016.5) return byId("crizotinib");
      if (ctx.lineNumber >= 2 && !had("lorlatinib") && !had("entrectinib") && year >= 2020 && rng.chance(0.4))
        return byId(rng.chance(0.5) ? "lorlatinib" : "entrectinib");
      return undefined;
    case "braf":
      if (!had("dabrafenib") && year >= 2018 && (ctx.lineNumber >= 2 || rng.chance(0.6)))
        return byId("dabrafenib_trametinib");
      return undefined;
    case "met":
      if (!had("capmatinib") && !had("tepotinib") && year >= 2022 && rng.chance(ctx.lineNumber === 1 ? 0.5 : 0.7))
        return byId(rng.chance(0.5) ? "capmatinib" : "tepotinib");
      return undefined;
    case "ret":
      if (!had("selpercatinib") && ((year >= 2021 && ctx.lineNumber >= 2) || (year >= 2022 && rng.chance(0.7))))
        return byId("selpercatinib");
      return undefined;
    case "kras_g12c":
      if (ctx.lineNumber >= 2 && !had("sotorasib") && !had("adagrasib") && year >= 2021.5 && rng.chance(0.6))
        return byId("sotorasib");
      return undefined;
  }
}

/** The regimen of a new advanced line. */
export function chooseRegimen(ctx: ChoiceContext, rng: Rng): RegimenChoice {
  const driver = knownDriver(ctx.patient);
  if (driver) {
    const targeted = targetedChoice(driver, ctx, rng);
    if (targeted) return targeted;
  }
  return ctx.lineNumber === 1 ? firstLineWithoutDriver(ctx, rng) : laterLineWithoutDriver(ctx, rng);
}
