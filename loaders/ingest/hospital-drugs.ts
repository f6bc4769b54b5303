/**
 * PMSI drugs, one table per year:
 * - T_MCOaaMED (liste en sus, public hospitals), T_MCOaaMEDATU (early access,
 *   public and private) and T_MCOaaFH (liste en sus of private clinics), linked
 *   to their stay (T_MCOaaC of the same year). Date = stay entry
 *   (T_MCOaaC.EXE_SOI_DTD) + DELAI (MED), DAT_DELAI (MEDATU), DEL_DAT_ENT (FH).
 * - T_MCOaaFHSTC (liste en sus given during a public hospital's outpatient
 *   visit), linked to its visit (T_MCOaaCSTC of the same year, on ETA_NUM,
 *   SEQ_NUM). Date = visit date (EXE_SOI_DTD) + DEL_DAT_ENT.
 *
 * Route: IV unless the dictionary's only usual route for the molecule is PO.
 * Rules, first applying decides: stay / visit missing (`orphan_stay`,
 * `orphan_visit`), out of scope (`error_ghm`, `billed_for_another_hospital`) or
 * not linked (`unlinkable_stay`, `unlinkable_visit`, linkage reasons); FH and
 * FHSTC only: no UCD (`empty_ucd`), quantity 0 or empty (`zero_quantity`),
 * fractioning coefficient 0 (`zero_coefficient`); code (drug-mapping.ts); date
 * (before birth, after death); else an event.
 *
 * One administration, not several (the extra rows become merged duplicates:
 * their contribution is dated like the first, and merging keeps one exposure):
 * - MED / MEDATU repeats: a line of a stay spanning NBR_SEJ (MEDATU: SEJ_NBR)
 *   RSAs is repeated on each of them. Rows of one patient with NBR_SEJ > 1 and
 *   the same hospital, UCD, delay, quantity, NBR_SEJ, month and year of
 *   administration (ADM_MOIS, DAT_ADM_ANN / ADM_ANN where present), in date
 *   order, form groups of NBR_SEJ rows, each dated at its first row.
 * - bevacizumab in both MED and MEDATU for the same stay and month
 *   (ADM_MOIS, else the month of the date): the MEDATU row takes the MED date.
 *
 * Cost (euros, where the column is present): MED ADM_NBR_PRI, MEDATU
 * ACH_PRI_ADM, FH FAC_TOT, FHSTC FAC_MNT.
 */
import { OUTPATIENT_RETURN_CODES } from "../../core/contract/tables.js";
import type { CodeResolver } from "../../core/drugs/code-resolver.js";
import type { EventSource } from "../../core/events/events.js";
import { tablesOf, typedUnionQuery, type Dataset, type LoadedTable } from "../dataset/index.js";
import { sqlIdentifier, sqlString, type DuckSession } from "../duckdb/session.js";
import { classifyRows, type ReasonDetail } from "./classify.js";
import { insertContributions, SOURCE_RANK } from "./contributions.js";
import { buildCodeMap } from "./drug-mapping.js";
import { withKeyRank } from "./key-rank.js";
import { personDetails, personReason, STAY_KEY, stayDetails, stayJoin } from "./linkage.js";
import { dateDetails, dateReason } from "./person-facts.js";
import type { IngestReason } from "./reasons.js";

const q = sqlIdentifier;

/** Where each hospital drug table keeps its columns; its years are classified in one statement. */
interface HospitalTable {
  /** Every year of the logical table. */
  tables: LoadedTable[];
  /** Their valid rows (`typedUnionQuery`: with `__year` and `__table`). */
  union: string;
  source: Extract<EventSource, "pmsi_med" | "pmsi_medatu" | "pmsi_fh" | "pmsi_fhstc">;
  delay: string;
  quantity: string;
  cost: string;
  /** MED / MEDATU: the stays column and the month and year of administration. */
  repeats?: { stays: string; month: string; year: string };
  /** FH / FHSTC: the fractioning coefficient (the dispensing exclusions apply). */
  coefficient?: string;
}

/** The bevacizumab molecule (MED and MEDATU rows of one stay and month are one administration). */
export const BEVACIZUMAB = "bevacizumab";

function hospitalTables(dataset: Dataset): HospitalTable[] {
  const of = (logicalName: string) => {
    const union = typedUnionQuery(dataset, logicalName);
    return union === undefined ? [] : [{ tables: tablesOf(dataset, logicalName), union }];
  };
  return [
    ...of("T_MCOaaMED").map((t): HospitalTable => ({
      ...t,
      source: "pmsi_med",
      delay: "DELAI",
      quantity: "ADM_NBR",
      cost: "ADM_NBR_PRI",
      repeats: { stays: "NBR_SEJ", month: "ADM_MOIS", year: "DAT_ADM_ANN" },
    })),
    ...of("T_MCOaaMEDATU").map((t): HospitalTable => ({
      ...t,
      source: "pmsi_medatu",
      delay: "DAT_DELAI",
      quantity: "ADM_NBR",
      cost: "ACH_PRI_ADM",
      repeats: { stays: "SEJ_NBR", month: "ADM_MOIS", year: "ADM_ANN" },
    })),
    ...of("T_MCOaaFH").map((t): HospitalTable => ({
      ...t,
      source: "pmsi_fh",
      delay: "DEL_DAT_ENT",
      quantity: "QUA_COD",
      cost: "FAC_TOT",
      coefficient: "COE_TAU",
    })),
    ...of("T_MCOaaFHSTC").map((t): HospitalTable => ({
      ...t,
      source: "pmsi_fhstc",
      delay: "DEL_DAT_ENT",
      quantity: "QUA",
      cost: "FAC_MNT",
      coefficient: "FRACT_COE",
    })),
  ];
}

/** SQL: the dispensing exclusions of FH / FHSTC rows (alias `r`). */
function dispensingReason(h: HospitalTable): string {
  if (!h.coefficient) return "NULL";
  return (
    `CASE WHEN r.UCD_UCD_COD IS NULL THEN 'empty_ucd' WHEN coalesce(r.${h.quantity}, 0) = 0 THEN 'zero_quantity' ` +
    `WHEN r.${h.coefficient} = 0 THEN 'zero_coefficient' END`
  );
}

const DISPENSING_DETAILS = (h: HospitalTable): Partial<Record<IngestReason, ReasonDetail>> => ({
  empty_ucd: { column: "UCD_UCD_COD", value: "''", expected: "a UCD code" },
  zero_quantity: { column: h.quantity, value: "CAST(quantity AS VARCHAR)", expected: "a quantity other than 0" },
  zero_coefficient: {
    column: h.coefficient ?? "",
    value: "CAST(coefficient AS VARCHAR)",
    expected: "a fractioning coefficient other than 0",
  },
});

const RET = OUTPATIENT_RETURN_CODES;

/**
 * Classifies every T_MCOaaCSTC (outpatient visits) and builds `ing_visits`
 * (year, eta_num, seq_num, patient_id, visit_date, link_reason). A visit's row
 * is used when a T_MCOaaFHSTC row names it, else out of scope `no_drug_detail`.
 */
async function linkVisits(session: DuckSession, dataset: Dataset): Promise<void> {
  const visits = typedUnionQuery(dataset, "T_MCOaaCSTC");
  if (visits === undefined) {
    await session.run(
      `CREATE OR REPLACE TABLE ing_visits (year INTEGER, source_row BIGINT, eta_num VARCHAR, seq_num VARCHAR, ` +
        `patient_id VARCHAR, visit_date DATE, link_reason VARCHAR)`,
    );
    return;
  }
  const badRet = RET.map((c) => `${q(c)} <> '0'`).join(" OR ");
  const retText = `concat_ws(' ', ${RET.map((c) => `CASE WHEN ${q(c)} <> '0' THEN '${c}=' || ${q(c)} END`).join(", ")})`;
  const drugs = typedUnionQuery(dataset, "T_MCOaaFHSTC");
  // without T_MCOaaFHSTC, an empty relation with the same keys: a hash join still (not a nested loop)
  const drugJoin =
    `LEFT JOIN (${drugs ? `SELECT DISTINCT __year, ETA_NUM, SEQ_NUM, true AS has_drug FROM (${drugs})` : "SELECT NULL AS __year, NULL AS ETA_NUM, NULL AS SEQ_NUM, true AS has_drug WHERE false"}) d ` +
    `ON d.__year = c.__year AND d.ETA_NUM = c.ETA_NUM AND d.SEQ_NUM = c.SEQ_NUM`;
  const visitKey = "ETA_NUM || '/' || SEQ_NUM";
  const cls = await classifyRows(session, {
    tables: tablesOf(dataset, "T_MCOaaCSTC"),
    query:
      // ret_text only where a reason shows it (unlinkable_visit): not built for every row
      `SELECT *, CASE WHEN link_reason IS NULL AND has_drug IS NULL THEN 'no_drug_detail' ELSE link_reason END ` +
      `AS reason FROM (WITH c AS (SELECT *, (${badRet}) AS bad_ret ` +
      `FROM (${withKeyRank(`(${visits})`, ["__year", "ETA_NUM", "SEQ_NUM"], "k")})) ` +
      `SELECT c.__row, c.__table, c.__year, c.k, c.ETA_NUM, c.SEQ_NUM, c.NIR_ANO_17, ` +
      `c.EXE_SOI_DTD, CASE WHEN c.bad_ret THEN ${retText} END AS ret_text, m.person, d.has_drug, ` +
      `CASE WHEN c.k > 1 THEN 'duplicate_visit' WHEN c.bad_ret THEN 'unlinkable_visit' ` +
      `ELSE ${personReason("m", "co")} END AS link_reason ` +
      `FROM c LEFT JOIN ing_nir_person m ON m.nir = c.NIR_ANO_17 LEFT JOIN ing_cohort co ON co.patient_id = m.person ` +
      `${drugJoin})`,
    okStatus: "'used'",
    details: {
      duplicate_visit: { column: "SEQ_NUM", value: visitKey, expected: "one row per visit (ETA_NUM, SEQ_NUM)" },
      unlinkable_visit: { column: "*_RET", value: "ret_text", expected: "every linkage return code *_RET = 0" },
      no_drug_detail: { column: "SEQ_NUM", value: visitKey, expected: "a visit with a T_MCOaaFHSTC drug row" },
      ...personDetails("NIR_ANO_17", "NIR_ANO_17"),
    },
  });
  await session.run(
    `CREATE OR REPLACE TABLE ing_visits AS SELECT __year AS year, __row AS source_row, ETA_NUM AS eta_num, ` +
      `SEQ_NUM AS seq_num, CASE WHEN link_reason IS NULL THEN person END AS patient_id, EXE_SOI_DTD AS visit_date, ` +
      `link_reason FROM ${q(cls)} WHERE k = 1`,
  );
  await session.run(`DROP TABLE ${q(cls)}`);
}

/** SQL fragments linking a T_MCOaaFHSTC row (alias `r`) to its visit (alias `s`, as stayJoin for stays). */
function visitJoin(year: string) {
  return {
    join: `LEFT JOIN ing_visits s ON s.year = ${year} AND s.eta_num = r.ETA_NUM AND s.seq_num = r.SEQ_NUM`,
    reason: `CASE WHEN s.source_row IS NULL THEN 'orphan_visit' ELSE s.link_reason END`,
    key: `r.ETA_NUM AS stay_eta, r.SEQ_NUM AS stay_rsa`,
  };
}

function visitDetails(): Partial<Record<IngestReason, ReasonDetail>> {
  const column = "SEQ_NUM";
  const value = STAY_KEY;
  return {
    orphan_visit: { column, value, expected: "a visit (ETA_NUM, SEQ_NUM) of T_MCOaaCSTC of the same year" },
    unlinkable_visit: { column, value, expected: "a visit whose linkage return codes *_RET are all 0" },
    duplicate_visit: { column, value, expected: "one row per visit (ETA_NUM, SEQ_NUM)" },
    ...personDetails(STAY_KEY, column),
  };
}

export async function ingestHospitalDrugs(session: DuckSession, dataset: Dataset, resolver: CodeResolver) {
  if (tablesOf(dataset, "T_MCOaaCSTC").length) await linkVisits(session, dataset);
  const tables = hospitalTables(dataset);
  if (tables.length === 0) return;
  await buildCodeMap(
    session,
    "ing_map_pmsi_ucd",
    tables
      .flatMap((h) => h.tables)
      .map((table) => `SELECT UCD_UCD_COD AS code FROM ${q(table.typedTable)}`)
      .join(" UNION ALL "),
    (c) => resolver.resolveUcd(c),
  );
  const classified = new Map<HospitalTable, string>();
  for (const h of tables) classified.set(h, await classifyHospitalTable(session, h));

  for (const [h, cls] of classified) {
    let dated = `SELECT *, event_date AS contribution_date FROM ${q(cls)} WHERE status = 'event'`;
    // repeats only where a file has the stays column (NBR_SEJ / SEJ_NBR): the window is not free; a year
    // without it has stays 1 (coalesce), dated at its own date as without the window
    if (h.repeats && h.tables.some((t) => !t.missingOptionalColumns.includes(h.repeats!.stays))) {
      // repeats of one line on its NBR_SEJ RSAs: groups of NBR_SEJ rows of one year, dated at their first.
      // `stays` is part of the partition, so only the rows with stays > 1 go through the windows (the
      // others, most rows, are dated at their own date), without carrying every other row through a sort.
      const same = `__table, patient_id, eta_num, code, delay, quantity, stays, adm_month, adm_year`;
      dated =
        `SELECT *, event_date AS contribution_date FROM ${q(cls)} WHERE status = 'event' AND NOT coalesce(stays > 1, false) ` +
        `UNION ALL SELECT * EXCLUDE (k), min(event_date) OVER ` +
        `(PARTITION BY ${same}, (k - 1) // stays) AS contribution_date FROM ` +
        `(SELECT *, row_number() OVER (PARTITION BY ${same} ORDER BY event_date, __row) AS k ` +
        `FROM ${q(cls)} WHERE status = 'event' AND stays > 1)`;
    }
    if (h.source === "pmsi_medatu") {
      const med = [...classified].find(([m]) => m.source === "pmsi_med");
      if (med) {
        // bevacizumab in MED and MEDATU for the same stay (year, hospital, RSA) and month: the MED date
        const month = (t: string) => `coalesce(${t}.adm_month, month(${t}.event_date))`;
        dated =
          `SELECT a.* REPLACE (coalesce(b.med_date, a.contribution_date) AS contribution_date) FROM (${dated}) a ` +
          `LEFT JOIN (SELECT molecule, __year, eta_num, rsa_num, ${month("m")} AS mon, min(event_date) AS med_date ` +
          `FROM ${q(med[1])} m WHERE status = 'event' AND molecule = '${BEVACIZUMAB}' GROUP BY ALL) b ` +
          // every key an equality between the two sides (not a.molecule = constant): a hash join, where a
          // constant condition on the kept side made DuckDB fall back to a nested-loop join (130 s at 1M)
          `ON b.molecule = a.molecule AND b.__year = a.__year AND b.eta_num = a.eta_num AND b.rsa_num = a.rsa_num ` +
          `AND b.mon = ${month("a")}`;
      }
    }
    await session.run(
      insertContributions(
        `(${dated})`,
        `patient_id, contribution_date, molecule, atc, drug_class, hospital_route, ` +
          `CASE WHEN hospital_route = 'PO' THEN 30 ELSE 1 END, ${sqlString(h.source)}, ${SOURCE_RANK[h.source]}, ` +
          `__table, __row, cost`,
        "true",
      ),
    );
  }
  for (const cls of classified.values()) await session.run(`DROP TABLE ${q(cls)}`);
  await session.run(`DROP TABLE IF EXISTS ing_visits`);
}

async function classifyHospitalTable(session: DuckSession, h: HospitalTable): Promise<string> {
  const link = h.source === "pmsi_fhstc" ? visitJoin("r.__year") : stayJoin("r.__year");
  const entry = h.source === "pmsi_fhstc" ? "s.visit_date" : "s.entry_date";
  const date = `CAST(${entry} + r.${h.delay} AS DATE)`;
  const codeDetail = (expected: string): ReasonDetail => ({
    column: "UCD_UCD_COD",
    value: "code || ' (' || coalesce(detail, '') || ')'",
    expected,
  });
  const repeats = h.repeats
    ? `coalesce(r.${h.repeats.stays}, 1) AS stays, r.${h.repeats.month} AS adm_month, r.${h.repeats.year} AS adm_year, `
    : "";
  return classifyRows(session, {
    tables: h.tables,
    query:
      `SELECT r.__row, r.__table, r.__year, ${link.key}, r.ETA_NUM AS eta_num, ` +
      `${h.source === "pmsi_fhstc" ? "r.SEQ_NUM" : "r.RSA_NUM"} AS rsa_num, ` +
      `r.UCD_UCD_COD AS code, r.${h.delay} AS delay, r.${h.quantity} AS quantity, ` +
      `${h.coefficient ? `r.${h.coefficient}` : "NULL"} AS coefficient, ${repeats}` +
      `r.${h.cost} AS cost, s.patient_id, ${date} AS event_date, ` +
      `mp.molecule, mp.atc, mp.drug_class, mp.hospital_route, mp.detail, ` +
      `coalesce(${link.reason}, ${dispensingReason(h)}, CASE WHEN mp.outcome <> 'event' THEN mp.reason END, ` +
      `${dateReason(date)}) AS reason ` +
      `FROM (${h.union}) r ${link.join} LEFT JOIN ing_map_pmsi_ucd mp ON mp.code = r.UCD_UCD_COD ` +
      `LEFT JOIN ing_person_facts pf ON pf.patient_id = s.patient_id`,
    okStatus: "'event'",
    details: {
      ...(h.source === "pmsi_fhstc" ? visitDetails() : stayDetails()),
      ...DISPENSING_DETAILS(h),
      unknown_code: codeDetail("a UCD of NU_UCD_R or of the built-in dictionary naming one drug"),
      non_antineoplastic: codeDetail("an antineoplastic drug"),
      hormone_therapy: codeDetail("an antineoplastic drug (ATC L01)"),
      ...dateDetails(h.delay),
    },
  });
}
