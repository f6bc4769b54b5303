/**
 * Real drugs that are NOT in the built-in dictionary but whose names lie within
 * the fuzzy-matching bound of a dictionary name (e.g. imatinib is 2 edits from
 * afatinib, prednisone 2 from prednisolone, acide folinique 2 from acide folique).
 *
 * Without them, a correctly spelt "IMATINIB 400 mg" would be read as a typo of
 * afatinib. With them, such a label is reported as `other_drug` (never guessed),
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
  /** True for an antineoplastic (ATC L01/L02). */
  antineoplastic: boolean;
}

export const OTHER_DRUGS: readonly OtherDrug[] = [
  { name: "imatinib", spellings: [], atc: "L01EA01", antineoplastic: true },
  { name: "dasatinib", spellings: [], atc: "L01EA02", antineoplastic: true },
  { name: "nilotinib", spellings: [], atc: "L01EA03", antineoplastic: true },
  { name: "lapatinib", spellings: [], atc: "L01EH01", antineoplastic: true },
  { name: "neratinib", spellings: [], atc: "L01EH02", antineoplastic: true },
  { name: "axitinib", spellings: [], atc: "L01EK01", antineoplastic: true },
  { name: "decitabine", spellings: ["décitabine"], atc: "L01BC08", antineoplastic: true },
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
