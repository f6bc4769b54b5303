/**
 * Drug code resolver: CIP13 (community pharmacy) and UCD (hospital) codes ->
 * molecule, following the data contract: "a code is resolved to a molecule
 * through the dataset's own nomenclatures when they hold it (IR_PHA_R: CIP13 ->
 * ATC, current or legacy; NU_UCD_R: UCD -> a designation to normalise like a
 * hospital label), otherwise through the project's built-in dictionary, which
 * holds real codes only. A code that neither resolves is reported, never guessed."
 */
import { drugByCip13, drugByMolecule, drugByUcd, drugsByAtc, type DrugReference } from "../reference/drugs.js";
import { normaliseLabelAll, type MoleculeMatch } from "./label-normaliser.js";
import { isIgnorable, tokenise } from "./label-text.js";

/** One row of IR_PHA_R: PHA_CIP_C13, PHA_ATC_C07, PHA_MED_NOM. */
export interface PharmacyNomenclatureRow {
  cip13: string;
  atc?: string | null;
  label?: string | null;
}

/** One row of NU_UCD_R: UCD_UCD_COD (13 characters, or a UCD7), UCD_DSN_LIB. */
export interface UcdNomenclatureRow {
  ucd13: string;
  designation?: string | null;
}

export interface CodeNomenclatures {
  pharmacy?: Iterable<PharmacyNomenclatureRow>;
  ucd?: Iterable<UcdNomenclatureRow>;
}

/**
 * Which source decided: the dataset's IR_PHA_R ATC (the label may have broken an
 * L01CD01 tie, see `labelDisambiguated`), a dataset label or designation
 * normalised like a hospital label, or a code of the built-in dictionary.
 */
export type ResolutionPath = "dataset_nomenclature_atc" | "dataset_nomenclature_label" | "builtin_code";

export type UnresolvedReason =
  /** Neither the dataset's nomenclature nor the built-in dictionary holds the code. */
  | "not_found"
  /** Several molecules fit (L01CD01 with an uninformative label, a tie in a designation, a combination). */
  | "ambiguous"
  /** The nomenclature holds the code, but its label or designation names no known drug. */
  | "unmapped_label"
  /** The dataset's nomenclature holds the code several times with different answers. */
  | "conflicting_nomenclature"
  /** The code is blank. */
  | "empty_code";

interface Base {
  /** The code as given, trimmed (UCD: its 7-character form when it was `000000` + UCD7). */
  code: string;
  /** ATC code when known (from the nomenclature, or the dictionary's current ATC for the molecule). */
  atc: string | null;
  /** The nomenclature's label or designation, when it had one. */
  label: string | null;
}

export type Resolution =
  | (Base & {
      kind: "molecule";
      path: ResolutionPath;
      molecule: string;
      drugClass: string;
      labelDisambiguated: boolean;
    })
  | (Base & {
      /** A known non-antineoplastic of the dictionary (supportive care): counted, kept out of lines. */
      kind: "supportive";
      path: ResolutionPath;
      molecule: string;
      drugClass: string;
    })
  | (Base & { kind: "investigational"; path: ResolutionPath })
  | (Base & {
      /** Not antineoplastic and not in the dictionary (e.g. N02BE01 paracetamol): kept out and counted. */
      kind: "non_antineoplastic";
      path: ResolutionPath;
      /** The drug's INN when the normaliser knows it (core/drugs/other-drugs.ts), else null. */
      name: string | null;
    })
  | (Base & {
      /**
       * An antineoplastic (ATC L01) the dictionary does not name: still an
       * antineoplastic (contract v2), written `molecule` = the INN the label
       * gives, else the ATC in lower case (`l01xx99`); reported.
       */
      kind: "unnamed_antineoplastic";
      path: ResolutionPath;
      molecule: string;
      /** Where the written name comes from: an INN read in the label, or the ATC code. */
      nameFrom: "label" | "atc";
    })
  | (Base & {
      /** A hormone therapy (ATC L02): out of scope, counted by molecule (`molecule`: the INN, else the ATC in lower case). */
      kind: "hormone_therapy";
      path: ResolutionPath;
      molecule: string;
    })
  | (Base & {
      kind: "unresolved";
      path: ResolutionPath | null;
      reason: UnresolvedReason;
      /** Molecules in the tie, for `ambiguous`. */
      candidates: readonly string[];
    });

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** What an ATC, with an optional label to break ties, says without a code. */
export type AtcResolution = DistributiveOmit<
  Extract<
    Resolution,
    {
      kind:
        "molecule" | "supportive" | "non_antineoplastic" | "unnamed_antineoplastic" | "hormone_therapy" | "unresolved";
    }
  >,
  "code" | "path" | "label"
>;

/** ATC codes of antineoplastic agents (L01). Endocrine therapy (L02) is not: it is out of scope. */
export function isAntineoplasticAtc(atc: string): boolean {
  return /^L01/i.test(atc.trim());
}

/** ATC codes of hormone therapies of cancer (L02). */
export function isHormoneTherapyAtc(atc: string): boolean {
  return /^L02/i.test(atc.trim());
}

/**
 * WHO INN stems of antineoplastic agents (-mab, -tinib, -ciclib, -parib,
 * -zomib, -platin, -taxel, -tecan, -rubicin, -mustine, -citabine, -trexed...):
 * a label token ending in one of them is taken as the drug's INN when the code
 * is already known to be an antineoplastic (its ATC is L01).
 */
const INN_STEM = /^[a-z]{4,}(?:mab|ib|platin|taxel|tecan|rubicin|mustine|citabine|trexed|limus|cept)$/;
/** Payloads of antibody-drug conjugates: the second word of their INN. */
const CONJUGATE_WORDS = new Set([
  "vedotin",
  "deruxtecan",
  "govitecan",
  "emtansine",
  "ozogamicin",
  "mafodotin",
  "tesirine",
  "soravtansine",
  "pasudotox",
]);

/**
 * The INN a nomenclature label gives for an antineoplastic outside the
 * dictionary (e.g. `TELISOTUZUMAB VEDOTIN 100MG PDR` -> `telisotuzumab-vedotin`),
 * or null when the label names none (a brand, a blank).
 */
export function innFromLabel(label: string | null | undefined): string | null {
  const tokens = tokenise(label ?? "").filter((t) => !isIgnorable(t));
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (!INN_STEM.test(t)) continue;
    const next = tokens[i + 1];
    return next !== undefined && CONJUGATE_WORDS.has(next) ? `${t}-${next}` : t;
  }
  return null;
}

const cleanAtc = (atc: string | null | undefined) => (atc ?? "").replace(/\s+/g, "").toUpperCase();
const cleanText = (text: string | null | undefined) => {
  const t = (text ?? "").trim();
  return t.length > 0 ? t : null;
};

/** Canonical UCD: the UCD7 when given as `000000` + UCD7, else the trimmed code. */
export function canonicalUcd(code: string): string {
  const trimmed = code.trim();
  return trimmed.length === 13 && trimmed.startsWith("000000") ? trimmed.slice(6) : trimmed;
}

function fromDrug(drug: DrugReference, atc: string | null, labelDisambiguated = false): AtcResolution {
  if (drug.antineoplastic)
    return { kind: "molecule", molecule: drug.molecule, drugClass: drug.drugClass, atc, labelDisambiguated };
  if (drug.list === "hormone_therapy") return { kind: "hormone_therapy", molecule: drug.molecule, atc };
  return { kind: "supportive", molecule: drug.molecule, drugClass: drug.drugClass, atc };
}

function labelMolecules(label: string | null): MoleculeMatch[] {
  if (!label) return [];
  return normaliseLabelAll(label).filter((m): m is MoleculeMatch => m.kind === "molecule");
}

/**
 * ATC (current or legacy) -> molecule. When the ATC is shared (L01CD01:
 * paclitaxel and nab-paclitaxel) the label decides, else the answer is
 * `ambiguous`. A non-dictionary ATC is `unnamed_antineoplastic` under L01
 * (written with the INN the label gives, else the ATC in lower case),
 * `hormone_therapy` under L02, `non_antineoplastic` otherwise. Returns undefined
 * for a blank ATC.
 */
export function resolveAtc(atcCode: string | null | undefined, label?: string | null): AtcResolution | undefined {
  const atc = cleanAtc(atcCode);
  if (atc.length === 0) return undefined;
  const drugs = drugsByAtc(atc);
  const only = drugs.length === 1 ? drugs[0] : undefined;
  if (only) return fromDrug(only, atc);
  if (drugs.length > 1) {
    const named = labelMolecules(cleanText(label)).filter((m) => drugs.some((d) => d.molecule === m.molecule));
    const chosen = named.length === 1 ? drugs.find((d) => d.molecule === named[0]!.molecule) : undefined;
    if (chosen) return fromDrug(chosen, atc, true);
    return { kind: "unresolved", reason: "ambiguous", atc, candidates: drugs.map((d) => d.molecule).sort() };
  }
  const text = cleanText(label);
  const other = text ? normaliseLabelAll(text).find((m) => m.kind === "unmapped" && m.otherDrug) : undefined;
  const name = other?.kind === "unmapped" ? (other.otherDrug?.name ?? null) : null;
  if (isAntineoplasticAtc(atc)) {
    const inn = innFromLabel(text);
    return inn
      ? { kind: "unnamed_antineoplastic", atc, molecule: inn, nameFrom: "label" }
      : { kind: "unnamed_antineoplastic", atc, molecule: atc.toLowerCase(), nameFrom: "atc" };
  }
  if (isHormoneTherapyAtc(atc)) return { kind: "hormone_therapy", atc, molecule: name ?? atc.toLowerCase() };
  return { kind: "non_antineoplastic", atc, name };
}

/** A resolution before the code is attached. */
type Answer = DistributiveOmit<Resolution, "code">;

/** A label or designation normalised like a hospital label. */
function resolveLabelText(label: string): Answer {
  const base = { path: "dataset_nomenclature_label" as const, label };
  const all = normaliseLabelAll(label);
  const first = all[0]!;
  if (all.length > 1) {
    const candidates = all.map((m) => (m.kind === "molecule" ? m.molecule : m.kind)).sort();
    return { ...base, kind: "unresolved", reason: "ambiguous", atc: null, candidates };
  }
  switch (first.kind) {
    case "investigational":
      return { ...base, kind: "investigational", atc: null };
    case "molecule": {
      const drug = drugByMolecule(first.molecule);
      return drug
        ? { ...base, ...fromDrug(drug, drug.atc) }
        : { ...base, kind: "unresolved", reason: "unmapped_label", atc: null, candidates: [] };
    }
    case "unmapped":
      if (first.reason === "other_drug" && first.otherDrug) {
        const { name, atc, antineoplastic } = first.otherDrug;
        return antineoplastic
          ? { ...base, kind: "unnamed_antineoplastic", atc, molecule: name, nameFrom: "label" }
          : { ...base, kind: "non_antineoplastic", atc, name };
      }
      if (first.reason === "ambiguous") {
        return { ...base, kind: "unresolved", reason: "ambiguous", atc: null, candidates: first.candidates };
      }
      return { ...base, kind: "unresolved", reason: "unmapped_label", atc: null, candidates: [] };
  }
}

/** One nomenclature row -> what it says, or undefined when it says nothing (no ATC, no label). */
function resolvePharmacyRow(row: PharmacyNomenclatureRow): Answer | undefined {
  const label = cleanText(row.label);
  const byAtc = resolveAtc(row.atc, label);
  if (byAtc) return { ...byAtc, path: "dataset_nomenclature_atc", label };
  return label ? resolveLabelText(label) : undefined;
}

const decisive = (r: Answer) => r.kind !== "unresolved";
const hasMolecule = (r: Answer): r is Extract<Answer, { molecule: string }> =>
  r.kind === "molecule" ||
  r.kind === "supportive" ||
  r.kind === "unnamed_antineoplastic" ||
  r.kind === "hormone_therapy";
const answerId = (r: Answer) => (hasMolecule(r) ? `${r.kind}:${r.molecule}` : `${r.kind}:${r.atc ?? ""}`);

/** Several rows for one code: agreeing answers are one answer; disagreeing ones are reported. */
function combine(results: readonly Answer[]): Answer | undefined {
  const useful = results.filter(decisive);
  const first = useful[0];
  if (!first) return results[0];
  if (new Set(useful.map(answerId)).size === 1) return first;
  const candidates = [...new Set(useful.map((r) => (hasMolecule(r) ? r.molecule : r.kind)))].sort();
  return {
    kind: "unresolved",
    reason: "conflicting_nomenclature",
    path: first.path,
    atc: first.atc,
    label: first.label,
    candidates,
  };
}

function fromBuiltin(drug: DrugReference): Answer {
  return { ...fromDrug(drug, drug.atc), path: "builtin_code", label: null };
}

export interface CodeResolver {
  /** CIP13 (ER_PHA_F.PHA_PRS_C13) -> molecule: IR_PHA_R first, then the built-in dictionary. */
  resolveCip13(code: string): Resolution;
  /** UCD7 or 13-character UCD (ER_UCD_F, T_MCOaaMED, ODH_DRUG_ADMIN.ucd7) -> molecule: NU_UCD_R first, then the dictionary. */
  resolveUcd(code: string): Resolution;
}

/**
 * A resolver over one dataset's nomenclatures (IR_PHA_R, NU_UCD_R; either may be
 * absent). The dataset's answer wins over the built-in dictionary; when the
 * dataset holds the code but cannot decide (ambiguous ATC, unknown designation),
 * the dictionary is tried, and failing it the dataset's reason is reported.
 * Answers are memoised per code.
 */
export function createCodeResolver(nomenclatures: CodeNomenclatures = {}): CodeResolver {
  const pharmacy = new Map<string, PharmacyNomenclatureRow[]>();
  for (const row of nomenclatures.pharmacy ?? []) {
    const code = row.cip13.trim();
    pharmacy.set(code, [...(pharmacy.get(code) ?? []), row]);
  }
  const ucd = new Map<string, UcdNomenclatureRow[]>();
  for (const row of nomenclatures.ucd ?? []) {
    const code = canonicalUcd(row.ucd13);
    ucd.set(code, [...(ucd.get(code) ?? []), row]);
  }
  const cipCache = new Map<string, Resolution>();
  const ucdCache = new Map<string, Resolution>();

  const finish = (code: string, fromDataset: Answer | undefined, builtin: DrugReference | undefined): Resolution => {
    if (fromDataset && decisive(fromDataset)) return { ...fromDataset, code };
    if (builtin) return { ...fromBuiltin(builtin), code };
    if (fromDataset) return { ...fromDataset, code };
    return { kind: "unresolved", reason: "not_found", path: null, atc: null, label: null, candidates: [], code };
  };
  const empty = (code: string): Resolution => ({
    kind: "unresolved",
    reason: "empty_code",
    path: null,
    atc: null,
    label: null,
    candidates: [],
    code,
  });

  return {
    resolveCip13(raw: string): Resolution {
      const code = raw.trim();
      const cached = cipCache.get(code);
      if (cached) return cached;
      let result: Resolution;
      if (code.length === 0) result = empty(code);
      else {
        const rows = pharmacy.get(code) ?? [];
        const answers = rows.map(resolvePharmacyRow).filter((r): r is Answer => r !== undefined);
        result = finish(code, combine(answers), drugByCip13(code));
      }
      Object.freeze(result);
      cipCache.set(code, result);
      return result;
    },
    resolveUcd(raw: string): Resolution {
      const code = canonicalUcd(raw);
      const cached = ucdCache.get(code);
      if (cached) return cached;
      let result: Resolution;
      if (code.length === 0) result = empty(code);
      else {
        const rows = ucd.get(code) ?? [];
        const answers = rows
          .map((r) => cleanText(r.designation))
          .filter((d): d is string => d !== null)
          .map(resolveLabelText);
        result = finish(code, combine(answers), drugByUcd(code));
      }
      Object.freeze(result);
      ucdCache.set(code, result);
      return result;
    },
  };
}
