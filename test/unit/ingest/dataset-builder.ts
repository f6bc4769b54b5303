/**
 * Small hand-written datasets for the ingestion tests: start from an empty
 * dataset (every required table, PMSI year 2019, zero rows), add persons,
 * dispensings, stays and warehouse rows with helpers, write it as CSV or
 * Parquet (reusing the dataset reader's fixture writers), ingest it and read
 * the outputs back.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tableSpec, identifyTable, DCIR_JOIN_KEYS } from "../../../core/contract/tables.js";
import { openDuckSession, sqlString } from "../../../loaders/duckdb/session.js";
import { ingestDataset, type IngestOptions, type IngestSummary } from "../../../loaders/ingest/ingest.js";
import {
  writeCsvDataset,
  writeParquetTable,
  type CsvOptions,
  type FixtureDataset,
  type FixtureTable,
} from "../dataset/fixture.js";

export type Cells = Record<string, string | number | null | undefined>;

/** Real codes of the built-in dictionary. */
export const CODES = {
  osimertinibCip: "3400930047651",
  erlotinibCip: "3400936923522",
  pembrolizumabUcd: "0000009409535",
  nivolumabUcd: "0000009409469",
  osimertinibUcd: "0000009416245",
} as const;

export const nir = (n: number) => `NIR${String(n).padStart(14, "0")}`;

export class DatasetBuilder {
  readonly tables: FixtureDataset = {};
  private key = 0;
  private rsa = 0;

  constructor() {
    for (const t of ["IR_BEN_R", "ER_PRS_F", "ER_PHA_F", "T_MCO19B", "T_MCO19C", "ODH_PATIENT", "ODH_DRUG_ADMIN"]) {
      this.table(t);
    }
  }

  /** The table (created empty with the contract's columns when absent). */
  table(physical: string): FixtureTable {
    const existing = this.tables[physical];
    if (existing) return existing;
    const spec = identifyTable(physical)!.spec;
    const created: FixtureTable = { columns: spec.columns.map((c) => c.name), rows: [] };
    this.tables[physical] = created;
    return created;
  }

  /** Adds optional (v2) columns to a table, empty in the rows already there. */
  withColumns(physical: string, names: readonly string[]): this {
    const t = this.table(physical);
    for (const name of names) {
      if (t.columns.includes(name)) continue;
      t.columns.push(name);
      for (const row of t.rows) row.push(null);
    }
    return this;
  }

  /** Adds a row (columns not given are empty). Returns its 1-based row number. */
  add(physical: string, cells: Cells): number {
    const t = this.table(physical);
    t.rows.push(t.columns.map((c) => (cells[c] === undefined || cells[c] === null ? null : String(cells[c]))));
    return t.rows.length;
  }

  /** A cohort patient with one IR_BEN_R row per NIR (rank 1). */
  person(
    id: string,
    options: {
      nirs?: string[];
      birthYear?: number;
      sex?: "M" | "F";
      death?: string | null;
      cohort?: boolean;
      advancedDate?: string | null;
      odh?: Cells;
    } = {},
  ): void {
    for (const n of options.nirs ?? []) {
      this.add("IR_BEN_R", {
        BEN_IDT_ANO: id,
        BEN_NIR_PSA: n,
        BEN_RNG_GEM: 1,
        BEN_NAI_ANN: options.birthYear ?? 1950,
        BEN_SEX_COD: options.sex === "F" ? 2 : 1,
        BEN_DCD_DTE: options.death ?? null,
      });
    }
    if (options.cohort ?? true) {
      this.add("ODH_PATIENT", {
        patient_id: id,
        birth_year: options.birthYear ?? 1950,
        sex: options.sex ?? "M",
        advanced_date: options.advancedDate === undefined ? "2019-01-01" : options.advancedDate,
        histology: "adenocarcinoma",
        ...options.odh,
      });
    }
  }

  private nextKeys(): Cells {
    this.key++;
    const keys: Cells = {};
    for (const k of DCIR_JOIN_KEYS) keys[k] = "1";
    keys.FLX_DIS_DTD = "2019-02-01";
    keys.FLX_TRT_DTD = "2019-02-03";
    keys.DCT_ORD_NUM = String(this.key);
    return keys;
  }

  /** A DCIR benefit with its pharmacy detail; returns the ER_PHA_F row number. */
  dispense(o: {
    nir: string;
    date: string;
    cip: string;
    qty?: number;
    dpn?: number;
    rank?: number;
    prs?: boolean;
    /** Other ER_PRS_F cells (v2 columns: add them with withColumns first). */
    prsCells?: Cells;
    /** An ER_ETE_F row with this ETE_IND_TAA. */
    eteTaa?: number;
  }) {
    const keys = this.nextKeys();
    if (o.eteTaa !== undefined) this.add("ER_ETE_F", { ...keys, ETE_IND_TAA: o.eteTaa, PRS_PPU_SEC: 1 });
    if (o.prs ?? true) {
      this.add("ER_PRS_F", {
        ...keys,
        BEN_NIR_PSA: o.nir,
        BEN_RNG_GEM: o.rank ?? 1,
        EXE_SOI_DTD: o.date,
        PRS_NAT_REF: 3311,
        DPN_QLF: o.dpn ?? 0,
        ...o.prsCells,
      });
    }
    return this.add("ER_PHA_F", { ...keys, PHA_PRS_C13: o.cip, PHA_ACT_QSN: o.qty ?? 1 });
  }

  /** A DCIR benefit with its ER_UCD_F detail; returns the ER_UCD_F row number. */
  dispenseUcd(o: { nir: string; date: string; ucd: string; qty?: number }) {
    const keys = this.nextKeys();
    this.add("ER_PRS_F", {
      ...keys,
      BEN_NIR_PSA: o.nir,
      BEN_RNG_GEM: 1,
      EXE_SOI_DTD: o.date,
      PRS_NAT_REF: 3317,
      DPN_QLF: 0,
    });
    return this.add("ER_UCD_F", { ...keys, UCD_UCD_COD: o.ucd, UCD_DLV_NBR: o.qty ?? 1, UCD_TOP_UCD: 0 });
  }

  /** A stay (T_MCOaaB + T_MCOaaC); returns its RSA_NUM. */
  stay(o: {
    nir: string;
    entry: string;
    exit?: string;
    year?: number;
    ghm?: string;
    dgnPal?: string;
    dgnRel?: string | null;
    nbrSea?: number | null;
    sorMod?: string | null;
    ret?: Partial<Record<string, string>>;
    eta?: string;
    /** Other T_MCOaaB cells (v2 columns: add them with withColumns first). */
    cells?: Cells;
  }): string {
    const yy = String((o.year ?? 2019) % 100).padStart(2, "0");
    const rsa = String(++this.rsa).padStart(4, "0");
    const eta = o.eta ?? "750000001";
    this.add(`T_MCO${yy}B`, {
      ETA_NUM: eta,
      RSA_NUM: rsa,
      DGN_PAL: o.dgnPal ?? "C341",
      DGN_REL: o.dgnRel ?? null,
      GRG_GHM: o.ghm ?? "04M051",
      SEJ_NBJ: null,
      NBR_SEA: o.nbrSea ?? null,
      SOR_MOD: o.sorMod ?? "8",
      ...o.cells,
    });
    const ret: Cells = {};
    for (const c of ["NIR_RET", "NAI_RET", "SEX_RET", "SEJ_RET", "FHO_RET", "PMS_RET", "DAT_RET"]) ret[c] = "0";
    this.add(`T_MCO${yy}C`, {
      ETA_NUM: eta,
      RSA_NUM: rsa,
      NIR_ANO_17: o.nir,
      EXE_SOI_DTD: o.entry,
      EXE_SOI_DTF: o.exit ?? o.entry,
      ...ret,
      ...o.ret,
    });
    return rsa;
  }

  /** A chemotherapy séance stay. */
  seance(o: { nir: string; date: string; end?: string; nbrSea?: number; year?: number }): string {
    return this.stay({
      nir: o.nir,
      entry: o.date,
      ...(o.end ? { exit: o.end } : {}),
      ghm: "28Z07Z",
      dgnPal: "Z511",
      dgnRel: "C341",
      nbrSea: o.nbrSea ?? 1,
      ...(o.year ? { year: o.year } : {}),
    });
  }

  med(o: { rsa: string; ucd: string; delai: number; year?: number; atu?: boolean; eta?: string; cells?: Cells }) {
    const yy = String((o.year ?? 2019) % 100).padStart(2, "0");
    return this.add(`T_MCO${yy}${o.atu ? "MEDATU" : "MED"}`, {
      ETA_NUM: o.eta ?? "750000001",
      RSA_NUM: o.rsa,
      UCD_UCD_COD: o.ucd,
      ADM_NBR: 1,
      [o.atu ? "DAT_DELAI" : "DELAI"]: o.delai,
      ...o.cells,
    });
  }

  admin(o: { patient: string; date: string; label: string; ucd7?: string; atc?: string; route?: string }): number {
    return this.add("ODH_DRUG_ADMIN", {
      patient_id: o.patient,
      admin_date: o.date,
      drug_label: o.label,
      ucd7: o.ucd7 ?? null,
      atc: o.atc ?? null,
      route: o.route ?? null,
    });
  }
}

export type Row = Record<string, unknown>;

export interface Ingested {
  summary: IngestSummary;
  dir: string;
  workdir: string;
  /** Rows of an output file (`exposures`, `patients`...); dates as YYYY-MM-DD text. */
  read(name: string, where?: string): Promise<Row[]>;
  close(): Promise<void>;
}

export async function writeDataset(
  dir: string,
  builder: DatasetBuilder,
  format: "csv" | "parquet" = "csv",
  csv: CsvOptions = {},
) {
  if (format === "csv") return writeCsvDataset(dir, builder.tables, csv);
  const session = await openDuckSession({ threads: 1 });
  try {
    for (const [name, t] of Object.entries(builder.tables)) await writeParquetTable(session, dir, `${name}.parquet`, t);
  } finally {
    session.close();
  }
}

/** Writes the dataset to a temporary folder, ingests it, and gives access to the outputs. */
export async function ingestBuilt(
  builder: DatasetBuilder,
  options: IngestOptions & { format?: "csv" | "parquet"; csv?: CsvOptions } = {},
): Promise<Ingested> {
  const dir = await mkdtemp(join(tmpdir(), "lotluca-ingest-test-"));
  await writeDataset(dir, builder, options.format ?? "csv", options.csv ?? {});
  const workdir = join(dir, "work");
  const summary = await ingestDataset(dir, workdir, { threads: 1, memoryLimit: "512MB", ...options });
  const session = await openDuckSession({ threads: 1 });
  return {
    summary,
    dir,
    workdir,
    async read(name, where) {
      const rows = await session.all(
        `SELECT * FROM read_parquet(${sqlString(join(workdir, `${name}.parquet`))})${where ? ` WHERE ${where}` : ""}`,
      );
      return rows.map((r) =>
        Object.fromEntries(
          Object.entries(r).map(([k, v]) => [
            k,
            v instanceof Date ? v.toISOString().slice(0, 10) : typeof v === "bigint" ? Number(v) : v,
          ]),
        ),
      );
    },
    async close() {
      session.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Test helper: the accounting row of a table. */
export function accountingOf(summary: IngestSummary, table: string) {
  const t = summary.accounting.tables.find((x) => x.table === table);
  if (!t) throw new Error(`no accounting for ${table}`);
  return t;
}

export { tableSpec };
