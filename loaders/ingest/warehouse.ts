/**
 * Warehouse drugs (ODH_DRUG_ADMIN): free-text labels normalised to molecules
 * once per distinct (drug_label, ucd7, atc) (see drug-mapping.ts,
 * `resolveWarehouseDrug`), joined back to the rows. A label naming several
 * molecules gives one contribution per molecule. Date = admin_date; route =
 * the route column, else IV unless the molecule is oral only; route PO is a
 * dispensing covering 30 days. Labels with an unmapped part are reported in
 * `ing_unmapped_labels` (label, rows, reason, candidates, cleaned, resolved_by).
 */
import type { CodeResolver } from "../../core/drugs/code-resolver.js";
import { tablesOf, type Dataset } from "../dataset/index.js";
import { sqlIdentifier, sqlString, type DuckSession } from "../duckdb/session.js";
import { classifyRows, type ReasonDetail } from "./classify.js";
import { insertContributions, SOURCE_RANK } from "./contributions.js";
import { MAPPING_COLUMNS, resolveWarehouseDrug } from "./drug-mapping.js";
import { dateDetails, dateReason } from "./person-facts.js";

const q = sqlIdentifier;
const text = (v: unknown) => (v === null || v === undefined ? null : String(v));

export const WAREHOUSE_ORAL_DAYS = 30;

async function buildLabelMap(session: DuckSession, typedTable: string, resolver: CodeResolver): Promise<void> {
  await session.run(
    `CREATE OR REPLACE TABLE ing_map_label (drug_label VARCHAR, ucd7 VARCHAR, atc_in VARCHAR, ${MAPPING_COLUMNS})`,
  );
  await session.run(
    `CREATE OR REPLACE TABLE ing_unmapped_labels (label VARCHAR, rows BIGINT, reason VARCHAR, candidates VARCHAR, ` +
      `cleaned VARCHAR, resolved_by VARCHAR)`,
  );
  const keys = await session.all(
    // in key order: a label seen with several (ucd7, atc) is reported with its first key's resolution
    `SELECT drug_label, ucd7, atc, count(*)::BIGINT AS n FROM ${q(typedTable)} GROUP BY ALL ` +
      `ORDER BY drug_label, ucd7 NULLS FIRST, atc NULLS FIRST`,
  );
  const map = await session.connection.createAppender("ing_map_label");
  const unmapped = new Map<string, { rows: number; reason: string; candidates: string; cleaned: string; by: string }>();
  const put = (v: string | null) => (v === null ? map.appendNull() : map.appendVarchar(v));
  for (const row of keys) {
    const label = String(row.drug_label);
    const ucd7 = text(row.ucd7);
    const atc = text(row.atc);
    const resolved = resolveWarehouseDrug(label, ucd7, atc, resolver);
    for (const m of resolved.mappings) {
      for (const v of [
        label,
        ucd7,
        atc,
        m.outcome,
        m.reason,
        m.molecule,
        m.atc,
        m.drugClass,
        m.hospitalRoute,
        m.detail,
      ])
        put(v);
      map.endRow();
    }
    for (const u of resolved.unmapped) {
      const key = `${label}\u0000${u.reason}`;
      const previous = unmapped.get(key);
      if (previous) previous.rows += Number(row.n);
      else
        unmapped.set(key, {
          rows: Number(row.n),
          reason: u.reason,
          candidates: u.candidates.join("|"),
          cleaned: u.cleaned,
          by: resolved.mappings[0]?.outcome === "rejected" ? "none" : resolved.resolvedBy,
        });
    }
  }
  map.closeSync();
  const report = await session.connection.createAppender("ing_unmapped_labels");
  for (const [key, u] of unmapped) {
    report.appendVarchar(key.split("\u0000")[0]!);
    report.appendBigInt(BigInt(u.rows));
    report.appendVarchar(u.reason);
    report.appendVarchar(u.candidates);
    report.appendVarchar(u.cleaned);
    report.appendVarchar(u.by);
    report.endRow();
  }
  report.closeSync();
}

export async function ingestWarehouse(session: DuckSession, dataset: Dataset, resolver: CodeResolver): Promise<void> {
  const table = tablesOf(dataset, "ODH_DRUG_ADMIN")[0]!;
  await buildLabelMap(session, table.typedTable, resolver);
  // One decision per distinct (drug_label, ucd7, atc) key, joined back to the rows (one key per row): the
  // ordered list of molecules and the reason are aggregated over the few thousand keys, not the rows; the
  // classified rows keep the key's number, not its list (joined again for the events).
  await session.run(
    `CREATE OR REPLACE TABLE ing_label_keys AS SELECT row_number() OVER () AS key_id, * FROM (SELECT drug_label, ucd7, atc_in, ` +
      `list(mp ORDER BY mp.molecule) AS maps, bool_or(mp.outcome = 'event') AS any_event, ` +
      `arg_min(mp.reason, CASE mp.outcome WHEN 'rejected' THEN 0 ELSE 1 END) AS map_reason, ` +
      `string_agg(DISTINCT mp.detail, '; ') AS detail FROM ing_map_label mp GROUP BY drug_label, ucd7, atc_in)`,
  );
  const perRow =
    `SELECT r.__row, r.__table, r.patient_id, r.admin_date AS event_date, r.drug_label, r.route, ` +
    `k.key_id, k.any_event, k.map_reason, k.detail ` +
    `FROM ${q(table.typedTable)} r JOIN ing_label_keys k ON k.drug_label = r.drug_label ` +
    `AND k.ucd7 IS NOT DISTINCT FROM r.ucd7 AND k.atc_in IS NOT DISTINCT FROM r.atc`;
  const labelDetail = (expected: string): ReasonDetail => ({
    column: "drug_label",
    value: "drug_label || ' (' || coalesce(detail, '') || ')'",
    expected,
  });
  const cls = await classifyRows(session, {
    tables: [table],
    query:
      `SELECT w.*, CASE WHEN co.patient_id IS NULL THEN 'person_not_in_cohort' ` +
      `WHEN NOT w.any_event THEN w.map_reason ELSE ${dateReason("w.event_date")} END AS reason ` +
      `FROM (${perRow}) w LEFT JOIN ing_cohort co ON co.patient_id = w.patient_id ` +
      `LEFT JOIN ing_person_facts pf ON pf.patient_id = w.patient_id`,
    okStatus: "'event'",
    details: {
      person_not_in_cohort: { column: "patient_id", value: "patient_id", expected: "a patient of ODH_PATIENT" },
      unmapped_label: labelDetail("a label naming a drug of the dictionary (or a ucd7 / atc that does)"),
      non_antineoplastic: labelDetail("an antineoplastic drug"),
      hormone_therapy: labelDetail("an antineoplastic drug (ATC L01)"),
      ...dateDetails("admin_date"),
    },
  });
  const route = `coalesce(route, m.hospital_route)`;
  await session.run(
    insertContributions(
      `(SELECT c.patient_id, c.event_date, c.route, c.__row, unnest(k.maps) AS m FROM ${q(cls)} c ` +
        `JOIN ing_label_keys k USING (key_id) WHERE c.status = 'event')`,
      `patient_id, event_date, m.molecule, m.atc, m.drug_class, ${route}, ` +
        `CASE WHEN ${route} = 'PO' THEN ${WAREHOUSE_ORAL_DAYS} ELSE 1 END, 'warehouse', ${SOURCE_RANK.warehouse}, ` +
        `${sqlString(table.physicalName)}, __row, NULL`,
      "m.outcome = 'event'",
    ),
  );
  await session.run(`DROP TABLE ${q(cls)}`);
  await session.run(`DROP TABLE ing_label_keys`);
}
