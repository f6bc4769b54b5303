/**
 * What a dataset of data contract version 2 shows beyond version 1: the same
 * care, written as real SNDS extracts write it, with the rows a real extract
 * holds and the cleaning filters must drop. It rewrites one patient's rows (the
 * version-1 observation) from its own random stream (STREAM_CONTRACT_V2), so the
 * clinical truth, the gold standard and every version-1 draw are the same for
 * both versions of one seed; every change below either keeps the care or adds
 * rows that a v2 rule of the contract removes:
 *
 * - IR_BEN_R: `BEN_DCD_DTE = 1600-01-01` for the living (always);
 * - dates: DCIR (and IR_BEN_R) as SAS datetimes, T_MCOaaC as SAS dates, outpatient
 *   visits as `DDMMYYYY` (profile: which forms);
 * - outpatient visits: a séance whose every drug is a liste-en-sus drug becomes
 *   a T_MCOaaCSTC visit with its T_MCOaaFHSTC drugs (same day, same drugs);
 * - private clinics: their liste-en-sus drugs (in ER_UCD_F, as in v1) also show
 *   in T_MCOaaFH on their séance stay, early-access ones in T_MCOaaMEDATU;
 * - MED repeats: hospitals that open one administrative stay per patient and
 *   month repeat each MED line on every séance RSA of the month (NBR_SEJ,
 *   quantities divided, DELAI counted from the first RSA's entry);
 * - bevacizumab in both MED and MEDATU for the same stay and month;
 * - noise the filters drop: DCIR duplicates with DPN_QLF 72, PRS_DPN_QLP 71,
 *   CPL_MAJ_TOP 2 or a fictitious BEN_CDI_NIR; DCIR rows of public-hospital
 *   care also in PMSI (ER_ETE_F.ETE_IND_TAA = 1); stays in error (GHM 90Z00Z)
 *   and SEJ_TYP B stays; FH / FHSTC rows with quantity 0, coefficient 0 or no
 *   UCD;
 * - C77.1 (regional nodes) on stays before the advanced date of stage III patients;
 * - the payment lag: FLX_DIS_DTD up to 6 months after the care;
 * - the optional cost columns, from synthetic prices (prices.ts).
 */
import { dayOf, type Day } from "../../time/day.js";
import { monthOfDay as monthOf, yearOfDay as yearOf } from "../calendar.js";
import { Rng, STREAM_CONTRACT_V2 } from "../random.js";
import type { PatientTruth } from "../truth.js";
import { CIP_CATALOGUE, LISTE_EN_SUS, UCD_CATALOGUE } from "./codes.js";
import { HOSPITALS, type Hospital } from "./hospitals.js";
import { columnIndex, physicalTableName, simulatedTable } from "./layout.js";
import { packCost, unitCost } from "./prices.js";
import type { Cell, PatientTables, Row } from "./table-rows.js";

/** How a date column is written. */
export type DateForm = "iso" | "sas_date" | "sas_datetime" | "ddmmyyyy";

/** The SNDS value of a missing date. */
export const MISSING_DATE: Day = dayOf(1600, 1, 1);

export interface ContractV2Rates {
  /** Form of the DCIR and IR_BEN_R dates. */
  dcirDates: DateForm;
  /** Form of the stay dates of T_MCOaaC. */
  stayDates: DateForm;
  /** Per DCIR care row: a duplicate that a DCIR filter drops (DPN_QLF 72, PRS_DPN_QLP 71, CPL_MAJ_TOP 2, fictitious NIR). */
  dcirNoise: number;
  /** Per public-hospital liste-en-sus administration: also billed in DCIR with ER_ETE_F.ETE_IND_TAA = 1. */
  taaDuplicate: number;
  /** Per stay: a copy in error (GHM 90Z00Z) with its drugs. */
  errorStay: number;
  /** Per séance: a copy billed by another hospital (SEJ_TYP B). */
  sejTypB: number;
  /** Share of public hospitals (not grouping séances) that repeat MED lines over a month's séance RSAs. */
  medRepeatHospitals: number;
  /** Per bevacizumab MED row: also in MEDATU. */
  bevacizumabBoth: number;
  /** Per eligible séance (every drug liste en sus): billed as an outpatient visit. */
  outpatient: number;
  /** Per FH / FHSTC row: an extra row with quantity 0, coefficient 0 or no UCD. */
  fhNoise: number;
  /** Stage III patients: per stay before the advanced date, an associated C77.1. */
  regionalNodes: number;
  /** Weights of 0, 1, ... 5 more months between the care and its FLX_DIS_DTD. */
  paymentLagMonths: readonly number[];
  /** Persons with a real NIR of type 03 or 04 rather than 00. */
  otherNirType: number;
}

const CLEAN: ContractV2Rates = {
  dcirDates: "iso",
  stayDates: "iso",
  dcirNoise: 0,
  taaDuplicate: 0,
  errorStay: 0,
  sejTypB: 0,
  medRepeatHospitals: 0,
  bevacizumabBoth: 0,
  outpatient: 0,
  fhNoise: 0,
  regionalNodes: 0,
  paymentLagMonths: [1],
  otherNirType: 0,
};

const REALISTIC: ContractV2Rates = {
  dcirDates: "sas_datetime",
  stayDates: "iso",
  dcirNoise: 0.03,
  taaDuplicate: 0.05,
  errorStay: 0.005,
  sejTypB: 0.01,
  medRepeatHospitals: 0.2,
  bevacizumabBoth: 0.3,
  outpatient: 0.1,
  fhNoise: 0.02,
  regionalNodes: 0.5,
  paymentLagMonths: [0.55, 0.25, 0.1, 0.05, 0.03, 0.02],
  otherNirType: 0.02,
};

const HARD: ContractV2Rates = {
  dcirDates: "sas_datetime",
  stayDates: "sas_date",
  dcirNoise: 0.08,
  taaDuplicate: 0.12,
  errorStay: 0.02,
  sejTypB: 0.03,
  medRepeatHospitals: 0.4,
  bevacizumabBoth: 0.6,
  outpatient: 0.2,
  fhNoise: 0.06,
  regionalNodes: 0.7,
  paymentLagMonths: [0.35, 0.3, 0.15, 0.1, 0.06, 0.04],
  otherNirType: 0.05,
};

const RATES: Readonly<Record<string, ContractV2Rates>> = { clean: CLEAN, realistic: REALISTIC, hard: HARD };

/** The v2 rates of a profile (a profile without its own uses the realistic ones). */
export function contractV2Rates(profile: string): ContractV2Rates {
  return RATES[profile] ?? REALISTIC;
}

/** Form of a date column in a v2 dataset. */
export function v2DateForm(rates: ContractV2Rates, logical: string): DateForm {
  if (logical === "T_MCOaaCSTC") return "ddmmyyyy";
  if (logical === "T_MCOaaC") return rates.stayDates;
  if (logical.startsWith("ER_") || logical === "IR_BEN_R") return rates.dcirDates;
  return "iso";
}

// ---- row access -------------------------------------------------------------------------------

const indexCache = new Map<string, Map<string, number>>();
// Most calls in a row name the same table as the last one.
let lastLogical = "";
let lastTable = new Map<string, number>();
function ix(logical: string, name: string): number {
  let table: Map<string, number> | undefined = lastTable;
  if (logical !== lastLogical) {
    table = indexCache.get(logical);
    if (!table) {
      table = new Map();
      indexCache.set(logical, table);
    }
    lastLogical = logical;
    lastTable = table;
  }
  let i = table.get(name);
  if (i === undefined) {
    i = columnIndex(logical, name);
    table.set(name, i);
  }
  return i;
}
const get = (row: Row, logical: string, name: string): Cell => row[ix(logical, name)]!;
const set = (row: Row, logical: string, name: string, value: Cell): void => {
  row[ix(logical, name)] = value;
};

function blankRow(logical: string, values: Readonly<Record<string, Cell>>): Row {
  const row: Row = [];
  const width = simulatedTable(logical).columns.length;
  for (let i = 0; i < width; i++) row.push(null);
  for (const [k, v] of Object.entries(values)) set(row, logical, k, v);
  return row;
}

/** Rows of every physical table of a logical one, with the year of per-year tables. */
function tablesOf(t: PatientTables, logical: string): { physical: string; year: number; rows: Row[] }[] {
  const out: { physical: string; year: number; rows: Row[] }[] = [];
  for (const [physical, table] of t.tables) {
    if (table.logical !== logical) continue;
    const m = /^T_MCO(\d{2})/.exec(physical);
    out.push({ physical, year: m ? 2000 + Number(m[1]) : 0, rows: table.rows });
  }
  return out;
}

const hospitalByEta = new Map(HOSPITALS.map((h) => [h.etaNum, h]));
const publicOthers = HOSPITALS.filter((h) => h.kind === "public" && !h.participating);
const ucdMolecule = new Map(UCD_CATALOGUE.map((c) => [c.ucd7, c.molecule]));
const cipMolecule = new Map(CIP_CATALOGUE.map((c) => [c.cip13, c.molecule]));
const moleculeByCode = new Map<string, string | undefined>();
const moleculeOfUcd = (code: Cell): string | undefined => {
  if (code === null) return undefined;
  const text = String(code);
  if (moleculeByCode.has(text)) return moleculeByCode.get(text);
  const molecule = ucdMolecule.get(text.replace(/^000000/, ""));
  moleculeByCode.set(text, molecule);
  return molecule;
};

/** Whether a public hospital repeats its MED lines over a month's séance RSAs (a property of the hospital). */
export function repeatsMedLines(hospital: Hospital | undefined, rates: ContractV2Rates): boolean {
  if (!hospital || hospital.kind === "private" || rates.medRepeatHospitals <= 0) return false;
  let h = 0;
  for (const ch of hospital.etaNum) h = (Math.imul(h, 31) + ch.charCodeAt(0)) | 0;
  const u = ((Math.imul(h ^ 0x5bd1e995, 0x27d4eb2d) >>> 0) % 10_000) / 10_000;
  return u < rates.medRepeatHospitals;
}

const addMonths = (day: Day, months: number): Day => {
  const d = new Date(day * 86_400_000);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, d.getUTCDate()) / 86_400_000;
};

interface Stay {
  year: number;
  b: Row;
  c: Row;
  eta: string;
  rsa: string;
  entry: Day;
  /** Keys of its MED and MEDATU rows in the drug index. */
  medKey: string;
  atuKey: string;
}

/** Rewrites one patient's version-1 rows into version 2 (see the module comment). */
export function observeContractV2(
  tables: PatientTables,
  truth: PatientTruth,
  seed: number,
  rates: ContractV2Rates,
): void {
  const rng = new Rng(seed, truth.patient.index, STREAM_CONTRACT_V2);
  const prefix = String(truth.patient.index + 1).padStart(8, "0");
  let extraRsa = 0;
  const newRsa = () => `${prefix}9${String(++extraRsa).padStart(3, "0")}`;
  let extraSeq = 0;
  const newSeq = () => `${prefix}${String(++extraSeq).padStart(4, "0")}`;
  let extraDoc = 0;
  const newDoc = () => `${prefix}8${String(++extraDoc).padStart(4, "0")}`;
  const pushRow = (logical: string, year: number, row: Row) =>
    tables.push(logical, year ? physicalTableName(logical, year) : logical, row);

  const drugKey = (logical: string, year: number, eta: Cell, rsa: Cell) => `${logical}|${year}|${eta}|${rsa}`;

  // --- PMSI stays of the patient (every year) ---
  const stays: Stay[] = [];
  const cByKey = new Map<string, Row>();
  for (const { year, rows } of tablesOf(tables, "T_MCOaaC")) {
    for (const c of rows) cByKey.set(`${year}|${get(c, "T_MCOaaC", "ETA_NUM")}|${get(c, "T_MCOaaC", "RSA_NUM")}`, c);
  }
  for (const { year, rows } of tablesOf(tables, "T_MCOaaB")) {
    for (const b of rows) {
      const eta = String(get(b, "T_MCOaaB", "ETA_NUM"));
      const rsa = String(get(b, "T_MCOaaB", "RSA_NUM"));
      const c = cByKey.get(`${year}|${eta}|${rsa}`);
      if (c)
        stays.push({
          year,
          b,
          c,
          eta,
          rsa,
          entry: get(c, "T_MCOaaC", "EXE_SOI_DTD") as Day,
          medKey: drugKey("T_MCOaaMED", year, eta, rsa),
          atuKey: drugKey("T_MCOaaMEDATU", year, eta, rsa),
        });
    }
  }
  // MED / MEDATU rows by stay, kept up to date as rows are added or replaced below
  const drugIndex = new Map<string, Row[]>();
  for (const logical of ["T_MCOaaMED", "T_MCOaaMEDATU"]) {
    for (const { year, rows } of tablesOf(tables, logical)) {
      for (const r of rows) {
        const key = drugKey(logical, year, get(r, logical, "ETA_NUM"), get(r, logical, "RSA_NUM"));
        const list = drugIndex.get(key);
        if (list) list.push(r);
        else drugIndex.set(key, [r]);
      }
    }
  }
  const NO_ROWS: Row[] = [];
  const drugRows = (logical: "T_MCOaaMED" | "T_MCOaaMEDATU", stay: Stay): Row[] =>
    drugIndex.get(logical === "T_MCOaaMED" ? stay.medKey : stay.atuKey) ?? NO_ROWS;
  const addDrug = (logical: "T_MCOaaMED" | "T_MCOaaMEDATU", year: number, row: Row) => {
    pushRow(logical, year, row);
    const key = drugKey(logical, year, get(row, logical, "ETA_NUM"), get(row, logical, "RSA_NUM"));
    const list = drugIndex.get(key);
    if (list) list.push(row);
    else drugIndex.set(key, [row]);
  };
  const removeRows = (physical: string, doomed: ReadonlySet<Row>) => {
    const t = tables.tables.get(physical);
    if (t) t.rows = t.rows.filter((r) => !doomed.has(r));
  };
  const isSeance = (s: Stay) => get(s.b, "T_MCOaaB", "GRG_GHM") === "28Z07Z";
  const linkable = (s: Stay) =>
    ["NIR_RET", "NAI_RET", "SEX_RET", "SEJ_RET", "FHO_RET", "PMS_RET", "DAT_RET"].every(
      (name) => get(s.c, "T_MCOaaC", name) === "0",
    );
  const ivOn = new Map<Day, Set<string>>();
  for (const episode of truth.episodes) {
    for (const a of episode.administrations) {
      if (a.route === "PO") continue;
      const set = ivOn.get(a.day) ?? new Set<string>();
      set.add(a.molecule);
      ivOn.set(a.day, set);
    }
  }

  // --- 1. outpatient visits: a séance whose every drug is a visible liste-en-sus drug ---
  const removedStays = new Set<Stay>();
  const removals = new Map<string, Set<Row>>();
  for (const stay of stays) {
    const hospital = hospitalByEta.get(stay.eta);
    if (!isSeance(stay) || hospital?.kind === "private" || repeatsMedLines(hospital, rates)) continue;
    if (get(stay.b, "T_MCOaaB", "NBR_SEA") !== 1 || rates.outpatient <= 0) continue;
    const med = drugRows("T_MCOaaMED", stay);
    if (med.length === 0 || drugRows("T_MCOaaMEDATU", stay).length > 0) continue;
    const visible = new Set(med.map((r) => moleculeOfUcd(get(r, "T_MCOaaMED", "UCD_UCD_COD"))));
    const given = ivOn.get(stay.entry) ?? new Set<string>();
    if (![...given].every((m) => LISTE_EN_SUS.has(m) && visible.has(m))) continue;
    if (!rng.chance(rates.outpatient)) continue;
    const year = yearOf(stay.entry);
    const seq = newSeq();
    const broken = linkable(stay) ? "0" : "1";
    pushRow(
      "T_MCOaaCSTC",
      year,
      blankRow("T_MCOaaCSTC", {
        ETA_NUM: stay.eta,
        SEQ_NUM: seq,
        NIR_ANO_17: get(stay.c, "T_MCOaaC", "NIR_ANO_17"),
        EXE_SOI_DTD: stay.entry,
        EXE_SOI_DTF: stay.entry,
        NIR_RET: broken,
        NAI_RET: "0",
        SEX_RET: "0",
        IAS_RET: "0",
        ENT_DAT_RET: "0",
      }),
    );
    for (const r of med) {
      const units = Number(get(r, "T_MCOaaMED", "ADM_NBR"));
      const molecule = moleculeOfUcd(get(r, "T_MCOaaMED", "UCD_UCD_COD")) ?? "";
      const row = blankRow("T_MCOaaFHSTC", {
        ETA_NUM: stay.eta,
        SEQ_NUM: seq,
        UCD_UCD_COD: get(r, "T_MCOaaMED", "UCD_UCD_COD"),
        QUA: units,
        DEL_DAT_ENT: get(r, "T_MCOaaMED", "DELAI"),
        FRACT_COE: 1,
        FAC_MNT: unitCost(molecule, units),
      });
      pushRow("T_MCOaaFHSTC", year, row);
      if (rng.chance(rates.fhNoise)) pushRow("T_MCOaaFHSTC", year, defective(row, "T_MCOaaFHSTC", rng));
    }
    for (const [logical, rows] of [
      ["T_MCOaaMED", med],
      ["T_MCOaaB", [stay.b]],
      ["T_MCOaaC", [stay.c]],
    ] as const) {
      const physical = physicalTableName(logical, stay.year);
      const doomed = removals.get(physical) ?? new Set<Row>();
      for (const r of rows) doomed.add(r);
      removals.set(physical, doomed);
    }
    removedStays.add(stay);
  }
  for (const [physical, doomed] of removals) removeRows(physical, doomed);
  const kept = stays.filter((s) => !removedStays.has(s));

  // the administrative stays of hospitals that repeat MED lines: a patient's linked séance RSAs of one month
  const seriesKey = new Map<Stay, string>();
  const seriesSize = new Map<string, number>();
  for (const stay of kept) {
    if (!isSeance(stay) || !linkable(stay) || !repeatsMedLines(hospitalByEta.get(stay.eta), rates)) continue;
    const key = `${stay.eta}|${stay.year}|${monthOf(stay.entry)}`;
    seriesKey.set(stay, key);
    seriesSize.set(key, (seriesSize.get(key) ?? 0) + 1);
  }
  const inSeries = (stay: Stay) => (seriesSize.get(seriesKey.get(stay) ?? "") ?? 0) > 1;

  // --- 2. bevacizumab in MED and MEDATU for the same stay (a stay whose lines are not repeated) ---
  for (const stay of kept) {
    if (inSeries(stay)) continue;
    for (const r of drugRows("T_MCOaaMED", stay)) {
      if (moleculeOfUcd(get(r, "T_MCOaaMED", "UCD_UCD_COD")) !== "bevacizumab") continue;
      if (!rng.chance(rates.bevacizumabBoth)) continue;
      addDrug(
        "T_MCOaaMEDATU",
        stay.year,
        blankRow("T_MCOaaMEDATU", {
          ETA_NUM: stay.eta,
          RSA_NUM: stay.rsa,
          UCD_UCD_COD: get(r, "T_MCOaaMED", "UCD_UCD_COD"),
          ADM_NBR: get(r, "T_MCOaaMED", "ADM_NBR"),
          DAT_DELAI: get(r, "T_MCOaaMED", "DELAI"),
        }),
      );
    }
  }

  // --- 3. MED repeats over a month's séance RSAs (one administrative stay) ---
  const publicAdministrations: { eta: string; nir: Cell; day: Day; ucd: Cell; units: number }[] = [];
  const series = new Map<string, Stay[]>();
  for (const stay of kept) {
    for (const logical of ["T_MCOaaMED", "T_MCOaaMEDATU"] as const) {
      for (const r of drugRows(logical, stay)) {
        const delay = Number(get(r, logical, logical === "T_MCOaaMED" ? "DELAI" : "DAT_DELAI"));
        if (logical === "T_MCOaaMED" && hospitalByEta.get(stay.eta)?.kind !== "private") {
          publicAdministrations.push({
            eta: stay.eta,
            nir: get(stay.c, "T_MCOaaC", "NIR_ANO_17"),
            day: stay.entry + delay,
            ucd: get(r, logical, "UCD_UCD_COD"),
            units: Number(get(r, logical, "ADM_NBR")),
          });
        }
      }
    }
    const key = seriesKey.get(stay);
    if (key !== undefined) {
      const group = series.get(key);
      if (group) group.push(stay);
      else series.set(key, [stay]);
    }
  }
  for (const group of series.values()) {
    if (group.length < 2) continue;
    group.sort((a, b) => a.entry - b.entry);
    const first = group[0]!.entry;
    const n = group.length;
    for (const logical of ["T_MCOaaMED", "T_MCOaaMEDATU"] as const) {
      const delayName = logical === "T_MCOaaMED" ? "DELAI" : "DAT_DELAI";
      const countName = logical === "T_MCOaaMED" ? "NBR_SEJ" : "SEJ_NBR";
      const originals = group.flatMap((stay) => drugRows(logical, stay).map((r) => ({ stay, r })));
      for (const stay of group) drugIndex.delete(drugKey(logical, stay.year, stay.eta, stay.rsa));
      for (const { stay, r } of originals) {
        {
          const day = stay.entry + Number(get(r, logical, delayName));
          for (const target of group) {
            const copy = [...r];
            set(copy, logical, "RSA_NUM", target.rsa);
            set(copy, logical, "ADM_NBR", Math.round((Number(get(r, logical, "ADM_NBR")) / n) * 10_000) / 10_000);
            set(copy, logical, delayName, day - first);
            set(copy, logical, countName, n);
            set(copy, logical, "ADM_MOIS", monthOf(day));
            set(copy, logical, logical === "T_MCOaaMED" ? "DAT_ADM_ANN" : "ADM_ANN", yearOf(day));
            addDrug(logical, target.year, copy);
          }
        }
      }
      removeRows(physicalTableName(logical, group[0]!.year), new Set(originals.map((o) => o.r)));
    }
  }

  // --- 4. the other MED / MEDATU columns: stays involved, month and year, cost ---
  const entryOf = new Map(kept.map((s) => [`${s.year}|${s.eta}|${s.rsa}`, s.entry]));
  for (const logical of ["T_MCOaaMED", "T_MCOaaMEDATU"] as const) {
    const delayName = logical === "T_MCOaaMED" ? "DELAI" : "DAT_DELAI";
    const countName = logical === "T_MCOaaMED" ? "NBR_SEJ" : "SEJ_NBR";
    const yearName = logical === "T_MCOaaMED" ? "DAT_ADM_ANN" : "ADM_ANN";
    const costName = logical === "T_MCOaaMED" ? "ADM_NBR_PRI" : "ACH_PRI_ADM";
    for (const { year, rows } of tablesOf(tables, logical)) {
      for (const r of rows) {
        if (get(r, logical, countName) === null) {
          const entry = entryOf.get(`${year}|${get(r, logical, "ETA_NUM")}|${get(r, logical, "RSA_NUM")}`);
          const day = entry === undefined ? undefined : entry + Number(get(r, logical, delayName));
          set(r, logical, countName, 1);
          if (day !== undefined) {
            set(r, logical, "ADM_MOIS", monthOf(day));
            set(r, logical, yearName, yearOf(day));
          }
        }
        const molecule = moleculeOfUcd(get(r, logical, "UCD_UCD_COD")) ?? "";
        set(r, logical, costName, unitCost(molecule, Number(get(r, logical, "ADM_NBR"))));
      }
    }
  }

  // --- 5. DCIR: documents (ER_PRS_F row + its details), private-clinic FH, TAA duplicates ---
  const dcirKey = (row: Row, logical: string) =>
    `${String(get(row, logical, "FLX_DIS_DTD"))}|${String(get(row, logical, "FLX_TRT_DTD"))}|${String(get(row, logical, "DCT_ORD_NUM"))}|${String(get(row, logical, "PRS_ORD_NUM"))}`;
  const prsRows = tables.tables.get("ER_PRS_F")?.rows ?? [];
  const details = new Map<string, { logical: "ER_PHA_F" | "ER_UCD_F"; row: Row }[]>();
  for (const logical of ["ER_PHA_F", "ER_UCD_F"] as const) {
    for (const row of tables.tables.get(logical)?.rows ?? []) {
      const key = dcirKey(row, logical);
      const list = details.get(key);
      if (list) list.push({ logical, row });
      else details.set(key, [{ logical, row }]);
    }
  }
  const nirType = rng.chance(rates.otherNirType) ? rng.pick(["03", "04"]) : "00";
  const costOf = (prs: Row): number => {
    if (get(prs, "ER_PRS_F", "DPN_QLF") !== 0) return 0;
    let total = 0;
    for (const d of details.get(dcirKey(prs, "ER_PRS_F")) ?? []) {
      if (d.logical === "ER_PHA_F") {
        const molecule = cipMolecule.get(String(get(d.row, "ER_PHA_F", "PHA_PRS_C13"))) ?? "";
        total += packCost(molecule, Number(get(d.row, "ER_PHA_F", "PHA_ACT_QSN")));
      } else {
        total += unitCost(
          moleculeOfUcd(get(d.row, "ER_UCD_F", "UCD_UCD_COD")) ?? "",
          Number(get(d.row, "ER_UCD_F", "UCD_DLV_NBR")),
        );
      }
    }
    return Math.round(total * 100) / 100;
  };
  const ete = (keysFrom: Row, logical: string, taa: number, sector: number, finess: string | null): Row => {
    const row = blankRow("ER_ETE_F", {});
    for (const k of DCIR_KEY_NAMES) set(row, "ER_ETE_F", k, get(keysFrom, logical, k));
    set(row, "ER_ETE_F", "ETE_IND_TAA", taa);
    set(row, "ER_ETE_F", "PRS_PPU_SEC", sector);
    set(row, "ER_ETE_F", "ETB_EXE_FIN", finess);
    return row;
  };
  const originalPrs = [...prsRows];
  for (const prs of originalPrs) {
    set(prs, "ER_PRS_F", "PRS_DPN_QLP", 0);
    set(prs, "ER_PRS_F", "CPL_MAJ_TOP", 0);
    set(prs, "ER_PRS_F", "BEN_CDI_NIR", nirType);
    set(prs, "ER_PRS_F", "PRS_PAI_MNT", costOf(prs));
    for (const d of details.get(dcirKey(prs, "ER_PRS_F")) ?? []) {
      if (d.logical !== "ER_UCD_F") continue;
      const privateClinic = get(d.row, "ER_UCD_F", "UCD_TOP_UCD") === 1;
      tables.push("ER_ETE_F", "ER_ETE_F", ete(d.row, "ER_UCD_F", 0, privateClinic ? 2 : 1, null));
      if (privateClinic) privateClinicStayDrug(prs, d.row);
    }
  }

  /** A private clinic's liste-en-sus drug also in PMSI: FH (or MEDATU under early access) on its séance stay. */
  function privateClinicStayDrug(prs: Row, ucdRow: Row): void {
    const day = get(prs, "ER_PRS_F", "EXE_SOI_DTD") as Day;
    const nir = get(prs, "ER_PRS_F", "BEN_NIR_PSA");
    const stay = kept.find(
      (s) =>
        s.entry === day &&
        isSeance(s) &&
        hospitalByEta.get(s.eta)?.kind === "private" &&
        get(s.c, "T_MCOaaC", "NIR_ANO_17") === nir,
    );
    if (!stay) return;
    const ucd = get(ucdRow, "ER_UCD_F", "UCD_UCD_COD");
    const units = Number(get(ucdRow, "ER_UCD_F", "UCD_DLV_NBR"));
    const cost = unitCost(moleculeOfUcd(ucd) ?? "", units);
    if (get(prs, "ER_PRS_F", "PRS_NAT_REF") === 3351) {
      addDrug(
        "T_MCOaaMEDATU",
        stay.year,
        blankRow("T_MCOaaMEDATU", {
          ETA_NUM: stay.eta,
          RSA_NUM: stay.rsa,
          UCD_UCD_COD: ucd,
          ADM_NBR: units,
          DAT_DELAI: 0,
          SEJ_NBR: 1,
          ADM_MOIS: monthOf(day),
          ADM_ANN: yearOf(day),
          ACH_PRI_ADM: cost,
        }),
      );
      return;
    }
    const row = blankRow("T_MCOaaFH", {
      ETA_NUM: stay.eta,
      RSA_NUM: stay.rsa,
      UCD_UCD_COD: ucd,
      QUA_COD: units,
      DEL_DAT_ENT: 0,
      COE_TAU: 1,
      FAC_TOT: cost,
    });
    pushRow("T_MCOaaFH", stay.year, row);
    if (rng.chance(rates.fhNoise)) pushRow("T_MCOaaFH", stay.year, defective(row, "T_MCOaaFH", rng));
  }

  // public-hospital liste-en-sus care also billed in DCIR (ETE_IND_TAA = 1): the same care twice
  for (const a of publicAdministrations) {
    if (!rng.chance(rates.taaDuplicate) || a.nir === null) continue;
    const processed = a.day + rng.int(10, 40);
    const dispatched = firstOfNextMonth(processed);
    const keys: Record<string, Cell> = {
      FLX_DIS_DTD: dispatched,
      FLX_TRT_DTD: processed,
      FLX_EMT_TYP: "1",
      FLX_EMT_NUM: "751",
      FLX_EMT_ORD: "0",
      ORG_CLE_NUM: "01C751000",
      DCT_ORD_NUM: newDoc(),
      PRS_ORD_NUM: "1",
      REM_TYP_AFF: "1",
    };
    const prs = blankRow("ER_PRS_F", {
      ...keys,
      BEN_NIR_PSA: a.nir,
      BEN_RNG_GEM: 1,
      EXE_SOI_DTD: a.day,
      PRS_NAT_REF: 3320,
      DPN_QLF: 0,
      PRS_DPN_QLP: 0,
      CPL_MAJ_TOP: 0,
      BEN_CDI_NIR: nirType,
      PRS_PAI_MNT: unitCost(moleculeOfUcd(a.ucd) ?? "", a.units),
    });
    const ucdRow = blankRow("ER_UCD_F", { ...keys, UCD_UCD_COD: a.ucd, UCD_DLV_NBR: a.units, UCD_TOP_UCD: 1 });
    tables.push("ER_PRS_F", "ER_PRS_F", prs);
    tables.push("ER_UCD_F", "ER_UCD_F", ucdRow);
    tables.push("ER_ETE_F", "ER_ETE_F", ete(ucdRow, "ER_UCD_F", 1, 1, a.eta));
  }

  // DCIR care rows duplicated by lines that a filter drops
  for (const prs of originalPrs) {
    if (get(prs, "ER_PRS_F", "DPN_QLF") !== 0 || !rng.chance(rates.dcirNoise)) continue;
    const copy = [...prs];
    set(copy, "ER_PRS_F", "PRS_ORD_NUM", "2");
    switch (rng.int(0, 3)) {
      case 0:
        set(copy, "ER_PRS_F", "DPN_QLF", 72);
        break;
      case 1:
        set(copy, "ER_PRS_F", "PRS_DPN_QLP", 71);
        break;
      case 2:
        set(copy, "ER_PRS_F", "CPL_MAJ_TOP", 2);
        set(
          copy,
          "ER_PRS_F",
          "PRS_PAI_MNT",
          Math.round(Number(get(prs, "ER_PRS_F", "PRS_PAI_MNT")) * 0.02 * 100) / 100,
        );
        break;
      default:
        set(copy, "ER_PRS_F", "BEN_CDI_NIR", rng.pick(["01", "02", "05", "09"]));
    }
    tables.push("ER_PRS_F", "ER_PRS_F", copy);
    for (const d of details.get(dcirKey(prs, "ER_PRS_F")) ?? []) {
      const detail = [...d.row];
      set(detail, d.logical, "PRS_ORD_NUM", "2");
      tables.push(d.logical, d.logical, detail);
      if (d.logical === "ER_UCD_F") {
        const privateClinic = get(d.row, "ER_UCD_F", "UCD_TOP_UCD") === 1;
        tables.push("ER_ETE_F", "ER_ETE_F", ete(detail, "ER_UCD_F", 0, privateClinic ? 2 : 1, null));
      }
    }
  }

  // the payment lag: a document's FLX_DIS_DTD (on ER_PRS_F and its detail rows alike) up to 6 months after the care
  if (rates.paymentLagMonths.length > 1) {
    const weights = Object.fromEntries(rates.paymentLagMonths.map((w, i) => [String(i), w]));
    const byKey = new Map<string, Row[]>();
    for (const logical of ["ER_PHA_F", "ER_UCD_F", "ER_ETE_F"]) {
      for (const row of tables.tables.get(logical)?.rows ?? []) {
        const key = dcirKey(row, logical);
        const list = byKey.get(key);
        if (list) list.push(row);
        else byKey.set(key, [row]);
      }
    }
    const logicalOf = new Map<Row, string>();
    for (const logical of ["ER_PHA_F", "ER_UCD_F", "ER_ETE_F"]) {
      for (const row of tables.tables.get(logical)?.rows ?? []) logicalOf.set(row, logical);
    }
    for (const prs of tables.tables.get("ER_PRS_F")?.rows ?? []) {
      const extra = Number(rng.weighted(weights));
      if (extra === 0) continue;
      const care = get(prs, "ER_PRS_F", "EXE_SOI_DTD") as Day;
      const from = get(prs, "ER_PRS_F", "FLX_DIS_DTD") as Day;
      const later = Math.min(addMonths(from, extra), firstOfMonthBefore(addMonths(care, 6)));
      if (later <= from) continue;
      const dependants = byKey.get(dcirKey(prs, "ER_PRS_F")) ?? [];
      set(prs, "ER_PRS_F", "FLX_DIS_DTD", later);
      for (const d of dependants) set(d, logicalOf.get(d)!, "FLX_DIS_DTD", later);
    }
  }

  // --- 6. PMSI: v2 columns, stays in error, SEJ_TYP B, C77.1 before the advanced date ---
  for (const stay of kept) {
    set(stay.c, "T_MCOaaC", "COH_NAI_RET", "0");
    set(stay.c, "T_MCOaaC", "COH_SEX_RET", "0");
  }
  const stage3 = truth.patient.stageAtDiagnosis === "III";
  for (const stay of kept) {
    const dgnPal = String(get(stay.b, "T_MCOaaB", "DGN_PAL"));
    if (stage3 && dgnPal.startsWith("C34") && stay.entry < truth.patient.advancedDate - 30) {
      if (rng.chance(rates.regionalNodes)) {
        pushRow("T_MCOaaD", stay.year, blankRow("T_MCOaaD", { ETA_NUM: stay.eta, RSA_NUM: stay.rsa, ASS_DGN: "C771" }));
      }
    }
    if (rng.chance(rates.errorStay)) {
      const rsa = newRsa();
      const b = [...stay.b];
      set(b, "T_MCOaaB", "RSA_NUM", rsa);
      set(b, "T_MCOaaB", "GRG_GHM", "90Z00Z");
      pushRow("T_MCOaaB", stay.year, b);
      const c = [...stay.c];
      set(c, "T_MCOaaC", "RSA_NUM", rsa);
      pushRow("T_MCOaaC", stay.year, c);
      for (const logical of ["T_MCOaaMED", "T_MCOaaMEDATU"] as const) {
        for (const r of drugRows(logical, stay)) {
          const copy = [...r];
          set(copy, logical, "RSA_NUM", rsa);
          pushRow(logical, stay.year, copy);
        }
      }
    }
    if (isSeance(stay) && hospitalByEta.get(stay.eta)?.kind !== "private" && rng.chance(rates.sejTypB)) {
      const other = rng.pick(publicOthers).etaNum;
      const rsa = newRsa();
      const b = [...stay.b];
      set(b, "T_MCOaaB", "ETA_NUM", other);
      set(b, "T_MCOaaB", "RSA_NUM", rsa);
      set(b, "T_MCOaaB", "SEJ_TYP", "B");
      pushRow("T_MCOaaB", stay.year, b);
      const c = [...stay.c];
      set(c, "T_MCOaaC", "ETA_NUM", other);
      set(c, "T_MCOaaC", "RSA_NUM", rsa);
      pushRow("T_MCOaaC", stay.year, c);
    }
  }

  // --- 7. IR_BEN_R: the living die in 1600 ---
  for (const row of tables.tables.get("IR_BEN_R")?.rows ?? []) {
    if (get(row, "IR_BEN_R", "BEN_DCD_DTE") === null) set(row, "IR_BEN_R", "BEN_DCD_DTE", MISSING_DATE);
  }
}

const DCIR_KEY_NAMES = [
  "FLX_DIS_DTD",
  "FLX_TRT_DTD",
  "FLX_EMT_TYP",
  "FLX_EMT_NUM",
  "FLX_EMT_ORD",
  "ORG_CLE_NUM",
  "DCT_ORD_NUM",
  "PRS_ORD_NUM",
  "REM_TYP_AFF",
];

/** A copy of an FH / FHSTC row that the contract's exclusions drop: quantity 0, coefficient 0 or no UCD. */
function defective(row: Row, logical: "T_MCOaaFH" | "T_MCOaaFHSTC", rng: Rng): Row {
  const copy = [...row];
  const [quantity, coefficient, amount] =
    logical === "T_MCOaaFH" ? ["QUA_COD", "COE_TAU", "FAC_TOT"] : ["QUA", "FRACT_COE", "FAC_MNT"];
  switch (rng.int(0, 2)) {
    case 0:
      set(copy, logical, quantity, 0);
      set(copy, logical, amount, 0);
      break;
    case 1:
      set(copy, logical, coefficient, 0);
      break;
    default:
      set(copy, logical, "UCD_UCD_COD", null);
  }
  return copy;
}

function firstOfNextMonth(day: Day): Day {
  const d = new Date(day * 86_400_000);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) / 86_400_000;
}

function firstOfMonthBefore(day: Day): Day {
  const d = new Date(day * 86_400_000);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) / 86_400_000;
}
