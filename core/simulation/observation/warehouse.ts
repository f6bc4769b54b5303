/**
 * The hospital oncology warehouse (ODH_PATIENT, ODH_DRUG_ADMIN). Every patient
 * has an ODH_PATIENT row (it defines the cohort); only patients whose main
 * hospital participates have clinical fields and drug rows, and only for what
 * that centre gave. Drug labels are free text as typed in prescribing software:
 * INN (English or French) or brand, a dose, any case, sometimes a typo;
 * clinical-trial drugs read `ESSAI CLINIQUE` or `PROTOCOLE <code>`. Some rows
 * are missing, some dates are a day off the SNDS ones.
 */
import { drugByMolecule } from "../../reference/drugs.js";
import type { Day } from "../../time/day.js";
import { yearOfDay as yearOf } from "../calendar.js";
import type { Rng } from "../random.js";
import type { Route } from "../truth.js";
import { atcFor, ucdFor } from "./codes.js";
import type { ObservationContext } from "./context.js";

const FRENCH_INN: Readonly<Record<string, string>> = {
  cisplatin: "cisplatine",
  carboplatin: "carboplatine",
  pemetrexed: "pémétrexed",
  docetaxel: "docétaxel",
  etoposide: "étoposide",
  bevacizumab: "bévacizumab",
  "folic acid": "acide folique",
  "zoledronic acid": "acide zolédronique",
  dexamethasone: "dexaméthasone",
  cyanocobalamin: "cyanocobalamine",
  "nab-paclitaxel": "paclitaxel albumine",
};

function withTypo(text: string, rng: Rng): string {
  if (text.length < 5) return text;
  const i = rng.int(2, text.length - 2);
  switch (rng.int(0, 2)) {
    case 0:
      return text.slice(0, i) + text.slice(i + 1); // deletion
    case 1:
      return text.slice(0, i) + text[i] + text.slice(i); // duplication
    default:
      return text.slice(0, i) + text[i + 1] + text[i] + text.slice(i + 2); // transposition
  }
}

function casing(text: string, rng: Rng): string {
  switch (rng.int(0, 3)) {
    case 0:
      return text.toUpperCase();
    case 1:
      return text.toLowerCase();
    case 2:
      return text.charAt(0).toUpperCase() + text.slice(1).toLowerCase();
    default:
      return text;
  }
}

/** A free-text label for a drug, as a prescribing software would show it. */
export function drugLabel(
  molecule: string,
  dose: string,
  trialCode: string | undefined,
  ctx: ObservationContext,
): string {
  const { rng, rates } = ctx;
  if (molecule === "investigational")
    return rng.chance(0.5) || !trialCode ? "ESSAI CLINIQUE" : `PROTOCOLE ${trialCode}`;
  const brands = drugByMolecule(molecule)?.brands ?? [];
  let name: string;
  if (brands.length > 0 && rng.chance(rates.labelBrand)) name = rng.pick(brands);
  else name = FRENCH_INN[molecule] && rng.chance(rates.labelFrenchInn) ? FRENCH_INN[molecule] : molecule;
  let text = casing(dose ? `${name} ${rng.chance(0.5) ? dose : dose.replace(" ", "")}` : name, rng);
  if (rng.chance(rates.labelTypo)) text = withTypo(text, rng);
  return text;
}

export function observeWarehouse(ctx: ObservationContext): void {
  const { out, truth, rng, rates, main } = ctx;
  const p = truth.patient;
  const participating = main.participating;
  const clinical = participating || rng.chance(rates.nonParticipantClinicalFields);
  out.add("ODH_PATIENT", "ODH_PATIENT", {
    patient_id: p.patientId,
    center_id: participating ? main.centerId : null,
    birth_year: p.birthYear,
    sex: p.sex,
    diagnosis_date: clinical ? p.diagnosisDate : null,
    advanced_date: clinical ? p.advancedDate : null,
    stage_at_diagnosis: clinical ? p.stageAtDiagnosis : null,
    histology: clinical ? p.histology : null,
    egfr: participating ? p.biomarkers.egfr : null,
    alk: participating ? p.biomarkers.alk : null,
    ros1: participating ? p.biomarkers.ros1 : null,
    braf: participating ? p.biomarkers.braf : null,
    kras_g12c: participating ? p.biomarkers.kras_g12c : null,
    met: participating ? p.biomarkers.met : null,
    ret: participating ? p.biomarkers.ret : null,
    pdl1_tps: participating ? p.pdl1Tps : null,
    ecog: participating ? p.ecog : null,
    smoking: participating ? p.smoking : null,
  });
  if (!participating) return;
  const rows: { day: Day; molecule: string; dose: string; route: Route | null; trialCode?: string }[] = [];
  truth.episodes.forEach((episode, e) => {
    if ((ctx.episodeHospitals[e] ?? main) !== main) return;
    for (const a of episode.administrations)
      rows.push({
        day: a.day,
        molecule: a.molecule,
        dose: a.dose,
        route: a.route,
        ...(a.trialCode ? { trialCode: a.trialCode } : {}),
      });
  });
  for (const s of truth.supportive) {
    if (s.where === "hospital") rows.push({ day: s.day, molecule: s.molecule, dose: "", route: s.route });
  }
  rows.sort((a, b) => a.day - b.day || (a.molecule < b.molecule ? -1 : a.molecule > b.molecule ? 1 : 0));
  for (const r of rows) {
    if (rng.chance(rates.warehouseMissingRow)) continue;
    const day = rng.chance(rates.warehouseDateJitter) ? r.day + rng.pick([-1, 1]) : r.day;
    const coded = r.molecule !== "investigational" && rng.chance(rates.warehouseCodeFilled);
    out.add("ODH_DRUG_ADMIN", "ODH_DRUG_ADMIN", {
      patient_id: p.patientId,
      admin_date: day,
      drug_label: drugLabel(r.molecule, r.dose, r.trialCode, ctx),
      ucd7: coded && r.route === "IV" ? (ucdFor(r.molecule, p.index)?.ucd7 ?? null) : null,
      atc: coded ? atcFor(r.molecule, yearOf(r.day)) : null,
      route: r.route,
    });
  }
}
