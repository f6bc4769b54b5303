/** One drug of the built-in dictionary (real codes only). */
export interface DrugReference {
  /** International non-proprietary name, lower case (the contract's molecule name). */
  molecule: string;
  /** Current WHO ATC code. */
  atc: string;
  /** ATC codes used before the 2021-2022 reorganisation (L01XE and L01XC moved to L01E and L01F). */
  legacyAtc: string[];
  /** Pharmacological class, e.g. `platinum`, `anti_pd1_pdl1`, `egfr_tki`, `antiemetic`. */
  drugClass: string;
  /** Usual routes: IV, PO, SC, IM. */
  routes: string[];
  /** French brand names. */
  brands: string[];
  /** Known real UCD7 codes (SNDS stores them on 13 characters: `000000` + UCD7). */
  ucd7: string[];
  /** Known real CIP13 codes (always start with 3400). */
  cip13: string[];
  /** False for supportive drugs that line reconstruction ignores. */
  antineoplastic: boolean;
}

/** How a synonym relates to the molecule's INN. */
export type DrugSynonymKind = "french_inn" | "brand" | "abbreviation" | "other";

/** Another real name of a dictionary molecule (data/reference/drug-synonyms.csv). */
export interface DrugSynonym {
  /** The molecule, as in DrugReference.molecule. */
  molecule: string;
  /** The name as written (any case, accents kept). */
  synonym: string;
  kind: DrugSynonymKind;
}
