/**
 * Line-start cohorts: patients selected at the start of a line of therapy
 * (the index date) by criteria on that line and on what is known then, over
 * the analysis table's rows (core/studies/analysis-table.ts). A study is one or
 * two cohorts, an end point and the covariates to adjust for; it is plain JSON
 * (kept in the page's URL, exported and imported as a file) validated here.
 *
 * Selection, in the order of CRITERIA: each active criterion keeps the lines
 * that meet it; the attrition counts the patients with at least one line left
 * after each step. A patient's index line is the lowest-numbered line left
 * (with a line number criterion, that line). With two cohorts, patients who
 * qualify for both are left out of both (a last attrition step), so the arms
 * are disjoint.
 *
 * Comparison of two cohorts (B versus A, A the reference): log-rank test and a
 * Cox model on the index lines' outcome (core/statistics/cox.ts, Efron ties),
 * unadjusted (arm only) and adjusted for the chosen covariates (complete
 * cases, R's na.omit).
 */
import { z } from "zod";
import { fitCox, type CoxCoefficient, type CoxModel } from "../statistics/cox.js";
import { coxDesign, type CovariateSpec, type CovariateValue } from "../statistics/cox-design.js";
import { logRank, type LogRankResult } from "../statistics/log-rank.js";
import { formatDay } from "../time/day.js";
import { ENDPOINTS, type Endpoint } from "../workspace/survival-sql.js";
import type { AnalysisRow } from "./analysis-table.js";

/** What a cohort needs of each line (analysis table columns; start_date as ISO text). */
export interface CohortLine {
  patient_id: string;
  line_number: number;
  start_date: string;
  molecules: string;
  regimen_class: string;
  previous_lines: number;
  previous_classes: string;
  previous_molecules: string;
  age_at_line_start: number | null;
  sex: string | null;
  histology: string;
  biomarker_group: string;
  pdl1_tps: number | null;
  ecog: number | null;
  days_since_advanced: number | null;
  start_year: number;
  ttnt_days: number;
  ttnt_event: boolean;
  tot_days: number;
  tot_event: boolean;
  os_days: number;
  os_event: boolean;
}

/** The analysis table's columns a cohort page loads. */
export const COHORT_LINE_COLUMNS: readonly (keyof CohortLine)[] = [
  "patient_id",
  "line_number",
  "start_date",
  "molecules",
  "regimen_class",
  "previous_lines",
  "previous_classes",
  "previous_molecules",
  "age_at_line_start",
  "sex",
  "histology",
  "biomarker_group",
  "pdl1_tps",
  "ecog",
  "days_since_advanced",
  "start_year",
  "ttnt_days",
  "ttnt_event",
  "tot_days",
  "tot_event",
  "os_days",
  "os_event",
];

/** A row of the analysis table as a cohort line. */
export function cohortLineOf(row: AnalysisRow): CohortLine {
  const line = Object.fromEntries(COHORT_LINE_COLUMNS.map((c) => [c, row[c]])) as unknown as CohortLine;
  line.start_date = formatDay(row.start_date);
  return line;
}

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "a date YYYY-MM-DD");
const names = z.array(z.string().min(1)).default([]);

export const cohortCriteriaSchema = z
  .object({
    name: z.string().min(1),
    /** The line the cohort starts at; null: any line (the first eligible one). */
    lineNumber: z.number().int().min(1).nullable().default(null),
    /** Regimen classes every one of which an earlier line had. */
    previousClasses: names,
    /** Molecules every one of which an earlier line gave. */
    previousMolecules: names,
    /** Molecules of the index line; empty: any regimen. */
    regimen: names,
    /** exact: the line's molecules are exactly these; includes: it has at least these. */
    regimenMatch: z.enum(["exact", "includes"]).default("exact"),
    /** The index line's regimen class is one of these; empty: any. */
    regimenClasses: names,
    histologies: names,
    biomarkerGroups: names,
    ageMin: z.number().nullable().default(null),
    ageMax: z.number().nullable().default(null),
    /** Highest ECOG kept; null: any. */
    ecogMax: z.number().int().min(0).max(4).nullable().default(null),
    /** With ecogMax: keep patients whose ECOG is unknown. */
    ecogUnknown: z.boolean().default(true),
    /** Index line started on or after / on or before (YYYY-MM-DD). */
    startFrom: isoDate.nullable().default(null),
    startTo: isoDate.nullable().default(null),
  })
  .strict();

export type CohortCriteria = z.infer<typeof cohortCriteriaSchema>;

/** Covariates a comparison may adjust for (analysis table columns). */
export const ADJUSTMENT_COVARIATES: readonly (CovariateSpec & { label: string })[] = [
  { name: "age_at_line_start", kind: "numeric", label: "Age at the line's start (years)" },
  { name: "sex", kind: "categorical", label: "Sex" },
  { name: "histology", kind: "categorical", label: "Histology" },
  { name: "biomarker_group", kind: "categorical", label: "Biomarker group" },
  { name: "ecog", kind: "numeric", label: "ECOG (as a number; unknown left out)" },
  { name: "pdl1_tps", kind: "numeric", label: "PD-L1 TPS (unknown left out)" },
  { name: "previous_lines", kind: "numeric", label: "Number of previous lines" },
  { name: "days_since_advanced", kind: "numeric", label: "Days since the advanced date" },
  { name: "start_year", kind: "numeric", label: "Calendar year of the line's start" },
];

export const studySchema = z
  .object({
    version: z.literal(1),
    method: z.string().min(1),
    endpoint: z.enum(ENDPOINTS).default("os"),
    adjust: z.array(z.enum(ADJUSTMENT_COVARIATES.map((c) => c.name) as [string, ...string[]])).default([]),
    cohorts: z.array(cohortCriteriaSchema).min(1).max(2),
  })
  .strict();

export type StudyDefinition = z.infer<typeof studySchema>;

/** A study from JSON text or a parsed value; one error naming the first wrong field. */
export function parseStudy(input: unknown): StudyDefinition {
  let value = input;
  if (typeof input === "string") {
    try {
      value = JSON.parse(input);
    } catch (error) {
      throw new Error(`study definition: not JSON (${(error as Error).message})`);
    }
  }
  const parsed = studySchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`study definition: ${issue.path.join(".") || "(root)"}: ${issue.message}`);
  }
  return parsed.data;
}

/** The definition as compact JSON (what the URL and the exported file hold). */
export function studyJson(study: StudyDefinition): string {
  return JSON.stringify(studySchema.parse(study));
}

export function emptyCriteria(name: string): CohortCriteria {
  return cohortCriteriaSchema.parse({ name });
}

interface Criterion {
  id: string;
  active: (c: CohortCriteria) => boolean;
  label: (c: CohortCriteria) => string;
  keep: (line: CohortLine, c: CohortCriteria) => boolean;
}

const list = (cell: string, separator: string) => (cell === "" ? [] : cell.split(separator));
const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && [...a].sort().every((x, i) => x === [...b].sort()[i]);

/** The criteria in the order the attrition applies them. */
export const CRITERIA: readonly Criterion[] = [
  {
    id: "line_number",
    active: (c) => c.lineNumber !== null,
    label: (c) => `line ${c.lineNumber}`,
    keep: (l, c) => l.line_number === c.lineNumber,
  },
  {
    id: "previous_classes",
    active: (c) => c.previousClasses.length > 0,
    label: (c) => `earlier lines include ${c.previousClasses.join(", ")}`,
    keep: (l, c) => c.previousClasses.every((k) => list(l.previous_classes, ">").includes(k)),
  },
  {
    id: "previous_molecules",
    active: (c) => c.previousMolecules.length > 0,
    label: (c) => `earlier lines gave ${c.previousMolecules.join(", ")}`,
    keep: (l, c) => c.previousMolecules.every((m) => list(l.previous_molecules, ";").includes(m)),
  },
  {
    id: "regimen",
    active: (c) => c.regimen.length > 0,
    label: (c) => `regimen ${c.regimenMatch === "exact" ? "is" : "includes"} ${c.regimen.join(" + ")}`,
    keep: (l, c) =>
      c.regimenMatch === "exact"
        ? sameSet(list(l.molecules, ";"), c.regimen)
        : c.regimen.every((m) => list(l.molecules, ";").includes(m)),
  },
  {
    id: "regimen_class",
    active: (c) => c.regimenClasses.length > 0,
    label: (c) => `regimen class ${c.regimenClasses.join(" or ")}`,
    keep: (l, c) => c.regimenClasses.includes(l.regimen_class),
  },
  {
    id: "histology",
    active: (c) => c.histologies.length > 0,
    label: (c) => `histology ${c.histologies.join(" or ")}`,
    keep: (l, c) => c.histologies.includes(l.histology),
  },
  {
    id: "biomarker_group",
    active: (c) => c.biomarkerGroups.length > 0,
    label: (c) => `biomarker group ${c.biomarkerGroups.join(" or ")}`,
    keep: (l, c) => c.biomarkerGroups.includes(l.biomarker_group),
  },
  {
    id: "age",
    active: (c) => c.ageMin !== null || c.ageMax !== null,
    label: (c) => `age ${c.ageMin ?? "any"} to ${c.ageMax ?? "any"} at the line's start`,
    keep: (l, c) =>
      l.age_at_line_start !== null &&
      (c.ageMin === null || l.age_at_line_start >= c.ageMin) &&
      (c.ageMax === null || l.age_at_line_start <= c.ageMax),
  },
  {
    id: "ecog",
    active: (c) => c.ecogMax !== null,
    label: (c) => `ECOG ≤ ${c.ecogMax}${c.ecogUnknown ? " or unknown" : ""}`,
    keep: (l, c) => (l.ecog === null ? c.ecogUnknown : l.ecog <= c.ecogMax!),
  },
  {
    id: "period",
    active: (c) => c.startFrom !== null || c.startTo !== null,
    label: (c) => `line started ${c.startFrom ?? "any time"} to ${c.startTo ?? "any time"}`,
    keep: (l, c) =>
      (c.startFrom === null || l.start_date >= c.startFrom) && (c.startTo === null || l.start_date <= c.startTo),
  },
];

export interface AttritionStep {
  id: string;
  label: string;
  /** Patients left after this step. */
  patients: number;
  /** Patients this step removed. */
  removed: number;
}

export interface SelectedCohort {
  name: string;
  attrition: AttritionStep[];
  /** One index line per patient, sorted by patient id. */
  index: CohortLine[];
}

const patientsOf = (lines: readonly CohortLine[]) => new Set(lines.map((l) => l.patient_id)).size;

/** Applies the criteria to `lines` (one method's), step by step. */
export function selectCohort(lines: readonly CohortLine[], criteria: CohortCriteria): SelectedCohort {
  let left = lines;
  const start = patientsOf(left);
  const attrition: AttritionStep[] = [
    { id: "start", label: "patients with at least one line", patients: start, removed: 0 },
  ];
  for (const c of CRITERIA) {
    if (!c.active(criteria)) continue;
    const before = attrition[attrition.length - 1]!.patients;
    left = left.filter((l) => c.keep(l, criteria));
    const patients = patientsOf(left);
    attrition.push({ id: c.id, label: c.label(criteria), patients, removed: before - patients });
  }
  const first = new Map<string, CohortLine>();
  for (const l of left) {
    const seen = first.get(l.patient_id);
    if (!seen || l.line_number < seen.line_number) first.set(l.patient_id, l);
  }
  const index = [...first.values()].sort((a, b) =>
    a.patient_id < b.patient_id ? -1 : a.patient_id > b.patient_id ? 1 : 0,
  );
  return { name: criteria.name, attrition, index };
}

/** Selects every cohort of the study; with two, patients in both are removed from both (last attrition step). */
export function selectStudy(lines: readonly CohortLine[], study: StudyDefinition): SelectedCohort[] {
  const cohorts = study.cohorts.map((c) => selectCohort(lines, c));
  if (cohorts.length !== 2) return cohorts;
  const [a, b] = cohorts as [SelectedCohort, SelectedCohort];
  const inA = new Set(a.index.map((l) => l.patient_id));
  const both = new Set(b.index.filter((l) => inA.has(l.patient_id)).map((l) => l.patient_id));
  return cohorts.map((c, i) => {
    const index = c.index.filter((l) => !both.has(l.patient_id));
    const other = study.cohorts[1 - i]!.name;
    return {
      ...c,
      index,
      attrition: [
        ...c.attrition,
        {
          id: "overlap",
          label: `not also in ${other}`,
          patients: index.length,
          removed: c.index.length - index.length,
        },
      ],
    };
  });
}

export interface CohortComparison {
  endpoint: Endpoint;
  logRank: LogRankResult;
  /** Hazard ratio of the second cohort versus the first (arm only). */
  unadjusted: { model: CoxModel; arm: CoxCoefficient };
  /** The same, adjusted for the covariates (null when none chosen). */
  adjusted: { model: CoxModel; arm: CoxCoefficient; omitted: number; covariates: string[] } | null;
}

const outcomeOf = (l: CohortLine, endpoint: Endpoint) => ({
  time: l[`${endpoint}_days`],
  event: l[`${endpoint}_event`],
});

/** B versus A on the index lines' `endpoint`: log-rank, Cox unadjusted and adjusted. */
export function compareCohorts(
  a: SelectedCohort,
  b: SelectedCohort,
  endpoint: Endpoint,
  adjust: readonly string[],
): CohortComparison {
  const rows = [...a.index.map((l) => ({ l, arm: 0 })), ...b.index.map((l) => ({ l, arm: 1 }))];
  const lr = logRank([
    { name: a.name, observations: a.index.map((l) => outcomeOf(l, endpoint)) },
    { name: b.name, observations: b.index.map((l) => outcomeOf(l, endpoint)) },
  ]);
  const fit = (covariates: readonly CovariateSpec[]) => {
    const design = coxDesign(
      rows,
      (r) => outcomeOf(r.l, endpoint),
      [{ name: "arm", kind: "numeric" }, ...covariates],
      (r, name) => (name === "arm" ? r.arm : (r.l[name as keyof CohortLine] as CovariateValue)),
    );
    const model = fitCox(design, { ties: "efron" });
    return { model, arm: model.coefficients[0]!, omitted: design.omitted };
  };
  const unadjusted = fit([]);
  const specs = ADJUSTMENT_COVARIATES.filter((c) => adjust.includes(c.name));
  const adjusted = specs.length === 0 ? null : { ...fit(specs), covariates: specs.map((c) => c.name) };
  return { endpoint, logRank: lr, unadjusted: { model: unadjusted.model, arm: unadjusted.arm }, adjusted };
}

export interface BaselineRow {
  variable: string;
  level: string;
  /** One cell per arm, as text. */
  cells: string[];
}

function quantile(sorted: readonly number[], p: number): number {
  // R's type 7 quantile.
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  return sorted[lo]! + (h - lo) * ((sorted[Math.min(lo + 1, sorted.length - 1)] ?? sorted[lo]!) - sorted[lo]!);
}

const PDL1_BANDS = [
  { label: "< 1 %", test: (v: number) => v < 1 },
  { label: "1-49 %", test: (v: number) => v >= 1 && v < 50 },
  { label: "≥ 50 %", test: (v: number) => v >= 50 },
];

/** The usual "Table 1": N; age, previous lines, days since the advanced date as median [IQR]; categories as n (%). */
export function baselineTable(arms: readonly { name: string; index: readonly CohortLine[] }[]): BaselineRow[] {
  const rows: BaselineRow[] = [{ variable: "Patients", level: "", cells: arms.map((a) => String(a.index.length)) }];
  const numeric = (variable: string, get: (l: CohortLine) => number | null) => {
    rows.push({
      variable,
      level: "median [IQR]",
      cells: arms.map((a) => {
        const v = a.index
          .map(get)
          .filter((x): x is number => x !== null)
          .sort((x, y) => x - y);
        if (v.length === 0) return "—";
        const f = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(1));
        return `${f(quantile(v, 0.5))} [${f(quantile(v, 0.25))}, ${f(quantile(v, 0.75))}]`;
      }),
    });
  };
  const categorical = (variable: string, get: (l: CohortLine) => string) => {
    const levels = [...new Set(arms.flatMap((a) => a.index.map(get)))].sort();
    for (const level of levels)
      rows.push({
        variable,
        level,
        cells: arms.map((a) => {
          const n = a.index.filter((l) => get(l) === level).length;
          return a.index.length === 0 ? "0" : `${n} (${((100 * n) / a.index.length).toFixed(1)} %)`;
        }),
      });
  };
  numeric("Age at the line's start (years)", (l) => l.age_at_line_start);
  categorical("Sex", (l) => l.sex ?? "unknown");
  categorical("Histology", (l) => l.histology);
  categorical("Biomarker group", (l) => l.biomarker_group);
  categorical("PD-L1 TPS", (l) =>
    l.pdl1_tps === null ? "unknown" : PDL1_BANDS.find((b) => b.test(l.pdl1_tps!))!.label,
  );
  categorical("ECOG", (l) => (l.ecog === null ? "unknown" : String(l.ecog)));
  numeric("Previous lines", (l) => l.previous_lines);
  numeric("Days since the advanced date", (l) => l.days_since_advanced);
  numeric("Calendar year of the line's start", (l) => l.start_year);
  return rows;
}
