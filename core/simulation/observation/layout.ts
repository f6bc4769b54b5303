/**
 * The simulator's own table layouts, one per data contract version: which
 * tables and columns a simulated dataset of version 1 or 2 holds, in which
 * order, with which type. They are frozen here rather than read from
 * core/contract/tables.ts so that a version-1 dataset stays byte-identical when
 * the contract (and its reader) moves on, and so that a version-2 dataset writes
 * the v2 optional columns and tables that a reader may do without.
 *
 * Rows are kept in the canonical (version 2) column order; a version-1 writer
 * projects them onto the version-1 columns. A column that changed name between
 * versions (`T_MCOaaMEDATU.DAT_DELAI`, `DELAI` in version 1) has its canonical
 * (v2) name and its v1 name; observation code may give either.
 */

export type ContractVersion = 1 | 2;
export const CONTRACT_VERSIONS: readonly ContractVersion[] = [1, 2];

export type CellType = "string" | "integer" | "number" | "date" | "boolean";

export interface SimulatedColumn {
  /** Canonical (contract version 2) name. */
  name: string;
  type: CellType;
  /** The first version that has the column. */
  since: ContractVersion;
  /** Its name in version 1 when it differs. */
  v1Name?: string;
}

export interface SimulatedTable {
  /** Logical name (`T_MCOaaB` for the per-year PMSI tables). */
  name: string;
  perYear: boolean;
  since: ContractVersion;
  /** Canonical column order: the version-1 columns, then the version-2 additions. */
  columns: readonly SimulatedColumn[];
}

const c = (spec: string, since: ContractVersion = 1): SimulatedColumn[] =>
  spec
    .trim()
    .split(/\s+/)
    .map((token) => {
      const [name, type] = token.split(":") as [string, CellType | undefined];
      return { name, type: type ?? "string", since };
    });

const DCIR_KEYS = c(
  "FLX_DIS_DTD:date FLX_TRT_DTD:date FLX_EMT_TYP FLX_EMT_NUM FLX_EMT_ORD ORG_CLE_NUM DCT_ORD_NUM PRS_ORD_NUM REM_TYP_AFF",
);
const STAY = c("ETA_NUM RSA_NUM");

const table = (name: string, columns: SimulatedColumn[], since: ContractVersion = 1): SimulatedTable => ({
  name,
  perYear: name.startsWith("T_MCOaa"),
  since,
  columns,
});

export const SIMULATED_TABLES: readonly SimulatedTable[] = [
  table(
    "IR_BEN_R",
    c("BEN_IDT_ANO BEN_NIR_PSA BEN_RNG_GEM:integer BEN_NAI_ANN:integer BEN_SEX_COD:integer BEN_DCD_DTE:date"),
  ),
  table("ER_PRS_F", [
    ...DCIR_KEYS,
    ...c("BEN_NIR_PSA BEN_RNG_GEM:integer EXE_SOI_DTD:date PRS_NAT_REF:integer DPN_QLF:integer"),
    ...c("PRS_DPN_QLP:integer CPL_MAJ_TOP:integer BEN_CDI_NIR PRS_PAI_MNT:number", 2),
  ]),
  table("ER_ETE_F", [...DCIR_KEYS, ...c("ETE_IND_TAA:integer PRS_PPU_SEC:integer ETB_EXE_FIN")].map(v2), 2),
  table("ER_PHA_F", [...DCIR_KEYS, ...c("PHA_PRS_C13 PHA_ACT_QSN:integer")]),
  table("ER_UCD_F", [...DCIR_KEYS, ...c("UCD_UCD_COD UCD_DLV_NBR:number UCD_TOP_UCD:integer")]),
  table("T_MCOaaB", [
    ...STAY,
    ...c("DGN_PAL DGN_REL GRG_GHM SEJ_NBJ:integer NBR_SEA:integer SOR_MOD"),
    ...c("SEJ_TYP", 2),
  ]),
  table("T_MCOaaC", [
    ...STAY,
    ...c("NIR_ANO_17 EXE_SOI_DTD:date EXE_SOI_DTF:date NIR_RET NAI_RET SEX_RET SEJ_RET FHO_RET PMS_RET DAT_RET"),
    ...c("COH_NAI_RET COH_SEX_RET", 2),
  ]),
  table("T_MCOaaD", [...STAY, ...c("ASS_DGN")]),
  table("T_MCOaaA", [...STAY, ...c("CDC_ACT ENT_DAT_DEL:integer NBR_EXE_ACT:integer")]),
  table("T_MCOaaMED", [
    ...STAY,
    ...c("UCD_UCD_COD ADM_NBR:number DELAI:integer"),
    ...c("NBR_SEJ:integer ADM_MOIS:integer DAT_ADM_ANN:integer COD_LES ADM_NBR_PRI:number", 2),
  ]),
  table("T_MCOaaMEDATU", [
    ...STAY,
    ...c("UCD_UCD_COD ADM_NBR:number"),
    { name: "DAT_DELAI", type: "integer", since: 1, v1Name: "DELAI" },
    ...c("SEJ_NBR:integer ADM_MOIS:integer ADM_ANN:integer ACH_PRI_ADM:number", 2),
  ]),
  table(
    "T_MCOaaFH",
    [...STAY, ...c("UCD_UCD_COD QUA_COD:integer DEL_DAT_ENT:integer COE_TAU:number FAC_TOT:number")].map(v2),
    2,
  ),
  table(
    "T_MCOaaCSTC",
    c("ETA_NUM SEQ_NUM NIR_ANO_17 EXE_SOI_DTD:date EXE_SOI_DTF:date NIR_RET NAI_RET SEX_RET IAS_RET ENT_DAT_RET", 2),
    2,
  ),
  table(
    "T_MCOaaFHSTC",
    c("ETA_NUM SEQ_NUM UCD_UCD_COD QUA:integer DEL_DAT_ENT:integer FRACT_COE:number FAC_MNT:number", 2),
    2,
  ),
  table("IR_PHA_R", c("PHA_CIP_C13 PHA_ATC_C07 PHA_MED_NOM")),
  table("NU_UCD_R", c("UCD_UCD_COD UCD_DSN_LIB")),
  table(
    "ODH_PATIENT",
    c(
      "patient_id center_id birth_year:integer sex diagnosis_date:date advanced_date:date stage_at_diagnosis histology " +
        "egfr alk ros1 braf kras_g12c met ret pdl1_tps:number ecog:integer smoking",
    ),
  ),
  table("ODH_DRUG_ADMIN", c("patient_id admin_date:date drug_label ucd7 atc route")),
  table(
    "GOLD_LINES",
    c(
      "patient_id line_number:integer start_date:date end_date:date molecules regimen_label " +
        "is_maintenance_phase_present:boolean end_reason confidence:number",
    ),
  ),
];

function v2(column: SimulatedColumn): SimulatedColumn {
  return { ...column, since: 2 };
}

const byName = new Map(SIMULATED_TABLES.map((t) => [t.name, t]));

export function simulatedTable(logical: string): SimulatedTable {
  const t = byName.get(logical);
  if (!t) throw new Error(`Not a simulated table: ${logical}`);
  return t;
}

/** Index of a canonical column in a table's rows. */
export function columnIndex(logical: string, name: string): number {
  const i = simulatedTable(logical).columns.findIndex((x) => x.name === name || x.v1Name === name);
  if (i < 0) throw new Error(`${logical}: no column ${name}`);
  return i;
}

/** What a writer of one contract version writes for a table: names, types, and where each cell is in a row. */
export interface WrittenLayout {
  names: readonly string[];
  types: readonly CellType[];
  /** Index in the canonical row of each written column. */
  source: readonly number[];
}

const layouts = new Map<string, WrittenLayout | null>();

/** The columns a dataset of this version holds for a table; null when the version has no such table. */
export function writtenLayout(logical: string, version: ContractVersion): WrittenLayout | null {
  const key = `${logical}|${version}`;
  let layout = layouts.get(key);
  if (layout === undefined) {
    const t = simulatedTable(logical);
    if (t.since > version) layout = null;
    else {
      const kept = t.columns.map((col, i) => ({ col, i })).filter(({ col }) => col.since <= version);
      layout = {
        names: kept.map(({ col }) => (version === 1 ? (col.v1Name ?? col.name) : col.name)),
        types: kept.map(({ col }) => col.type),
        source: kept.map(({ i }) => i),
      };
    }
    layouts.set(key, layout);
  }
  return layout;
}

/** Physical name of a per-year PMSI table: `T_MCOaaB` + 2019 -> `T_MCO19B`. */
export function physicalTableName(logical: string, year: number): string {
  return logical.replace("aa", String(year % 100).padStart(2, "0"));
}

/** The logical table of a physical name written by the simulator (`T_MCO19FHSTC` -> `T_MCOaaFHSTC`). */
export function logicalTableOf(physical: string): string | undefined {
  if (byName.has(physical)) return physical;
  const m = /^T_MCO(\d{2})(B|C|D|A|MED|MEDATU|FH|CSTC|FHSTC)$/.exec(physical);
  return m ? `T_MCOaa${m[2]}` : undefined;
}
