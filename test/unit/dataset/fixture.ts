/**
 * Small hand-written datasets for the dataset reader's tests: a minimal valid
 * dataset (every required table, two rows each) that a test changes before
 * writing it to a temporary folder as CSV or Parquet.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DataError } from "../../../core/errors/data-error.js";
import { openDuckSession, sqlIdentifier, sqlString, type DuckSession } from "../../../loaders/duckdb/session.js";

export interface FixtureTable {
  columns: string[];
  /** Cells as written in the file; null writes an empty cell. */
  rows: (string | null)[][];
}

export type FixtureDataset = Record<string, FixtureTable>;

const KEYS = ["FLX_DIS_DTD", "FLX_TRT_DTD", "FLX_EMT_TYP", "FLX_EMT_NUM", "FLX_EMT_ORD"];
const KEYS2 = ["ORG_CLE_NUM", "DCT_ORD_NUM", "PRS_ORD_NUM", "REM_TYP_AFF"];
const NIR_A = "AAAAAAAAAAAAAAAA1";
const NIR_B = "BBBBBBBBBBBBBBBB2";
const keys = (n: string) => ["2021-02-01", "2021-02-03", "1", n, "0", "01C", "0", "1", "0"];

/** Every required table with two valid rows; PMSI year 2019. */
export function minimalDataset(): FixtureDataset {
  return {
    IR_BEN_R: {
      columns: ["BEN_IDT_ANO", "BEN_NIR_PSA", "BEN_RNG_GEM", "BEN_NAI_ANN", "BEN_SEX_COD", "BEN_DCD_DTE"],
      rows: [
        ["P1", NIR_A, "1", "1955", "1", null],
        ["P2", NIR_B, "1", "1948", "2", "2022-06-30"],
      ],
    },
    ER_PRS_F: {
      columns: [...KEYS, ...KEYS2, "BEN_NIR_PSA", "BEN_RNG_GEM", "EXE_SOI_DTD", "PRS_NAT_REF", "DPN_QLF"],
      rows: [
        [...keys("10"), NIR_A, "1", "2021-01-28", "3311", "0"],
        [...keys("11"), NIR_B, "1", "2021-01-29", "3311", "71"],
      ],
    },
    ER_PHA_F: {
      columns: [...KEYS, ...KEYS2, "PHA_PRS_C13", "PHA_ACT_QSN"],
      rows: [
        [...keys("10"), "3400930000001", "1"],
        [...keys("11"), "3400930000002", "-1"],
      ],
    },
    T_MCO19B: {
      columns: ["ETA_NUM", "RSA_NUM", "DGN_PAL", "DGN_REL", "GRG_GHM", "SEJ_NBJ", "NBR_SEA", "SOR_MOD"],
      rows: [
        ["750000001", "0001", "Z511", "C341", "28Z07Z", null, "1", "8"],
        ["750000001", "0002", "C341", null, "04M051", "5", null, "9"],
      ],
    },
    T_MCO19C: {
      columns: [
        "ETA_NUM",
        "RSA_NUM",
        "NIR_ANO_17",
        "EXE_SOI_DTD",
        "EXE_SOI_DTF",
        "NIR_RET",
        "NAI_RET",
        "SEX_RET",
        "SEJ_RET",
        "FHO_RET",
        "PMS_RET",
        "DAT_RET",
      ],
      rows: [
        ["750000001", "0001", NIR_A, "2019-03-04", "2019-03-04", "0", "0", "0", "0", "0", "0", "0"],
        ["750000001", "0002", NIR_B, "2019-05-01", "2019-05-06", "0", "0", "0", "0", "0", "0", "0"],
      ],
    },
    ODH_PATIENT: {
      columns: [
        "patient_id",
        "center_id",
        "birth_year",
        "sex",
        "diagnosis_date",
        "advanced_date",
        "stage_at_diagnosis",
        "histology",
        "egfr",
        "alk",
        "ros1",
        "braf",
        "kras_g12c",
        "met",
        "ret",
        "pdl1_tps",
        "ecog",
        "smoking",
      ],
      rows: [
        ["P1", "C01", "1955", "M", "2019-02-01", "2019-02-15", "IV", "adenocarcinoma"]
          .concat(["negative", "negative", "negative", "unknown", "negative", "unknown", "unknown"])
          .concat(["55", "1", "former"]),
        ["P2", null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null],
      ],
    },
    ODH_DRUG_ADMIN: {
      columns: ["patient_id", "admin_date", "drug_label", "ucd7", "atc", "route"],
      rows: [
        ["P1", "2019-03-04", "KEYTRUDA 200 mg", "9391940", "L01FF02", "IV"],
        ["P1", "2019-03-25", "pemetrexed 500mg/m2", null, null, null],
      ],
    },
  };
}

export interface CsvOptions {
  delimiter?: "," | ";";
  bom?: boolean;
  /** Quote every field. */
  quoteAll?: boolean;
}

function cell(value: string | null, delimiter: string, quoteAll: boolean): string {
  if (value === null) return "";
  const needs = quoteAll || value.includes(delimiter) || value.includes('"') || /[\r\n]/.test(value);
  return needs ? `"${value.replaceAll('"', '""')}"` : value;
}

/** The CSV text of a table. */
export function csvText(table: FixtureTable, options: CsvOptions = {}): string {
  const d = options.delimiter ?? ",";
  const quoteAll = options.quoteAll ?? false;
  const lines = [table.columns, ...table.rows].map((r) => r.map((v) => cell(v, d, quoteAll)).join(d));
  return (options.bom ? "\uFEFF" : "") + lines.join("\n") + "\n";
}

export async function writeCsvTable(dir: string, fileName: string, table: FixtureTable, options: CsvOptions = {}) {
  await writeFile(join(dir, fileName), csvText(table, options), "utf8");
}

/** Writes a table as Parquet with every column VARCHAR (through DuckDB). */
export async function writeParquetTable(session: DuckSession, dir: string, fileName: string, table: FixtureTable) {
  const columns = table.columns.map((c) => sqlIdentifier(c)).join(", ");
  const values = table.rows
    .map((r) => `(${r.map((v) => (v === null ? "NULL::VARCHAR" : sqlString(v))).join(", ")})`)
    .join(", ");
  const select = table.rows.length
    ? `SELECT * FROM (VALUES ${values}) AS t(${columns})`
    : `SELECT ${table.columns.map((c) => `NULL::VARCHAR AS ${sqlIdentifier(c)}`).join(", ")} LIMIT 0`;
  await session.run(`COPY (${select}) TO ${sqlString(join(dir, fileName))} (FORMAT parquet)`);
}

/** Writes every table of `dataset` as `<name>.csv`. */
export async function writeCsvDataset(dir: string, dataset: FixtureDataset, options: CsvOptions = {}) {
  for (const [name, table] of Object.entries(dataset)) await writeCsvTable(dir, `${name}.csv`, table, options);
}

/** A temporary folder and a DuckDB session, cleaned up by `close`. */
export async function workspace(): Promise<{ dir: string; session: DuckSession; close: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), "lotluca-dataset-test-"));
  const session = await openDuckSession({ threads: 1, memoryLimit: "512MB" });
  return {
    dir,
    session,
    close: async () => {
      session.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Replaces one cell (by column name) of row `row` (0-based) of a table, returning the dataset. */
export function setCell(dataset: FixtureDataset, table: string, row: number, column: string, value: string | null) {
  const t = dataset[table];
  if (!t) throw new Error(`no table ${table}`);
  const index = t.columns.indexOf(column);
  const r = t.rows[row];
  if (index < 0 || !r) throw new Error(`no cell ${table}[${row}].${column}`);
  r[index] = value;
  return dataset;
}

/** Awaits `promise` and asserts that it rejects with a DataError whose message matches `pattern`. */
export async function expectDataError(promise: Promise<unknown>, pattern: RegExp): Promise<DataError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof DataError, `expected a DataError, got ${String(error)}`);
    assert.match(error.message, pattern);
    return error;
  }
  assert.fail(`expected a DataError matching ${pattern}`);
}
