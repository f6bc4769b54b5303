/**
 * Every name a drug label may use, folded and tokenised once at module load:
 * dictionary INNs, brands and synonyms, the other real drugs that must not be
 * taken for a dictionary one, and the words that mark a clinical-trial drug.
 */
import { DRUG_REFERENCE, DRUG_SYNONYMS, type DrugReference } from "../reference/drugs.js";
import { IGNORABLE_WORDS, tokenise } from "./label-text.js";
import { OTHER_DRUGS, type OtherDrug } from "./other-drugs.js";

/** What a name designates. */
export type NameTarget =
  { type: "molecule"; drug: DrugReference } | { type: "other_drug"; drug: OtherDrug } | { type: "investigational" };

/** Where the name comes from: the INN itself, a brand, a synonym, another drug, a trial word. */
export type NameKind = "inn" | "brand" | "synonym" | "other_drug" | "trial_marker";

export interface NameEntry {
  /** The name as written in the dictionary. */
  name: string;
  /** Significant tokens of the name (folded, ignorable words removed, digits kept). */
  tokens: readonly string[];
  /** Tokens joined by one space. */
  key: string;
  kind: NameKind;
  target: NameTarget;
}

/**
 * Words of a label that mark a clinical-trial drug (contract: `ESSAI CLINIQUE`,
 * `PROTOCOLE <code>`). Folded forms.
 */
export const TRIAL_MARKERS: readonly string[] = [
  "essai",
  "essais",
  "protocole",
  "protocoles",
  "protocol",
  "etude",
  "study",
  "trial",
  "investigational",
  "investigationnel",
  "experimental",
  "experimentale",
  "placebo",
];

/** Identity of a target, to tell "two names of one drug" from "two drugs". */
export function targetId(target: NameTarget): string {
  switch (target.type) {
    case "molecule":
      return `molecule:${target.drug.molecule}`;
    case "other_drug":
      return `other:${target.drug.name}`;
    case "investigational":
      return "investigational";
  }
}

/** Display name of a target (molecule INN, other drug INN, or `investigational`). */
export function targetName(target: NameTarget): string {
  return target.type === "investigational"
    ? "investigational"
    : target.type === "molecule"
      ? target.drug.molecule
      : target.drug.name;
}

/** Significant tokens of a dictionary name: like a label's, but digits are kept (VP-16, B12). */
export function nameTokens(name: string): string[] {
  return tokenise(name).filter((t) => /[0-9]/.test(t) || (t.length > 1 && !IGNORABLE_WORDS.has(t)));
}

export interface NameIndex {
  /** Every entry, by key (a single token, or tokens joined by a space). */
  readonly byKey: ReadonlyMap<string, readonly NameEntry[]>;
  /** Single-token entries without digits, by token length: the fuzzy candidates. */
  readonly singlesByLength: ReadonlyMap<number, readonly NameEntry[]>;
  /** Multi-token entries, most tokens first. */
  readonly phrases: readonly NameEntry[];
  readonly entries: readonly NameEntry[];
}

export function buildNameIndex(): NameIndex {
  const entries: NameEntry[] = [];
  const seen = new Set<string>();
  const add = (name: string, kind: NameKind, target: NameTarget) => {
    const tokens = nameTokens(name);
    if (tokens.length === 0) throw new Error(`drug name ${JSON.stringify(name)} has no significant token`);
    const key = tokens.join(" ");
    const id = `${key}|${targetId(target)}`;
    if (seen.has(id)) return; // e.g. a French INN that folds to the English one
    seen.add(id);
    entries.push({ name, tokens, key, kind, target });
  };
  for (const drug of DRUG_REFERENCE) add(drug.molecule, "inn", { type: "molecule", drug });
  for (const drug of DRUG_REFERENCE) for (const brand of drug.brands) add(brand, "brand", { type: "molecule", drug });
  const byMolecule = new Map(DRUG_REFERENCE.map((d) => [d.molecule, d]));
  for (const s of DRUG_SYNONYMS) {
    const drug = byMolecule.get(s.molecule);
    if (!drug) throw new Error(`synonym ${s.synonym} names unknown molecule ${s.molecule}`);
    add(s.synonym, s.kind === "brand" ? "brand" : "synonym", { type: "molecule", drug });
  }
  for (const drug of OTHER_DRUGS) {
    for (const name of [drug.name, ...drug.spellings]) add(name, "other_drug", { type: "other_drug", drug });
  }
  for (const marker of TRIAL_MARKERS) add(marker, "trial_marker", { type: "investigational" });

  const byKey = new Map<string, NameEntry[]>();
  const singlesByLength = new Map<number, NameEntry[]>();
  const phrases: NameEntry[] = [];
  for (const e of entries) {
    byKey.set(e.key, [...(byKey.get(e.key) ?? []), e]);
    if (e.tokens.length > 1) phrases.push(e);
    else if (!/[0-9]/.test(e.key)) {
      singlesByLength.set(e.key.length, [...(singlesByLength.get(e.key.length) ?? []), e]);
    }
  }
  phrases.sort((a, b) => b.tokens.length - a.tokens.length);
  return { byKey, singlesByLength, phrases, entries };
}
