/**
 * Drug codes and labels -> molecules, once per DISTINCT code or label: the
 * resolutions are computed in JavaScript (core/drugs) and written to small
 * DuckDB mapping tables (appender) that the set-based SQL joins back.
 *
 * Outcome of a code or label: `event` (an antineoplastic molecule, ATC L01,
 * whether the dictionary names it or not, or `investigational`), `out_of_scope`
 * (`non_antineoplastic`: supportive care or another non-antineoplastic drug;
 * `hormone_therapy`: ATC L02, counted by molecule) or `rejected`
 * (`unknown_code`, `unmapped_label`). An antineoplastic the dictionary does not
 * name is an event written with the INN its label gives, else its ATC in lower
 * case; its mapping carries the reason `unnamed_antineoplastic` and the drug
 * class `unnamed_antineoplastic`, so that it is reported (ingest.json) while
 * staying in the lines.
 */
import { DuckDBAppender } from "@duckdb/node-api";
import { createCodeResolver, resolveAtc, type CodeResolver, type Resolution } from "../../core/drugs/code-resolver.js";
import { normaliseLabelAll } from "../../core/drugs/label-normaliser.js";
import { drugByMolecule, INVESTIGATIONAL_PLACEHOLDER } from "../../core/reference/drugs.js";

/** Drug class given to an antineoplastic (ATC L01) that the built-in dictionary does not name. */
export const UNNAMED_ANTINEOPLASTIC_CLASS = "unnamed_antineoplastic";
import { tablesOf, type Dataset } from "../dataset/index.js";
import { sqlIdentifier, type DuckSession } from "../duckdb/session.js";
import type { IngestReason } from "./reasons.js";

export interface DrugMapping {
  outcome: "event" | "out_of_scope" | "rejected";
  /** Why the code is refused; on an event, `unnamed_antineoplastic` flags a molecule the dictionary does not name. */
  reason: IngestReason | "unnamed_antineoplastic" | null;
  molecule: string | null;
  atc: string | null;
  drugClass: string | null;
  /** Route when the source has none: PO when the dictionary's only usual route is PO, else IV. */
  hospitalRoute: "IV" | "PO" | null;
  /** What the code or label resolved to, in words (shown in rejections and counts). */
  detail: string;
}

/** Route of a hospital administration without a route column: IV unless the molecule is oral only. */
export function hospitalRoute(molecule: string): "IV" | "PO" {
  const routes = drugByMolecule(molecule)?.routes ?? [];
  return routes.length > 0 && routes.every((r) => r === "PO") ? "PO" : "IV";
}

function moleculeMapping(molecule: string, fallbackAtc: string | null, drugClass: string): DrugMapping {
  return {
    outcome: "event",
    reason: null,
    molecule,
    atc: drugByMolecule(molecule)?.atc ?? fallbackAtc,
    drugClass,
    hospitalRoute: hospitalRoute(molecule),
    detail: molecule,
  };
}

/** An antineoplastic the dictionary does not name: an event, flagged for the report. */
function unnamedMapping(molecule: string, atc: string | null): DrugMapping {
  return {
    outcome: "event",
    reason: "unnamed_antineoplastic",
    molecule,
    atc,
    drugClass: UNNAMED_ANTINEOPLASTIC_CLASS,
    hospitalRoute: "IV",
    detail: `${molecule} (ATC ${atc ?? "?"}, not named by the built-in dictionary)`,
  };
}

const INVESTIGATIONAL: DrugMapping = {
  outcome: "event",
  reason: null,
  molecule: INVESTIGATIONAL_PLACEHOLDER,
  atc: null,
  drugClass: "investigational",
  hospitalRoute: "IV",
  detail: INVESTIGATIONAL_PLACEHOLDER,
};

const refused = (
  outcome: "out_of_scope" | "rejected",
  reason: IngestReason,
  detail: string,
  atc: string | null,
): DrugMapping => ({ outcome, reason, molecule: null, atc, drugClass: null, hospitalRoute: null, detail });

/** A code resolution as a mapping. */
export function mappingOfResolution(r: Resolution): DrugMapping {
  switch (r.kind) {
    case "molecule":
      return moleculeMapping(r.molecule, r.atc, r.drugClass);
    case "investigational":
      return INVESTIGATIONAL;
    case "supportive":
      return refused("out_of_scope", "non_antineoplastic", r.molecule, r.atc);
    case "non_antineoplastic":
      return refused("out_of_scope", "non_antineoplastic", r.name ?? r.atc ?? r.label ?? r.code, r.atc);
    case "unnamed_antineoplastic":
      return unnamedMapping(r.molecule, r.atc);
    case "hormone_therapy":
      return refused("out_of_scope", "hormone_therapy", r.molecule, r.atc);
    case "unresolved":
      return refused(
        "rejected",
        "unknown_code",
        `${r.reason}${r.candidates.length ? `: ${r.candidates.join("|")}` : ""}`,
        r.atc,
      );
  }
}

/** The code resolver over the dataset's nomenclatures (IR_PHA_R, NU_UCD_R), read from DuckDB. */
export async function datasetCodeResolver(session: DuckSession, dataset: Dataset): Promise<CodeResolver> {
  const pha = tablesOf(dataset, "IR_PHA_R")[0];
  const ucd = tablesOf(dataset, "NU_UCD_R")[0];
  const pharmacy = pha
    ? (await session.all(`SELECT PHA_CIP_C13, PHA_ATC_C07, PHA_MED_NOM FROM ${sqlIdentifier(pha.typedTable)}`)).map(
        (r) => ({
          cip13: String(r.PHA_CIP_C13),
          atc: r.PHA_ATC_C07 === null ? null : String(r.PHA_ATC_C07),
          label: r.PHA_MED_NOM === null ? null : String(r.PHA_MED_NOM),
        }),
      )
    : [];
  const ucdRows = ucd
    ? (await session.all(`SELECT UCD_UCD_COD, UCD_DSN_LIB FROM ${sqlIdentifier(ucd.typedTable)}`)).map((r) => ({
        ucd13: String(r.UCD_UCD_COD),
        designation: String(r.UCD_DSN_LIB),
      }))
    : [];
  return createCodeResolver({ pharmacy, ucd: ucdRows });
}

export const MAPPING_COLUMNS =
  "outcome VARCHAR, reason VARCHAR, molecule VARCHAR, atc VARCHAR, drug_class VARCHAR, hospital_route VARCHAR, detail VARCHAR";

function appendText(appender: DuckDBAppender, value: string | null): void {
  if (value === null) appender.appendNull();
  else appender.appendVarchar(value);
}

function appendMapping(appender: DuckDBAppender, m: DrugMapping): void {
  for (const v of [m.outcome, m.reason, m.molecule, m.atc, m.drugClass, m.hospitalRoute, m.detail]) {
    appendText(appender, v);
  }
}

/**
 * Creates `table` (code VARCHAR + mapping columns) for the distinct codes
 * returned by `codesQuery` (one column `code`), resolved by `resolve`.
 */
export async function buildCodeMap(
  session: DuckSession,
  table: string,
  codesQuery: string,
  resolve: (code: string) => Resolution,
): Promise<void> {
  await session.run(`CREATE OR REPLACE TABLE ${sqlIdentifier(table)} (code VARCHAR, ${MAPPING_COLUMNS})`);
  const codes = await session.all(`SELECT DISTINCT code FROM (${codesQuery}) WHERE code IS NOT NULL`);
  const appender = await session.connection.createAppender(table);
  for (const row of codes) {
    const code = String(row.code);
    appendText(appender, code);
    appendMapping(appender, mappingOfResolution(resolve(code)));
    appender.endRow();
  }
  appender.closeSync();
}

/** One warehouse label (with its ucd7 and atc) resolved: the mappings of its molecules, and what stayed unmapped. */
export interface LabelResolution {
  /** One per molecule for an `event`; a single refusal otherwise. */
  mappings: DrugMapping[];
  /** Parts of the label that named no dictionary drug (reported in unmapped_labels). */
  unmapped: { reason: string; candidates: readonly string[]; cleaned: string }[];
  /** How the row was resolved: `label`, `ucd7`, `atc` (fallbacks) or `none`. */
  resolvedBy: "label" | "ucd7" | "atc" | "none";
}

/**
 * A warehouse row's drug: the label normalised to its molecules (a
 * combination gives several), clinical-trial labels `investigational`; when the
 * label names nothing usable, the ucd7 column then the atc column decide (an
 * atc under L01 that the dictionary does not name is an unnamed antineoplastic);
 * else `unmapped_label` (or `non_antineoplastic` / `hormone_therapy` when the
 * label names a real drug outside the lines' scope).
 */
export function resolveWarehouseDrug(
  label: string,
  ucd7: string | null,
  atc: string | null,
  resolver: CodeResolver,
): LabelResolution {
  const matches = normaliseLabelAll(label);
  const events: DrugMapping[] = [];
  const refusals: DrugMapping[] = [];
  const unmapped: LabelResolution["unmapped"] = [];
  for (const m of matches) {
    if (m.kind === "investigational") events.push(INVESTIGATIONAL);
    else if (m.kind === "molecule") {
      const drug = drugByMolecule(m.molecule);
      if (m.antineoplastic) events.push(moleculeMapping(m.molecule, null, m.drugClass));
      else
        refusals.push(
          refused(
            "out_of_scope",
            drug?.list === "hormone_therapy" ? "hormone_therapy" : "non_antineoplastic",
            m.molecule,
            drug?.atc ?? null,
          ),
        );
    } else {
      if (m.reason === "other_drug" && m.otherDrug?.antineoplastic) {
        events.push(unnamedMapping(m.otherDrug.name, m.otherDrug.atc));
        continue;
      }
      unmapped.push({ reason: m.reason, candidates: m.candidates, cleaned: m.cleaned });
      if (m.reason === "other_drug" && m.otherDrug) {
        refusals.push(refused("out_of_scope", "non_antineoplastic", m.otherDrug.name, m.otherDrug.atc));
      }
    }
  }
  const unique = (list: DrugMapping[]) => [...new Map(list.map((x) => [x.molecule, x])).values()];
  if (events.length > 0) return { mappings: unique(events), unmapped, resolvedBy: "label" };
  if (unmapped.length > 0 || refusals.length === 0) {
    // the label alone did not decide: ucd7, then atc
    if (ucd7 !== null && ucd7.trim() !== "") {
      const byUcd = mappingOfResolution(resolver.resolveUcd(ucd7));
      if (byUcd.outcome !== "rejected") return { mappings: [byUcd], unmapped, resolvedBy: "ucd7" };
    }
    const byAtc = resolveAtc(atc, label);
    if (byAtc && byAtc.kind !== "unresolved") {
      const mapping = mappingOfResolution({ ...byAtc, code: atc ?? "", label, path: "builtin_code" } as Resolution);
      if (mapping.outcome !== "rejected") return { mappings: [mapping], unmapped, resolvedBy: "atc" };
      refusals.push(mapping);
    }
  }
  const refusal = refusals.find((r) => r.outcome === "rejected") ?? refusals[0];
  if (refusal) return { mappings: [refusal], unmapped, resolvedBy: "none" };
  const reasons = unmapped.map((u) => `${u.reason}${u.candidates.length ? `: ${u.candidates.join("|")}` : ""}`);
  return {
    mappings: [refused("rejected", "unmapped_label", reasons.join("; ") || "no_match", null)],
    unmapped,
    resolvedBy: "none",
  };
}
