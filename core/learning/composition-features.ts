/**
 * Features of a line's composition model: what an oncologist would use to guess
 * the molecules behind anonymous chemotherapy séances (histology, biomarker
 * group, PD-L1, period, line number, the drugs visible in the line, and the
 * séance rhythm: weekly, every 2 or 3 weeks, day 1 / day 8). Pure.
 */
import { drugClassOf } from "../engine/administrations.js";
import { biomarkerGroupOf } from "../evaluation/subgroups.js";
import { yearOf, type Day } from "../time/day.js";
import type { FeatureDefinition, FeatureVector } from "./feature-definition.js";
import { namedMolecules, type SeanceDay, type Skeleton, type SkeletonDay } from "./skeleton.js";

/** Visible drugs whose presence in the line is a feature. */
export const VISIBLE_MARKERS = [
  "pembrolizumab",
  "pemetrexed",
  "bevacizumab",
  "nivolumab",
  "atezolizumab",
  "durvalumab",
  "cemiplimab",
  "nintedanib",
  "ramucirumab",
  "carboplatin",
  "cisplatin",
  "paclitaxel",
  "nab-paclitaxel",
  "docetaxel",
  "gemcitabine",
  "vinorelbine",
  "etoposide",
  "investigational",
] as const;

const TARGETED_CLASSES = /(_tki|_inhibitor|egfr_met_antibody)$/;

/** Treatment history a clinician weighs for a later line (a drug already given is rarely given again). */
const EARLIER_GROUPS: readonly { name: string; description: string; molecules: readonly string[] }[] = [
  { name: "platinum", description: "a platinum salt", molecules: ["carboplatin", "cisplatin"] },
  { name: "docetaxel", description: "docetaxel", molecules: ["docetaxel"] },
  { name: "pemetrexed", description: "pemetrexed", molecules: ["pemetrexed"] },
  { name: "gemcitabine", description: "gemcitabine", molecules: ["gemcitabine"] },
  { name: "paclitaxel", description: "paclitaxel or nab-paclitaxel", molecules: ["paclitaxel", "nab-paclitaxel"] },
  { name: "vinorelbine", description: "vinorelbine", molecules: ["vinorelbine"] },
  {
    name: "immunotherapy",
    description: "an immunotherapy",
    molecules: ["pembrolizumab", "nivolumab", "atezolizumab", "durvalumab", "cemiplimab", "ipilimumab"],
  },
];

export const COMPOSITION_FEATURES: readonly FeatureDefinition[] = [
  { name: "adenocarcinoma", description: "histology is adenocarcinoma" },
  { name: "squamous", description: "histology is squamous" },
  { name: "histology_unknown", description: "histology unknown" },
  { name: "driver_positive", description: "an actionable driver is positive" },
  { name: "biomarkers_untested", description: "no biomarker result" },
  { name: "pdl1_high", description: "PD-L1 TPS >= 50 %" },
  { name: "pdl1_unknown", description: "PD-L1 not measured" },
  { name: "year", description: "calendar year of the line start" },
  { name: "line_number", description: "line number" },
  ...VISIBLE_MARKERS.map((m) => ({ name: `visible_${m}`, description: `${m} is visible in the line` })),
  { name: "visible_targeted", description: "a targeted therapy is visible in the line" },
  { name: "n_visible", description: "named molecules visible in the line" },
  { name: "n_seances", description: "chemotherapy séances in the line (log 1+n)" },
  { name: "share_anonymous", description: "share of séances no visible drug explains" },
  { name: "median_interval", description: "median days between séances (capped at 60)" },
  { name: "weekly", description: "share of séance intervals of 5-9 days" },
  { name: "biweekly", description: "share of séance intervals of 12-16 days" },
  { name: "three_weekly", description: "share of séance intervals of 18-25 days" },
  { name: "four_weekly", description: "share of séance intervals of 26-32 days" },
  { name: "d1_d8", description: "share of 7-day intervals followed by a 12-16-day one (day 1 / day 8 every 3 weeks)" },
  { name: "seance_span", description: "days from the first to the last séance (capped at 720)" },
  { name: "anonymous_stop_early", description: "anonymous séances stop > 42 days before the line's last visible drug" },
  { name: "anonymous_first", description: "the line starts with an anonymous séance" },
  { name: "line_span", description: "days from the line's first to last treatment day (capped at 720)" },
  { name: "age", description: "age in years at the line start (60 when the birth year is unknown; capped 30..95)" },
  { name: "age_80_plus", description: "80 years or older at the line start" },
  { name: "era_2017", description: "the line starts in 2017 or later (first-line pembrolizumab alone reimbursed)" },
  { name: "era_2019", description: "the line starts in 2019 or later (first-line chemo-immunotherapy)" },
  {
    name: "io_alone_visible",
    description: "the only visible drug is an immunotherapy (alone, or with chemotherapy hidden behind its séances)",
  },
  { name: "io_alone_pdl1_high", description: "the only visible drug is an immunotherapy and PD-L1 TPS >= 50 %" },
  { name: "io_alone_squamous", description: "the only visible drug is an immunotherapy and the histology is squamous" },
  ...EARLIER_GROUPS.map((g) => ({
    name: `earlier_${g.name}`,
    description: `an earlier line had ${g.description} (visible or imputed)`,
  })),
];

const cap = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Séances of a line: on or after its first day, before `nextStart`. */
export function seancesOf(seances: readonly SeanceDay[], start: Day, nextStart: Day | undefined): SeanceDay[] {
  return seances.filter((s) => s.date >= start && (nextStart === undefined || s.date < nextStart));
}

export function compositionFeatures(
  skeleton: Skeleton,
  days: readonly SkeletonDay[],
  seances: readonly SeanceDay[],
  lineNumber: number,
  /** Molecules of the patient's earlier lines (visible and imputed; in training, the gold's). */
  earlier: ReadonlySet<string> = new Set(),
): FeatureVector {
  const { patient } = skeleton.events;
  const visible = new Set(namedMolecules(days));
  const group = biomarkerGroupOf(patient.biomarkers);
  const dates = [...new Set(seances.map((s) => s.date))].sort((a, b) => a - b);
  const intervals = dates.slice(1).map((d, i) => d - dates[i]!);
  const share = (lo: number, hi: number) =>
    intervals.length === 0 ? 0 : intervals.filter((x) => x >= lo && x <= hi).length / intervals.length;
  let d1d8 = 0;
  for (let i = 0; i + 1 < intervals.length; i++)
    if (intervals[i]! >= 6 && intervals[i]! <= 8 && intervals[i + 1]! >= 12 && intervals[i + 1]! <= 16) d1d8++;
  const anonymous = seances.filter((s) => !s.explained);
  const start = days[0]?.date ?? 0;
  const lastDay = days[days.length - 1]?.date ?? start;
  const lastVisible = Math.max(
    start,
    ...days.filter((d) => d.molecules.some((m) => visible.has(m)) && d.nonOral).map((d) => d.date),
  );
  const lastAnonymous = anonymous[anonymous.length - 1]?.date;
  const ioAlone = visible.size === 1 && ["anti_pd1_pdl1", "anti_ctla4"].includes(drugClassOf([...visible][0]!));
  return [
    patient.histology === "adenocarcinoma" ? 1 : 0,
    patient.histology === "squamous" ? 1 : 0,
    patient.histology === null || patient.histology === "nsclc_nos" ? 1 : 0,
    group !== "no driver" && group !== "untested" ? 1 : 0,
    group === "untested" ? 1 : 0,
    patient.pdl1Tps !== null && patient.pdl1Tps >= 50 ? 1 : 0,
    patient.pdl1Tps === null ? 1 : 0,
    yearOf(start),
    Math.min(lineNumber, 6),
    ...VISIBLE_MARKERS.map((m) => (visible.has(m) ? 1 : 0)),
    [...visible].some((m) => TARGETED_CLASSES.test(drugClassOf(m))) ? 1 : 0,
    visible.size,
    Math.log1p(seances.length),
    seances.length === 0 ? 0 : anonymous.length / seances.length,
    Math.min(60, median(intervals)),
    share(5, 9),
    share(12, 16),
    share(18, 25),
    share(26, 32),
    intervals.length === 0 ? 0 : d1d8 / intervals.length,
    cap(dates.length > 0 ? dates[dates.length - 1]! - dates[0]! : 0, 0, 720),
    lastAnonymous !== undefined && visible.size > 0 && lastVisible - lastAnonymous > 42 ? 1 : 0,
    anonymous[0]?.date === start ? 1 : 0,
    cap(lastDay - start, 0, 720),
    cap(patient.birthYear === null ? 60 : yearOf(start) - patient.birthYear, 30, 95),
    patient.birthYear !== null && yearOf(start) - patient.birthYear >= 80 ? 1 : 0,
    yearOf(start) >= 2017 ? 1 : 0,
    yearOf(start) >= 2019 ? 1 : 0,
    ioAlone ? 1 : 0,
    ioAlone && patient.pdl1Tps !== null && patient.pdl1Tps >= 50 ? 1 : 0,
    ioAlone && patient.histology === "squamous" ? 1 : 0,
    ...EARLIER_GROUPS.map((g) => (g.molecules.some((m) => earlier.has(m)) ? 1 : 0)),
  ];
}
