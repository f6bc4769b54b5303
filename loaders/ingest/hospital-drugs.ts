/**
 * PMSI drugs: T_MCOaaMED (liste en sus) and T_MCOaaMEDATU (early access), one
 * table per year, linked to their stay (T_MCOaaC of the same year). Date = stay
 * entry (T_MCOaaC.EXE_SOI_DTD) + DELAI. Route: IV unless the dictionary's only
 * usual route for the molecule is PO. Rules, first applying decides: stay
 * missing (`orphan_stay`) or not linked (`unlinkable_stay`, linkage reasons),
 * code (drug-mapping.ts), date (before birth, after death), else an event.
 */
import type { CodeResolver } from "../../core/drugs/code-resolver.js";
import { tablesOf, type Dataset } from "../dataset/index.js";
import { sqlIdentifier, sqlString, type DuckSession } from "../duckdb/session.js";
import { classifyRows, type ReasonDetail } from "./classify.js";
import { insertContributions, SOURCE_RANK } from "./contributions.js";
import { buildCodeMap } from "./drug-mapping.js";
import { stayDetails, stayJoin } from "./linkage.js";
import { dateDetails, dateReason } from "./person-facts.js";

const q = sqlIdentifier;

export async function ingestHospitalDrugs(session: DuckSession, dataset: Dataset, resolver: CodeResolver) {
  const tables = [
    ...tablesOf(dataset, "T_MCOaaMED").map((t) => ({ table: t, source: "pmsi_med" as const })),
    ...tablesOf(dataset, "T_MCOaaMEDATU").map((t) => ({ table: t, source: "pmsi_medatu" as const })),
  ];
  if (tables.length === 0) return;
  await buildCodeMap(
    session,
    "ing_map_pmsi_ucd",
    tables.map(({ table }) => `SELECT UCD_UCD_COD AS code FROM ${q(table.typedTable)}`).join(" UNION ALL "),
    (c) => resolver.resolveUcd(c),
  );
  for (const { table, source } of tables) {
    const stay = stayJoin(table.year ?? 0);
    const date = "CAST(s.entry_date + r.DELAI AS DATE)";
    const codeDetail = (expected: string): ReasonDetail => ({
      column: "UCD_UCD_COD",
      value: "code || ' (' || coalesce(detail, '') || ')'",
      expected,
    });
    const cls = await classifyRows(session, {
      table,
      query:
        `SELECT r.__row, ${stay.key}, r.UCD_UCD_COD AS code, s.patient_id, ${date} AS event_date, ` +
        `mp.molecule, mp.atc, mp.drug_class, mp.hospital_route, mp.detail, ` +
        `coalesce(${stay.reason}, CASE WHEN mp.outcome <> 'event' THEN mp.reason END, ${dateReason(date)}) AS reason ` +
        `FROM ${q(table.typedTable)} r ${stay.join} LEFT JOIN ing_map_pmsi_ucd mp ON mp.code = r.UCD_UCD_COD ` +
        `LEFT JOIN ing_person_facts pf ON pf.patient_id = s.patient_id`,
      okStatus: "'event'",
      details: {
        ...stayDetails(),
        unknown_code: codeDetail("a UCD of NU_UCD_R or of the built-in dictionary naming one drug"),
        unknown_antineoplastic: codeDetail("an antineoplastic of the project's dictionary"),
        non_antineoplastic: codeDetail("an antineoplastic drug"),
        hormone_therapy: codeDetail("an antineoplastic drug (ATC L01)"),
        ...dateDetails("DELAI"),
      },
    });
    await session.run(
      insertContributions(
        q(cls),
        `patient_id, event_date, molecule, atc, drug_class, hospital_route, ` +
          `CASE WHEN hospital_route = 'PO' THEN 30 ELSE 1 END, ${sqlString(source)}, ${SOURCE_RANK[source]}, ` +
          `${sqlString(table.physicalName)}, __row`,
      ),
    );
    await session.run(`DROP TABLE ${q(cls)}`);
  }
}
