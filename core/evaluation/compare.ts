/**
 * One patient's predicted lines against the gold standard (data contract,
 * section 5): lines matched in order, boundary matching, TTNT observations and
 * the kind of error, for scoring and for the error explorer.
 */
import type { LineRecord } from "../lines/line-record.js";
import { censoringDay, DEFAULT_CENSORING, type Censoring } from "../statistics/censoring.js";
import type { SurvivalObservation } from "../statistics/kaplan-meier.js";
import type { Day } from "../time/day.js";
import { moleculeAgreement, type MoleculeAgreement } from "./molecule-sets.js";

/** Tolerances of the contract's scoring. */
export const START_TOLERANCE_DAYS = 30;
export const BOUNDARY_TOLERANCE_DAYS = 30;

/** What the scoring needs to know about a cohort patient (ODH_PATIENT + follow-up). */
export interface EvaluationPatient {
  patientId: string;
  deathDate: Day | null;
  /** End of follow-up: death or end of data. */
  followUpEnd: Day;
  /** Last contact of any kind in the data (ingestion outputs), when known: see core/statistics/censoring.ts. */
  lastContact?: Day | null;
  histology: string | null;
  biomarkerGroup: string;
}

export interface LineComparison {
  lineNumber: number;
  gold: LineRecord | undefined;
  pred: LineRecord | undefined;
  equal: boolean;
  equalStrict: boolean;
  jaccard: number;
  jaccardStrict: number;
  /** |pred start − gold start| when both lines exist. */
  startErrorDays: number | null;
}

export type ErrorKind =
  | "agree"
  | "missed_lines" // fewer predicted lines than gold
  | "extra_lines" // more predicted lines than gold
  | "molecules_differ" // same number of lines, some molecule set differs
  | "start_shift"; // same lines and molecules, a start off by more than 30 days

export interface PatientComparison {
  patient: EvaluationPatient;
  gold: LineRecord[];
  pred: LineRecord[];
  lines: LineComparison[];
  exact: boolean;
  exactStrict: boolean;
  sameCount: boolean;
  boundary: { matchedPred: number; predStarts: number; goldStarts: number };
  ttntGold: SurvivalObservation | null;
  ttntPred: SurvivalObservation | null;
  errorKind: ErrorKind;
  /** Short facts for the explorer, e.g. "line 2: chemotherapy placeholder vs carboplatin;paclitaxel". */
  notes: string[];
}

const byNumber = (a: LineRecord, b: LineRecord) => a.lineNumber - b.lineNumber;

/**
 * Time to next treatment from line 1: to line 2 start or death (event), else
 * censored at the end of follow-up, or at the last contact with
 * `censoring = "last_contact"` (core/statistics/censoring.ts). Null without a line 1.
 */
export function ttntObservation(
  lines: readonly LineRecord[],
  patient: EvaluationPatient,
  censoring: Censoring = DEFAULT_CENSORING,
): SurvivalObservation | null {
  const first = lines[0];
  if (!first) return null;
  const second = lines[1];
  if (second) return { time: Math.max(0, second.startDate - first.startDate), event: true };
  if (patient.deathDate !== null) return { time: Math.max(0, patient.deathDate - first.startDate), event: true };
  const censoredAt = censoringDay(patient.followUpEnd, patient.lastContact, censoring);
  return { time: Math.max(0, censoredAt - first.startDate), event: false };
}

/** Greedy closest-first matching of starts within the tolerance; returns the number of matched pairs. */
export function matchBoundaries(
  goldStarts: readonly Day[],
  predStarts: readonly Day[],
  tolerance = BOUNDARY_TOLERANCE_DAYS,
): number {
  if (goldStarts.length === 0 || predStarts.length === 0) return 0;
  const pairs: { distance: number; g: number; p: number }[] = [];
  goldStarts.forEach((g, gi) =>
    predStarts.forEach((p, pi) => {
      const distance = Math.abs(g - p);
      if (distance <= tolerance) pairs.push({ distance, g: gi, p: pi });
    }),
  );
  pairs.sort((a, b) => a.distance - b.distance || a.g - b.g || a.p - b.p);
  const usedGold = new Set<number>();
  const usedPred = new Set<number>();
  let matched = 0;
  for (const { g, p } of pairs) {
    if (usedGold.has(g) || usedPred.has(p)) continue;
    usedGold.add(g);
    usedPred.add(p);
    matched++;
  }
  return matched;
}

/**
 * Remembers the agreement of molecule lists already compared. Lines read from
 * one file share the array of equal molecules cells (the submission reader
 * interns them), so a cohort has few distinct pairs.
 */
export class AgreementCache {
  private readonly byGold = new Map<readonly string[], Map<readonly string[], MoleculeAgreement>>();
  of(gold: readonly string[], pred: readonly string[]): MoleculeAgreement {
    let inner = this.byGold.get(gold);
    if (!inner) this.byGold.set(gold, (inner = new Map()));
    let agreement = inner.get(pred);
    if (!agreement) inner.set(pred, (agreement = moleculeAgreement(gold, pred)));
    return agreement;
  }
}

const inOrder = (lines: readonly LineRecord[]): LineRecord[] => {
  for (let i = 1; i < lines.length; i++)
    if (lines[i - 1]!.lineNumber > lines[i]!.lineNumber) return [...lines].sort(byNumber);
  return lines as LineRecord[];
};

/**
 * One patient's comparison. The line lists are kept as given when already in
 * line-number order (not copied): do not change them afterwards.
 */
export function comparePatient(
  patient: EvaluationPatient,
  goldLines: readonly LineRecord[],
  predLines: readonly LineRecord[],
  cache?: AgreementCache,
  censoring: Censoring = DEFAULT_CENSORING,
): PatientComparison {
  const gold = inOrder(goldLines);
  const pred = inOrder(predLines);
  const n = Math.max(gold.length, pred.length);
  const lines: LineComparison[] = [];
  for (let k = 0; k < n; k++) {
    const g = gold[k];
    const p = pred[k];
    if (g !== undefined && p !== undefined) {
      const a = cache ? cache.of(g.molecules, p.molecules) : moleculeAgreement(g.molecules, p.molecules);
      lines.push({
        lineNumber: k + 1,
        gold: g,
        pred: p,
        equal: a.equal,
        equalStrict: a.equalStrict,
        jaccard: a.jaccard,
        jaccardStrict: a.jaccardStrict,
        startErrorDays: Math.abs(p.startDate - g.startDate),
      });
    } else {
      lines.push({
        lineNumber: k + 1,
        gold: g,
        pred: p,
        equal: false,
        equalStrict: false,
        jaccard: 0,
        jaccardStrict: 0,
        startErrorDays: null,
      });
    }
  }
  const sameCount = gold.length === pred.length;
  const startsOk = lines.every((l) => l.startErrorDays !== null && l.startErrorDays <= START_TOLERANCE_DAYS);
  const exact = sameCount && lines.every((l) => l.equal) && startsOk;
  const exactStrict = sameCount && lines.every((l) => l.equalStrict) && startsOk;
  const matchedPred = matchBoundaries(
    gold.map((l) => l.startDate),
    pred.map((l) => l.startDate),
  );

  let errorKind: ErrorKind = "agree";
  const notes: string[] = [];
  if (!exact) {
    if (pred.length < gold.length) errorKind = "missed_lines";
    else if (pred.length > gold.length) errorKind = "extra_lines";
    else if (!lines.every((l) => l.equal)) errorKind = "molecules_differ";
    else errorKind = "start_shift";
    for (const l of lines) {
      const g = l.gold?.molecules.join(";") ?? "—";
      const p = l.pred?.molecules.join(";") ?? "—";
      if (!l.equal) notes.push(`line ${l.lineNumber}: predicted ${p} vs gold ${g}`);
      else if (l.startErrorDays !== null && l.startErrorDays > START_TOLERANCE_DAYS) {
        notes.push(`line ${l.lineNumber}: start off by ${l.startErrorDays} days`);
      }
    }
  }
  return {
    patient,
    gold,
    pred,
    lines,
    exact,
    exactStrict,
    sameCount,
    boundary: { matchedPred, predStarts: pred.length, goldStarts: gold.length },
    ttntGold: ttntObservation(gold, patient, censoring),
    ttntPred: ttntObservation(pred, patient, censoring),
    errorKind,
    notes,
  };
}
