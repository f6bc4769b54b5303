/** Hand-written patients for the engine's scenario tests. */
import type { Exposure, PatientEvents, Session } from "../../../core/events/events.js";
import { drugByMolecule } from "../../../core/reference/drugs.js";
import { parseIsoDay, type Day } from "../../../core/time/day.js";

export const d = (iso: string): Day => {
  const day = parseIsoDay(iso);
  if (day === undefined) throw new Error(`bad test date ${iso}`);
  return day;
};

export function iv(date: string, ...molecules: string[]): Exposure[] {
  return molecules.map((molecule) => ({
    patientId: "P1",
    date: d(date),
    molecule,
    atc: drugByMolecule(molecule)?.atc ?? null,
    drugClass: drugByMolecule(molecule)?.drugClass ?? "investigational",
    route: "IV",
    daysSupply: 1,
    provenance: [{ source: "pmsi_med", table: "T_MCO20MED", row: 1 }],
  }));
}

export function oral(date: string, molecule: string, daysSupply = 28): Exposure[] {
  return [
    {
      patientId: "P1",
      date: d(date),
      molecule,
      atc: drugByMolecule(molecule)?.atc ?? null,
      drugClass: drugByMolecule(molecule)?.drugClass ?? "unknown",
      route: "PO",
      daysSupply,
      provenance: [{ source: "dcir_pharmacy", table: "ER_PHA_F", row: 1 }],
    },
  ];
}

/** Administrations every `everyDays` from `start`, `count` times. */
export function cycles(start: string, everyDays: number, count: number, ...molecules: string[]): Exposure[] {
  const out: Exposure[] = [];
  for (let i = 0; i < count; i++) {
    const date = new Date((d(start) + i * everyDays) * 86_400_000).toISOString().slice(0, 10);
    out.push(...iv(date, ...molecules));
  }
  return out;
}

/** Monthly oral dispensings of 30 days. */
export function monthlyOral(start: string, count: number, molecule: string, everyDays = 30): Exposure[] {
  const out: Exposure[] = [];
  for (let i = 0; i < count; i++) {
    const date = new Date((d(start) + i * everyDays) * 86_400_000).toISOString().slice(0, 10);
    out.push(...oral(date, molecule, 30));
  }
  return out;
}

export function seances(start: string, everyDays: number, count: number): Session[] {
  const out: Session[] = [];
  for (let i = 0; i < count; i++) {
    const date = d(start) + i * everyDays;
    out.push({
      patientId: "P1",
      kind: "chemotherapy",
      date,
      endDate: date,
      count: 1,
      hospital: "H1",
      grouped: false,
      provenance: [{ source: "pmsi_stay", table: "T_MCO20B", row: i + 1 }],
    });
  }
  return out;
}

/** Radiotherapy fractions on `count` consecutive weekdays from `start`. */
export function radiotherapy(start: string, count: number): Session[] {
  const out: Session[] = [];
  for (let day = d(start); out.length < count; day++) {
    const weekday = new Date(day * 86_400_000).getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    out.push({
      patientId: "P1",
      kind: "radiotherapy",
      date: day,
      endDate: day,
      count: 1,
      hospital: "H1",
      grouped: false,
      provenance: [{ source: "pmsi_act", table: "T_MCO20A", row: out.length + 1 }],
    });
  }
  return out;
}

/** A lung resection (CCAM GFFA) on `date`. */
export function surgery(date: string): Session[] {
  return [
    {
      patientId: "P1",
      kind: "surgery",
      date: d(date),
      endDate: d(date),
      count: 1,
      hospital: "H1",
      grouped: false,
      provenance: [{ source: "pmsi_act", table: "T_MCO20A", row: 1 }],
    },
  ];
}

/** Anonymous séances on the given dates. */
export function seancesOn(...dates: string[]): Session[] {
  return dates.map((date, i) => ({
    patientId: "P1",
    kind: "chemotherapy",
    date: d(date),
    endDate: d(date),
    count: 1,
    hospital: "H1",
    grouped: false,
    provenance: [{ source: "pmsi_stay", table: "T_MCO20B", row: i + 1 }],
  }));
}

/** ISO date `days` after `iso`. */
export const plus = (iso: string, days: number): string =>
  new Date((d(iso) + days) * 86_400_000).toISOString().slice(0, 10);

export function patient(
  options: {
    advanced?: string | null;
    /** The advanced date was inferred by ingestion (first metastasis code or first treatment), not read. */
    inferred?: boolean;
    pdl1?: number;
    death?: string;
    followUpEnd?: string;
  },
  exposures: Exposure[],
  sessions: Session[] = [],
): PatientEvents {
  return {
    patient: {
      patientId: "P1",
      birthYear: 1955,
      sex: "M",
      deathDate: options.death ? d(options.death) : null,
      followUpEnd: d(options.followUpEnd ?? options.death ?? "2025-12-31"),
      advancedDate: options.advanced === null ? null : d(options.advanced ?? "2020-01-01"),
      advancedDateInferred: options.inferred ?? false,
      histology: "adenocarcinoma",
      biomarkers: {},
      pdl1Tps: options.pdl1 ?? null,
    },
    exposures,
    sessions,
  };
}
