/**
 * The LOT-LuCA data contract, version 2, as data: every table a dataset folder
 * may hold, with its columns, types and allowed values. The simulator writes
 * these tables, ingestion reads and validates them, and the evaluation reads the
 * lines tables; all of them use this one description.
 *
 * Source of truth: docs/data-contract.md (a copy of the project's shared
 * specification). Where the contract gives no type (the DCIR join keys, SOR_MOD,
 * the *_RET codes) the column is text: readers compare it as text.
 */

export const CONTRACT_VERSION = 2;

export type ColumnType = "string" | "integer" | "number" | "date" | "boolean";

export interface ColumnSpec {
  name: string;
  type: ColumnType;
  /** False when an empty cell is a rejected row. */
  nullable: boolean;
  /** Allowed values (after trimming), for enumerations. */
  allowed?: readonly string[];
  /** Exact length for fixed-width codes. */
  length?: number;
  /** Inclusive numeric range. */
  range?: readonly [number, number];
  /**
   * Cell values (after trimming) that mean "unknown" and are read as null, not
   * checked against the other rules: birth year `1600`, sex `0` or `9`. (Every
   * date column also reads `1600-01-01`, in any accepted form, as null.)
   */
  missingValues?: readonly string[];
  /**
   * A UCD code: 13 characters, or the 7-character UCD7 (read as `000000` +
   * UCD7); a Parquet integer column is left-padded with zeros to 13.
   */
  ucd?: boolean;
  /** Read in upper case (`m` is `M`): allowed values are upper case. */
  upperCase?: boolean;
  /** Other names the column may have in a file (a v1 name: `DELAI` for MEDATU's `DAT_DELAI`). */
  aliases?: readonly string[];
  description: string;
}

export type TableFamily = "dcir" | "pmsi" | "beneficiary" | "nomenclature" | "warehouse" | "lines";

export interface TableSpec {
  /** Name as in the contract; PMSI tables use `aa` for the two-digit year (`T_MCOaaB`). */
  name: string;
  family: TableFamily;
  /** May be absent from a dataset. */
  optional: boolean;
  /** One table per year (PMSI): the file is named with the year, e.g. `T_MCO19B`. */
  perYear: boolean;
  description: string;
  /** Columns every file of the table has, in contract order. */
  columns: readonly ColumnSpec[];
  /**
   * Columns a file may lack (contract v2 additions): typed nulls when absent.
   * Writers of v1 datasets (the simulator) write `columns` only.
   */
  optionalColumns?: readonly ColumnSpec[];
}

const text = (name: string, description: string, extra: Partial<ColumnSpec> = {}): ColumnSpec => ({
  name,
  type: "string",
  nullable: false,
  description,
  ...extra,
});
const nullable = (column: ColumnSpec): ColumnSpec => ({ ...column, nullable: true });
const col = (name: string, type: ColumnType, description: string, extra: Partial<ColumnSpec> = {}): ColumnSpec => ({
  name,
  type,
  nullable: false,
  description,
  ...extra,
});

/** The 9 DCIR join keys, present in ER_PRS_F and each of its detail tables. */
export const DCIR_JOIN_KEYS = [
  "FLX_DIS_DTD",
  "FLX_TRT_DTD",
  "FLX_EMT_TYP",
  "FLX_EMT_NUM",
  "FLX_EMT_ORD",
  "ORG_CLE_NUM",
  "DCT_ORD_NUM",
  "PRS_ORD_NUM",
  "REM_TYP_AFF",
] as const;

const dcirKeys: ColumnSpec[] = DCIR_JOIN_KEYS.map((name) =>
  name === "FLX_DIS_DTD" || name === "FLX_TRT_DTD"
    ? col(
        name,
        "date",
        name === "FLX_TRT_DTD" ? "DCIR flow processing date (a reversal has a later one)" : "DCIR flow dispatch date",
      )
    : text(name, "DCIR join key"),
);

const RET_COLUMNS = ["NIR_RET", "NAI_RET", "SEX_RET", "SEJ_RET", "FHO_RET", "PMS_RET", "DAT_RET"] as const;
export const PMSI_LINKAGE_RETURN_CODES: readonly string[] = RET_COLUMNS;
/** T_MCOaaC return codes of contract v2, optional: checked where present. */
export const PMSI_OPTIONAL_RETURN_CODES: readonly string[] = ["COH_NAI_RET", "COH_SEX_RET"];
/** Return codes of an outpatient visit (T_MCOaaCSTC). */
export const OUTPATIENT_RETURN_CODES: readonly string[] = ["NIR_RET", "NAI_RET", "SEX_RET", "IAS_RET", "ENT_DAT_RET"];

const stayKeys = [
  text("ETA_NUM", "hospital (FINESS) number"),
  text("RSA_NUM", "stay (RSA) number within the hospital"),
];

const biomarker = (name: string) =>
  nullable(text(name, `${name.toUpperCase()} status`, { allowed: ["positive", "negative", "unknown"] }));

const ucdColumn = (name: string, extra: Partial<ColumnSpec> = {}) =>
  text(name, "UCD code on 13 characters (`000000` + UCD7), or the UCD7", { length: 13, ucd: true, ...extra });
const euros = (name: string, description: string) => nullable(col(name, "number", `${description} (euros)`));
const month = (name: string) => nullable(col(name, "integer", "month of administration", { range: [1, 12] }));
const year = (name: string) =>
  nullable(col(name, "integer", "year of administration", { range: [1900, 2100], missingValues: ["1600"] }));

const medColumns = (delay: string, aliases: readonly string[]): ColumnSpec[] => [
  ...stayKeys,
  ucdColumn("UCD_UCD_COD"),
  col("ADM_NBR", "number", "number of units administered"),
  col(delay, "integer", "days between stay entry and administration", {
    range: [0, 3650],
    ...(aliases.length ? { aliases } : {}),
  }),
];

/** The v2 cleaning columns and amount of ER_PRS_F (may be absent). */
const prsOptionalColumns: ColumnSpec[] = [
  nullable(col("PRS_DPN_QLP", "integer", "71 = information only, carries no care")),
  nullable(col("CPL_MAJ_TOP", "integer", "2 or more: a surcharge line, not care")),
  nullable(text("BEN_CDI_NIR", "NIR type: 00, 03 or 04 a real NIR, others fictitious", { length: 2 })),
  euros("PRS_PAI_MNT", "amount paid by the insurance"),
];

export const LINE_END_REASONS_GOLD = ["progression", "toxicity", "completed", "death", "ongoing", "other"] as const;
export const LINE_END_REASONS_PREDICTED = ["new_drug", "gap", "death", "end_of_data"] as const;

/** Columns of GOLD_LINES and of every predicted lines file (section 4). */
export const LINES_COLUMNS: readonly ColumnSpec[] = [
  text("patient_id", "person key (BEN_IDT_ANO)"),
  col("line_number", "integer", "1, 2, ... in order of start", { range: [1, 1000] }),
  col("start_date", "date", "first administration of the line"),
  nullable(
    col("end_date", "date", "last administration (oral: last day covered); null if ongoing at end of follow-up"),
  ),
  text("molecules", "INN of every antineoplastic of the line, lower case, `;`-joined, sorted, no spaces"),
];

/** Optional columns of a lines file, scored where present. */
export const LINES_OPTIONAL_COLUMNS: readonly ColumnSpec[] = [
  nullable(text("regimen_label", "regimen name")),
  nullable(col("is_maintenance_phase_present", "boolean", "the line has a maintenance phase")),
  nullable(
    text("end_reason", "why the line ended", { allowed: [...LINE_END_REASONS_GOLD, ...LINE_END_REASONS_PREDICTED] }),
  ),
  nullable(col("confidence", "number", "confidence of the prediction", { range: [0, 1] })),
];

/**
 * Columns this project's reconstructions add to a lines file (not in the
 * contract): the explanation of each line. Readers accept them silently and
 * scoring ignores them.
 */
export const LINES_EXPLANATION_COLUMNS: readonly string[] = [
  "regimen_class",
  "maintenance_start",
  "start_rule",
  "start_rule_date",
  "end_rule",
  "end_rule_date",
  "trace",
  "rule_set",
];

export const CONTRACT_TABLES: readonly TableSpec[] = [
  {
    name: "IR_BEN_R",
    family: "beneficiary",
    optional: false,
    perYear: false,
    description: "beneficiaries: one row per (BEN_NIR_PSA, BEN_RNG_GEM); a person may have 2+ rows",
    columns: [
      text("BEN_IDT_ANO", "person key"),
      text("BEN_NIR_PSA", "pseudonymised NIR (17 characters)", { length: 17 }),
      col("BEN_RNG_GEM", "integer", "twin rank", { range: [0, 99] }),
      col("BEN_NAI_ANN", "integer", "birth year (1600 = unknown)", { range: [1880, 2030], missingValues: ["1600"] }),
      col("BEN_SEX_COD", "integer", "1 male, 2 female (0 or 9 unknown)", {
        allowed: ["1", "2"],
        missingValues: ["0", "9"],
      }),
      nullable(col("BEN_DCD_DTE", "date", "death date; null or 1600-01-01 if alive")),
    ],
  },
  {
    name: "ER_PRS_F",
    family: "dcir",
    optional: false,
    perYear: false,
    description: "DCIR benefits (one row per care or dispensing)",
    columns: [
      ...dcirKeys,
      text("BEN_NIR_PSA", "pseudonymised NIR", { length: 17 }),
      col("BEN_RNG_GEM", "integer", "twin rank", { range: [0, 99] }),
      col("EXE_SOI_DTD", "date", "date of care or dispensing"),
      col(
        "PRS_NAT_REF",
        "integer",
        "benefit code (3311/3313 pharmacy, 3317/3318 retrocession, 3320 liste en sus, 3351 early access)",
      ),
      col("DPN_QLF", "integer", "71 or 72 = information only, carries no care"),
    ],
    optionalColumns: prsOptionalColumns,
  },
  {
    name: "ER_ETE_F",
    family: "dcir",
    optional: true,
    perYear: false,
    description: "DCIR establishment detail: ETE_IND_TAA = 1 marks a row billed by a public hospital (also in PMSI)",
    columns: [
      ...dcirKeys,
      col("ETE_IND_TAA", "integer", "1 = billed directly by a public hospital (T2A), also in PMSI"),
      nullable(col("PRS_PPU_SEC", "integer", "1 public, 2 private", { allowed: ["1", "2"] })),
      nullable(text("ETB_EXE_FIN", "FINESS of the executing establishment")),
    ],
  },
  {
    name: "ER_PHA_F",
    family: "dcir",
    optional: false,
    perYear: false,
    description: "community pharmacy dispensings; a negative quantity reverses an earlier line",
    columns: [
      ...dcirKeys,
      text("PHA_PRS_C13", "CIP13 code", { length: 13 }),
      col("PHA_ACT_QSN", "integer", "boxes dispensed (signed)", { range: [-99999, 99999] }),
    ],
  },
  {
    name: "ER_UCD_F",
    family: "dcir",
    optional: true,
    perYear: false,
    description: "hospital retrocession and private-clinic liste en sus",
    columns: [
      ...dcirKeys,
      ucdColumn("UCD_UCD_COD"),
      col("UCD_DLV_NBR", "number", "units delivered"),
      col("UCD_TOP_UCD", "integer", "0 retrocession, 1 liste en sus", { allowed: ["0", "1"] }),
    ],
  },
  {
    name: "T_MCOaaB",
    family: "pmsi",
    optional: false,
    perYear: true,
    description: "PMSI MCO stays (one row per RSA); chemotherapy séances: GHM 28Z07Z, DGN_PAL Z511",
    columns: [
      ...stayKeys,
      text("DGN_PAL", "principal diagnosis (ICD-10)"),
      nullable(text("DGN_REL", "related diagnosis (ICD-10)")),
      text("GRG_GHM", "GHM"),
      nullable(col("SEJ_NBJ", "integer", "length of stay in days, null for séances", { range: [0, 3650] })),
      nullable(col("NBR_SEA", "integer", "number of séances grouped in this RSA", { range: [0, 366] })),
      nullable(text("SOR_MOD", "exit mode (9 = death)")),
    ],
    optionalColumns: [nullable(text("SEJ_TYP", "stay type: B = a service billed for another hospital"))],
  },
  {
    name: "T_MCOaaC",
    family: "pmsi",
    optional: false,
    perYear: true,
    description: "PMSI stay linkage: a stay links to a person only where every *_RET is 0",
    columns: [
      ...stayKeys,
      text("NIR_ANO_17", "pseudonymised NIR (= BEN_NIR_PSA)", { length: 17 }),
      col("EXE_SOI_DTD", "date", "stay entry date"),
      col("EXE_SOI_DTF", "date", "stay exit date"),
      ...RET_COLUMNS.map((name) => text(name, "linkage return code (0 = valid)")),
    ],
    optionalColumns: PMSI_OPTIONAL_RETURN_CODES.map((name) =>
      nullable(text(name, "consistency return code (0 = valid)")),
    ),
  },
  {
    name: "T_MCOaaD",
    family: "pmsi",
    optional: true,
    perYear: true,
    description: "associated diagnoses (metastases C77-C79 show here)",
    columns: [...stayKeys, text("ASS_DGN", "associated diagnosis (ICD-10)")],
  },
  {
    name: "T_MCOaaA",
    family: "pmsi",
    optional: true,
    perYear: true,
    description: "CCAM acts: radiotherapy, surgery",
    columns: [
      ...stayKeys,
      text("CDC_ACT", "CCAM act code"),
      col("ENT_DAT_DEL", "integer", "days after stay entry", { range: [0, 3650] }),
      col("NBR_EXE_ACT", "integer", "number of times the act was performed", { range: [0, 1000] }),
    ],
  },
  {
    name: "T_MCOaaMED",
    family: "pmsi",
    optional: true,
    perYear: true,
    description: "liste en sus drugs given in public hospitals",
    columns: medColumns("DELAI", []),
    optionalColumns: [
      nullable(col("NBR_SEJ", "integer", "number of stays (RSAs) the line is repeated on", { range: [0, 1000] })),
      month("ADM_MOIS"),
      year("DAT_ADM_ANN"),
      nullable(text("COD_LES", "indication code (LES)")),
      euros("ADM_NBR_PRI", "purchase price x number given"),
    ],
  },
  {
    name: "T_MCOaaMEDATU",
    family: "pmsi",
    optional: true,
    perYear: true,
    description: "early-access drugs given in hospital (public and private)",
    columns: medColumns("DAT_DELAI", ["DELAI"]),
    optionalColumns: [
      nullable(col("SEJ_NBR", "integer", "number of stays (RSAs) the line is repeated on", { range: [0, 1000] })),
      month("ADM_MOIS"),
      year("ADM_ANN"),
      euros("ACH_PRI_ADM", "purchase price of the units given"),
    ],
  },
  {
    name: "T_MCOaaFH",
    family: "pmsi",
    optional: true,
    perYear: true,
    description: "liste en sus drugs of private clinics (their stays are in T_MCOaaB/C)",
    columns: [
      ...stayKeys,
      nullable(ucdColumn("UCD_UCD_COD", { aliases: ["COD_UCD"] })),
      nullable(col("QUA_COD", "integer", "quantity (0 or null: not a dispensing)")),
      col("DEL_DAT_ENT", "integer", "days between stay entry and dispensing", { range: [0, 3650] }),
      nullable(col("COE_TAU", "number", "fractioning coefficient (0: not a dispensing)")),
    ],
    optionalColumns: [euros("FAC_TOT", "amount invoiced")],
  },
  {
    name: "T_MCOaaCSTC",
    family: "pmsi",
    optional: true,
    perYear: true,
    description: "outpatient visits (ACE) of public hospitals, one row per visit",
    columns: [
      text("ETA_NUM", "hospital (FINESS) number"),
      text("SEQ_NUM", "visit number within the hospital"),
      text("NIR_ANO_17", "pseudonymised NIR (= BEN_NIR_PSA)", { length: 17 }),
      col("EXE_SOI_DTD", "date", "visit date"),
      col("EXE_SOI_DTF", "date", "visit end date"),
      ...OUTPATIENT_RETURN_CODES.map((name) => text(name, "linkage return code (0 = valid)")),
    ],
  },
  {
    name: "T_MCOaaFHSTC",
    family: "pmsi",
    optional: true,
    perYear: true,
    description: "liste en sus drugs given during a public hospital's outpatient visit (joined to T_MCOaaCSTC)",
    columns: [
      text("ETA_NUM", "hospital (FINESS) number"),
      text("SEQ_NUM", "visit number within the hospital"),
      nullable(ucdColumn("UCD_UCD_COD")),
      nullable(col("QUA", "integer", "quantity (0 or null: not a dispensing)")),
      col("DEL_DAT_ENT", "integer", "days between the visit date and the dispensing", { range: [0, 3650] }),
      nullable(col("FRACT_COE", "number", "fractioning coefficient (0: not a dispensing)")),
    ],
    optionalColumns: [euros("FAC_MNT", "amount invoiced")],
  },
  {
    name: "IR_PHA_R",
    family: "nomenclature",
    optional: true,
    perYear: false,
    description: "pharmacy nomenclature: CIP13 -> ATC (of the extraction year)",
    columns: [
      text("PHA_CIP_C13", "CIP13 code", { length: 13 }),
      nullable(text("PHA_ATC_C07", "ATC code")),
      nullable(text("PHA_MED_NOM", "product label")),
    ],
  },
  {
    name: "NU_UCD_R",
    family: "nomenclature",
    optional: true,
    perYear: false,
    description: "UCD nomenclature: UCD -> designation (no ATC)",
    columns: [ucdColumn("UCD_UCD_COD"), text("UCD_DSN_LIB", "designation: brand or INN, strength, form")],
  },
  {
    name: "ODH_PATIENT",
    family: "warehouse",
    optional: false,
    perYear: false,
    description: "defines the cohort: one row per patient to reconstruct",
    columns: [
      text("patient_id", "person key (BEN_IDT_ANO)"),
      nullable(text("center_id", "participating centre")),
      nullable(col("birth_year", "integer", "birth year", { range: [1880, 2030] })),
      nullable(text("sex", "M or F (any case)", { allowed: ["M", "F"], upperCase: true })),
      nullable(col("diagnosis_date", "date", "date of diagnosis of the lung cancer")),
      nullable(col("advanced_date", "date", "date of advanced or metastatic disease")),
      nullable(text("stage_at_diagnosis", "stage at diagnosis", { allowed: ["I", "II", "III", "IV"] })),
      nullable(
        text("histology", "histology", { allowed: ["adenocarcinoma", "squamous", "large_cell", "nsclc_nos", "other"] }),
      ),
      biomarker("egfr"),
      biomarker("alk"),
      biomarker("ros1"),
      biomarker("braf"),
      biomarker("kras_g12c"),
      biomarker("met"),
      biomarker("ret"),
      nullable(col("pdl1_tps", "number", "PD-L1 tumour proportion score (%)", { range: [0, 100] })),
      nullable(col("ecog", "integer", "ECOG performance status", { range: [0, 4] })),
      nullable(text("smoking", "smoking status", { allowed: ["never", "former", "current", "unknown"] })),
    ],
  },
  {
    name: "ODH_DRUG_ADMIN",
    family: "warehouse",
    optional: false,
    perYear: false,
    description: "administrations and oral dispensings given by a participating centre (free-text labels)",
    columns: [
      text("patient_id", "person key (BEN_IDT_ANO)"),
      col("admin_date", "date", "date of administration or dispensing"),
      text("drug_label", "free text as typed in the prescribing software"),
      nullable(text("ucd7", "UCD7 code")),
      nullable(text("atc", "ATC code")),
      nullable(text("route", "IV, PO or SC", { allowed: ["IV", "PO", "SC"] })),
    ],
  },
  {
    name: "GOLD_LINES",
    family: "lines",
    optional: true,
    perYear: false,
    description: "ESME-like gold standard lines of therapy (section 4)",
    columns: [...LINES_COLUMNS, ...LINES_OPTIONAL_COLUMNS],
  },
];

const byName = new Map(CONTRACT_TABLES.map((t) => [t.name, t]));

/** Every column of a table: those every file has, then the optional ones. */
export function allColumns(spec: TableSpec): readonly ColumnSpec[] {
  return spec.optionalColumns ? [...spec.columns, ...spec.optionalColumns] : spec.columns;
}

export function tableSpec(name: string): TableSpec {
  const spec = byName.get(name);
  if (!spec) throw new Error(`Unknown contract table ${name}`);
  return spec;
}

/** Physical name of a per-year PMSI table: `T_MCOaaB` + 2019 -> `T_MCO19B`. */
export function pmsiTableName(logical: string, year: number): string {
  return logical.replace("aa", String(year % 100).padStart(2, "0"));
}

/**
 * Recognises a file's table: returns the logical table and, for PMSI, the year.
 * Case-insensitive, as the contract says. Two-digit years are read as 20aa.
 */
export function identifyTable(fileStem: string): { spec: TableSpec; year?: number } | undefined {
  const upper = fileStem.toUpperCase();
  const direct = byName.get(upper);
  if (direct && !direct.perYear) return { spec: direct };
  const pmsi = /^T_MCO(\d{2})(B|C|D|A|MED|MEDATU|FH|CSTC|FHSTC)$/.exec(upper);
  if (pmsi) return { spec: byName.get(`T_MCOaa${pmsi[2]}`)!, year: 2000 + Number(pmsi[1]) };
  return undefined;
}
