/**
 * The two event tables every source feeds before merging: drug contributions
 * (one per input row and molecule) and session rows (one per séance, act or
 * stay row). Each carries its source table and 1-based row; a contribution
 * carries its cost in euros where the dataset has the contract's cost columns.
 */
import type { Dataset } from "../dataset/index.js";
import type { DuckSession } from "../duckdb/session.js";
import type { EventSource } from "../../core/events/events.js";

export const CONTRIBUTIONS_TABLE = "ing_contributions";
export const SESSION_ROWS_TABLE = "ing_session_rows";

/** Order of preference between sources for the primary row of a merged exposure (same date): lower first. */
export const SOURCE_RANK: Record<EventSource, number> = {
  warehouse: 1,
  pmsi_med: 2,
  pmsi_medatu: 3,
  pmsi_fh: 4,
  pmsi_fhstc: 5,
  dcir_ucd: 6,
  dcir_pharmacy: 7,
  pmsi_stay: 8,
  pmsi_act: 9,
};

/** The contract's cost columns (euros), by table: where one is in a file, exposures carry their cost. */
export const COST_COLUMNS: Readonly<Record<string, string>> = {
  ER_PRS_F: "PRS_PAI_MNT",
  T_MCOaaMED: "ADM_NBR_PRI",
  T_MCOaaMEDATU: "ACH_PRI_ADM",
  T_MCOaaFH: "FAC_TOT",
  T_MCOaaFHSTC: "FAC_MNT",
};

/** True when a file of the dataset has one of the contract's cost columns. */
export function datasetHasCosts(dataset: Dataset): boolean {
  return dataset.tables.some((t) => {
    const column = COST_COLUMNS[t.logicalName];
    return column !== undefined && !t.missingOptionalColumns.includes(column);
  });
}

export async function createEventTables(session: DuckSession): Promise<void> {
  await session.run(
    `CREATE OR REPLACE TABLE ${CONTRIBUTIONS_TABLE} (patient_id VARCHAR, date DATE, molecule VARCHAR, atc VARCHAR, ` +
      `drug_class VARCHAR, route VARCHAR, days_supply INTEGER, source VARCHAR, source_rank INTEGER, ` +
      `table_name VARCHAR, source_row BIGINT, cost DOUBLE)`,
  );
  await session.run(
    `CREATE OR REPLACE TABLE ${SESSION_ROWS_TABLE} (patient_id VARCHAR, kind VARCHAR, date DATE, end_date DATE, ` +
      `count INTEGER, hospital VARCHAR, grouped BOOLEAN, source VARCHAR, table_name VARCHAR, source_row BIGINT)`,
  );
}

/**
 * SQL: INSERT rows of `from` (a quoted table name or a parenthesised query)
 * into the contributions; `select` gives the columns in order (the last one
 * is the cost in euros, null where unknown).
 */
export function insertContributions(from: string, select: string, where = "status = 'event'"): string {
  return `INSERT INTO ${CONTRIBUTIONS_TABLE} SELECT ${select} FROM ${from} WHERE ${where}`;
}
