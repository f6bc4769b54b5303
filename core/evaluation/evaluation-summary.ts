/**
 * The parts of an evaluation that are plain counts over the compared patients
 * (no bootstrap): metrics by line number, the confusion of regimen classes,
 * patients by kind of error, numbers of lines. Accumulated one comparison at a
 * time, so the comparisons need not be kept.
 */
import { regimenClassOf } from "../engine/regimen.js";
import type { PatientComparison } from "./compare.js";

/** Line numbers reported one by one; later lines are pooled in the last. */
export const LINE_NUMBERS_REPORTED = [1, 2, 3, 4] as const;

export interface LineNumberMetrics {
  /** "1", "2", "3", "4+" */
  line: string;
  goldLines: number;
  regimenMatch: number | null;
  meanJaccard: number | null;
  startWithin30: number | null;
}

export interface SummaryCounts {
  patients: number;
  goldLines: number;
  predictedLines: number;
  byLineNumber: LineNumberMetrics[];
  /** Regimen classes of gold line k vs predicted line k; "none" when the line is missing. */
  regimenConfusion: { gold: string; predicted: string; count: number }[];
  errorKinds: { kind: string; patients: number }[];
}

const ratio = (num: number, den: number): number | null => (den > 0 ? num / den : null);

export class EvaluationSummary {
  private patients = 0;
  private goldLines = 0;
  private predictedLines = 0;
  private readonly buckets = LINE_NUMBERS_REPORTED.map(() => ({ gold: 0, eq: 0, jac: 0, matched: 0, within: 0 }));
  private readonly confusion = new Map<string, number>();
  private readonly kinds = new Map<string, number>();
  /** Lines of one file often share their molecules array (the submission reader interns them). */
  private readonly classOf = new Map<readonly string[], string>();

  private regimenClass(molecules: readonly string[]): string {
    let c = this.classOf.get(molecules);
    if (c === undefined) this.classOf.set(molecules, (c = regimenClassOf(molecules)));
    return c;
  }

  add(c: PatientComparison): void {
    this.patients++;
    this.goldLines += c.gold.length;
    this.predictedLines += c.pred.length;
    this.kinds.set(c.errorKind, (this.kinds.get(c.errorKind) ?? 0) + 1);
    for (const l of c.lines) {
      const bucket = this.buckets[Math.min(l.lineNumber, LINE_NUMBERS_REPORTED.length) - 1]!;
      if (l.gold) {
        bucket.gold++;
        if (l.equal) bucket.eq++;
        bucket.jac += l.jaccard;
      }
      if (l.startErrorDays !== null) {
        bucket.matched++;
        if (l.startErrorDays <= 30) bucket.within++;
      }
      const key = `${l.gold ? this.regimenClass(l.gold.molecules) : "none"}\u0000${l.pred ? this.regimenClass(l.pred.molecules) : "none"}`;
      this.confusion.set(key, (this.confusion.get(key) ?? 0) + 1);
    }
  }

  finish(): SummaryCounts {
    const last = LINE_NUMBERS_REPORTED.length;
    return {
      patients: this.patients,
      goldLines: this.goldLines,
      predictedLines: this.predictedLines,
      byLineNumber: this.buckets.map((b, i) => ({
        line: i + 1 === last ? `${i + 1}+` : String(i + 1),
        goldLines: b.gold,
        regimenMatch: ratio(b.eq, b.gold),
        meanJaccard: ratio(b.jac, b.gold),
        startWithin30: ratio(b.within, b.matched),
      })),
      regimenConfusion: [...this.confusion]
        .map(([key, count]) => {
          const [gold, predicted] = key.split("\u0000") as [string, string];
          return { gold, predicted, count };
        })
        .sort((a, b) => b.count - a.count || a.gold.localeCompare(b.gold) || a.predicted.localeCompare(b.predicted)),
      errorKinds: [...this.kinds]
        .map(([kind, patients]) => ({ kind, patients }))
        .sort((a, b) => b.patients - a.patients),
    };
  }
}
