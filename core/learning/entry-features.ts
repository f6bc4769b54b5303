/**
 * Where line 1 starts when the advanced date is inferred (no warehouse date):
 * the first stay that codes a metastasis often comes weeks after the first line
 * started (imaging, treatment, then the stay), so the rules' index window can
 * leave the whole first line out. An _entry candidate_ is a line the rule engine
 * finds, with a longer look-back, starting before the rules' window for an
 * inferred index (`index.inferredLookbackDays`, else `lookbackDays`); the entry
 * model says whether it belongs to advanced disease (line 1) or is earlier,
 * curative treatment (chemoradiation, consolidation, treatment around surgery).
 * Features are what a clinician would look at: how long before the inferred
 * index it starts, whether it runs into it, radiotherapy or surgery around it,
 * durvalumab alone, its drug classes. Pure.
 */
import { drugClassOf } from "../engine/administrations.js";
import { reconstructPatient } from "../engine/reconstruct.js";
import type { PatientLines, ReconstructedLine } from "../engine/types.js";
import type { PatientEvents } from "../events/events.js";
import type { LineRecord } from "../lines/line-record.js";
import { CHEMOTHERAPY_PLACEHOLDER } from "../reference/drugs.js";
import type { RuleSet } from "../rules/rule-set.js";
import type { Day } from "../time/day.js";
import type { FeatureDefinition, FeatureVector } from "./feature-definition.js";

/** How far before an inferred index an entry candidate may start. */
export const ENTRY_LOOKBACK_DAYS = 180;
/** A gold line 1 starting within this many days of a candidate makes it line 1 (the scoring tolerance). */
const ENTRY_TOLERANCE_DAYS = 30;

export const ENTRY_FEATURES: readonly FeatureDefinition[] = [
  { name: "days_before_index", description: "days from the candidate's start to the inferred index" },
  {
    name: "days_after_last",
    description: "days from the candidate's last treatment day to the index (negative: runs past it)",
  },
  {
    name: "gap_to_next",
    description: "days from the candidate's last treatment day to the next treatment (400 when none)",
  },
  { name: "duration_days", description: "days from the candidate's start to its last treatment day (capped at 400)" },
  { name: "radiotherapy_during", description: "radiotherapy séances during the candidate's first 60 days" },
  { name: "surgery_before", description: "lung surgery in the 180 days before the candidate" },
  { name: "surgery_after", description: "lung surgery in the 120 days after the candidate's start" },
  { name: "durvalumab_only", description: "durvalumab is the candidate's only drug (consolidation)" },
  { name: "io", description: "the candidate has an immunotherapy" },
  { name: "platinum", description: "the candidate has a platinum salt" },
  { name: "etoposide_or_vinorelbine", description: "the candidate has etoposide or vinorelbine" },
  { name: "targeted", description: "the candidate has an oral targeted therapy" },
  { name: "anonymous_only", description: "the candidate is only anonymous chemotherapy séances" },
  { name: "candidate_number", description: "candidates before this one" },
];

export interface EntryCandidate {
  /** The rule engine's line (long look-back) the candidate is. */
  line: ReconstructedLine;
  features: FeatureVector;
}

/** The rule set with the entry look-back (before the inferred index). */
export function entryRules(rules: RuleSet): RuleSet {
  return {
    ...rules,
    index: { ...rules.index, lookbackDays: ENTRY_LOOKBACK_DAYS, inferredLookbackDays: ENTRY_LOOKBACK_DAYS },
  };
}

/** The rules' own look-back before an inferred index. */
export function inferredWindowDays(rules: RuleSet): number {
  return rules.index.inferredLookbackDays ?? rules.index.lookbackDays;
}

const TARGETED_CLASSES = new Set([
  "egfr_tki",
  "alk_tki",
  "alk_ros1_tki",
  "ros1_ntrk_tki",
  "braf_inhibitor",
  "mek_inhibitor",
  "kras_g12c_inhibitor",
  "met_tki",
  "ret_tki",
]);

/**
 * The entry candidates of a patient whose advanced date was inferred: lines of
 * the long look-back reconstruction that start before the rules' window for an
 * inferred index.
 * Empty when the advanced date was read (or missing).
 */
export function entryCandidates(
  events: PatientEvents,
  rules: RuleSet,
): { lines: PatientLines; candidates: EntryCandidate[] } | null {
  const { patient } = events;
  if (!patient.advancedDateInferred || patient.advancedDate === null) return null;
  const index = patient.advancedDate;
  const lines = reconstructPatient(events, entryRules(rules));
  const threshold = index - inferredWindowDays(rules);
  const early = lines.lines.filter((l) => l.startDate < threshold);
  if (early.length === 0) return null;
  const radiotherapy = events.sessions.filter((s) => s.kind === "radiotherapy").map((s) => s.date);
  const surgery = events.sessions.filter((s) => s.kind === "surgery").map((s) => s.date);
  const candidates = early.map((line, k) => {
    const next = lines.lines[lines.lines.indexOf(line) + 1];
    const last = line.lastTreatmentDay;
    const classes = line.molecules.map(drugClassOf);
    const near = (dates: Day[], from: Day, to: Day) => (dates.some((d) => d >= from && d <= to) ? 1 : 0);
    const features: FeatureVector = [
      index - line.startDate,
      Math.max(-400, Math.min(400, index - last)),
      next ? Math.min(400, next.startDate - last) : 400,
      Math.min(400, last - line.startDate),
      near(radiotherapy, line.startDate - 14, line.startDate + 60),
      near(surgery, line.startDate - 180, line.startDate - 1),
      near(surgery, line.startDate + 1, line.startDate + 120),
      line.molecules.length === 1 && line.molecules[0] === "durvalumab" ? 1 : 0,
      classes.includes("anti_pd1_pdl1") ? 1 : 0,
      classes.includes("platinum") ? 1 : 0,
      line.molecules.includes("etoposide") || line.molecules.includes("vinorelbine") ? 1 : 0,
      classes.some((c) => TARGETED_CLASSES.has(c)) ? 1 : 0,
      line.molecules.length === 1 && line.molecules[0] === CHEMOTHERAPY_PLACEHOLDER ? 1 : 0,
      k,
    ];
    return { line, features };
  });
  return { lines, candidates };
}

/** 1 when a gold line 1 starts within the scoring tolerance of the candidate, else 0. */
export function entryLabel(candidate: EntryCandidate, gold: readonly LineRecord[]): number {
  const first = gold.find((l) => l.lineNumber === 1);
  return first && Math.abs(first.startDate - candidate.line.startDate) <= ENTRY_TOLERANCE_DAYS ? 1 : 0;
}
