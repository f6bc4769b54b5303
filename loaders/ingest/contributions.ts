/**
 * The two event tables every source feeds before merging: drug contributions
 * (one per input row and molecule) and session rows (one per séance, act or
 * stay row). Each carries its source table and 1-based row.
 */
import type { DuckSession } from "../duckdb/session.js";
import type { EventSource } from "../../core/events/events.js";

export const CONTRIBUTIONS_TABLE = "ing_contributions";
export const SESSION_ROWS_TABLE = "ing_session_rows";

/** Order of preference between sources for the primary row of a merged exposure (same date): lower first. */
export const SOURCE_RANK: Record<EventSource, number> = {
  warehouse: 1,
  pmsi_med: 2,
  pmsi_medatu: 3,
  dcir_ucd: 4,
  dcir_pharmacy: 5,
  pmsi_stay: 6,
  pmsi_act: 7,
};

export async function createEventTables(session: DuckSession): Promise<void> {
  await session.run(
    `CREATE OR REPLACE TABLE ${CONTRIBUTIONS_TABLE} (patient_id VARCHAR, date DATE, molecule VARCHAR, atc VARCHAR, ` +
      `drug_class VARCHAR, route VARCHAR, days_supply INTEGER, source VARCHAR, source_rank INTEGER, ` +
      `table_name VARCHAR, source_row BIGINT)`,
  );
  await session.run(
    `CREATE OR REPLACE TABLE ${SESSION_ROWS_TABLE} (patient_id VARCHAR, kind VARCHAR, date DATE, end_date DATE, ` +
      `count INTEGER, hospital VARCHAR, grouped BOOLEAN, source VARCHAR, table_name VARCHAR, source_row BIGINT)`,
  );
}

/**
 * SQL: INSERT rows of `from` (a quoted table name or a parenthesised query)
 * into the contributions; `select` gives the columns in order.
 */
export function insertContributions(from: string, select: string, where = "status = 'event'"): string {
  return `INSERT INTO ${CONTRIBUTIONS_TABLE} SELECT ${select} FROM ${from} WHERE ${where}`;
}
