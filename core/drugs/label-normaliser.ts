/**
 * Drug label normaliser: free text typed in a prescribing software (brand or INN,
 * with dose and form, any case, possible typos) or a UCD designation -> the
 * dictionary molecules it names, a clinical-trial drug, or a reported refusal.
 *
 * Steps (docs/drug-normalisation.md): fold (case, accents), tokenise, match
 * multi-word names (order-free, e.g. "paclitaxel albumine" -> nab-paclitaxel),
 * then single tokens exactly (also two adjacent tokens glued: "peg filgrastim"),
 * then by bounded edit distance. A tie between two different drugs is refused
 * (`ambiguous`), a real drug outside the dictionary is reported (`other_drug`).
 *
 * Pure and synchronous; indexes are built at module load and results are
 * memoised per distinct label in a bounded cache.
 */
import { distance } from "fastest-levenshtein";
import { isIgnorable, tokenise } from "./label-text.js";
import { buildNameIndex, targetId, targetName, type NameEntry } from "./name-index.js";

/** Largest edit distance accepted for a token of this length: 0 below 5 letters, 1 for 5-7, 2 from 8. */
export function editBound(length: number): number {
  return length < 5 ? 0 : length <= 7 ? 1 : 2;
}

/** How a molecule was recognised: its INN, a synonym (French INN, abbreviation...), a brand, or a typo of any. */
export type MatchMethod = "exact" | "synonym" | "brand" | "fuzzy";

export interface MoleculeMatch {
  kind: "molecule";
  /** Dictionary molecule (INN, lower case). */
  molecule: string;
  drugClass: string;
  /** False for supportive drugs (corticoids, bone agents...) that line reconstruction ignores. */
  antineoplastic: boolean;
  method: MatchMethod;
  /** Edit distance between the label's tokens and the dictionary name (0 unless fuzzy). */
  distance: number;
  /** The label's tokens that matched, folded (e.g. `carboplatine`, `paclitaxel albumine`, `opdivi`). */
  matchedToken: string;
  /** The dictionary name they matched, as written there (e.g. `Opdivo`). */
  matchedName: string;
}

export interface InvestigationalMatch {
  kind: "investigational";
  /** `trial_marker`: a word such as ESSAI, PROTOCOLE, ETUDE, placebo; `fuzzy`: a typo of one. */
  method: "trial_marker" | "fuzzy";
  /** The folded label token that marked the trial. */
  marker: string;
  distance: number;
  /** Dictionary molecules also named in the label (kept for information; the drug counts as investigational). */
  mentions: readonly string[];
}

export type UnmappedReason =
  /** Nothing but blanks and punctuation. */
  | "empty"
  /** No dictionary name within the edit bound. */
  | "no_match"
  /** Several different drugs are equally close: refused rather than guessed. */
  | "ambiguous"
  /** A real drug outside the dictionary (see core/drugs/other-drugs.ts). */
  | "other_drug"
  /** normaliseLabel only: the label names several drugs; see `parts` or call normaliseLabelAll. */
  | "combination";

export interface UnmappedLabel {
  kind: "unmapped";
  reason: UnmappedReason;
  /** Significant folded tokens of the label (doses, forms, salts, routes removed). */
  cleaned: string;
  /** `ambiguous`: the drugs in the tie; `other_drug`: that drug; `combination`: every drug named. */
  candidates: readonly string[];
  /** `other_drug`: its ATC and whether it is antineoplastic. */
  otherDrug?: { name: string; atc: string; antineoplastic: boolean };
  /** `combination`: what normaliseLabelAll returns for the label. */
  parts?: readonly LabelMatch[];
}

export type LabelMatch = MoleculeMatch | InvestigationalMatch | UnmappedLabel;

const INDEX = buildNameIndex();

interface Hit {
  /** Index of the first label token of the hit (to keep the label's order). */
  position: number;
  /** Entries at the best distance (several when the hit is ambiguous or when one drug has two close names). */
  entries: readonly NameEntry[];
  distance: number;
  matched: string;
}

const distinctTargets = (entries: readonly NameEntry[]) => new Set(entries.map((e) => targetId(e.target)));

/** Matches a multi-token name anywhere in the label (order-free), each token exactly or within the bound. */
function matchPhrase(
  phrase: NameEntry,
  tokens: readonly string[],
  used: readonly boolean[],
): { positions: number[]; distance: number } | undefined {
  const positions: number[] = [];
  let total = 0;
  for (const pt of phrase.tokens) {
    let bestPos = -1;
    let bestD = Infinity;
    for (let i = 0; i < tokens.length; i++) {
      if (used[i] || positions.includes(i)) continue;
      const t = tokens[i]!;
      if (t === pt) {
        bestPos = i;
        bestD = 0;
        break;
      }
      const bound = Math.min(editBound(pt.length), editBound(t.length));
      if (bound === 0 || isIgnorable(t) || Math.abs(t.length - pt.length) > bound) continue;
      const d = distance(t, pt);
      if (d <= bound && d < bestD) {
        bestD = d;
        bestPos = i;
      }
    }
    if (bestPos < 0) return undefined;
    positions.push(bestPos);
    total += bestD;
  }
  return { positions, distance: total };
}

/** Closest single-token names within the bound, or none. */
function fuzzySingle(token: string): { entries: NameEntry[]; distance: number } | undefined {
  const bt = editBound(token.length);
  if (bt === 0) return undefined;
  let best: NameEntry[] = [];
  let bestD = Infinity;
  for (let len = token.length - bt; len <= token.length + bt; len++) {
    const bound = Math.min(bt, editBound(len));
    if (bound === 0 || Math.abs(len - token.length) > bound) continue;
    for (const e of INDEX.singlesByLength.get(len) ?? []) {
      const d = distance(token, e.key);
      if (d > bound || d > bestD) continue;
      if (d < bestD) {
        bestD = d;
        best = [e];
      } else best.push(e);
    }
  }
  return best.length > 0 ? { entries: best, distance: bestD } : undefined;
}

function findHits(tokens: readonly string[]): Hit[] {
  const used = tokens.map(() => false);
  const hits: Hit[] = [];

  // 1. Multi-token names: most tokens first, then smallest distance; ties between drugs are kept as ambiguous.
  for (;;) {
    let best: { entry: NameEntry; positions: number[] }[] = [];
    let bestTokens = 0;
    let bestD = Infinity;
    for (const phrase of INDEX.phrases) {
      if (phrase.tokens.length < bestTokens) break;
      const m = matchPhrase(phrase, tokens, used);
      if (!m) continue;
      if (phrase.tokens.length > bestTokens || m.distance < bestD) {
        best = [{ entry: phrase, positions: m.positions }];
        bestTokens = phrase.tokens.length;
        bestD = m.distance;
      } else if (m.distance === bestD) best.push({ entry: phrase, positions: m.positions });
    }
    const first = best[0];
    if (!first) break;
    for (const p of first.positions) used[p] = true;
    const sorted = [...first.positions].sort((a, b) => a - b);
    hits.push({
      position: sorted[0]!,
      entries: best.map((b) => b.entry),
      distance: bestD,
      matched: sorted.map((p) => tokens[p]).join(" "),
    });
  }

  // 2. Single tokens: two adjacent tokens glued, then the token itself, exactly; then by edit distance.
  for (let i = 0; i < tokens.length; i++) {
    if (used[i]) continue;
    const t = tokens[i]!;
    const next = tokens[i + 1];
    if (next !== undefined && !used[i + 1]) {
      const glued = INDEX.byKey.get(t + next);
      if (glued) {
        used[i] = used[i + 1] = true;
        hits.push({ position: i, entries: glued, distance: 0, matched: `${t} ${next}` });
        continue;
      }
    }
    const exact = INDEX.byKey.get(t);
    if (exact) {
      used[i] = true;
      hits.push({ position: i, entries: exact, distance: 0, matched: t });
      continue;
    }
    if (isIgnorable(t)) continue;
    const fuzzy = fuzzySingle(t);
    if (fuzzy) {
      used[i] = true;
      hits.push({ position: i, entries: fuzzy.entries, distance: fuzzy.distance, matched: t });
    }
  }
  return hits.sort((a, b) => a.position - b.position);
}

function methodOf(entry: NameEntry, d: number): MatchMethod {
  if (d > 0) return "fuzzy";
  return entry.kind === "brand" ? "brand" : entry.kind === "inn" ? "exact" : "synonym";
}

function analyse(label: string): LabelMatch[] {
  const tokens = tokenise(label);
  const cleaned = tokens.filter((t) => !isIgnorable(t)).join(" ");
  if (tokens.length === 0) return [{ kind: "unmapped", reason: "empty", cleaned, candidates: [] }];
  const hits = findHits(tokens);

  const molecules: MoleculeMatch[] = [];
  const out: LabelMatch[] = [];
  let trial: { hit: Hit } | undefined;
  for (const hit of hits) {
    const targets = distinctTargets(hit.entries);
    const entry = hit.entries[0]!;
    if (targets.size > 1) {
      const candidates = [...new Set(hit.entries.map((e) => targetName(e.target)))].sort();
      out.push({ kind: "unmapped", reason: "ambiguous", cleaned, candidates });
      continue;
    }
    const target = entry.target;
    if (target.type === "investigational") {
      trial ??= { hit };
    } else if (target.type === "other_drug") {
      const { name, atc, antineoplastic } = target.drug;
      if (!out.some((m) => m.kind === "unmapped" && m.reason === "other_drug" && m.candidates[0] === name)) {
        out.push({
          kind: "unmapped",
          reason: "other_drug",
          cleaned,
          candidates: [name],
          otherDrug: { name, atc, antineoplastic },
        });
      }
    } else {
      const drug = target.drug;
      const match: MoleculeMatch = {
        kind: "molecule",
        molecule: drug.molecule,
        drugClass: drug.drugClass,
        antineoplastic: drug.antineoplastic,
        method: methodOf(entry, hit.distance),
        distance: hit.distance,
        matchedToken: hit.matched,
        matchedName: entry.name,
      };
      const previous = molecules.findIndex((m) => m.molecule === drug.molecule);
      if (previous < 0) {
        molecules.push(match);
        out.push(match);
      } else if (match.distance < molecules[previous]!.distance) {
        out[out.indexOf(molecules[previous]!)] = match;
        molecules[previous] = match;
      }
    }
  }
  if (trial) {
    return [
      {
        kind: "investigational",
        method: trial.hit.distance > 0 ? "fuzzy" : "trial_marker",
        marker: trial.hit.matched,
        distance: trial.hit.distance,
        mentions: molecules.map((m) => m.molecule),
      },
    ];
  }
  if (out.length === 0) return [{ kind: "unmapped", reason: "no_match", cleaned, candidates: [] }];
  return out;
}

const DEFAULT_CACHE_SIZE = 100_000;
let cacheSize = DEFAULT_CACHE_SIZE;
const cache = new Map<string, readonly LabelMatch[]>();

function freeze(matches: LabelMatch[]): readonly LabelMatch[] {
  for (const m of matches) Object.freeze(m);
  return Object.freeze(matches);
}

/**
 * Every drug a label names, in the label's order: one entry per molecule
 * ("CARBOPLATINE + PACLITAXEL" -> carboplatin, paclitaxel), refusals as
 * `unmapped` entries ("CARBOPLATINE + IMATINIB" -> carboplatin, other_drug
 * imatinib). A label with a trial marker yields one `investigational` entry.
 * Never empty. The result is frozen and shared through the cache: do not mutate.
 */
export function normaliseLabelAll(label: string): readonly LabelMatch[] {
  const cached = cache.get(label);
  if (cached) return cached;
  const result = freeze(analyse(label));
  if (cache.size >= cacheSize) {
    const oldest = cache.keys().next();
    if (!oldest.done) cache.delete(oldest.value);
  }
  cache.set(label, result);
  return result;
}

/**
 * The one drug a label names. A label that names several (a combination, or a
 * molecule plus a refusal) gives `unmapped` with reason `combination`, its
 * `candidates` and `parts`: nothing is dropped silently. Use normaliseLabelAll
 * where combinations are expected (hospital labels).
 */
export function normaliseLabel(label: string): LabelMatch {
  const all = normaliseLabelAll(label);
  if (all.length === 1) return all[0]!;
  const candidates = all.map((m) =>
    m.kind === "molecule" ? m.molecule : m.kind === "investigational" ? "investigational" : m.candidates.join("|"),
  );
  return Object.freeze({
    kind: "unmapped",
    reason: "combination",
    cleaned:
      all.find((m) => m.kind === "unmapped")?.cleaned ??
      tokenise(label)
        .filter((t) => !isIgnorable(t))
        .join(" "),
    candidates,
    parts: all,
  });
}

/** Empties the label cache and optionally sets its size (number of distinct labels kept). */
export function resetLabelCache(size: number = DEFAULT_CACHE_SIZE): void {
  cache.clear();
  cacheSize = Math.max(1, Math.floor(size));
}

/** Number of distinct labels currently cached. */
export function labelCacheSize(): number {
  return cache.size;
}
