/**
 * Real drugs that are NOT in the built-in dictionary but whose names lie within
 * the fuzzy-matching bound of a dictionary name (e.g. prednisone is 2 edits from
 * prednisolone, acide folinique 2 from acide folique). Every ATC L01 agent is in
 * the dictionary itself (data/reference/antineoplastics-l01.csv), so the names
 * here are of non-antineoplastic drugs.
 *
 * Without them, a correctly spelt "PREDNISONE 20 mg" would be read as a typo of
 * prednisolone. With them, such a label is reported as `other_drug` (never guessed),
 * and a typo that sits between a dictionary name and one of these is `ambiguous`.
 *
 * Criterion for adding a name: it is a real INN (or its French form), it is not a
 * dictionary molecule, and it is within the bound of docs/drug-normalisation.md of
 * some dictionary name (test/unit/drugs checks the last two).
 */

export interface OtherDrug {
  /** INN, lower case. */
  name: string;
  /** Other spellings of the same drug (French INN, other salts...). */
  spellings: readonly string[];
  /** WHO ATC code. */
  atc: string;
  /** True for an antineoplastic (ATC L01). */
  antineoplastic: boolean;
}

export const OTHER_DRUGS: readonly OtherDrug[] = [
  { name: "prednisone", spellings: [], atc: "H02AB07", antineoplastic: false },
  { name: "betamethasone", spellings: ["bétaméthasone"], atc: "H02AB01", antineoplastic: false },
  { name: "lipegfilgrastim", spellings: [], atc: "L03AA14", antineoplastic: false },
  {
    name: "calcium folinate",
    spellings: ["folinic acid", "acide folinique", "folinate de calcium"],
    atc: "V03AF03",
    antineoplastic: false,
  },
];
