/**
 * A standardised one-vs-all logistic regression (ml-logistic-regression, mljs):
 * features are centred and scaled with the training means and SDs, a constant
 * column carries the intercept. Serialises to plain JSON (the library's own
 * toJSON plus the scaling and the class labels) and loads with the library's
 * `load`, in Node and in the browser. Explanations are the contributions
 * weight x standardised value of each feature. Training is pure (no I/O).
 */
import LogisticRegression, { type LogisticRegressionJson } from "ml-logistic-regression";
import { Matrix } from "ml-matrix";
import type { FeatureDefinition, FeatureVector } from "./feature-definition.js";

export const CLASSIFIER_LIBRARY = "ml-logistic-regression@2.0.0";

export interface LinearClassifierJson {
  library: string;
  features: FeatureDefinition[];
  /** Class labels; index = the library's class number. */
  classes: string[];
  mean: number[];
  sd: number[];
  model: LogisticRegressionJson;
}

export interface Contribution {
  feature: string;
  value: number;
  /** Push towards the class, on the log-odds scale. */
  contribution: number;
}

export interface TrainOptions {
  steps?: number;
  /** Step size x number of rows (the library sums the gradient over rows). */
  rate?: number;
}

function standardise(x: FeatureVector, mean: readonly number[], sd: readonly number[]): number[] {
  return [1, ...x.map((v, j) => (v - mean[j]!) / sd[j]!)];
}

export function trainLinearClassifier(
  features: readonly FeatureDefinition[],
  rows: readonly FeatureVector[],
  labels: readonly number[],
  classes: readonly string[],
  options: TrainOptions = {},
): LinearClassifierJson {
  const f = features.length;
  const n = rows.length;
  const present = new Set(labels);
  const absent = classes.filter((_, i) => !present.has(i));
  if (absent.length > 0) throw new Error(`the training data have no example of class ${absent.join(", ")}`);
  const mean = new Array<number>(f).fill(0);
  const sd = new Array<number>(f).fill(0);
  for (const r of rows) for (let j = 0; j < f; j++) mean[j]! += r[j]! / n;
  for (const r of rows) for (let j = 0; j < f; j++) sd[j]! += (r[j]! - mean[j]!) ** 2 / n;
  for (let j = 0; j < f; j++) sd[j] = Math.sqrt(sd[j]!) || 1;
  const X = new Matrix(rows.map((r) => standardise(r, mean, sd)));
  const model = new LogisticRegression({ numSteps: options.steps ?? 300, learningRate: (options.rate ?? 1) / n });
  model.train(X, Matrix.columnVector([...labels]));
  const json = JSON.parse(JSON.stringify(model.toJSON())) as LogisticRegressionJson;
  return { library: CLASSIFIER_LIBRARY, features: [...features], classes: [...classes], mean, sd, model: json };
}

/** A loaded classifier: class probabilities and explanations. */
export class LinearClassifier {
  private readonly model: LogisticRegression;
  private readonly weights: number[][];

  constructor(readonly json: LinearClassifierJson) {
    // The library's load reuses (and replaces the items of) the classifiers array: give it a copy.
    this.model = LogisticRegression.load(structuredClone(json.model));
    this.weights = json.model.classifiers.map((c) => c.weights[0]!);
  }

  /** Probability of each class for each row (one-vs-all scores normalised to sum 1). */
  probabilities(rows: readonly FeatureVector[]): number[][] {
    if (rows.length === 0) return [];
    const X = new Matrix(rows.map((r) => standardise(r, this.json.mean, this.json.sd)));
    const perClass = this.model.classifiers.map((c) => c.testScores(X).map((notClass) => 1 - notClass));
    return rows.map((_, i) => {
      const raw = perClass.map((scores) => scores[i]!);
      const total = raw.reduce((a, b) => a + b, 0) || 1;
      return raw.map((p) => p / total);
    });
  }

  /** Features that pushed a row towards a class, largest push first. */
  explain(row: FeatureVector, classIndex: number, top = 4): Contribution[] {
    const w = this.weights[classIndex] ?? [];
    const z = standardise(row, this.json.mean, this.json.sd);
    return this.json.features
      .map((f, j) => ({ feature: f.name, value: row[j]!, contribution: -(w[j + 1] ?? 0) * z[j + 1]! }))
      .sort((a, b) => b.contribution - a.contribution)
      .slice(0, top);
  }
}
