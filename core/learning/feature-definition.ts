/** A model feature: its name and what it means, as stored in MODEL.json. */
export interface FeatureDefinition {
  name: string;
  description: string;
}

/** A feature vector with the definitions it is aligned with. */
export type FeatureVector = number[];
