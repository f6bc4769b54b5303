/**
 * The workspace summary (summary.json) as the public build publishes it: the
 * ingestion summary without paths, file locations or timings, its accounting
 * suppressed with complements (public-accounting.ts); evaluations whose
 * subgroups of fewer than `threshold` patients are left out whole (their
 * proportions would give the counts away) and whose counts that add up
 * (patients by kind of error, gold lines by line number, subgroups of one
 * variable) are suppressed with complements; then the generic pass
 * (public-document.ts) over everything.
 */
import { publishAccounting, type AccountingCounts, type ReasonCount } from "./public-accounting.js";
import { publicDocument, type Json } from "./public-document.js";
import { CellTable } from "./small-cells.js";

type JsonObject = { [key: string]: Json };
const isObject = (v: Json | undefined): v is JsonObject => v !== null && typeof v === "object" && !Array.isArray(v);
const num = (v: Json | undefined) => (typeof v === "number" ? v : 0);

/** The ingestion summary (ingest.json) as published. */
export function publicIngestSummary(ingest: JsonObject, threshold: number): JsonObject {
  const accounting = isObject(ingest.accounting) ? ingest.accounting : {};
  const tables = (Array.isArray(accounting.tables) ? accounting.tables : []).filter(isObject);
  const reasons = (Array.isArray(accounting.reasons) ? accounting.reasons : []).filter(isObject);
  const published = publishAccounting(
    tables.map((t): AccountingCounts => ({
      table: String(t.table),
      rowsRead: num(t.rowsRead),
      used: num(t.used),
      mergedDuplicates: num(t.mergedDuplicates),
      rejected: num(t.rejected),
      outOfScope: num(t.outOfScope),
    })),
    reasons.map((r): ReasonCount => ({
      table: String(r.table),
      status: String(r.status),
      reason: String(r.reason),
      rows: num(r.rows),
    })),
    threshold,
  );
  const counts = isObject(ingest.counts) ? ingest.counts : {};
  // The data-quality counters are left out: they are margins of other published
  // tables (deaths by source add up to the overview's deaths; inferred advanced
  // dates and advanced dates by source to the advanced-dates table), suppressed
  // apart they would give back the cells hidden there.
  return {
    endOfData: ingest.endOfData ?? null,
    endOfDataSource: ingest.endOfDataSource ?? null,
    counts: {
      ...counts,
      rejectedRows: published.totals.rejectedRows,
      outOfScopeRows: published.totals.outOfScopeRows,
    },
    nonAntineoplastic: ingest.nonAntineoplastic ?? [],
    accounting: {
      tables: published.tables.map((t) => ({ ...t }) as unknown as JsonObject),
      reasons: published.reasons.map((r) => ({ ...r }) as unknown as JsonObject),
    },
  };
}

/**
 * Whether a subgroup (variable, value) of `patients` patients is hidden by the
 * joint suppression of the cohort tables (core/privacy/cohort-cells.ts: the
 * evaluation's subgroups are cohort subgroups, published in the overview too);
 * undefined when that suppression does not know it.
 */
export type JointSubgroupHidden = (variable: string, value: string, patients: number) => boolean | undefined;

/** One evaluation (evaluate-lines' summary) as published. */
export function publicEvaluation(
  evaluation: JsonObject,
  threshold: number,
  jointHidden: JointSubgroupHidden = () => undefined,
): JsonObject {
  const out: JsonObject = { ...evaluation };
  const cells = new CellTable();
  cells.cell("patients", num(evaluation.patients));
  cells.cell("goldLines", num(evaluation.goldLines));
  const kinds = (Array.isArray(evaluation.errorKinds) ? evaluation.errorKinds : []).filter(isObject);
  kinds.forEach((k, i) => cells.cell(`kind:${i}`, num(k.patients)));
  cells.relate(
    "patients",
    kinds.map((_, i) => `kind:${i}`),
  );
  const byLine = (Array.isArray(evaluation.byLineNumber) ? evaluation.byLineNumber : []).filter(isObject);
  byLine.forEach((l, i) => cells.cell(`line:${i}`, num(l.goldLines)));
  cells.relate(
    "goldLines",
    byLine.map((_, i) => `line:${i}`),
  );
  const subgroups = (Array.isArray(evaluation.subgroups) ? evaluation.subgroups : []).filter(isObject);
  const variables = new Map<string, string[]>();
  subgroups.forEach((s, i) => {
    cells.cell(`subgroup:${i}`, num(s.patients));
    const v = String(s.variable);
    variables.set(v, [...(variables.get(v) ?? []), `subgroup:${i}`]);
  });
  for (const parts of variables.values()) {
    if (parts.reduce((s, p) => s + (cells.valueOf(p) ?? 0), 0) === num(evaluation.patients))
      cells.relate("patients", parts);
  }
  const hidden = cells.suppress(threshold);
  if (hidden.has("patients")) out.patients = null;
  if (hidden.has("goldLines")) out.goldLines = null;
  out.errorKinds = kinds.map((k, i) => ({ ...k, patients: hidden.has(`kind:${i}`) ? null : (k.patients ?? null) }));
  out.byLineNumber = byLine.map((l, i) => ({
    ...l,
    goldLines: hidden.has(`line:${i}`) ? null : (l.goldLines ?? null),
  }));
  // A subgroup is left out when either suppression hides it (hiding more than the
  // joint suppression is safe: what it leaves shown is safe whatever else is hidden).
  out.subgroups = subgroups.filter(
    (s, i) =>
      !hidden.has(`subgroup:${i}`) && jointHidden(String(s.variable), String(s.value), num(s.patients)) !== true,
  );
  delete out.problems;
  return out;
}

export interface SummaryParts {
  build: string;
  source: string;
  demo: Json;
  ruleSets: string[];
  hasGold: boolean;
  ingest: Json;
  calibration: Json;
  leaderboard: Json;
  evaluations: { [method: string]: Json };
}

/** summary.json of the public build. */
export function publicSummary(
  parts: SummaryParts,
  threshold: number,
  jointHidden: JointSubgroupHidden = () => undefined,
): Json {
  const evaluation = (e: Json) => (isObject(e) ? publicEvaluation(e, threshold, jointHidden) : e);
  const leaderboard = isObject(parts.leaderboard)
    ? {
        ...parts.leaderboard,
        entries: (Array.isArray(parts.leaderboard.entries) ? parts.leaderboard.entries : [])
          .filter(isObject)
          .map((entry) => ({ ...entry, evaluation: evaluation(entry.evaluation ?? null) })),
      }
    : parts.leaderboard;
  const document: JsonObject = {
    build: parts.build,
    source: parts.source,
    minimumCellCount: threshold,
    demo: parts.demo,
    ruleSets: parts.ruleSets,
    hasGold: parts.hasGold,
    ingest: isObject(parts.ingest) ? publicIngestSummary(parts.ingest, threshold) : null,
    calibration: parts.calibration,
    leaderboard,
    evaluations: Object.fromEntries(Object.entries(parts.evaluations).map(([k, v]) => [k, evaluation(v)])),
  };
  return publicDocument(document, threshold);
}
