/**
 * Schedules: turns one episode's plan (regimen, start, the day treatment must
 * stop by, induction length, maintenance, within-line variations) into dated
 * administrations: IV cycles (q1w..q6w, drugs on given days of the cycle, cycle
 * delays, day-8 / day-15 administrations sometimes omitted, cisplatin ->
 * carboplatin and paclitaxel -> nab-paclitaxel substitutions, a drug dropped for
 * toxicity, maintenance) and daily oral drugs dispensed about monthly (for at
 * most the regimen's duration, e.g. adjuvant osimertinib three years).
 */
import type { Day } from "../time/day.js";
import type { Rng } from "./random.js";
import type { DrugDose, RegimenDefinition } from "./regimens.js";
import type { Administration, TreatmentPhase, VariationKind } from "./truth.js";

export interface EpisodePlan {
  regimen: RegimenDefinition;
  start: Day;
  /** No administration after this day (progression, toxicity, death, end of extraction). */
  stopAfter: Day;
  /** Planned induction cycles (regimens with an induction); 0 restarts directly in maintenance. */
  inductionCycles: number;
  /** What follows the induction. */
  maintenance: "none" | "continuation" | "switch";
  /** Drugs of a switch maintenance (e.g. pemetrexed after cisplatin-gemcitabine). */
  switchMaintenanceDrugs?: readonly DrugDose[];
  /** Cycle (1-based) from which cisplatin is replaced by carboplatin. */
  platinumSubstitutionAtCycle?: number;
  /** Cycle (1-based) from which paclitaxel is replaced by nab-paclitaxel. */
  taxaneSubstitutionAtCycle?: number;
  /** A drug stopped for toxicity from a cycle (1-based) on, the others continue. */
  dropped?: { molecule: string; fromCycle: number };
  /** Probability that a cycle is postponed by a week. */
  cycleDelayRate: number;
  /** Probability that a day-8 / day-15 administration of a cycle is not given. */
  dayOmissionRate?: number;
  /** Phase name for cycles without induction (e.g. `consolidation`); default `continuous`. */
  phase?: TreatmentPhase;
  /** Protocol code for investigational drugs. */
  trialCode?: string;
}

export interface ScheduledEpisode {
  administrations: Administration[];
  inductionCycles: number;
  /** The plan ran out before `stopAfter` (fixed induction without maintenance, maximum cycles or duration). */
  completed: boolean;
  variations: VariationKind[];
  maintenanceGiven: boolean;
}

const CARBOPLATIN: DrugDose = { molecule: "carboplatin", route: "IV", dose: "AUC 5" };
const NAB_PACLITAXEL: DrugDose = { molecule: "nab-paclitaxel", route: "IV", dose: "100 mg/m2" };

function substitute(drug: DrugDose, plan: EpisodePlan, cycle: number): DrugDose {
  if (drug.molecule === "cisplatin" && plan.platinumSubstitutionAtCycle !== undefined) {
    if (cycle >= plan.platinumSubstitutionAtCycle) return { ...CARBOPLATIN, days: drug.days ? [0] : undefined };
  }
  if (drug.molecule === "paclitaxel" && plan.taxaneSubstitutionAtCycle !== undefined) {
    if (cycle >= plan.taxaneSubstitutionAtCycle) return { ...NAB_PACLITAXEL, days: drug.days };
  }
  return drug;
}

export function scheduleEpisode(plan: EpisodePlan, rng: Rng): ScheduledEpisode {
  const { regimen } = plan;
  const administrations: Administration[] = [];
  const variations = new Set<VariationKind>();
  let inductionCycles = 0;
  let completed = false;
  let maintenanceGiven = false;
  let lastIvDay = plan.start;

  if (regimen.cycleDrugs.length > 0) {
    let day = plan.start;
    let cycle = 1;
    const hasInduction = regimen.inductionCycles !== undefined;
    for (;;) {
      if (day > plan.stopAfter) break;
      let drugs: readonly DrugDose[];
      let phase: TreatmentPhase;
      let cycleDays = regimen.cycleDays;
      if (!hasInduction) {
        drugs = regimen.cycleDrugs;
        phase = plan.phase ?? "continuous";
      } else if (cycle <= plan.inductionCycles) {
        drugs = regimen.cycleDrugs;
        phase = plan.phase ?? "induction";
      } else if (plan.maintenance === "continuation" && regimen.maintenance) {
        drugs = regimen.maintenance.drugs;
        cycleDays = regimen.maintenance.cycleDays;
        phase = "maintenance";
      } else if (plan.maintenance === "switch" && plan.switchMaintenanceDrugs) {
        drugs = plan.switchMaintenanceDrugs;
        phase = "maintenance";
      } else {
        completed = true;
        break;
      }
      const given = drugs
        .map((d) => substitute(d, plan, cycle))
        .filter((d) => !(plan.dropped && d.molecule === plan.dropped.molecule && cycle >= plan.dropped.fromCycle));
      for (const drug of given) {
        if (drug.molecule === "carboplatin" && plan.platinumSubstitutionAtCycle !== undefined)
          variations.add("platinum_substitution");
        if (drug.molecule === "nab-paclitaxel") variations.add("taxane_substitution");
        for (const offset of drug.days ?? [0]) {
          const adminDay = day + offset;
          if (adminDay > plan.stopAfter) continue;
          if (offset >= 7 && rng.chance(plan.dayOmissionRate ?? 0)) continue;
          administrations.push({
            day: adminDay,
            molecule: drug.molecule,
            route: drug.route,
            daysCovered: 1,
            boxes: 1,
            dose: drug.dose,
            phase,
            cycle,
            ...(plan.trialCode && drug.molecule === "investigational" ? { trialCode: plan.trialCode } : {}),
          });
          if (adminDay > lastIvDay) lastIvDay = adminDay;
        }
      }
      if (plan.dropped && cycle >= plan.dropped.fromCycle) variations.add("drug_dropped_for_toxicity");
      if (phase === "induction") inductionCycles++;
      if (phase === "maintenance") {
        maintenanceGiven = true;
        variations.add(plan.maintenance === "switch" ? "switch_maintenance" : "continuation_maintenance");
      }
      if (regimen.maxCycles !== undefined && cycle >= regimen.maxCycles) {
        completed = true;
        break;
      }
      if (regimen.maxDays !== undefined && day + cycleDays - plan.start >= regimen.maxDays) {
        completed = true;
        break;
      }
      if (rng.chance(plan.cycleDelayRate)) {
        cycleDays += 7;
        variations.add("cycle_delay");
      }
      day += cycleDays;
      cycle++;
    }
  }

  for (const drug of regimen.oral ?? []) {
    const dropped = plan.dropped && plan.dropped.molecule === drug.molecule ? plan.dropped : undefined;
    // With IV cycles, oral drugs stop with them; a dropped oral drug stops at its cycle.
    let until =
      regimen.cycleDrugs.length > 0 ? Math.min(plan.stopAfter, lastIvDay + regimen.cycleDays - 1) : plan.stopAfter;
    if (regimen.cycleDrugs.length === 0 && regimen.maxDays !== undefined) {
      if (plan.start + regimen.maxDays - 1 <= plan.stopAfter) completed = true;
      until = Math.min(until, plan.start + regimen.maxDays - 1);
    }
    if (dropped) until = Math.min(until, plan.start + (dropped.fromCycle - 1) * regimen.cycleDays - 1);
    let day = plan.start + (regimen.cycleDrugs.length > 0 ? 1 : 0);
    let dispensing = 1;
    const covered = drug.packDays * drug.boxesPerDispensing;
    while (day <= until) {
      administrations.push({
        day,
        molecule: drug.molecule,
        route: "PO",
        daysCovered: covered,
        boxes: drug.boxesPerDispensing,
        dose: drug.dose,
        phase: plan.phase ?? "continuous",
        cycle: dispensing,
        ...(plan.trialCode && drug.molecule === "investigational" ? { trialCode: plan.trialCode } : {}),
      });
      day += covered + rng.int(-3, 4);
      dispensing++;
    }
  }

  administrations.sort((a, b) => a.day - b.day || (a.molecule < b.molecule ? -1 : a.molecule > b.molecule ? 1 : 0));
  return { administrations, inductionCycles, completed, variations: [...variations], maintenanceGiven };
}
