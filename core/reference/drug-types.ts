/** One drug of the built-in dictionary (real codes only). */
export interface DrugReference {
  /** International non-proprietary name, lower case (the contract's molecule name). */
  molecule: string;
  /** Current WHO ATC code; null when the dictionary does not hold one (a molecule may have no code here). */
  atc: string | null;
  /** Earlier ATC codes of the molecule (the pre-2022 L01XE / L01XC / L01XX codes of moved molecules). */
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
  /** False for supportive drugs and hormone therapies (ATC L02), which line reconstruction ignores. */
  antineoplastic: boolean;
  /**
   * Which reference list the molecule comes from: `nsclc` (the lung list, richest
   * facts), `l01` (every other ATC L01 antineoplastic), `hormone_therapy` (ATC L02,
   * out of scope) or `supportive` (out of scope).
   */
  list: DrugList;
}

/** The reference lists of data/reference/ (see data/reference/README.md). */
export type DrugList = "nsclc" | "l01" | "hormone_therapy" | "supportive";

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
