/**
 * The regimen catalogue: what is given, by which route, on which days of a cycle,
 * how long the induction is and what the maintenance is. Doses are only text for
 * labels (the simulator does not model body surface or AUC).
 */

export type RegimenClass =
  "chemotherapy" | "chemo_immunotherapy" | "immunotherapy" | "targeted" | "investigational" | "curative";

export interface DrugDose {
  molecule: string;
  route: "IV" | "PO" | "SC";
  dose: string;
  /** Days of the cycle (0-based) when an IV drug is given; default [0]. */
  days?: readonly number[];
}

export interface OralDrug {
  molecule: string;
  dose: string;
  /** Days covered by one box. */
  packDays: number;
  /** Boxes per monthly dispensing (oral vinorelbine: one weekly box each). */
  boxesPerDispensing: number;
}

export interface RegimenDefinition {
  id: string;
  /** Human label written in GOLD_LINES.regimen_label. */
  label: string;
  regimenClass: RegimenClass;
  /** IV drugs of each cycle (induction, or the whole course when there is no induction). */
  cycleDrugs: readonly DrugDose[];
  cycleDays: number;
  /** Planned induction cycles; absent: cycles go on until a stop. */
  inductionCycles?: readonly [number, number];
  /** Maintenance after induction (continuation: a subset of the induction drugs). */
  maintenance?: { drugs: readonly DrugDose[]; cycleDays: number };
  /** Oral drugs taken daily and dispensed about monthly. */
  oral?: readonly OralDrug[];
  /** Maximum number of cycles (pembrolizumab: 35, about two years). */
  maxCycles?: number;
  /** Maximum duration in days (durvalumab consolidation: one year; adjuvant oral drugs: 2-3 years). */
  maxDays?: number;
}

const iv = (molecule: string, dose: string, days?: readonly number[]): DrugDose =>
  days ? { molecule, route: "IV", dose, days } : { molecule, route: "IV", dose };
const oral = (molecule: string, dose: string, packDays = 30, boxesPerDispensing = 1): OralDrug => ({
  molecule,
  dose,
  packDays,
  boxesPerDispensing,
});

const CIS = iv("cisplatin", "75 mg/m2");
const CARBO = iv("carboplatin", "AUC 5");
const PEM = iv("pemetrexed", "500 mg/m2");
const BEV = iv("bevacizumab", "7.5 mg/kg");
const PEMBRO = iv("pembrolizumab", "200 mg");
const PAC = iv("paclitaxel", "200 mg/m2");
const GEM = iv("gemcitabine", "1250 mg/m2", [0, 7]);
const VINO = iv("vinorelbine", "30 mg/m2", [0, 7]);

const definitions: RegimenDefinition[] = [
  // Platinum doublets (first line before immunotherapy, and later).
  {
    id: "cis_pem",
    label: "cisplatin-pemetrexed",
    regimenClass: "chemotherapy",
    cycleDrugs: [CIS, PEM],
    cycleDays: 21,
    inductionCycles: [4, 6],
    maintenance: { drugs: [PEM], cycleDays: 21 },
  },
  {
    id: "carbo_pem",
    label: "carboplatin-pemetrexed",
    regimenClass: "chemotherapy",
    cycleDrugs: [CARBO, PEM],
    cycleDays: 21,
    inductionCycles: [4, 6],
    maintenance: { drugs: [PEM], cycleDays: 21 },
  },
  {
    id: "carbo_pem_bev",
    label: "carboplatin-pemetrexed-bevacizumab",
    regimenClass: "chemotherapy",
    cycleDrugs: [CARBO, PEM, BEV],
    cycleDays: 21,
    inductionCycles: [4, 6],
    maintenance: { drugs: [PEM, BEV], cycleDays: 21 },
  },
  {
    id: "carbo_pac",
    label: "carboplatin-paclitaxel",
    regimenClass: "chemotherapy",
    cycleDrugs: [CARBO, PAC],
    cycleDays: 21,
    inductionCycles: [4, 6],
  },
  {
    id: "cis_gem",
    label: "cisplatin-gemcitabine",
    regimenClass: "chemotherapy",
    cycleDrugs: [CIS, GEM],
    cycleDays: 21,
    inductionCycles: [4, 6],
  },
  {
    id: "carbo_gem",
    label: "carboplatin-gemcitabine",
    regimenClass: "chemotherapy",
    cycleDrugs: [CARBO, GEM],
    cycleDays: 21,
    inductionCycles: [4, 6],
  },
  {
    id: "cis_vino",
    label: "cisplatin-vinorelbine",
    regimenClass: "chemotherapy",
    cycleDrugs: [CIS, VINO],
    cycleDays: 21,
    inductionCycles: [4, 6],
  },
  // Chemo-immunotherapy (KEYNOTE-189, KEYNOTE-407).
  {
    id: "cis_pem_pembro",
    label: "cisplatin-pemetrexed-pembrolizumab",
    regimenClass: "chemo_immunotherapy",
    cycleDrugs: [CIS, PEM, PEMBRO],
    cycleDays: 21,
    inductionCycles: [4, 4],
    maintenance: { drugs: [PEM, PEMBRO], cycleDays: 21 },
    maxCycles: 35,
  },
  {
    id: "carbo_pem_pembro",
    label: "carboplatin-pemetrexed-pembrolizumab",
    regimenClass: "chemo_immunotherapy",
    cycleDrugs: [CARBO, PEM, PEMBRO],
    cycleDays: 21,
    inductionCycles: [4, 4],
    maintenance: { drugs: [PEM, PEMBRO], cycleDays: 21 },
    maxCycles: 35,
  },
  {
    id: "carbo_pac_pembro",
    label: "carboplatin-paclitaxel-pembrolizumab",
    regimenClass: "chemo_immunotherapy",
    cycleDrugs: [CARBO, PAC, PEMBRO],
    cycleDays: 21,
    inductionCycles: [4, 4],
    maintenance: { drugs: [PEMBRO], cycleDays: 21 },
    maxCycles: 35,
  },
  {
    id: "carbo_nabpac_pembro",
    label: "carboplatin-nab-paclitaxel-pembrolizumab",
    regimenClass: "chemo_immunotherapy",
    cycleDrugs: [CARBO, iv("nab-paclitaxel", "100 mg/m2", [0, 7, 14]), PEMBRO],
    cycleDays: 21,
    inductionCycles: [4, 4],
    maintenance: { drugs: [PEMBRO], cycleDays: 21 },
    maxCycles: 35,
  },
  // Unfit patients: monthly carboplatin with weekly paclitaxel (IFCT-0501).
  {
    id: "carbo_pac_weekly",
    label: "carboplatin-paclitaxel weekly",
    regimenClass: "chemotherapy",
    cycleDrugs: [iv("carboplatin", "AUC 6"), iv("paclitaxel", "90 mg/m2", [0, 7, 14])],
    cycleDays: 28,
    inductionCycles: [4, 4],
  },
  // Immunotherapy alone.
  {
    id: "pembro_q3w",
    label: "pembrolizumab",
    regimenClass: "immunotherapy",
    cycleDrugs: [PEMBRO],
    cycleDays: 21,
    maxCycles: 35,
  },
  {
    id: "pembro_q6w",
    label: "pembrolizumab",
    regimenClass: "immunotherapy",
    cycleDrugs: [iv("pembrolizumab", "400 mg")],
    cycleDays: 42,
    maxCycles: 18,
  },
  {
    id: "nivo_q2w",
    label: "nivolumab",
    regimenClass: "immunotherapy",
    cycleDrugs: [iv("nivolumab", "240 mg")],
    cycleDays: 14,
  },
  {
    id: "nivo_q4w",
    label: "nivolumab",
    regimenClass: "immunotherapy",
    cycleDrugs: [iv("nivolumab", "480 mg")],
    cycleDays: 28,
  },
  {
    id: "atezo_q3w",
    label: "atezolizumab",
    regimenClass: "immunotherapy",
    cycleDrugs: [iv("atezolizumab", "1200 mg")],
    cycleDays: 21,
  },
  // Later-line chemotherapy.
  {
    id: "docetaxel",
    label: "docetaxel",
    regimenClass: "chemotherapy",
    cycleDrugs: [iv("docetaxel", "75 mg/m2")],
    cycleDays: 21,
    maxCycles: 10,
  },
  {
    id: "docetaxel_nintedanib",
    label: "docetaxel-nintedanib",
    regimenClass: "chemotherapy",
    cycleDrugs: [iv("docetaxel", "75 mg/m2")],
    cycleDays: 21,
    oral: [oral("nintedanib", "200 mg x2", 30)],
    maxCycles: 10,
  },
  { id: "pemetrexed_mono", label: "pemetrexed", regimenClass: "chemotherapy", cycleDrugs: [PEM], cycleDays: 21 },
  {
    id: "gemcitabine_mono",
    label: "gemcitabine",
    regimenClass: "chemotherapy",
    cycleDrugs: [iv("gemcitabine", "1000 mg/m2", [0, 7])],
    cycleDays: 21,
    maxCycles: 8,
  },
  {
    id: "vinorelbine_oral",
    label: "vinorelbine oral",
    regimenClass: "chemotherapy",
    cycleDrugs: [],
    cycleDays: 28,
    oral: [oral("vinorelbine", "60 mg/m2", 7, 4)],
  },
  {
    id: "paclitaxel_bev",
    label: "paclitaxel-bevacizumab",
    regimenClass: "chemotherapy",
    cycleDrugs: [iv("paclitaxel", "90 mg/m2", [0, 7, 14]), iv("bevacizumab", "10 mg/kg", [0, 14])],
    cycleDays: 28,
  },
  // Targeted therapies (daily oral, dispensed monthly).
  {
    id: "gefitinib",
    label: "gefitinib",
    regimenClass: "targeted",
    cycleDrugs: [],
    cycleDays: 30,
    oral: [oral("gefitinib", "250 mg")],
  },
  {
    id: "erlotinib",
    label: "erlotinib",
    regimenClass: "targeted",
    cycleDrugs: [],
    cycleDays: 30,
    oral: [oral("erlotinib", "150 mg")],
  },
  {
    id: "afatinib",
    label: "afatinib",
    regimenClass: "targeted",
    cycleDrugs: [],
    cycleDays: 28,
    oral: [oral("afatinib", "40 mg", 28)],
  },
  {
    id: "osimertinib",
    label: "osimertinib",
    regimenClass: "targeted",
    cycleDrugs: [],
    cycleDays: 30,
    oral: [oral("osimertinib", "80 mg")],
  },
  {
    id: "crizotinib",
    label: "crizotinib",
    regimenClass: "targeted",
    cycleDrugs: [],
    cycleDays: 30,
    oral: [oral("crizotinib", "250 mg x2")],
  },
  {
    id: "alectinib",
    label: "alectinib",
    regimenClass: "targeted",
    cycleDrugs: [],
    cycleDays: 28,
    oral: [oral("alectinib", "600 mg x2", 28)],
  },
  {
    id: "brigatinib",
    label: "brigatinib",
    regimenClass: "targeted",
    cycleDrugs: [],
    cycleDays: 28,
    oral: [oral("brigatinib", "180 mg", 28)],
  },
  {
    id: "lorlatinib",
    label: "lorlatinib",
    regimenClass: "targeted",
    cycleDrugs: [],
    cycleDays: 30,
    oral: [oral("lorlatinib", "100 mg")],
  },
  {
    id: "dabrafenib_trametinib",
    label: "dabrafenib-trametinib",
    regimenClass: "targeted",
    cycleDrugs: [],
    cycleDays: 30,
    oral: [oral("dabrafenib", "150 mg x2", 30), oral("trametinib", "2 mg", 30)],
  },
  {
    id: "sotorasib",
    label: "sotorasib",
    regimenClass: "targeted",
    cycleDrugs: [],
    cycleDays: 30,
    oral: [oral("sotorasib", "960 mg")],
  },
  {
    id: "capmatinib",
    label: "capmatinib",
    regimenClass: "targeted",
    cycleDrugs: [],
    cycleDays: 28,
    oral: [oral("capmatinib", "400 mg x2", 28)],
  },
  {
    id: "tepotinib",
    label: "tepotinib",
    regimenClass: "targeted",
    cycleDrugs: [],
    cycleDays: 30,
    oral: [oral("tepotinib", "450 mg")],
  },
  {
    id: "selpercatinib",
    label: "selpercatinib",
    regimenClass: "targeted",
    cycleDrugs: [],
    cycleDays: 30,
    oral: [oral("selpercatinib", "160 mg x2")],
  },
  {
    id: "entrectinib",
    label: "entrectinib",
    regimenClass: "targeted",
    cycleDrugs: [],
    cycleDays: 30,
    oral: [oral("entrectinib", "600 mg")],
  },
  // Clinical trials: the drug is unknown to SNDS (sponsor-supplied).
  {
    id: "trial_iv",
    label: "clinical trial",
    regimenClass: "investigational",
    cycleDrugs: [iv("investigational", "")],
    cycleDays: 21,
  },
  {
    id: "trial_oral",
    label: "clinical trial (oral)",
    regimenClass: "investigational",
    cycleDrugs: [],
    cycleDays: 28,
    oral: [oral("investigational", "", 28)],
  },
  // Curative-intent treatment before advanced disease (never a line).
  {
    id: "cis_etoposide_rt",
    label: "cisplatin-etoposide with radiotherapy",
    regimenClass: "curative",
    cycleDrugs: [iv("cisplatin", "50 mg/m2", [0, 7]), iv("etoposide", "50 mg/m2", [0, 1, 2, 3, 4])],
    cycleDays: 28,
    inductionCycles: [2, 2],
  },
  {
    id: "carbo_pac_weekly_rt",
    label: "carboplatin-paclitaxel weekly with radiotherapy",
    regimenClass: "curative",
    cycleDrugs: [iv("carboplatin", "AUC 2"), iv("paclitaxel", "45 mg/m2")],
    cycleDays: 7,
    inductionCycles: [6, 6],
  },
  {
    id: "durvalumab_consolidation",
    label: "durvalumab consolidation",
    regimenClass: "curative",
    cycleDrugs: [iv("durvalumab", "10 mg/kg")],
    cycleDays: 14,
    maxDays: 365,
  },
  {
    id: "durvalumab_consolidation_q4w",
    label: "durvalumab consolidation",
    regimenClass: "curative",
    cycleDrugs: [iv("durvalumab", "1500 mg")],
    cycleDays: 28,
    maxDays: 365,
  },
  // Around lung surgery: neoadjuvant chemo-immunotherapy (CheckMate 816, KEYNOTE-671),
  // adjuvant immunotherapy (IMpower010, KEYNOTE-671) and targeted therapy (ADAURA, ALINA).
  {
    id: "neoadjuvant_nivo_chemo",
    label: "neoadjuvant nivolumab-platinum chemotherapy",
    regimenClass: "curative",
    cycleDrugs: [CARBO, PEM, iv("nivolumab", "360 mg")],
    cycleDays: 21,
    inductionCycles: [3, 3],
  },
  {
    id: "neoadjuvant_pembro_chemo",
    label: "neoadjuvant pembrolizumab-cisplatin-pemetrexed",
    regimenClass: "curative",
    cycleDrugs: [CIS, PEM, PEMBRO],
    cycleDays: 21,
    inductionCycles: [4, 4],
  },
  {
    id: "adjuvant_pembro",
    label: "adjuvant pembrolizumab",
    regimenClass: "curative",
    cycleDrugs: [PEMBRO],
    cycleDays: 21,
    maxCycles: 13,
  },
  {
    id: "adjuvant_atezo",
    label: "adjuvant atezolizumab",
    regimenClass: "curative",
    cycleDrugs: [iv("atezolizumab", "1200 mg")],
    cycleDays: 21,
    maxCycles: 16,
  },
  {
    id: "adjuvant_osimertinib",
    label: "adjuvant osimertinib",
    regimenClass: "curative",
    cycleDrugs: [],
    cycleDays: 30,
    oral: [oral("osimertinib", "80 mg")],
    maxDays: 3 * 365,
  },
  {
    id: "adjuvant_alectinib",
    label: "adjuvant alectinib",
    regimenClass: "curative",
    cycleDrugs: [],
    cycleDays: 28,
    oral: [oral("alectinib", "600 mg x2", 28)],
    maxDays: 2 * 365,
  },
  {
    id: "adjuvant_cis_vino",
    label: "adjuvant cisplatin-vinorelbine",
    regimenClass: "curative",
    cycleDrugs: [CIS, VINO],
    cycleDays: 21,
    inductionCycles: [4, 4],
  },
];

const byId = new Map(definitions.map((d) => [d.id, d]));

export const REGIMENS: readonly RegimenDefinition[] = definitions;

export function regimen(id: string): RegimenDefinition {
  const found = byId.get(id);
  if (!found) throw new Error(`Unknown regimen ${id}`);
  return found;
}

/** Every molecule a regimen can give (cycle drugs, maintenance, oral). */
export function regimenMolecules(definition: RegimenDefinition): string[] {
  return [
    ...definition.cycleDrugs.map((d) => d.molecule),
    ...(definition.maintenance?.drugs.map((d) => d.molecule) ?? []),
    ...(definition.oral?.map((d) => d.molecule) ?? []),
  ];
}

export function containsImmunotherapy(molecules: Iterable<string>): boolean {
  for (const m of molecules) if (IMMUNOTHERAPIES.has(m)) return true;
  return false;
}

export const IMMUNOTHERAPIES: ReadonlySet<string> = new Set([
  "pembrolizumab",
  "nivolumab",
  "atezolizumab",
  "durvalumab",
  "cemiplimab",
  "ipilimumab",
  "tremelimumab",
]);
