/**
 * Drug codes of the synthetic dataset. Real codes come from the built-in
 * dictionary (DRUG_REFERENCE) where it knows one; where it does not, the
 * simulator invents a code in a range no real code uses and declares it in the
 * dataset's own nomenclatures (IR_PHA_R, NU_UCD_R), never in the dictionary:
 * - invented UCD7: 9990001-9999999 (real UCD7 of the dictionary are below 9450000;
 *   SNDS form `000000` + UCD7);
 * - invented CIP13: `3400999` + 6 digits (no real CIP13 of the dictionary starts
 *   with 3400999).
 * Both ranges are checked against the dictionary by the tests.
 */
import { DRUG_REFERENCE, drugByMolecule, type DrugReference } from "../../reference/drugs.js";
import { parseIsoDay, type Day } from "../../time/day.js";
import { OFF_LIST_MOLECULES } from "../off-list-drugs.js";

export const INVENTED_UCD7_FROM = 9990001;
export const INVENTED_UCD7_TO = 9999999;
export const INVENTED_CIP13_PREFIX = "3400999";

export function isInventedUcd7(ucd7: string): boolean {
  const n = Number(ucd7);
  return ucd7.length === 7 && n >= INVENTED_UCD7_FROM && n <= INVENTED_UCD7_TO;
}

export function isInventedCip13(cip13: string): boolean {
  return cip13.length === 13 && cip13.startsWith(INVENTED_CIP13_PREFIX);
}

export function ucd13(ucd7: string): string {
  return `000000${ucd7}`;
}

/** Hospital drugs billed on top of the stay tariff (liste en sus) in this simulation. */
export const LISTE_EN_SUS: ReadonlySet<string> = new Set([
  "pemetrexed",
  "bevacizumab",
  "ramucirumab",
  "nivolumab",
  "pembrolizumab",
  "durvalumab",
  "atezolizumab",
  "cemiplimab",
  "ipilimumab",
  "tremelimumab",
  "amivantamab",
  // outside the lung list (off-list-drugs.ts)
  "cetuximab",
  "trastuzumab-deruxtecan",
  "datopotamab-deruxtecan",
]);

/** Oral drugs dispensed by hospital pharmacies (retrocession, early access) until a date (ISO). */
export const RETROCESSION_UNTIL: Readonly<Record<string, string>> = {
  lorlatinib: "2019-06-30",
  selpercatinib: "2021-12-31",
  capmatinib: "2022-12-31",
  tepotinib: "2022-06-30",
  sotorasib: "2023-06-30",
  entrectinib: "2030-12-31",
  adagrasib: "2030-12-31",
};

/** IV liste-en-sus drugs under early access (T_MCOaaMEDATU, benefit 3351) until a date (ISO). */
export const EARLY_ACCESS_UNTIL: Readonly<Record<string, string>> = {
  nivolumab: "2016-01-31",
  atezolizumab: "2018-05-31",
  durvalumab: "2019-06-30",
  "datopotamab-deruxtecan": "2030-12-31",
};

const earlyAccessDays = new Map(Object.entries(EARLY_ACCESS_UNTIL).map(([m, iso]) => [m, parseIsoDay(iso)!]));
const retrocessionDays = new Map(Object.entries(RETROCESSION_UNTIL).map(([m, iso]) => [m, parseIsoDay(iso)!]));

/** An IV drug given under early access on that day. */
export function isEarlyAccess(molecule: string, day: Day): boolean {
  const until = earlyAccessDays.get(molecule);
  return until !== undefined && day <= until;
}

/** An oral drug dispensed by a hospital pharmacy (retrocession) on that day. */
export function isRetroceded(molecule: string, day: Day): boolean {
  const until = retrocessionDays.get(molecule);
  return until !== undefined && day <= until;
}

/** Product strength used in designations, and the mg per unit for ADM_NBR. */
const STRENGTHS: Readonly<Record<string, { text: string; form: string; mgPerUnit?: number }>> = {
  pemetrexed: { text: "500MG", form: "PDR SOL PERF FL", mgPerUnit: 500 },
  bevacizumab: { text: "25MG/ML 16ML", form: "SOL DIL PERF FL", mgPerUnit: 400 },
  ramucirumab: { text: "10MG/ML 50ML", form: "SOL DIL PERF FL", mgPerUnit: 500 },
  nivolumab: { text: "10MG/ML 4ML", form: "SOL DIL PERF FL", mgPerUnit: 40 },
  pembrolizumab: { text: "25MG/ML 4ML", form: "SOL DIL PERF FL", mgPerUnit: 100 },
  durvalumab: { text: "50MG/ML 10ML", form: "SOL DIL PERF FL", mgPerUnit: 500 },
  atezolizumab: { text: "1200MG/20ML", form: "SOL DIL PERF FL", mgPerUnit: 1200 },
  cemiplimab: { text: "350MG/7ML", form: "SOL DIL PERF FL", mgPerUnit: 350 },
  ipilimumab: { text: "5MG/ML 10ML", form: "SOL DIL PERF FL", mgPerUnit: 50 },
  tremelimumab: { text: "20MG/ML 15ML", form: "SOL DIL PERF FL", mgPerUnit: 300 },
  amivantamab: { text: "350MG/7ML", form: "SOL DIL PERF FL", mgPerUnit: 350 },
  cetuximab: { text: "5MG/ML 20ML", form: "SOL PERF FL", mgPerUnit: 100 },
  "trastuzumab-deruxtecan": { text: "100MG", form: "PDR SOL DIL PERF FL", mgPerUnit: 100 },
  "datopotamab-deruxtecan": { text: "100MG", form: "PDR SOL DIL PERF FL", mgPerUnit: 100 },
  cisplatin: { text: "1MG/ML 100ML", form: "SOL PERF FL" },
  carboplatin: { text: "10MG/ML 45ML", form: "SOL PERF FL" },
  paclitaxel: { text: "6MG/ML 50ML", form: "SOL DIL PERF FL" },
  "nab-paclitaxel": { text: "5MG/ML 100MG", form: "PDR SUSP PERF FL" },
  docetaxel: { text: "20MG/ML 4ML", form: "SOL DIL PERF FL" },
  gemcitabine: { text: "1G", form: "PDR SOL PERF FL" },
  vinorelbine: { text: "10MG/ML 5ML", form: "SOL DIL PERF FL" },
  etoposide: { text: "20MG/ML 5ML", form: "SOL DIL PERF FL" },
};

/** Oral packs: label strength, units, days covered. */
const PACKS: Readonly<Record<string, string>> = {
  gefitinib: "250MG CPR 30",
  erlotinib: "150MG CPR 30",
  afatinib: "40MG CPR 28",
  osimertinib: "80MG CPR 30",
  crizotinib: "250MG GELULE 60",
  alectinib: "150MG GELULE 224",
  brigatinib: "180MG CPR 28",
  lorlatinib: "100MG CPR 30",
  dabrafenib: "75MG GELULE 120",
  trametinib: "2MG CPR 30",
  sotorasib: "120MG CPR 240",
  adagrasib: "200MG CPR 180",
  capmatinib: "200MG CPR 112",
  tepotinib: "225MG CPR 60",
  selpercatinib: "80MG GELULE 120",
  entrectinib: "200MG GELULE 90",
  nintedanib: "100MG CAPS 120",
  vinorelbine: "30MG CAPS 1",
  pegfilgrastim: "6MG SOL INJ SER",
  "folic acid": "0.4MG CPR 30",
  denosumab: "120MG SOL INJ FL",
  dexamethasone: "20MG CPR 10",
  ondansetron: "8MG CPR 4",
  aprepitant: "125MG 80MG GELULE 3",
};

/** Molecules dispensed in community pharmacy (CIP13) by the simulator. */
const PHARMACY_MOLECULES = Object.keys(PACKS);
/**
 * Molecules with a UCD in the simulator (liste en sus, retrocession, warehouse
 * ucd7). The molecules outside the lung list come last, so that adding them
 * left the invented codes of the others unchanged.
 */
const UCD_MOLECULES = [
  ...[...new Set([...LISTE_EN_SUS, ...Object.keys(STRENGTHS), ...Object.keys(RETROCESSION_UNTIL)])]
    .filter((m) => !OFF_LIST_MOLECULES.includes(m))
    .sort(),
  ...OFF_LIST_MOLECULES,
];

export interface UcdCode {
  ucd7: string;
  molecule: string;
  designation: string;
  invented: boolean;
}

export interface CipCode {
  cip13: string;
  molecule: string;
  /** ATC the extraction-year nomenclature shows (current, or legacy for some codes); null when unknown. */
  atc: string | null;
  label: string;
  invented: boolean;
}

function brandOrInn(drug: DrugReference | undefined, molecule: string): string {
  return (drug?.brands[0] ?? molecule).toUpperCase();
}

function buildCatalogue(): { ucd: UcdCode[]; cip: CipCode[] } {
  const ucd: UcdCode[] = [];
  const cip: CipCode[] = [];
  let nextUcd = INVENTED_UCD7_FROM;
  let nextCip = 1;
  for (const molecule of UCD_MOLECULES) {
    const drug = drugByMolecule(molecule);
    const strength = STRENGTHS[molecule];
    const pack = PACKS[molecule];
    const designation =
      `${brandOrInn(drug, molecule)} ${strength ? `${strength.text} ${strength.form}` : (pack ?? "")}`.trim();
    const real = drug?.ucd7 ?? [];
    if (real.length > 0) for (const code of real) ucd.push({ ucd7: code, molecule, designation, invented: false });
    else ucd.push({ ucd7: String(nextUcd++), molecule, designation, invented: true });
  }
  for (const molecule of [...PHARMACY_MOLECULES].sort()) {
    const drug = drugByMolecule(molecule);
    if (!drug) throw new Error(`No reference entry for ${molecule}`);
    const label = `${brandOrInn(drug, molecule)} ${PACKS[molecule] ?? ""}`.trim();
    const real = drug.cip13;
    const codes =
      real.length > 0
        ? real.map((c) => ({ code: c, invented: false }))
        : [{ code: `${INVENTED_CIP13_PREFIX}${String(nextCip++).padStart(6, "0")}`, invented: true }];
    codes.forEach(({ code, invented }, i) => {
      // Some codes carry the pre-2022 ATC (L01XE / L01XC), as an older nomenclature would.
      const legacy = drug.legacyAtc[0];
      const atc = legacy !== undefined && (Number(code.slice(-1)) + i) % 2 === 0 ? legacy : drug.atc;
      cip.push({ cip13: code, molecule, atc, label, invented });
    });
  }
  return { ucd, cip };
}

const CATALOGUE = buildCatalogue();
export const UCD_CATALOGUE: readonly UcdCode[] = CATALOGUE.ucd;
export const CIP_CATALOGUE: readonly CipCode[] = CATALOGUE.cip;

const ucdByMolecule = new Map<string, UcdCode[]>();
for (const c of UCD_CATALOGUE) ucdByMolecule.set(c.molecule, [...(ucdByMolecule.get(c.molecule) ?? []), c]);
const cipByMolecule = new Map<string, CipCode[]>();
for (const c of CIP_CATALOGUE) cipByMolecule.set(c.molecule, [...(cipByMolecule.get(c.molecule) ?? []), c]);

/** The UCD of a molecule; `variant` picks among several real ones. Undefined when none. */
export function ucdFor(molecule: string, variant: number): UcdCode | undefined {
  const codes = ucdByMolecule.get(molecule);
  return codes ? codes[variant % codes.length] : undefined;
}

export function cipFor(molecule: string, variant: number): CipCode | undefined {
  const codes = cipByMolecule.get(molecule);
  return codes ? codes[variant % codes.length] : undefined;
}

/** Units of a UCD for one administration (ADM_NBR): dose over unit strength, at least 1. */
export function unitsPerAdministration(molecule: string, dose: string): number {
  const mgPerUnit = STRENGTHS[molecule]?.mgPerUnit;
  const mg = /^(\d+(?:\.\d+)?) mg$/.exec(dose);
  if (!mgPerUnit || !mg) return 1;
  return Math.max(1, Math.ceil(Number(mg[1]) / mgPerUnit));
}

/** The current or legacy ATC of a molecule, as a record of a given year would show it. */
export function atcFor(molecule: string, year: number): string | null {
  const drug = drugByMolecule(molecule);
  if (!drug) return null;
  return year < 2022 && drug.legacyAtc[0] ? drug.legacyAtc[0] : drug.atc;
}

/** Real codes of the dictionary (for tests: an invented code must not collide). */
export const REAL_UCD7: ReadonlySet<string> = new Set(DRUG_REFERENCE.flatMap((d) => d.ucd7));
export const REAL_CIP13: ReadonlySet<string> = new Set(DRUG_REFERENCE.flatMap((d) => d.cip13));
