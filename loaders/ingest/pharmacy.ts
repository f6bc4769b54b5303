/**
 * DCIR drugs: community pharmacy (ER_PHA_F) and hospital retrocession / liste
 * en sus (ER_UCD_F), each detail row joined to its ER_PRS_F row on the 9 DCIR
 * keys. Rules, in order (the first that applies decides):
 *
 * 1. no ER_PRS_F row with the same 9 keys: rejected `orphan_detail`;
 * 2. the standard DCIR cleaning (contract v2), out of scope by reason:
 *    DPN_QLF 71 or 72 `information_only`, PRS_DPN_QLP 71 `information_only_qlp`,
 *    CPL_MAJ_TOP >= 2 `surcharge`, BEN_CDI_NIR other than 00, 03, 04
 *    `fictitious_nir` (an empty cell or an absent column filters nothing), an
 *    ER_ETE_F row with ETE_IND_TAA = 1 `billed_in_pmsi` (the care is in PMSI);
 * 3. (BEN_NIR_PSA, BEN_RNG_GEM) unknown, ambiguous, or a person outside the
 *    cohort: out of scope (`unknown_nir`, `ambiguous_nir`, `person_not_in_cohort`);
 * 4. the code resolves to no antineoplastic: see drug-mapping.ts;
 * 5. EXE_SOI_DTD before birth or more than 1 day after death: rejected;
 * 6. reversals: quantities are netted per (person, code, EXE_SOI_DTD); a net
 *    <= 0 puts every row of the group out of scope (`reversed`); with a
 *    positive net, the negative rows are out of scope (`reversal_netted`) and
 *    the positive rows carry the net.
 *
 * Pharmacy days supply = net boxes x 30 days (the contract has no pack size).
 * ER_PRS_F rows: rejected `duplicate_key` for a second row with the same keys,
 * out of scope for rules 2-3 or without any detail row (`no_drug_detail`),
 * used otherwise. ER_ETE_F rows: rejected `orphan_detail` without their
 * ER_PRS_F row, out of scope `billed_in_pmsi` when ETE_IND_TAA = 1, used
 * otherwise.
 *
 * Cost (where ER_PRS_F has PRS_PAI_MNT): the benefit's amount, shared equally
 * between its detail rows; after reversal netting, the group's net amount is
 * shared between its positive rows in proportion to their quantity.
 */
import { DCIR_JOIN_KEYS } from "../../core/contract/tables.js";
import type { CodeResolver } from "../../core/drugs/code-resolver.js";
import { tablesOf, type Dataset, type LoadedTable } from "../dataset/index.js";
import { sqlIdentifier, sqlString, type DuckSession } from "../duckdb/session.js";
import { classifyRows, type ReasonDetail } from "./classify.js";
import { insertContributions, SOURCE_RANK } from "./contributions.js";
import { buildCodeMap } from "./drug-mapping.js";
import { withKeyRank } from "./key-rank.js";
import { personDetails, personReason } from "./linkage.js";
import { dateDetails, dateReason } from "./person-facts.js";
import type { IngestReason } from "./reasons.js";

const q = sqlIdentifier;
export const PHARMACY_DAYS_PER_BOX = 30;

const keysEqual = (a: string, b: string) => DCIR_JOIN_KEYS.map((k) => `${a}.${k} = ${b}.${k}`).join(" AND ");
/** SQL: the 9 keys of `a` and `b` equal, NULL equal to NULL. */
const keysSame = (a: string, b: string) =>
  DCIR_JOIN_KEYS.map((k) => `${a}.${k} IS NOT DISTINCT FROM ${b}.${k}`).join(" AND ");
/** SQL: the 9 keys as null columns, for an empty relation joined in place of an absent table. */
const noKeys = DCIR_JOIN_KEYS.map((k) => `NULL AS ${k}`).join(", ");
const keysText = (a: string) => `concat_ws('|', ${DCIR_JOIN_KEYS.map((k) => `CAST(${a}.${k} AS VARCHAR)`).join(", ")})`;

/**
 * SQL: the DCIR cleaning reason of an ER_PRS_F row (alias `p`) and its ER_ETE_F
 * summary (alias `e`, column `taa`), null when the row is care.
 */
function cleaningReason(p: string, e: string): string {
  return (
    `CASE WHEN ${p}.DPN_QLF IN (71, 72) THEN 'information_only' WHEN ${p}.PRS_DPN_QLP = 71 THEN 'information_only_qlp' ` +
    `WHEN ${p}.CPL_MAJ_TOP >= 2 THEN 'surcharge' WHEN ${p}.BEN_CDI_NIR NOT IN ('00', '03', '04') THEN 'fictitious_nir' ` +
    `WHEN ${e}.taa THEN 'billed_in_pmsi' END`
  );
}

/** Rejection details of the cleaning reasons; the row exposes DPN_QLF, PRS_DPN_QLP, CPL_MAJ_TOP, BEN_CDI_NIR. */
const CLEANING_DETAILS: Partial<Record<IngestReason, ReasonDetail>> = {
  information_only: { column: "DPN_QLF", value: "DPN_QLF", expected: "a DPN_QLF other than 71 and 72" },
  information_only_qlp: { column: "PRS_DPN_QLP", value: "PRS_DPN_QLP", expected: "a PRS_DPN_QLP other than 71" },
  surcharge: { column: "CPL_MAJ_TOP", value: "CPL_MAJ_TOP", expected: "a CPL_MAJ_TOP below 2 (not a surcharge)" },
  fictitious_nir: {
    column: "BEN_CDI_NIR",
    value: "BEN_CDI_NIR",
    expected: "a BEN_CDI_NIR of 00, 03 or 04 (a real NIR)",
  },
  billed_in_pmsi: {
    column: "ETE_IND_TAA",
    value: "'1'",
    expected: "an ER_ETE_F row with ETE_IND_TAA other than 1 (ETE_IND_TAA 1: the care is in PMSI)",
  },
};

/** SQL: the first ER_PRS_F row of each 9 keys, with its reason (the row a detail row joins). */
const PRS_FIRST = "(SELECT * FROM ing_prs_linked WHERE key_rank = 1)";

const ORPHAN_DETAIL: ReasonDetail = {
  column: "9 join keys",
  value: "keys_text",
  expected: "an ER_PRS_F row with the same 9 join keys",
};

interface Detail {
  table: LoadedTable;
  source: "dcir_pharmacy" | "dcir_ucd";
  codeColumn: string;
  quantityColumn: string;
  map: string;
  daysSupply: string;
  route: string;
}

export async function ingestPharmacy(session: DuckSession, dataset: Dataset, resolver: CodeResolver): Promise<void> {
  const prsTable = tablesOf(dataset, "ER_PRS_F")[0]!;
  const ete = tablesOf(dataset, "ER_ETE_F")[0];
  // without ER_ETE_F, an empty relation with the same keys: a hash join still (not a nested loop)
  const eteJoin =
    (ete
      ? `LEFT JOIN (SELECT ${DCIR_JOIN_KEYS.join(", ")}, bool_or(ETE_IND_TAA = 1) AS taa FROM ${q(ete.typedTable)} GROUP BY ALL)`
      : `LEFT JOIN (SELECT ${noKeys}, false AS taa WHERE false)`) + ` e ON ${keysEqual("e", "p")}`;
  // every ER_PRS_F row once, with its rank among the rows of its 9 keys (a second one is a duplicate_key)
  // and its cleaning / linkage reason; the details join the first row of their keys (`PRS_FIRST`)
  await session.run(
    `CREATE OR REPLACE TABLE ing_prs_linked AS SELECT p.*, m.person, m.n, co.patient_id AS cohort_patient, ` +
      `coalesce(${cleaningReason("p", "e")}, ${personReason("m", "co")}) AS link_reason ` +
      `FROM (${withKeyRank(q(prsTable.typedTable), DCIR_JOIN_KEYS, "key_rank")}) p LEFT JOIN ing_dcir_person m ON m.nir = p.BEN_NIR_PSA AND m.rng = p.BEN_RNG_GEM ` +
      `LEFT JOIN ing_cohort co ON co.patient_id = m.person ${eteJoin}`,
  );
  if (ete) {
    const cls = await classifyRows(session, {
      tables: [ete],
      query:
        `SELECT f.__row, f.__table, CASE WHEN p.__row IS NULL THEN ${keysText("f")} END AS keys_text, f.ETE_IND_TAA, ` +
        `CASE WHEN p.__row IS NULL THEN 'orphan_detail' WHEN f.ETE_IND_TAA = 1 THEN 'billed_in_pmsi' END AS reason ` +
        `FROM ${q(ete.typedTable)} f LEFT JOIN ${PRS_FIRST} p ON ${keysEqual("p", "f")}`,
      okStatus: "'used'",
      details: {
        orphan_detail: ORPHAN_DETAIL,
        billed_in_pmsi: CLEANING_DETAILS.billed_in_pmsi!,
      },
    });
    await session.run(`DROP TABLE ${q(cls)}`);
  }

  const details: Detail[] = [];
  const pha = tablesOf(dataset, "ER_PHA_F")[0];
  if (pha) {
    await buildCodeMap(session, "ing_map_cip", `SELECT PHA_PRS_C13 AS code FROM ${q(pha.typedTable)}`, (c) =>
      resolver.resolveCip13(c),
    );
    details.push({
      table: pha,
      source: "dcir_pharmacy",
      codeColumn: "PHA_PRS_C13",
      quantityColumn: "PHA_ACT_QSN",
      map: "ing_map_cip",
      daysSupply: `CAST(net * ${PHARMACY_DAYS_PER_BOX} AS INTEGER)`,
      route: "'PO'",
    });
  }
  const ucd = tablesOf(dataset, "ER_UCD_F")[0];
  if (ucd) {
    await buildCodeMap(session, "ing_map_dcir_ucd", `SELECT UCD_UCD_COD AS code FROM ${q(ucd.typedTable)}`, (c) =>
      resolver.resolveUcd(c),
    );
    details.push({
      table: ucd,
      source: "dcir_ucd",
      codeColumn: "UCD_UCD_COD",
      quantityColumn: "UCD_DLV_NBR",
      map: "ing_map_dcir_ucd",
      daysSupply: "CASE WHEN hospital_route = 'PO' THEN 30 ELSE 1 END",
      route: "hospital_route",
    });
  }
  // costs only where ER_PRS_F has PRS_PAI_MNT: the windows that share them are not free
  const costs = !prsTable.missingOptionalColumns.includes("PRS_PAI_MNT");
  for (const d of details) await ingestDetail(session, d, costs);

  // ER_PRS_F rows
  const withDetail = details
    .map((d) => `SELECT ${DCIR_JOIN_KEYS.join(", ")} FROM ${q(d.table.typedTable)}`)
    .join(" UNION ");
  const detailJoin =
    (details.length
      ? `LEFT JOIN (SELECT DISTINCT *, true AS has_detail FROM (${withDetail}))`
      : `LEFT JOIN (SELECT ${noKeys}, true AS has_detail WHERE false)`) + ` x ON ${keysEqual("x", "p")}`;
  const cls = await classifyRows(session, {
    tables: [prsTable],
    query:
      // keys_text only where a reason shows it (duplicate_key, no_drug_detail): not built for every row
      `SELECT p.__row, p.__table, p.BEN_NIR_PSA || '/' || p.BEN_RNG_GEM AS person_key, p.DPN_QLF, p.PRS_DPN_QLP, p.CPL_MAJ_TOP, p.BEN_CDI_NIR, ` +
      `CASE WHEN p.key_rank > 1 OR (p.link_reason IS NULL AND x.has_detail IS NULL) THEN ${keysText("p")} END AS keys_text, ` +
      `CASE WHEN p.key_rank > 1 THEN 'duplicate_key' WHEN p.link_reason IS NOT NULL THEN p.link_reason ` +
      `WHEN x.has_detail IS NULL THEN 'no_drug_detail' END AS reason ` +
      `FROM ing_prs_linked p ${detailJoin}`,
    okStatus: "'used'",
    details: {
      duplicate_key: { column: "9 join keys", value: "keys_text", expected: "one ER_PRS_F row per 9 join keys" },
      ...CLEANING_DETAILS,
      no_drug_detail: { column: "9 join keys", value: "keys_text", expected: "an ER_PHA_F or ER_UCD_F row" },
      ...personDetails("person_key", "BEN_NIR_PSA"),
    },
  });
  await session.run(`DROP TABLE ${q(cls)}`);
}

async function ingestDetail(session: DuckSession, d: Detail, costs: boolean): Promise<void> {
  const pre =
    `CASE WHEN p.__row IS NULL THEN 'orphan_detail' WHEN p.link_reason IS NOT NULL THEN p.link_reason ` +
    `WHEN mp.outcome <> 'event' THEN mp.reason ELSE ${dateReason("p.EXE_SOI_DTD")} END`;
  const base =
    // keys_text only for orphan_detail, the one reason that shows it
    `SELECT f.__row, f.__table, f.${d.codeColumn} AS code, f.${d.quantityColumn} AS qty, ` +
    `CASE WHEN p.__row IS NULL THEN ${keysText("f")} END AS keys_text, ` +
    `p.EXE_SOI_DTD AS event_date, p.DPN_QLF, p.PRS_DPN_QLP, p.CPL_MAJ_TOP, p.BEN_CDI_NIR, ` +
    `p.BEN_NIR_PSA || '/' || p.BEN_RNG_GEM AS person_key, ` +
    // the benefit's amount, shared between its detail rows
    (costs ? `p.PRS_PAI_MNT / dn.n AS row_cost, ` : "CAST(NULL AS DOUBLE) AS row_cost, ") +
    `p.cohort_patient AS patient_id, mp.molecule, mp.atc, mp.drug_class, mp.hospital_route, mp.detail, ${pre} AS pre_reason ` +
    `FROM ${q(d.table.typedTable)} f LEFT JOIN ${PRS_FIRST} p ON ${keysEqual("p", "f")} ` +
    // the number of detail rows of each 9 keys (NULL keys grouped, as a window's partition would)
    (costs
      ? `LEFT JOIN (SELECT ${DCIR_JOIN_KEYS.join(", ")}, count(*) AS n FROM ${q(d.table.typedTable)} GROUP BY ALL) dn ` +
        `ON ${keysSame("dn", "f")} `
      : "") +
    `LEFT JOIN ${q(d.map)} mp ON mp.code = f.${d.codeColumn} ` +
    `LEFT JOIN ing_person_facts pf ON pf.patient_id = p.cohort_patient`;
  // Netting per (patient, code, date): the group's sums by an aggregate joined back (NULL keys
  // grouped, as a window's partition would), not windows, which carried every column through a sort.
  const netting =
    `SELECT patient_id, code, event_date, sum(CASE WHEN pre_reason IS NULL THEN qty END) AS net` +
    (costs
      ? `, sum(CASE WHEN pre_reason IS NULL THEN row_cost END) AS cost_sum, ` +
        `sum(CASE WHEN pre_reason IS NULL AND qty > 0 THEN qty END) AS positive_qty`
      : "") +
    ` FROM b GROUP BY ALL`;
  const cost = costs
    ? `CASE WHEN b.pre_reason IS NULL AND b.qty > 0 THEN g.cost_sum * b.qty / g.positive_qty END`
    : "CAST(NULL AS DOUBLE)";
  const netted =
    `WITH b AS MATERIALIZED (${base}), g AS (${netting}) SELECT b.*, g.net, ${cost} AS cost FROM b LEFT JOIN g ` +
    `ON ${["patient_id", "code", "event_date"].map((k) => `b.${k} IS NOT DISTINCT FROM g.${k}`).join(" AND ")}`;
  const query =
    `SELECT *, CASE WHEN pre_reason IS NOT NULL THEN pre_reason WHEN net <= 0 THEN 'reversed' ` +
    `WHEN qty <= 0 THEN 'reversal_netted' END AS reason FROM (${netted})`;
  const codeDetail = (expected: string): ReasonDetail => ({
    column: d.codeColumn,
    value: "code || ' (' || coalesce(detail, '') || ')'",
    expected,
  });
  const detailsByReason: Partial<Record<IngestReason, ReasonDetail>> = {
    orphan_detail: ORPHAN_DETAIL,
    ...CLEANING_DETAILS,
    ...personDetails("person_key", "BEN_NIR_PSA"),
    unknown_code: codeDetail("a code of the dataset's nomenclature or of the built-in dictionary naming one drug"),
    non_antineoplastic: codeDetail("an antineoplastic drug"),
    hormone_therapy: codeDetail("an antineoplastic drug (ATC L01)"),
    ...dateDetails("EXE_SOI_DTD"),
    reversed: {
      column: d.quantityColumn,
      value: "CAST(qty AS VARCHAR) || ' (net ' || CAST(net AS VARCHAR) || ')'",
      expected: "a positive net quantity per person, code and date",
    },
    reversal_netted: {
      column: d.quantityColumn,
      value: "CAST(qty AS VARCHAR) || ' (net ' || CAST(net AS VARCHAR) || ')'",
      expected: "a positive quantity (this reversal is netted into its dispensing)",
    },
  };
  const cls = await classifyRows(session, { tables: [d.table], query, okStatus: "'event'", details: detailsByReason });
  await session.run(
    insertContributions(
      q(cls),
      `patient_id, event_date, molecule, atc, drug_class, ${d.route}, ${d.daysSupply}, ${sqlString(d.source)}, ` +
        `${SOURCE_RANK[d.source]}, ${sqlString(d.table.physicalName)}, __row, cost`,
    ),
  );
  await session.run(`DROP TABLE ${q(cls)}`);
}
