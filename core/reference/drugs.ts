/**
 * The built-in drug dictionary: lookups by molecule, ATC (current or legacy),
 * UCD and CIP13. Real codes only (see data/reference/README.md).
 */
import type { DrugReference } from "./drug-types.js";
import { DRUG_REFERENCE, DRUG_SYNONYMS } from "./drugs.generated.js";

export type { DrugList, DrugReference, DrugSynonym, DrugSynonymKind } from "./drug-types.js";
export { DRUG_REFERENCE, DRUG_SYNONYMS };

/** Placeholder molecule for a séance seen without any molecule. */
export const CHEMOTHERAPY_PLACEHOLDER = "chemotherapy";
/** Placeholder molecule for a clinical-trial drug. */
export const INVESTIGATIONAL_PLACEHOLDER = "investigational";

const byMolecule = new Map(DRUG_REFERENCE.map((d) => [d.molecule, d]));
const byUcd7 = new Map(DRUG_REFERENCE.flatMap((d) => d.ucd7.map((code) => [code, d] as const)));
const byCip13 = new Map(DRUG_REFERENCE.flatMap((d) => d.cip13.map((code) => [code, d] as const)));
const byAtc = new Map<string, DrugReference[]>();
for (const d of DRUG_REFERENCE) {
  for (const code of [...(d.atc ? [d.atc] : []), ...d.legacyAtc]) byAtc.set(code, [...(byAtc.get(code) ?? []), d]);
}

export function drugByMolecule(molecule: string): DrugReference | undefined {
  return byMolecule.get(molecule);
}

/**
 * Drugs with this ATC code, current or legacy. Usually one; paclitaxel and
 * nab-paclitaxel share L01CD01, so the caller must cope with several.
 */
export function drugsByAtc(atc: string): readonly DrugReference[] {
  return byAtc.get(atc.trim().toUpperCase()) ?? [];
}

/** Accepts a UCD7 or the 13-character SNDS form (`000000` + UCD7). */
export function drugByUcd(code: string): DrugReference | undefined {
  const trimmed = code.trim();
  const ucd7 = trimmed.length === 13 && trimmed.startsWith("000000") ? trimmed.slice(6) : trimmed;
  return byUcd7.get(ucd7);
}

export function drugByCip13(code: string): DrugReference | undefined {
  return byCip13.get(code.trim());
}

/** All antineoplastic molecules known to the dictionary (the lung list and every other ATC L01 agent), sorted. */
export const ANTINEOPLASTIC_MOLECULES: readonly string[] = DRUG_REFERENCE.filter((d) => d.antineoplastic)
  .map((d) => d.molecule)
  .sort();

/** Molecule names a prediction may use: antineoplastics plus the two placeholders. */
export const KNOWN_LINE_MOLECULES: ReadonlySet<string> = new Set([
  ...ANTINEOPLASTIC_MOLECULES,
  CHEMOTHERAPY_PLACEHOLDER,
  INVESTIGATIONAL_PLACEHOLDER,
]);
