/**
 * Decision points of the boundary model and their features. A decision point is
 * a treatment day (after the patient's first) where a clinician could see a new
 * line start: the rule engine starts one there, treatment resumes after more
 * than 28 days, or a drug new to the current line appears. Every feature is one
 * a clinician would recognise (days since last administration, drugs added or
 * dropped relative to the current line, their classes, substitution and
 * maintenance relations, line number so far, biomarker group...). Pure.
 */
import { drugClassOf } from "../engine/administrations.js";
import { biomarkerGroupOf } from "../evaluation/subgroups.js";
import { CHEMOTHERAPY_PLACEHOLDER, INVESTIGATIONAL_PLACEHOLDER } from "../reference/drugs.js";
import { yearOf, type Day } from "../time/day.js";
import type { FeatureDefinition, FeatureVector } from "./feature-definition.js";
import type { Skeleton, SkeletonDay } from "./skeleton.js";

/** Treatment resuming after more than this many days is a decision point. */
export const RESUME_AFTER_DAYS = 28;
/** A drug of the line not given again within this many days after a point is dropped there. */
const DROP_LOOKAHEAD_DAYS = 42;

const TARGETED = new Set([
  "egfr_tki",
  "egfr_met_antibody",
  "alk_tki",
  "alk_ros1_tki",
  "ros1_ntrk_tki",
  "braf_inhibitor",
  "mek_inhibitor",
  "kras_g12c_inhibitor",
  "met_tki",
  "ret_tki",
]);
const CLASS_GROUPS: readonly { name: string; test: (m: string) => boolean; description: string }[] = [
  {
    name: "io",
    test: (m) => ["anti_pd1_pdl1", "anti_ctla4"].includes(drugClassOf(m)),
    description: "an immunotherapy",
  },
  { name: "platinum", test: (m) => drugClassOf(m) === "platinum", description: "a platinum salt" },
  { name: "taxane", test: (m) => drugClassOf(m) === "taxane", description: "a taxane" },
  {
    name: "antimetabolite",
    test: (m) => drugClassOf(m) === "antimetabolite",
    description: "pemetrexed or gemcitabine",
  },
  {
    name: "other_chemo",
    test: (m) => ["vinca_alkaloid", "topoisomerase_inhibitor"].includes(drugClassOf(m)),
    description: "vinorelbine or etoposide",
  },
  { name: "targeted", test: (m) => TARGETED.has(drugClassOf(m)), description: "a targeted therapy" },
  {
    name: "antiangiogenic",
    test: (m) => ["anti_vegf_antibody", "antiangiogenic_tki"].includes(drugClassOf(m)),
    description: "an anti-angiogenic drug",
  },
  { name: "placeholder", test: (m) => m === CHEMOTHERAPY_PLACEHOLDER, description: "an anonymous chemotherapy séance" },
  { name: "investigational", test: (m) => m === INVESTIGATIONAL_PLACEHOLDER, description: "a clinical-trial drug" },
];

export const BOUNDARY_FEATURES: readonly FeatureDefinition[] = [
  { name: "days_since_last", description: "days since the last covered day of treatment (capped at 400)" },
  { name: "interval_days", description: "days since the previous treatment day (capped at 400)" },
  { name: "next_interval_days", description: "days to the next treatment day (400 when none)" },
  { name: "rule_new_line", description: "the rule set starts a line here (1/0)" },
  { name: "rule_gap", description: "the rule set starts a line here because of a gap (1/0)" },
  { name: "rule_new_drug", description: "the rule set starts a line here because of a new drug (1/0)" },
  { name: "n_added", description: "molecules given today that are new to the current line" },
  { name: "n_kept", description: "molecules given today that are already in the current line" },
  {
    name: "n_dropped",
    description: `molecules of the current line not given again within ${DROP_LOOKAHEAD_DAYS} days`,
  },
  { name: "n_line_molecules", description: "molecules of the current line so far" },
  ...CLASS_GROUPS.map((g) => ({ name: `added_${g.name}`, description: `a molecule added today is ${g.description}` })),
  { name: "substitution", description: "a molecule added today substitutes one of the line (rule set's groups)" },
  { name: "switch_maintenance", description: "a molecule added today is a switch-maintenance drug after induction" },
  { name: "continuation_only", description: "only continuation-maintenance drugs today, after a platinum induction" },
  { name: "only_placeholder", description: "today is only anonymous chemotherapy séances" },
  { name: "same_as_line_start", description: "today's drugs are those of the current line's first day" },
  { name: "rechallenge", description: "today's drugs were all given in an earlier line" },
  { name: "line_number", description: "number of the current line (rule engine) so far" },
  { name: "line_days", description: "days from the current line's start to the previous treatment day" },
  { name: "line_treatment_days", description: "treatment days in the current line so far (capped at 60)" },
  { name: "driver_positive", description: "an actionable driver is positive" },
  { name: "biomarkers_untested", description: "no biomarker result" },
  { name: "days_since_advanced", description: "days since the advanced date (capped 0..3000)" },
  { name: "year", description: "calendar year of the day" },
  {
    name: "line_rhythm_days",
    description:
      "the current line's rhythm: median days between its treatment days (0 with fewer than two; capped at 120)",
  },
  {
    name: "interval_in_rhythms",
    description: "days since the previous treatment day in units of the line's rhythm (0 when unknown; capped at 10)",
  },
  {
    name: "anonymous_day8_15",
    description: "only anonymous séances today, 6-8 or 13-15 days after a day with a visible drug of the line",
  },
  {
    name: "within_regimen_window",
    description:
      "today is within the rule set's regimen window of the current line's start (drugs of one regimen starting a few days apart)",
  },
  {
    name: "anonymous_after_visible",
    description: "only anonymous séances today while the current line has a visible drug",
  },
  {
    name: "anonymous_in_anonymous_line",
    description: "only anonymous séances today and the current line is only anonymous séances",
  },
  {
    name: "visible_after_anonymous",
    description: "a visible drug today while the current line is only anonymous séances",
  },
  {
    name: "line_drugs_resume",
    description:
      "every visible drug of the current line is given again within two of the line's rhythms (+7 days) after today",
  },
];

export interface BoundaryPoint {
  /** Index of the day in `skeleton.days`. */
  dayIndex: number;
  date: Day;
  features: FeatureVector;
  /** The rule engine starts a line here. */
  ruleStart: boolean;
}

const cap = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

function substitutes(groups: readonly (readonly string[])[], m: string, line: ReadonlySet<string>): boolean {
  return groups.some((g) => g.includes(m) && g.some((o) => o !== m && line.has(o)));
}

/** Every decision point of a patient, with its features. */
export function boundaryPoints(skeleton: Skeleton): BoundaryPoint[] {
  const { days, rules, ruleLines, events } = skeleton;
  const starts = new Map(ruleLines.lines.map((l) => [l.startDate, l.startDecision.rule]));
  const patient = events.patient;
  const markers = biomarkerGroupOf(patient.biomarkers);
  const points: BoundaryPoint[] = [];
  let lineStart = 0;
  let lineNumber = 1;
  let line = new Set<string>(days[0]?.molecules ?? []);
  const earlier = new Set<string>();
  let coverage = days[0]?.coverageEnd ?? 0;
  let lastVisible: Day | null = days[0]?.molecules.some((m) => m !== CHEMOTHERAPY_PLACEHOLDER) ? days[0]!.date : null;
  for (let i = 1; i < days.length; i++) {
    const day = days[i]!;
    const prev = days[i - 1]!;
    const ruleStart = starts.has(day.date);
    const added = day.molecules.filter((m) => !line.has(m));
    const gap = day.date - coverage;
    const isPoint = ruleStart || gap > RESUME_AFTER_DAYS || added.length > 0;
    if (isPoint) {
      const later = new Set<string>();
      for (let j = i; j < days.length && days[j]!.date <= day.date + DROP_LOOKAHEAD_DAYS; j++)
        for (const m of days[j]!.molecules) later.add(m);
      const dropped = [...line].filter((m) => !later.has(m)).length;
      const first = days[lineStart]!;
      const inductionClass = [...line].some((m) => ["platinum", "chemotherapy"].includes(drugClassOf(m)));
      const sw = rules.maintenance.switch;
      const cont = rules.maintenance.continuation;
      const rule = starts.get(day.date);
      const rhythm = medianInterval(days, lineStart, i);
      const interval = day.date - prev.date;
      const sinceVisible = lastVisible === null ? -1 : day.date - lastVisible;
      const onlyPlaceholder = day.molecules.length === 1 && day.molecules[0] === CHEMOTHERAPY_PLACEHOLDER;
      const lineAnonymous = [...line].every((m) => m === CHEMOTHERAPY_PLACEHOLDER);
      const features: FeatureVector = [
        cap(gap, -400, 400),
        cap(day.date - prev.date, 0, 400),
        cap((days[i + 1]?.date ?? day.date + 400) - day.date, 0, 400),
        ruleStart ? 1 : 0,
        rule === "gap" ? 1 : 0,
        rule === "new_drug" ? 1 : 0,
        added.length,
        day.molecules.length - added.length,
        dropped,
        line.size,
        ...CLASS_GROUPS.map((g) => (added.some(g.test) ? 1 : 0)),
        added.some((m) => substitutes(rules.substitutions, m, line)) ? 1 : 0,
        added.some((m) => sw.molecules.includes(m)) && inductionClass ? 1 : 0,
        day.molecules.every((m) => cont.molecules.includes(m)) && inductionClass ? 1 : 0,
        day.molecules.length === 1 && day.molecules[0] === CHEMOTHERAPY_PLACEHOLDER ? 1 : 0,
        day.molecules.join(";") === first.molecules.join(";") ? 1 : 0,
        day.molecules.every((m) => earlier.has(m)) ? 1 : 0,
        lineNumber,
        cap(prev.date - first.date, 0, 3000),
        Math.min(60, i - lineStart),
        markers !== "no driver" && markers !== "untested" ? 1 : 0,
        markers === "untested" ? 1 : 0,
        patient.advancedDate === null ? 0 : cap(day.date - patient.advancedDate, 0, 3000),
        yearOf(day.date),
        cap(rhythm, 0, 120),
        rhythm > 0 ? cap(interval / rhythm, 0, 10) : 0,
        onlyPlaceholder && ((sinceVisible >= 6 && sinceVisible <= 8) || (sinceVisible >= 13 && sinceVisible <= 15))
          ? 1
          : 0,
        day.date - first.date <= rules.regimenWindowDays ? 1 : 0,
        onlyPlaceholder && !lineAnonymous ? 1 : 0,
        onlyPlaceholder && lineAnonymous ? 1 : 0,
        !onlyPlaceholder && lineAnonymous && day.molecules.some((m) => m !== CHEMOTHERAPY_PLACEHOLDER) ? 1 : 0,
        lineDrugsResume(days, i, line, rhythm),
      ];
      points.push({ dayIndex: i, date: day.date, features, ruleStart });
    }
    if (ruleStart) {
      for (const m of line) earlier.add(m);
      line = new Set(day.molecules);
      lineStart = i;
      lineNumber++;
    } else for (const m of day.molecules) line.add(m);
    if (ruleStart) lastVisible = null;
    if (day.molecules.some((m) => m !== CHEMOTHERAPY_PLACEHOLDER)) lastVisible = day.date;
    coverage = Math.max(coverage, day.coverageEnd);
  }
  return points;
}

/** 1 when every visible drug of the line is given again within two rhythms (+7 days) from day i on. */
function lineDrugsResume(days: readonly SkeletonDay[], i: number, line: ReadonlySet<string>, rhythm: number): number {
  const visible = [...line].filter((m) => m !== CHEMOTHERAPY_PLACEHOLDER);
  if (visible.length === 0) return 0;
  const until = days[i]!.date + 2 * Math.max(rhythm, 21) + 7;
  const seen = new Set<string>();
  for (let j = i; j < days.length && days[j]!.date <= until; j++) for (const m of days[j]!.molecules) seen.add(m);
  return visible.every((m) => seen.has(m)) ? 1 : 0;
}

/** Median interval between consecutive treatment days from index `from` to `to` (exclusive); 0 if fewer than two. */
function medianInterval(days: readonly SkeletonDay[], from: number, to: number): number {
  const intervals: number[] = [];
  for (let j = from + 1; j < to; j++) intervals.push(days[j]!.date - days[j - 1]!.date);
  if (intervals.length === 0) return 0;
  intervals.sort((a, b) => a - b);
  const mid = intervals.length >> 1;
  return intervals.length % 2 === 1 ? intervals[mid]! : (intervals[mid - 1]! + intervals[mid]!) / 2;
}

/** Days of a patient split into segments at the given day indexes (each segment = one line). */
export function segmentsAt(days: readonly SkeletonDay[], boundaries: readonly number[]): SkeletonDay[][] {
  if (days.length === 0) return [];
  const cuts = [0, ...[...new Set(boundaries)].filter((b) => b > 0 && b < days.length).sort((a, b) => a - b)];
  return cuts.map((c, k) => days.slice(c, cuts[k + 1] ?? days.length));
}
