/**
 * Learned reconstruction of one patient: the rule engine's treatment days and
 * séances (skeleton), line boundaries from the boundary classifier, and the
 * molecules behind anonymous séances from the composition classifier. Every
 * boundary and every imputation carries its probability and the features that
 * drove it in the line's decisions (the lines file's `trace`). Pure.
 */
import { lineEnd } from "../engine/line-end.js";
import { regimenClassOf, regimenLabelOf } from "../engine/regimen.js";
import type { Decision, PatientLines, ReconstructedLine } from "../engine/types.js";
import { CHEMOTHERAPY_PLACEHOLDER } from "../reference/drugs.js";
import type { PatientEvents } from "../events/events.js";
import { formatDay, type Day } from "../time/day.js";
import { boundaryPoints, segmentsAt } from "./boundary-features.js";
import { COMPOSITION_FEATURES, compositionFeatures, seancesOf } from "./composition-features.js";
import { featuresByName } from "./feature-definition.js";
import type { Contribution } from "./linear-classifier.js";
import type { LoadedModel } from "./learned-model.js";
import { buildSkeleton, namedMolecules, type EntryChooser, type Skeleton, type SkeletonDay } from "./skeleton.js";

const formatContributions = (items: readonly Contribution[]) =>
  items
    .map(
      (c) =>
        `${c.feature}=${Number.isInteger(c.value) ? c.value : c.value.toFixed(2)} (${c.contribution >= 0 ? "+" : ""}${c.contribution.toFixed(2)})`,
    )
    .join(", ");

export interface Imputation {
  /** Molecules imputed behind the line's séances ("" class = none). */
  molecules: string[];
  probability: number;
  alternatives: { molecules: string; probability: number }[];
  drivers: Contribution[];
}

/** Most likely molecules behind a line's séances, never leaving the line empty. */
export function imputeLine(
  model: LoadedModel,
  skeleton: Skeleton,
  days: readonly SkeletonDay[],
  nextStart: Day | undefined,
  lineNumber: number,
  earlier: ReadonlySet<string> = new Set(),
): Imputation | null {
  const start = days[0]?.date;
  if (start === undefined) return null;
  const seances = seancesOf(skeleton.seances, start, nextStart);
  if (seances.length === 0) return null;
  if (model.composition.json.classes.length === 0) return null; // too few training lines for any class
  const features = featuresByName(
    COMPOSITION_FEATURES,
    compositionFeatures(skeleton, days, seances, lineNumber, earlier),
    model.composition.json.features,
  );
  const probs = model.composition.probabilities([features])[0]!;
  const classes = model.composition.json.classes;
  const named = namedMolecules(days);
  const order = probs.map((p, i) => ({ p, i })).sort((a, b) => b.p - a.p || a.i - b.i);
  const best = order.find(({ i }) => named.length > 0 || classes[i] !== "") ?? order[0]!;
  return {
    molecules: classes[best.i] === "" ? [] : classes[best.i]!.split(";"),
    probability: best.p,
    alternatives: order
      .filter((o) => o.i !== best.i)
      .slice(0, 2)
      .map((o) => ({ molecules: classes[o.i] || "nothing", probability: o.p })),
    drivers: model.composition.explain(features, best.i, 4),
  };
}

/**
 * How the learned boundaries are chosen:
 * - `guarded` (the model's default when it has an override threshold): the
 *   rules' line skeleton is kept, and a rule boundary is overridden only where
 *   the calibrated probability is confidently against it (P(continue) at or
 *   above the threshold removes a rule start; P(new line) at or above it adds one;
 *   a threshold of 1 never overrides);
 * - `learned`: every decision point is decided by P(new line) ≥ the model's threshold;
 * - `rules`: the rule engine's boundaries, only séances imputed (to measure each part's effect).
 */
export type BoundaryMode = "guarded" | "learned" | "rules";

export interface LearnedOptions {
  boundaries?: BoundaryMode;
  /** Override threshold of the `guarded` mode (default: the model's). */
  overrideThreshold?: number;
}

/** The boundary mode a model is used with when none is asked for. */
export const defaultBoundaryMode = (model: LoadedModel): BoundaryMode =>
  model.overrideThreshold === null ? "learned" : "guarded";

/** Whether a decision point starts a line, given the rule's answer and the model's P(new line). */
export function startsLine(
  ruleStart: boolean,
  pStart: number,
  mode: BoundaryMode,
  threshold: { learned: number; override: number },
): boolean {
  if (mode === "rules") return ruleStart;
  if (mode === "learned") return pStart >= threshold.learned;
  if (threshold.override >= 1) return ruleStart; // never overridden
  return ruleStart ? 1 - pStart < threshold.override : pStart >= threshold.override;
}

/** Entry decision of the model: the first candidate with P(line 1) at or above the threshold. */
export function entryChooser(
  model: LoadedModel,
  record?: (decision: { p: number; drivers: Contribution[] }) => void,
): EntryChooser | undefined {
  const classifier = model.entry;
  if (!classifier) return undefined;
  const yes = classifier.json.classes.indexOf("line1");
  return (candidates) => {
    const probs = classifier.probabilities(candidates.map((c) => c.features));
    const k = probs.findIndex((p) => p[yes]! >= model.entryThreshold);
    if (k < 0) return null;
    record?.({ p: probs[k]![yes]!, drivers: classifier.explain(candidates[k]!.features, yes, 4) });
    return candidates[k]!;
  };
}

export function reconstructLearned(
  events: PatientEvents,
  model: LoadedModel,
  options: LearnedOptions = {},
): PatientLines {
  return prepareLearned(events, model, options.boundaries === "rules").reconstruct(
    options.boundaries ?? defaultBoundaryMode(model),
    options.overrideThreshold ?? model.overrideThreshold ?? 1,
  );
}

/**
 * A patient's skeleton, decision points and boundary probabilities, computed
 * once; `reconstruct` then builds the lines for a boundary mode and override
 * threshold (cross-validation tries several on the same patient).
 */
export function prepareLearned(
  events: PatientEvents,
  model: LoadedModel,
  withoutEntry = false,
): { reconstruct: (mode: BoundaryMode, overrideThreshold: number) => PatientLines } {
  let entryDecision: { p: number; drivers: Contribution[] } | undefined;
  const skeleton = buildSkeleton(
    events,
    model.rules,
    withoutEntry ? undefined : entryChooser(model, (d) => (entryDecision = d)),
  );
  const points = boundaryPoints(skeleton);
  const probabilities = model.boundary.probabilities(points.map((p) => p.features));
  const startClass = model.boundary.json.classes.indexOf("start");
  return {
    reconstruct: (mode, overrideThreshold) => {
      const chosen = new Map<number, { p: number; drivers: Contribution[] }>();
      points.forEach((point, k) => {
        const p = probabilities[k]![startClass]!;
        if (startsLine(point.ruleStart, p, mode, { learned: model.threshold, override: overrideThreshold }))
          chosen.set(point.dayIndex, {
            p: mode === "rules" ? 1 : p,
            drivers: mode === "rules" ? [] : model.boundary.explain(point.features, startClass, 4),
          });
      });
      return assembleLines(events, model, skeleton, mode === "rules" ? undefined : entryDecision, chosen, {
        mode,
        overrideThreshold,
        removed: points.flatMap((point, k) =>
          point.ruleStart && !chosen.has(point.dayIndex)
            ? [
                {
                  date: point.date,
                  p: probabilities[k]![startClass]!,
                  drivers: model.boundary.explain(point.features, 1 - startClass, 4),
                },
              ]
            : [],
        ),
      });
    },
  };
}

function assembleLines(
  events: PatientEvents,
  model: LoadedModel,
  skeleton: Skeleton,
  entryDecision: { p: number; drivers: Contribution[] } | undefined,
  chosen: ReadonlyMap<number, { p: number; drivers: Contribution[] }>,
  how: {
    mode: BoundaryMode;
    overrideThreshold: number;
    /** Rule starts the model overrode (same line), with P(new line) and the features that drove it. */
    removed: readonly { date: Day; p: number; drivers: Contribution[] }[];
  },
): PatientLines {
  const { ruleLines, days, rules } = skeleton;
  const segments = segmentsAt(days, [...chosen.keys()]);
  const { patient } = events;
  let dayIndex = 0;
  let previousCoverage: Day | null = null;
  const earlier = new Set<string>();
  const lines: ReconstructedLine[] = segments.map((segment, k) => {
    const lineNumber = k + 1;
    const start = segment[0]!.date;
    const nextStart = segments[k + 1]?.[0]?.date;
    const lastTreatmentDay = Math.max(...segment.map((d) => d.coverageEnd));
    const ruleLine = ruleLines.lines.find((l) => l.startDate === start);
    const container = [...ruleLines.lines].reverse().find((l) => l.startDate <= start);
    const boundary = chosen.get(dayIndex);
    dayIndex += segment.length;
    const molecules0 = [...new Set(segment.flatMap((d) => d.molecules))].sort();

    let startDecision: Decision;
    if (k === 0 && skeleton.entry && entryDecision) {
      startDecision = {
        rule: "first_treatment",
        date: start,
        molecules: segment[0]!.molecules,
        detail:
          `learned entry: line 1 starts ${(patient.advancedDate ?? start) - start} days before the advanced date ` +
          `inferred from the first metastasis code (P(line 1) = ${entryDecision.p.toFixed(2)}); ` +
          `driven by ${formatContributions(entryDecision.drivers)}; the rules leave it out`,
      };
    } else if (k === 0) {
      startDecision = ruleLine?.startDecision ?? {
        rule: "first_treatment",
        date: start,
        molecules: segment[0]!.molecules,
        detail: "first administration",
      };
    } else if (how.mode === "rules" && ruleLine) {
      startDecision = ruleLine.startDecision;
    } else if (how.mode === "guarded" && ruleLine) {
      startDecision = {
        ...ruleLine.startDecision,
        detail:
          `${ruleLine.startDecision.detail}; kept by the learned model (P(new line) = ${(boundary?.p ?? 0).toFixed(2)}, ` +
          `it overrides a rule only at P ≥ ${how.overrideThreshold.toFixed(2)} against it)`,
      };
    } else {
      const gap = start - (previousCoverage ?? start);
      const rule = gap > rules.gap.days ? "gap" : "new_drug";
      startDecision = {
        rule,
        date: start,
        molecules: segment[0]!.molecules,
        detail:
          `learned boundary: P(new line) = ${(boundary?.p ?? 0).toFixed(2)} (${gap}-day gap); ` +
          `driven by ${formatContributions(boundary?.drivers ?? [])}` +
          (ruleLine
            ? `; the rules agree (${ruleLine.startDecision.rule})`
            : how.mode === "guarded"
              ? `; overrides the rules, which would continue the line (override at P ≥ ${how.overrideThreshold.toFixed(2)})`
              : "; the rules would continue the line"),
      };
    }
    previousCoverage = Math.max(previousCoverage ?? lastTreatmentDay, lastTreatmentDay);

    const decisions: Decision[] = ruleLines.lines
      .flatMap((l) => l.decisions)
      .filter((d) => d.date >= start && (nextStart === undefined || d.date < nextStart));
    for (const { date, p, drivers } of how.removed) {
      if (date < start || (nextStart !== undefined && date >= nextStart)) continue;
      const overridden = ruleLines.lines.find((l) => l.startDate === date)!;
      decisions.push({
        rule: "learned_continuation",
        date,
        molecules: overridden.startDecision.molecules,
        detail:
          `the rules start a line here (${overridden.startDecision.rule}: ${overridden.startDecision.detail}); ` +
          `the learned model continues the line: P(new line) = ${p.toFixed(2)}, P(same line) = ${(1 - p).toFixed(2)} ≥ ` +
          `${how.overrideThreshold.toFixed(2)}; driven (towards the same line) by ${formatContributions(drivers)}`,
      });
    }
    let molecules = molecules0;
    let confidence = boundary?.p ?? 1;
    const imputation = imputeLine(model, skeleton, segment, nextStart, lineNumber, earlier);
    if (imputation) {
      const named = namedMolecules(segment);
      molecules = [...new Set([...named, ...imputation.molecules])].sort();
      if (molecules.length === 0) molecules = molecules0;
      confidence = imputation.probability;
      const shown =
        imputation.molecules.length > 0 ? imputation.molecules.join(" + ") : "nothing beyond the visible drugs";
      decisions.push({
        rule: "session_placeholder",
        date: seancesOf(skeleton.seances, start, nextStart)[0]!.date,
        molecules: imputation.molecules,
        detail:
          `chemotherapy séances imputed: ${shown} (p = ${imputation.probability.toFixed(2)}; then ` +
          `${imputation.alternatives.map((a) => `${a.molecules} ${a.probability.toFixed(2)}`).join(", ")}); ` +
          `driven by ${formatContributions(imputation.drivers)}` +
          (molecules0.includes(CHEMOTHERAPY_PLACEHOLDER) ? "; replaces the placeholder `chemotherapy`" : ""),
      });
    }
    decisions.sort((a, b) => a.date - b.date);

    const { end, endReason, endDecision } = lineEnd(patient, rules, {
      start,
      lastTreatmentDay,
      nextStart,
      endedBy:
        nextStart === undefined
          ? undefined
          : {
              rule: nextStart - lastTreatmentDay > rules.gap.days ? "gap" : "new_drug",
              date: nextStart,
              molecules: [],
              detail: `next line starts ${formatDay(nextStart)}`,
            },
    });
    const maintenanceStart =
      container?.maintenanceStart !== null &&
      container?.maintenanceStart !== undefined &&
      container.maintenanceStart >= start &&
      (nextStart === undefined || container.maintenanceStart < nextStart)
        ? container.maintenanceStart
        : null;
    for (const m of molecules) earlier.add(m);
    return {
      patientId: patient.patientId,
      lineNumber,
      startDate: start,
      endDate: end,
      molecules,
      regimenLabel: regimenLabelOf(molecules),
      regimenClass: regimenClassOf(molecules),
      isMaintenancePhasePresent: maintenanceStart !== null,
      maintenanceStart,
      endReason,
      lastTreatmentDay,
      startDecision,
      endDecision,
      decisions,
      confidence,
    };
  });
  return { ...ruleLines, lines };
}
