/**
 * The disease course of one patient, from diagnosis to death or the end of the
 * extraction: curative treatment of stage I-III disease (surgery with
 * neoadjuvant, adjuvant or peri-operative treatment; chemoradiation with or
 * without durvalumab consolidation) before progression to advanced disease; then either best supportive care only, or lines of
 * treatment chosen by era and biomarker (treatment-choice.ts), each ending by
 * progression, toxicity, completion, death or the end of follow-up, with
 * planned breaks and re-challenges; supportive drugs and hospital care around
 * them.
 *
 * Survival is drawn first (log-normal overall survival from the start of line 1,
 * by first-line class, driver and performance status) and lines are fitted
 * inside it, so that overall survival is calibrated directly.
 */
import type { Day } from "../time/day.js";
import { decimalYear, EXTRACTION_END } from "./calendar.js";
import type { PathwayRates } from "./profiles.js";
import type { Rng } from "./random.js";
import { containsImmunotherapy, regimen, regimenMolecules, type DrugDose, type RegimenDefinition } from "./regimens.js";
import { scheduleEpisode, type EpisodePlan } from "./schedule.js";
import { chooseRegimen, knownDriver } from "./treatment-choice.js";
import type {
  CareEvent,
  EpisodeEnd,
  EpisodeTrigger,
  PatientCharacteristics,
  SupportiveAdministration,
  TreatmentEpisode,
  TreatmentPhase,
} from "./truth.js";

const DAYS_PER_MONTH = 30.44;

export interface DiseaseCourse {
  episodes: TreatmentEpisode[];
  supportive: SupportiveAdministration[];
  care: CareEvent[];
  deathDate: Day | null;
  diedInHospital: boolean;
  followUpEnd: Day;
}

/**
 * Log-scale standard deviations of overall survival below and above the median
 * (a split log-normal: real-world survival has many early deaths and a long tail
 * of long survivors, which a single log-normal cannot give with both the median
 * and the 2-year survival of ESME).
 */
export const OS_SIGMA_BELOW_MEDIAN = 0.9;
export const OS_SIGMA_ABOVE_MEDIAN = 1.75;
const PFS_SIGMA = 0.8;
/** Correlation (log scale) between a line's time to progression and overall survival. */
const PFS_OS_CORRELATION = 0.7;

/** Median overall survival from the start of line 1 (months), before the performance-status factor. */
function firstLineOsMedian(first: RegimenDefinition, patient: PatientCharacteristics): number {
  const driver = knownDriver(patient);
  if (first.regimenClass === "targeted") {
    const byDriver: Record<string, number> = { egfr: 34, alk: 60, ros1: 40, braf: 22, met: 18, ret: 30, kras_g12c: 13 };
    return byDriver[driver ?? ""] ?? 24;
  }
  if (driver === "egfr" || driver === "alk" || driver === "ros1") return 26;
  if (first.regimenClass === "investigational") return 15;
  if (containsImmunotherapy(regimenMolecules(first))) return 16.5;
  return 11.8;
}

const ECOG_OS_FACTOR = [1.3, 1.05, 0.6, 0.4, 0.3];

/** Median time to progression on a line (months). */
function pfsMedian(definition: RegimenDefinition, lineNumber: number): number {
  const byId: Record<string, number> = {
    gefitinib: 11,
    erlotinib: 11,
    afatinib: 12,
    osimertinib: lineNumber === 1 ? 18 : 10,
    crizotinib: 12,
    alectinib: lineNumber === 1 ? 34 : 9,
    brigatinib: lineNumber === 1 ? 24 : 9,
    lorlatinib: 9,
    dabrafenib_trametinib: 10,
    sotorasib: 6,
    capmatinib: 10,
    tepotinib: 10,
    selpercatinib: 20,
    entrectinib: 12,
    pembro_q3w: 7.5,
    pembro_q6w: 7.5,
    docetaxel: 3,
    docetaxel_nintedanib: 3.5,
    vinorelbine_oral: 2.5,
    gemcitabine_mono: 3,
    pemetrexed_mono: 3.5,
    paclitaxel_bev: 5,
  };
  const known = byId[definition.id];
  if (known !== undefined) return known;
  switch (definition.regimenClass) {
    case "chemo_immunotherapy":
      return 8.5;
    case "immunotherapy":
      return lineNumber === 1 ? 7.5 : 3.5;
    case "investigational":
      return 3.5;
    default:
      return lineNumber === 1 ? 5.2 : 3.8;
  }
}

/** Probability of receiving a next line when alive and able (by line just ended). */
function nextLineProbability(lineNumber: number, ecog: number): number {
  const base = lineNumber === 1 ? 0.7 : lineNumber === 2 ? 0.56 : lineNumber === 3 ? 0.45 : 0.4;
  return base * (ecog >= 2 ? 0.75 : 1);
}

function untreatedProbability(patient: PatientCharacteristics, age: number): number {
  const byEcog = [0.15, 0.19, 0.46, 0.75, 0.9][patient.ecog] ?? 0.9;
  let p = byEcog + (age >= 80 ? 0.15 : 0);
  if (knownDriver(patient) !== null) p *= 0.3;
  return Math.min(0.95, p);
}

function plannedInduction(definition: RegimenDefinition, rng: Rng): number {
  const range = definition.inductionCycles;
  if (!range) return 0;
  if (definition.regimenClass === "curative") return range[0];
  if (definition.regimenClass === "chemo_immunotherapy")
    return Number(rng.weighted({ 1: 0.09, 2: 0.14, 3: 0.17, 4: 0.6 }));
  return Number(rng.weighted({ 1: 0.06, 2: 0.09, 3: 0.11, 4: 0.44, 5: 0.08, 6: 0.22 }));
}

/** Maintenance after a full induction. */
function maintenanceAfterInduction(
  definition: RegimenDefinition,
  patient: PatientCharacteristics,
  pathway: PathwayRates,
  rng: Rng,
): { kind: EpisodePlan["maintenance"]; drugs?: readonly DrugDose[] } {
  if (definition.maintenance) {
    const p = definition.regimenClass === "chemo_immunotherapy" ? 0.87 : definition.id === "carbo_pem_bev" ? 0.75 : 0.5;
    return rng.chance(Math.min(1, p * pathway.maintenanceFactor)) ? { kind: "continuation" } : { kind: "none" };
  }
  const switchable = ["carbo_gem", "cis_gem", "cis_vino"].includes(definition.id);
  if (switchable && patient.histology !== "squamous" && rng.chance(0.35)) {
    return { kind: "switch", drugs: [{ molecule: "pemetrexed", route: "IV", dose: "500 mg/m2" }] };
  }
  return { kind: "none" };
}

function droppableMolecule(definition: RegimenDefinition, rng: Rng): string | undefined {
  const candidates = regimenMolecules(definition).filter(
    (m) => !containsImmunotherapy([m]) && m !== "investigational" && m !== "pemetrexed",
  );
  const unique = [...new Set(candidates)];
  if (unique.length + (definition.oral?.length ?? 0) < 2 || unique.length === 0) return undefined;
  if (regimenMolecules(definition).length < 2) return undefined;
  return rng.pick(unique);
}

function trialCode(rng: Rng): string {
  return `LC-${rng.int(1000, 9999)}`;
}

interface EpisodeOutcome {
  episode: TreatmentEpisode;
  lastDay: Day;
}

function buildEpisode(
  trigger: EpisodeTrigger,
  definition: RegimenDefinition,
  plan: Omit<EpisodePlan, "regimen">,
  rng: Rng,
  endOf: (completed: boolean) => EpisodeEnd,
): EpisodeOutcome {
  const scheduled = scheduleEpisode({ ...plan, regimen: definition }, rng);
  let lastDay = plan.start;
  for (const a of scheduled.administrations) lastDay = Math.max(lastDay, a.day);
  return {
    episode: {
      trigger,
      regimenId: definition.id,
      regimenLabel: definition.label,
      administrations: scheduled.administrations,
      variations: scheduled.variations,
      maintenance: scheduled.maintenanceGiven,
      inductionCycles: scheduled.inductionCycles,
      end: endOf(scheduled.completed),
    },
    lastDay,
  };
}

/** One curative episode (never a line), its administrations stopping by `stopAfter`. */
function curativeEpisode(
  id: string,
  start: Day,
  stopAfter: Day,
  phase: TreatmentPhase,
  pathway: PathwayRates,
  rng: Rng,
): EpisodeOutcome {
  const definition = regimen(id);
  return buildEpisode(
    "curative",
    definition,
    {
      start,
      stopAfter,
      inductionCycles: definition.inductionCycles?.[0] ?? 0,
      maintenance: "none",
      cycleDelayRate: pathway.cycleDelay,
      dayOmissionRate: pathway.dayOmission,
      phase,
    },
    rng,
    (completed) => (completed ? "completed" : "progression"),
  );
}

/**
 * Surgery of stage I-III disease and the systemic treatment around it, by era
 * and biomarker: neoadjuvant nivolumab + platinum chemotherapy (2023-) or
 * pembrolizumab + chemotherapy then adjuvant pembrolizumab (2024-); adjuvant
 * cisplatin-vinorelbine (stage II-III); then adjuvant osimertinib (EGFR,
 * 2021-, three years), alectinib instead of chemotherapy (ALK, mid-2024-, two
 * years) or atezolizumab after chemotherapy (PD-L1 >= 50 %, 2022-, one year).
 * Everything stops by `latest`, before the advanced date.
 */
function surgicalPhase(
  patient: PatientCharacteristics,
  pathway: PathwayRates,
  latest: Day,
  rng: Rng,
  episodes: TreatmentEpisode[],
  care: CareEvent[],
): void {
  const { diagnosisDate } = patient;
  const year = decimalYear(diagnosisDate);
  const driver = knownDriver(patient);
  const beyondStageI = patient.stageAtDiagnosis !== "I";
  const pdl1High = patient.pdl1Tps !== null && patient.pdl1Tps >= 50;
  let surgery = diagnosisDate + rng.int(20, 50);
  let perioperativePembrolizumab = false;
  const neoadjuvant =
    beyondStageI && driver === null && year >= 2023 && rng.chance(pathway.perioperativeUptake * 0.5)
      ? year >= 2024 && rng.chance(0.5)
        ? "neoadjuvant_pembro_chemo"
        : "neoadjuvant_nivo_chemo"
      : undefined;
  if (neoadjuvant) {
    const start = diagnosisDate + rng.int(14, 30);
    if (start + 150 < latest) {
      const given = curativeEpisode(neoadjuvant, start, latest, "neoadjuvant", pathway, rng);
      episodes.push(given.episode);
      surgery = given.lastDay + rng.int(28, 45);
      perioperativePembrolizumab = neoadjuvant === "neoadjuvant_pembro_chemo";
    }
  }
  if (surgery >= latest) return;
  care.push({ day: surgery, kind: "surgery", lengthOfStay: rng.int(4, 10) });
  let next = surgery + rng.int(35, 60);
  if (perioperativePembrolizumab) {
    if (next + 42 < latest)
      episodes.push(curativeEpisode("adjuvant_pembro", next, latest, "adjuvant", pathway, rng).episode);
    return;
  }
  const alectinib = driver === "alk" && beyondStageI && year >= 2024.5 && rng.chance(pathway.perioperativeUptake);
  let chemotherapy = false;
  if (!alectinib && beyondStageI && next + 90 < latest && rng.chance(0.6)) {
    const given = curativeEpisode("adjuvant_cis_vino", next, latest, "adjuvant", pathway, rng);
    episodes.push(given.episode);
    chemotherapy = true;
    next = given.lastDay + rng.int(21, 42);
  }
  if (next + 42 >= latest) return;
  const adjuvant = alectinib
    ? "adjuvant_alectinib"
    : driver === "egfr" && year >= 2021 && rng.chance(pathway.perioperativeUptake)
      ? "adjuvant_osimertinib"
      : driver === null && chemotherapy && pdl1High && year >= 2022 && rng.chance(pathway.perioperativeUptake * 0.7)
        ? "adjuvant_atezo"
        : undefined;
  if (adjuvant) episodes.push(curativeEpisode(adjuvant, next, latest, "adjuvant", pathway, rng).episode);
}

/** Curative-intent treatment before advanced disease; returns its episodes and care. */
function curativePhase(
  patient: PatientCharacteristics,
  pathway: PathwayRates,
  rng: Rng,
): {
  episodes: TreatmentEpisode[];
  care: CareEvent[];
} {
  const episodes: TreatmentEpisode[] = [];
  const care: CareEvent[] = [];
  const { diagnosisDate, advancedDate } = patient;
  const latest = advancedDate - rng.int(35, 75);
  care.push({ day: diagnosisDate, kind: "diagnosis_stay", lengthOfStay: rng.int(1, 6) });
  const chemoradiation = patient.stageAtDiagnosis === "III" && rng.chance(0.75);
  if (chemoradiation) {
    const start = diagnosisDate + rng.int(21, 45);
    if (start + 60 >= latest) return { episodes, care };
    const definition = regimen(rng.chance(0.5) ? "cis_etoposide_rt" : "carbo_pac_weekly_rt");
    const crt = buildEpisode(
      "curative",
      definition,
      {
        start,
        stopAfter: latest,
        inductionCycles: plannedInduction(definition, rng),
        maintenance: "none",
        cycleDelayRate: pathway.cycleDelay,
        phase: "chemoradiation",
      },
      rng,
      () => "completed",
    );
    episodes.push(crt.episode);
    // Thirty radiotherapy séances on weekdays.
    let day = start;
    for (let n = 0; n < 30; day++) {
      const weekday = (day + 4) % 7; // 0 = Sunday (1970-01-01 was a Thursday)
      if (weekday === 0 || weekday === 6) continue;
      care.push({ day, kind: "radiotherapy", lengthOfStay: 0 });
      n++;
    }
    const consolidationStart = Math.max(crt.lastDay, day) + rng.int(14, 42);
    if (
      decimalYear(consolidationStart) >= 2017.7 &&
      patient.ecog <= 1 &&
      consolidationStart < latest - 14 &&
      rng.chance(pathway.durvalumabConsolidation)
    ) {
      const q4w = decimalYear(consolidationStart) >= 2020.5 && rng.chance(0.5);
      const durvalumab = regimen(q4w ? "durvalumab_consolidation_q4w" : "durvalumab_consolidation");
      episodes.push(
        buildEpisode(
          "curative",
          durvalumab,
          {
            start: consolidationStart,
            stopAfter: latest,
            inductionCycles: 0,
            maintenance: "none",
            cycleDelayRate: pathway.cycleDelay,
            phase: "consolidation",
          },
          rng,
          (completed) => (completed ? "completed" : "progression"),
        ).episode,
      );
    }
  } else if (patient.stageAtDiagnosis !== "IV") {
    surgicalPhase(patient, pathway, latest, rng, episodes, care);
  }
  return { episodes, care };
}

function supportiveCare(
  course: { episodes: TreatmentEpisode[] },
  patient: PatientCharacteristics,
  limit: Day,
  rng: Rng,
): SupportiveAdministration[] {
  const out: SupportiveAdministration[] = [];
  const cytotoxic = new Set([
    "cisplatin",
    "carboplatin",
    "docetaxel",
    "paclitaxel",
    "nab-paclitaxel",
    "gemcitabine",
    "vinorelbine",
    "etoposide",
    "pemetrexed",
  ]);
  for (const episode of course.episodes) {
    const days = new Set<Day>();
    let firstPemetrexed: Day | undefined;
    let lastPemetrexed: Day | undefined;
    for (const a of episode.administrations) {
      if (a.route === "IV" && cytotoxic.has(a.molecule)) days.add(a.day);
      if (a.molecule === "pemetrexed") {
        firstPemetrexed ??= a.day;
        lastPemetrexed = a.day;
      }
    }
    for (const day of days) {
      out.push({ day, molecule: "dexamethasone", route: "IV", where: "hospital" });
      out.push({ day, molecule: "ondansetron", route: "IV", where: "hospital" });
      if (rng.chance(0.2)) out.push({ day: day + 1, molecule: "pegfilgrastim", route: "SC", where: "pharmacy" });
    }
    if (firstPemetrexed !== undefined && lastPemetrexed !== undefined) {
      for (let day = firstPemetrexed - 7; day <= lastPemetrexed; day += 90) {
        out.push({ day, molecule: "folic acid", route: "PO", where: "pharmacy" });
      }
      for (let day = firstPemetrexed - 7; day <= lastPemetrexed; day += 63) {
        out.push({ day, molecule: "cyanocobalamin", route: null, where: "hospital" });
      }
    }
  }
  if (rng.chance(0.3)) {
    const pharmacy = rng.chance(0.6);
    const start = patient.advancedDate + rng.int(14, 60);
    for (let n = 0; n < 6; n++) {
      const day = start + n * 28;
      out.push(
        pharmacy
          ? { day, molecule: "denosumab", route: "SC", where: "pharmacy" }
          : { day, molecule: "zoledronic acid", route: "IV", where: "hospital" },
      );
    }
  }
  return out.filter((s) => s.day <= limit).sort((a, b) => a.day - b.day || (a.molecule < b.molecule ? -1 : 1));
}

export function simulateCourse(patient: PatientCharacteristics, pathway: PathwayRates, rng: Rng): DiseaseCourse {
  const { episodes, care } =
    patient.stageAtDiagnosis === "IV" ? { episodes: [], care: [] } : curativePhase(patient, pathway, rng);
  const advancedStay: CareEvent = {
    day: patient.advancedDate - rng.int(0, 7),
    kind: "diagnosis_stay",
    lengthOfStay: rng.int(2, 8),
  };
  care.push(advancedStay);
  const age = Math.floor(decimalYear(patient.advancedDate)) - patient.birthYear;
  const ecogFactor = ECOG_OS_FACTOR[patient.ecog] ?? 0.3;
  let death: Day;

  if (rng.chance(untreatedProbability(patient, age))) {
    death = patient.advancedDate + Math.max(7, Math.round(rng.logNormal(2.6 * DAYS_PER_MONTH, 0.9)));
  } else {
    const before = rng.chance(pathway.startedBeforeAdvancedDate);
    const lineOneStart = before ? patient.advancedDate - rng.int(1, 30) : patient.advancedDate + rng.int(10, 40);
    const history = { regimenIds: [] as string[], molecules: new Set<string>() };
    let choice = chooseRegimen(
      {
        patient,
        lineNumber: 1,
        start: lineOneStart,
        history,
        clinicalTrialRate: pathway.clinicalTrial,
        rechallengeRate: 0,
        practice: pathway,
      },
      rng,
    );
    const osMedian = firstLineOsMedian(choice.regimen, patient) * ecogFactor * (age >= 80 ? 0.8 : 1);
    const z = rng.normal();
    const osDays = osMedian * DAYS_PER_MONTH * Math.exp(z * (z < 0 ? OS_SIGMA_BELOW_MEDIAN : OS_SIGMA_ABOVE_MEDIAN));
    death = lineOneStart + Math.max(21, Math.round(osDays));
    const deathLimit = death - rng.int(10, 40);
    // Imaging, then treatment, then the first stay that codes the metastasis: the
    // advanced-disease stay comes weeks after line 1 started.
    if (rng.chance(pathway.metastasisCodeLag)) {
      const lagged = lineOneStart + rng.int(pathway.metastasisCodeLagDays[0], pathway.metastasisCodeLagDays[1]);
      if (lagged + advancedStay.lengthOfStay < death - 1 && lagged <= EXTRACTION_END) advancedStay.day = lagged;
    }
    let start = lineOneStart;
    let trigger: EpisodeTrigger = "first";
    for (let lineNumber = 1; ; lineNumber++) {
      const definition = choice.regimen;
      const pfsDeviate = PFS_OS_CORRELATION * z + Math.sqrt(1 - PFS_OS_CORRELATION ** 2) * rng.normal();
      const pfsDays = pfsMedian(definition, lineNumber) * DAYS_PER_MONTH * Math.exp(PFS_SIGMA * pfsDeviate);
      const progression = start + Math.max(14, Math.round(pfsDays));
      const toxicity = rng.chance(definition.regimenClass === "targeted" ? 0.06 : 0.1)
        ? start + rng.int(21, Math.max(22, Math.min(progression - start, 300)))
        : Number.POSITIVE_INFINITY;
      const stopAfter = Math.min(progression, toxicity, deathLimit, EXTRACTION_END);
      const induction = plannedInduction(definition, rng);
      const earlyStop = definition.inductionCycles !== undefined && induction < definition.inductionCycles[0];
      let maintenance: { kind: EpisodePlan["maintenance"]; drugs?: readonly DrugDose[] } = { kind: "none" };
      if (!earlyStop) maintenance = maintenanceAfterInduction(definition, patient, pathway, rng);
      else if (definition.maintenance && rng.chance(0.5)) maintenance = { kind: "continuation" };
      const molecules = regimenMolecules(definition);
      const code = molecules.includes("investigational") ? trialCode(rng) : undefined;
      const plan: Omit<EpisodePlan, "regimen"> = {
        start,
        stopAfter,
        inductionCycles: induction,
        maintenance: maintenance.kind,
        ...(maintenance.drugs ? { switchMaintenanceDrugs: maintenance.drugs } : {}),
        ...(molecules.includes("cisplatin") && rng.chance(pathway.platinumSubstitution)
          ? { platinumSubstitutionAtCycle: rng.int(2, 4) }
          : {}),
        ...(molecules.includes("paclitaxel") && rng.chance(pathway.taxaneSubstitution)
          ? { taxaneSubstitutionAtCycle: rng.int(2, 4) }
          : {}),
        cycleDelayRate: pathway.cycleDelay,
        dayOmissionRate: pathway.dayOmission,
        ...(code ? { trialCode: code } : {}),
      };
      if (rng.chance(pathway.drugDroppedForToxicity)) {
        const molecule = droppableMolecule(definition, rng);
        if (molecule) plan.dropped = { molecule, fromCycle: rng.int(2, 5) };
      }
      // A planned break (immunotherapy or maintenance going well), then a restart of the same regimen.
      const breakable = definition.regimenClass === "immunotherapy" || maintenance.kind !== "none";
      const breakDay = start + rng.int(200, 400);
      const restartDay = breakDay + rng.int(pathway.plannedBreakDays[0], pathway.plannedBreakDays[1]);
      const planned = breakable && restartDay < stopAfter - 60 && rng.chance(pathway.plannedBreak);
      const endOf =
        (stop: Day) =>
        (completed: boolean): EpisodeEnd => {
          if (completed) return earlyStop ? "toxicity" : "completed";
          if (stop === EXTRACTION_END) return "ongoing";
          if (stop === deathLimit) return "death";
          if (stop === toxicity) return "toxicity";
          return "progression";
        };
      let outcome: EpisodeOutcome;
      if (planned) {
        const first = buildEpisode(trigger, definition, { ...plan, stopAfter: breakDay }, rng, () => "planned_break");
        first.episode.end = "planned_break";
        episodes.push(first.episode);
        outcome = buildEpisode(
          "restart_after_break",
          definition,
          {
            ...plan,
            start: restartDay,
            inductionCycles: 0,
            maintenance: maintenance.kind === "none" ? "none" : maintenance.kind,
          },
          rng,
          endOf(stopAfter),
        );
        if (outcome.episode.administrations.length === 0) {
          first.episode.end = "progression";
          outcome = first;
        } else {
          outcome.episode.maintenance ||= first.episode.maintenance;
          episodes.push(outcome.episode);
        }
      } else {
        outcome = buildEpisode(trigger, definition, plan, rng, endOf(stopAfter));
        if (lineNumber === 1 && before) outcome.episode.variations.push("started_before_advanced_date");
        episodes.push(outcome.episode);
      }
      history.regimenIds.push(definition.id);
      for (const m of molecules) history.molecules.add(m);
      const end = outcome.episode.end;
      if (end === "death" || end === "ongoing") break;
      let lastCovered = outcome.lastDay;
      for (const a of outcome.episode.administrations) lastCovered = Math.max(lastCovered, a.day + a.daysCovered - 1);
      let nextStart: Day;
      if (end === "toxicity") nextStart = Math.min(progression, outcome.lastDay + rng.int(60, 120)) + rng.int(14, 35);
      else if (end === "completed") nextStart = Math.max(progression, outcome.lastDay + 21) + rng.int(10, 35);
      else nextStart = Math.max(progression, outcome.lastDay) + rng.int(10, 35);
      nextStart = Math.max(nextStart, Math.min(lastCovered + 1, progression + 20));
      if (nextStart >= deathLimit - 14 || nextStart >= EXTRACTION_END) break;
      if (!rng.chance(nextLineProbability(lineNumber, patient.ecog))) break;
      start = nextStart;
      trigger = end === "toxicity" ? "toxicity" : "progression";
      choice = chooseRegimen(
        {
          patient,
          lineNumber: lineNumber + 1,
          start,
          history,
          clinicalTrialRate: pathway.clinicalTrial,
          rechallengeRate: pathway.rechallenge,
          practice: pathway,
        },
        rng,
      );
    }
    const firstIv = episodes.find((e) => e.trigger === "first")?.administrations.find((a) => a.route === "IV");
    if (firstIv && !care.some((c) => c.kind === "port"))
      care.push({ day: firstIv.day - rng.int(2, 10), kind: "port", lengthOfStay: 0 });
  }

  const deathDate = death <= EXTRACTION_END ? death : null;
  const followUpEnd = deathDate ?? EXTRACTION_END;
  const diedInHospital = deathDate !== null && rng.chance(0.55);
  if (diedInHospital && deathDate !== null) {
    const los = rng.int(1, 12);
    care.push({ day: deathDate - los, kind: "death_stay", lengthOfStay: los });
  }
  const supportive = supportiveCare({ episodes }, patient, Math.min(followUpEnd - 1, EXTRACTION_END), rng);
  care.sort((a, b) => a.day - b.day);
  return { episodes, supportive, care, deathDate, diedInHospital, followUpEnd };
}
