/**
 * The report `lotluca train` writes next to MODEL.json, for a reviewer: what
 * the model was trained on, which features each classifier uses and which
 * weigh most, the cross-validated figures (held-out folds), and what changed
 * against a reference model (the shipped one by default): features, imputed
 * molecule sets, cross-validated figures. Pure: JSON in, JSON and Markdown out.
 */
import type { LinearClassifierJson } from "./linear-classifier.js";
import type { LearnedModelJson } from "./learned-model.js";

export interface FeatureWeight {
  feature: string;
  description: string;
  /** Weight on the standardised feature (log-odds per SD) towards the classifier's positive class. */
  weight: number;
}

export interface ClassifierSummary {
  name: string;
  classes: string[];
  features: number;
  /** Features by absolute weight, largest first. */
  strongest: FeatureWeight[];
}

export interface ModelDifference {
  reference: string;
  featuresAdded: Record<string, string[]>;
  featuresRemoved: Record<string, string[]>;
  compositionClassesAdded: string[];
  compositionClassesRemoved: string[];
  crossValidation: { figure: string; reference: number | null; model: number | null }[];
  trainingPatients: { reference: number; model: number };
}

export interface TrainingReport {
  format: "lotluca-training-report";
  training: LearnedModelJson["training"];
  rules: { name: string; version: string };
  classifiers: ClassifierSummary[];
  crossValidation: LearnedModelJson["crossValidation"];
  /** Override threshold of the guarded boundary mode; null: every boundary learned. */
  overrideThreshold: number | null;
  difference: ModelDifference | null;
}

function classifiers(model: LearnedModelJson): [string, LinearClassifierJson, string][] {
  const out: [string, LinearClassifierJson, string][] = [
    ["boundary", model.boundary, "start"],
    ["composition", model.composition, model.composition.classes[0]!],
  ];
  if (model.entry) out.push(["entry", model.entry, "line1"]);
  return out;
}

function summarise(name: string, c: LinearClassifierJson, positive: string, top: number): ClassifierSummary {
  const k = c.classes.indexOf(positive);
  // The library's weights predict "not this class" (see linear-classifier.ts): negate.
  const weights = c.model.classifiers[k]?.weights[0] ?? [];
  return {
    name,
    classes: c.classes,
    features: c.features.length,
    strongest: c.features
      .map((f, j) => ({ feature: f.name, description: f.description, weight: -(weights[j + 1] ?? 0) }))
      .sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight))
      .slice(0, top),
  };
}

const cvFigures = (m: LearnedModelJson): Record<string, number | null> => ({
  "exact agreement, learned": m.crossValidation?.patientExactAgreement.learned ?? null,
  "exact agreement, rules": m.crossValidation?.patientExactAgreement.rules ?? null,
  "boundary accuracy": m.crossValidation?.boundaryAccuracy ?? null,
  "composition accuracy": m.crossValidation?.compositionAccuracy ?? null,
  "entry accuracy": m.crossValidation?.entryAccuracy ?? null,
});

export function trainingReport(
  model: LearnedModelJson,
  reference: { name: string; model: LearnedModelJson } | null,
  top = 8,
): TrainingReport {
  let difference: ModelDifference | null = null;
  if (reference) {
    const names = (m: LearnedModelJson) => new Map(classifiers(m).map(([n, c]) => [n, c.features.map((f) => f.name)]));
    const now = names(model);
    const before = names(reference.model);
    const featuresAdded: Record<string, string[]> = {};
    const featuresRemoved: Record<string, string[]> = {};
    for (const n of new Set([...now.keys(), ...before.keys()])) {
      const a = now.get(n) ?? [];
      const b = before.get(n) ?? [];
      featuresAdded[n] = a.filter((f) => !b.includes(f));
      featuresRemoved[n] = b.filter((f) => !a.includes(f));
    }
    const cvNow = cvFigures(model);
    const cvBefore = cvFigures(reference.model);
    difference = {
      reference: reference.name,
      featuresAdded,
      featuresRemoved,
      compositionClassesAdded: model.composition.classes.filter(
        (c) => !reference.model.composition.classes.includes(c),
      ),
      compositionClassesRemoved: reference.model.composition.classes.filter(
        (c) => !model.composition.classes.includes(c),
      ),
      crossValidation: Object.keys(cvNow).map((figure) => ({
        figure,
        reference: cvBefore[figure] ?? null,
        model: cvNow[figure] ?? null,
      })),
      trainingPatients: { reference: reference.model.training.patients, model: model.training.patients },
    };
  }
  return {
    format: "lotluca-training-report",
    training: model.training,
    rules: { name: model.rules.name, version: model.rules.version },
    classifiers: classifiers(model).map(([n, c, positive]) => summarise(n, c, positive, top)),
    crossValidation: model.crossValidation,
    overrideThreshold: model.boundary.overrideThreshold ?? null,
    difference,
  };
}

const fixed = (x: number | null | undefined, digits = 3) => (x === null || x === undefined ? "—" : x.toFixed(digits));
const label = (c: string) => (c === "" ? "(nothing hidden)" : c);

export function trainingReportMarkdown(report: TrainingReport): string {
  const t = report.training;
  const out: string[] = [];
  out.push("# Learned model: training report", "");
  out.push(
    `Trained on ${t.patients} patients (${t.datasets.map((d) => `${d.dataset}${d.profile ? `, ${d.profile}` : ""}${d.seed !== null ? `, seed ${d.seed}` : ""}: ${d.patients}`).join("; ")}), ` +
      `rule set \`${report.rules.name}\` ${report.rules.version} as skeleton, in ${t.seconds.toFixed(1)} s. ` +
      `Samples: ${t.boundarySamples} decision points, ${t.compositionSamples} lines with séances, ${t.entrySamples ?? 0} entry candidates. ` +
      `Training data hash \`${t.dataHash}\`.`,
    "",
  );
  out.push("## Cross-validation (held-out folds, patients never seen by the fold's model)", "");
  const cv = report.crossValidation;
  if (!cv) out.push("No cross-validation (`--folds 0`).", "");
  else {
    out.push(`${cv.folds} folds by patient.`, "", "| figure | value |", "| --- | --- |");
    out.push(`| exact agreement, learned | ${fixed(cv.patientExactAgreement.learned)} |`);
    out.push(`| exact agreement, rules | ${fixed(cv.patientExactAgreement.rules)} |`);
    out.push(`| boundary decisions right | ${fixed(cv.boundaryAccuracy)} |`);
    out.push(`| séance imputations right | ${fixed(cv.compositionAccuracy)} |`);
    out.push(`| entry decisions right | ${fixed(cv.entryAccuracy)} |`, "");
    if (cv.overrideThresholds) {
      out.push(
        `Boundaries: the rules' line skeleton is kept and a rule boundary is overridden only where the model is ` +
          `at least this sure against it (the threshold with the best held-out exact agreement is kept; 1 = never, ` +
          `i.e. the rules' boundaries with the learned séance imputation):`,
        "",
        "| override threshold | exact agreement |",
        "| --- | --- |",
        ...cv.overrideThresholds.map(
          (r) => `| ${r.threshold}${r.threshold === report.overrideThreshold ? " (kept)" : ""} | ${fixed(r.exact)} |`,
        ),
        "",
      );
      if (cv.patientExactAgreement.learnedFree !== undefined)
        out.push(`Every boundary learned (no rule skeleton): ${fixed(cv.patientExactAgreement.learnedFree)}.`, "");
    }
  }
  out.push("## Features", "");
  out.push(
    "Weights are on standardised features (log-odds per standard deviation) towards the positive class " +
      "(boundary: a new line starts; entry: line 1 starts before the inferred index; composition: the most frequent class).",
    "",
  );
  for (const c of report.classifiers) {
    out.push(`### ${c.name} (${c.features} features; classes: ${c.classes.map(label).join(", ")})`, "");
    out.push("| feature | weight | meaning |", "| --- | ---: | --- |");
    for (const f of c.strongest)
      out.push(`| \`${f.feature}\` | ${f.weight >= 0 ? "+" : ""}${fixed(f.weight, 2)} | ${f.description} |`);
    out.push("");
  }
  const d = report.difference;
  out.push("## Against the reference model", "");
  if (!d) out.push("No reference model given.", "");
  else {
    out.push(
      `Reference: \`${d.reference}\` (${d.trainingPatients.reference} training patients; this model ${d.trainingPatients.model}).`,
      "",
    );
    for (const n of Object.keys(d.featuresAdded)) {
      const added = d.featuresAdded[n] ?? [];
      const removed = d.featuresRemoved[n] ?? [];
      if (added.length + removed.length === 0) out.push(`- ${n}: same features`);
      else
        out.push(
          `- ${n}: ${added.length > 0 ? `added ${added.map((f) => `\`${f}\``).join(", ")}` : "nothing added"}; ${removed.length > 0 ? `removed ${removed.map((f) => `\`${f}\``).join(", ")}` : "nothing removed"}`,
        );
    }
    out.push(
      `- imputed molecule sets: ${d.compositionClassesAdded.length > 0 ? `new ${d.compositionClassesAdded.map(label).join(", ")}` : "none new"}; ${d.compositionClassesRemoved.length > 0 ? `no longer ${d.compositionClassesRemoved.map(label).join(", ")}` : "none dropped"}`,
      "",
    );
    out.push("| cross-validated figure | reference | this model | change |", "| --- | ---: | ---: | ---: |");
    for (const f of d.crossValidation)
      out.push(
        `| ${f.figure} | ${fixed(f.reference)} | ${fixed(f.model)} | ${f.reference !== null && f.model !== null ? `${f.model - f.reference >= 0 ? "+" : ""}${fixed(f.model - f.reference)}` : "—"} |`,
      );
    out.push(
      "",
      "Cross-validated figures of two models trained on different data are not paired: compare them on the same held-out patients (`lotluca leaderboard`) before replacing a model.",
      "",
    );
  }
  return out.join("\n") + "\n";
}
