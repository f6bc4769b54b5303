/**
 * The analysis table: one row per patient and line of therapy, with the
 * covariates known at the line's start, the outcomes measured from the line's
 * start, and the drug cost of the line when the exposures carry one. Computed
 * per patient from its record, its lines (any method's, or the gold standard)
 * and its exposures; the columns are data (ANALYSIS_COLUMNS), documented one by
 * one in docs/studies.md.
 *
 * Outcomes are the Survival page's end points (core/workspace/survival-sql.ts),
 * computed the same way so that the table reproduces the page's curves:
 * - ttnt: to the start of the next line or death, whichever comes first;
 *   censored at the end of follow-up;
 * - tot: to the end of the line; censored when the line has no end date or ends
 *   with `end_of_data` / `ongoing`;
 * - os: to death; censored at the end of follow-up.
 * Times are days, clamped to [0, end of follow-up - line start].
 */
import { regimenClassOf } from "../engine/regimen.js";
import { ageBandOf, biomarkerGroupOf, BIOMARKERS, periodOf } from "../evaluation/subgroups.js";
import type { BiomarkerStatus } from "../events/events.js";
import { formatMolecules, type LineRecord } from "../lines/line-record.js";
import { yearOf, type Day } from "../time/day.js";

export interface AnalysisPatient {
  patientId: string;
  centerId: string | null;
  birthYear: number | null;
  sex: string | null;
  histology: string | null;
  markers: Partial<Record<(typeof BIOMARKERS)[number], BiomarkerStatus | null>>;
  pdl1Tps: number | null;
  ecog: number | null;
  advancedDate: Day | null;
  deathDate: Day | null;
  followUpEnd: Day;
}

/** One antineoplastic exposure of the patient, with its cost when the work folder has one. */
export interface CostedExposure {
  date: Day;
  /** Exposure source (dcir_pharmacy, dcir_ucd, pmsi_med, pmsi_medatu, warehouse, ...). */
  source: string;
  /** Cost in euros; null when unknown. */
  costEur: number | null;
}

/** Cost groups by source: the SNDS outpatient claims, the PMSI hospital stays, the hospital warehouse. */
export const COST_SOURCES = ["dcir", "pmsi", "warehouse"] as const;
export type CostSource = (typeof COST_SOURCES)[number];

export function costSourceOf(source: string): CostSource {
  if (source.startsWith("dcir")) return "dcir";
  if (source.startsWith("pmsi")) return "pmsi";
  return "warehouse";
}

export type Outcome = "next_line" | "death" | "line_end" | "censored";

export interface AnalysisRow {
  method: string;
  patient_id: string;
  line_number: number;
  start_date: Day;
  end_date: Day | null;
  molecules: string;
  regimen_label: string | null;
  regimen_class: string;
  end_reason: string | null;
  previous_lines: number;
  previous_classes: string;
  previous_molecules: string;
  age_at_line_start: number | null;
  sex: string | null;
  histology: string;
  biomarker_group: string;
  egfr: string | null;
  alk: string | null;
  ros1: string | null;
  braf: string | null;
  kras_g12c: string | null;
  met: string | null;
  ret: string | null;
  pdl1_tps: number | null;
  ecog: number | null;
  days_since_advanced: number | null;
  start_year: number;
  center_id: string | null;
  period: string;
  age_band: string;
  ttnt_days: number;
  ttnt_event: boolean;
  ttnt_outcome: Outcome;
  tot_days: number;
  tot_event: boolean;
  tot_outcome: Outcome;
  os_days: number;
  os_event: boolean;
  os_outcome: Outcome;
  drug_cost_eur: number | null;
  drug_cost_dcir_eur: number | null;
  drug_cost_pmsi_eur: number | null;
  drug_cost_warehouse_eur: number | null;
  drug_cost_per_patient_year_eur: number | null;
}

export type ColumnType = "VARCHAR" | "INTEGER" | "DOUBLE" | "BOOLEAN" | "DATE";

export interface AnalysisColumn {
  name: keyof AnalysisRow;
  type: ColumnType;
  description: string;
}

/** Every column, in output order, with its type and meaning (docs/studies.md repeats these). */
export const ANALYSIS_COLUMNS: readonly AnalysisColumn[] = [
  { name: "method", type: "VARCHAR", description: "the method whose lines these are (rule set, learned, gold)" },
  { name: "patient_id", type: "VARCHAR", description: "patient identifier (ODH_PATIENT)" },
  { name: "line_number", type: "INTEGER", description: "1, 2, ... in order of start" },
  {
    name: "start_date",
    type: "DATE",
    description: "first administration of the line: the index date of every outcome",
  },
  { name: "end_date", type: "DATE", description: "last administration (null when ongoing at the end of follow-up)" },
  { name: "molecules", type: "VARCHAR", description: "the line's molecules, sorted, `;`-joined (contract form)" },
  { name: "regimen_label", type: "VARCHAR", description: "the line's regimen label" },
  { name: "regimen_class", type: "VARCHAR", description: "regimen class of the molecules (core/engine/regimen.ts)" },
  { name: "end_reason", type: "VARCHAR", description: "why the line ended, as the method says" },
  { name: "previous_lines", type: "INTEGER", description: "number of earlier lines (line_number - 1)" },
  {
    name: "previous_classes",
    type: "VARCHAR",
    description: "regimen classes of the earlier lines in order, `>`-joined (empty for line 1)",
  },
  {
    name: "previous_molecules",
    type: "VARCHAR",
    description: "every molecule of the earlier lines, sorted, `;`-joined (empty for line 1)",
  },
  {
    name: "age_at_line_start",
    type: "INTEGER",
    description: "calendar year of the start minus birth year (null when the birth year is unknown)",
  },
  { name: "sex", type: "VARCHAR", description: "M or F" },
  { name: "histology", type: "VARCHAR", description: "histology (`unknown` when missing)" },
  {
    name: "biomarker_group",
    type: "VARCHAR",
    description: "EGFR, ALK, ROS1, other driver, no driver or untested (the workspace's filter)",
  },
  { name: "egfr", type: "VARCHAR", description: "EGFR status: positive, negative, unknown or null" },
  { name: "alk", type: "VARCHAR", description: "ALK status" },
  { name: "ros1", type: "VARCHAR", description: "ROS1 status" },
  { name: "braf", type: "VARCHAR", description: "BRAF status" },
  { name: "kras_g12c", type: "VARCHAR", description: "KRAS G12C status" },
  { name: "met", type: "VARCHAR", description: "MET status" },
  { name: "ret", type: "VARCHAR", description: "RET status" },
  { name: "pdl1_tps", type: "DOUBLE", description: "PD-L1 tumour proportion score, 0-100 (null when unknown)" },
  {
    name: "ecog",
    type: "INTEGER",
    description:
      "ECOG performance status as recorded in ODH_PATIENT (the contract does not date it; null when unknown)",
  },
  {
    name: "days_since_advanced",
    type: "INTEGER",
    description: "days from the advanced or metastatic date to the line's start (null without an advanced date)",
  },
  { name: "start_year", type: "INTEGER", description: "calendar year of the line's start" },
  { name: "center_id", type: "VARCHAR", description: "the patient's centre (ODH_PATIENT.center_id)" },
  {
    name: "period",
    type: "VARCHAR",
    description: "period of the advanced date (the workspace's filter; `no advanced date` when missing)",
  },
  { name: "age_band", type: "VARCHAR", description: "age band at the advanced date (the workspace's filter)" },
  { name: "ttnt_days", type: "INTEGER", description: "time to next treatment (days from the start)" },
  { name: "ttnt_event", type: "BOOLEAN", description: "true: next line started or death; false: censored" },
  {
    name: "ttnt_outcome",
    type: "VARCHAR",
    description: "next_line, death (whichever came first), or censored (end of follow-up)",
  },
  { name: "tot_days", type: "INTEGER", description: "time on treatment (days from the start to the line's end)" },
  {
    name: "tot_event",
    type: "BOOLEAN",
    description: "true: the line ended; false: censored (no end date, or end reason end_of_data or ongoing)",
  },
  { name: "tot_outcome", type: "VARCHAR", description: "line_end or censored" },
  { name: "os_days", type: "INTEGER", description: "overall survival from the line's start (days)" },
  { name: "os_event", type: "BOOLEAN", description: "true: death; false: censored at the end of follow-up" },
  { name: "os_outcome", type: "VARCHAR", description: "death or censored" },
  {
    name: "drug_cost_eur",
    type: "DOUBLE",
    description: "drug cost of the line in euros, every source (null when the exposures carry no cost)",
  },
  { name: "drug_cost_dcir_eur", type: "DOUBLE", description: "part of the cost from DCIR (outpatient claims)" },
  { name: "drug_cost_pmsi_eur", type: "DOUBLE", description: "part of the cost from the PMSI (hospital stays)" },
  { name: "drug_cost_warehouse_eur", type: "DOUBLE", description: "part of the cost from the hospital warehouse" },
  {
    name: "drug_cost_per_patient_year_eur",
    type: "DOUBLE",
    description: "drug_cost_eur / (tot_days / 365.25): cost per patient-year on treatment (null when tot_days = 0)",
  },
];

const DAYS_PER_YEAR = 365.25;

/**
 * The rows of one patient: `lines` of one method (any order; numbered by
 * line_number), `exposures` with their costs or null when the work folder has
 * no cost column. A line's cost sums the exposures dated from its start to the
 * day before the next line's start (the last line: to the end of follow-up).
 */
export function analysisRowsOfPatient(
  method: string,
  patient: AnalysisPatient,
  lines: readonly LineRecord[],
  exposures: readonly CostedExposure[] | null,
): AnalysisRow[] {
  const sorted = [...lines].sort(
    (a, b) =>
      a.lineNumber - b.lineNumber ||
      a.startDate - b.startDate ||
      (a.endDate ?? Number.POSITIVE_INFINITY) - (b.endDate ?? Number.POSITIVE_INFINITY),
  );
  const p = patient;
  const histology = p.histology ?? "unknown";
  const biomarkerGroup = biomarkerGroupOf(p.markers);
  const ageAtAdvanced = p.advancedDate === null || p.birthYear === null ? null : yearOf(p.advancedDate) - p.birthYear;
  const period = p.advancedDate === null ? "no advanced date" : periodOf(p.advancedDate);
  const ageBand = ageBandOf(ageAtAdvanced);
  const classes = sorted.map((l) => regimenClassOf(l.molecules));
  return sorted.map((line, i) => {
    const next = sorted[i + 1];
    const nextStart = next ? next.startDate : null;
    const clamp = (end: Day) => Math.max(0, Math.min(end, p.followUpEnd) - line.startDate);
    // Time to next treatment: next line or death, whichever first (survival-sql.ts).
    const ttntEnd =
      nextStart !== null && p.deathDate !== null
        ? Math.min(nextStart, p.deathDate)
        : (nextStart ?? p.deathDate ?? p.followUpEnd);
    const ttntOutcome: Outcome =
      nextStart === null && p.deathDate === null
        ? "censored"
        : nextStart !== null && (p.deathDate === null || nextStart <= p.deathDate)
          ? "next_line"
          : "death";
    const ended = line.endDate !== null && line.endReason !== "end_of_data" && line.endReason !== "ongoing";
    const cost = exposures === null ? null : lineCost(line.startDate, nextStart ?? p.followUpEnd + 1, exposures);
    const totDays = clamp(line.endDate ?? p.followUpEnd);
    const earlier = sorted.slice(0, i);
    return {
      method,
      patient_id: p.patientId,
      line_number: line.lineNumber,
      start_date: line.startDate,
      end_date: line.endDate,
      molecules: formatMolecules(line.molecules),
      regimen_label: line.regimenLabel ?? null,
      regimen_class: classes[i]!,
      end_reason: line.endReason ?? null,
      previous_lines: line.lineNumber - 1,
      previous_classes: classes.slice(0, i).join(">"),
      previous_molecules: formatMolecules(earlier.flatMap((l) => l.molecules)),
      age_at_line_start: p.birthYear === null ? null : yearOf(line.startDate) - p.birthYear,
      sex: p.sex,
      histology,
      biomarker_group: biomarkerGroup,
      egfr: p.markers.egfr ?? null,
      alk: p.markers.alk ?? null,
      ros1: p.markers.ros1 ?? null,
      braf: p.markers.braf ?? null,
      kras_g12c: p.markers.kras_g12c ?? null,
      met: p.markers.met ?? null,
      ret: p.markers.ret ?? null,
      pdl1_tps: p.pdl1Tps,
      ecog: p.ecog,
      days_since_advanced: p.advancedDate === null ? null : line.startDate - p.advancedDate,
      start_year: yearOf(line.startDate),
      center_id: p.centerId,
      period,
      age_band: ageBand,
      ttnt_days: clamp(ttntEnd),
      ttnt_event: ttntOutcome !== "censored",
      ttnt_outcome: ttntOutcome,
      tot_days: totDays,
      tot_event: ended,
      tot_outcome: ended ? "line_end" : "censored",
      os_days: clamp(p.deathDate ?? p.followUpEnd),
      os_event: p.deathDate !== null,
      os_outcome: p.deathDate !== null ? "death" : "censored",
      drug_cost_eur: cost?.total ?? null,
      drug_cost_dcir_eur: cost?.bySource.dcir ?? null,
      drug_cost_pmsi_eur: cost?.bySource.pmsi ?? null,
      drug_cost_warehouse_eur: cost?.bySource.warehouse ?? null,
      drug_cost_per_patient_year_eur: cost === null || totDays === 0 ? null : cost.total / (totDays / DAYS_PER_YEAR),
    };
  });
}

/** Sum of the exposures' costs dated in [from, until), in total and by source group; unknown costs count 0. */
function lineCost(
  from: Day,
  until: Day,
  exposures: readonly CostedExposure[],
): { total: number; bySource: Record<CostSource, number> } {
  const bySource: Record<CostSource, number> = { dcir: 0, pmsi: 0, warehouse: 0 };
  let total = 0;
  for (const e of exposures) {
    if (e.date < from || e.date >= until || e.costEur === null) continue;
    bySource[costSourceOf(e.source)] += e.costEur;
    total += e.costEur;
  }
  return { total, bySource };
}
