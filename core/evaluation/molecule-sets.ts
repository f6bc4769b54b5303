/**
 * Comparing molecule sets as the data contract's scoring does (section 5): two
 * sets are *equal* when equal after treating cisplatin = carboplatin and
 * paclitaxel = nab-paclitaxel; the *strict* version compares names as they are.
 * The placeholders `chemotherapy` and `investigational` equal only themselves.
 */

/** Molecules that count as the same for scoring, mapped to one representative. */
export const SCORING_EQUIVALENCES: Readonly<Record<string, string>> = {
  cisplatin: "carboplatin",
  "nab-paclitaxel": "paclitaxel",
};

export function canonicalSet(molecules: readonly string[], strict: boolean): Set<string> {
  return new Set(strict ? molecules : molecules.map((m) => SCORING_EQUIVALENCES[m] ?? m));
}

export function setsEqual(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a.size !== b.size) return false;
  for (const x of a) if (!b.has(x)) return false;
  return true;
}

export function moleculesEqual(a: readonly string[], b: readonly string[], strict = false): boolean {
  return setsEqual(canonicalSet(a, strict), canonicalSet(b, strict));
}

/** |A ∩ B| / |A ∪ B|; 1 when both are empty. */
export function jaccard(a: readonly string[], b: readonly string[], strict = false): number {
  const x = canonicalSet(a, strict);
  const y = canonicalSet(b, strict);
  if (x.size === 0 && y.size === 0) return 1;
  let inter = 0;
  for (const m of x) if (y.has(m)) inter++;
  return inter / (x.size + y.size - inter);
}

/** Equality and Jaccard index of two molecule lists, scoring and strict. */
export interface MoleculeAgreement {
  equal: boolean;
  equalStrict: boolean;
  jaccard: number;
  jaccardStrict: number;
}

/** Distinct names of `molecules` (mapped through the equivalences unless strict). */
function distinct(molecules: readonly string[], strict: boolean): string[] {
  const out: string[] = [];
  for (const m of molecules) {
    const name = strict ? m : (SCORING_EQUIVALENCES[m] ?? m);
    if (!out.includes(name)) out.push(name);
  }
  return out;
}

function agreementOf(x: string[], y: string[]): { equal: boolean; jaccard: number } {
  if (x.length === 0 && y.length === 0) return { equal: true, jaccard: 1 };
  let inter = 0;
  for (const m of x) if (y.includes(m)) inter++;
  return { equal: inter === x.length && inter === y.length, jaccard: inter / (x.length + y.length - inter) };
}

/**
 * The four comparisons of `moleculesEqual` and `jaccard` at once, on the short
 * lists lines have (no sets built). Equal to them (tested).
 */
export function moleculeAgreement(a: readonly string[], b: readonly string[]): MoleculeAgreement {
  const strict = agreementOf(distinct(a, true), distinct(b, true));
  const loose = agreementOf(distinct(a, false), distinct(b, false));
  return { equal: loose.equal, equalStrict: strict.equal, jaccard: loose.jaccard, jaccardStrict: strict.jaccard };
}
