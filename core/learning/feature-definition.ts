/** A model feature: its name and what it means, as stored in MODEL.json. */
export interface FeatureDefinition {
  name: string;
  description: string;
}

/** A feature vector with the definitions it is aligned with. */
export type FeatureVector = number[];

/**
 * A row computed with the current feature list, reordered to the list a model
 * was trained with (a model file written before a feature was added still
 * reads its own features); a feature the current code does not compute is an error.
 */
export function featuresByName(
  current: readonly FeatureDefinition[],
  row: FeatureVector,
  wanted: readonly FeatureDefinition[],
): FeatureVector {
  if (wanted.length === current.length && wanted.every((f, j) => f.name === current[j]!.name)) return row;
  const index = new Map(current.map((f, j) => [f.name, j]));
  return wanted.map((f) => {
    const j = index.get(f.name);
    if (j === undefined) throw new Error(`the model uses a feature this version does not compute: ${f.name}`);
    return row[j]!;
  });
}
