/**
 * Why an input row is not used as is: every reason ingestion gives, with its
 * status (rejected = a problem of the data, listed; out of scope = valid data
 * that the reconstruction does not need, counted) and its meaning. Validation
 * reasons of the dataset reader (`bad_date`, `not_integer`...) are added to
 * these in the accounting as `rejected`.
 */

export type RowStatus = "used" | "merged_duplicate" | "rejected" | "out_of_scope";

export const INGEST_REASONS = {
  // rejected: the row is wrong or cannot be trusted
  orphan_detail: { status: "rejected", meaning: "DCIR detail row without its ER_PRS_F row (9-key join)" },
  duplicate_key: { status: "rejected", meaning: "a second ER_PRS_F row with the same 9 join keys" },
  duplicate_stay: { status: "rejected", meaning: "a second row for the same stay (year, ETA_NUM, RSA_NUM)" },
  duplicate_patient: { status: "rejected", meaning: "a second ODH_PATIENT row for the same patient_id" },
  orphan_stay: { status: "rejected", meaning: "PMSI row whose stay has no T_MCOaaC row" },
  unlinkable_stay: { status: "rejected", meaning: "stay whose linkage return codes (*_RET) are not all 0" },
  duplicate_visit: { status: "rejected", meaning: "a second T_MCOaaCSTC row for the same visit (ETA_NUM, SEQ_NUM)" },
  orphan_visit: { status: "rejected", meaning: "T_MCOaaFHSTC row whose visit has no T_MCOaaCSTC row" },
  unlinkable_visit: {
    status: "rejected",
    meaning: "outpatient visit whose linkage return codes (*_RET) are not all 0",
  },
  unknown_code: { status: "rejected", meaning: "CIP13 or UCD code that neither nomenclature nor dictionary resolves" },
  unmapped_label: { status: "rejected", meaning: "warehouse label (and its ucd7, atc) naming no known drug" },
  implausible_date: {
    status: "rejected",
    meaning: "event dated before 2000 or after the run date (no extract holds it)",
  },
  before_birth: { status: "rejected", meaning: "event dated before 1 January of the birth year" },
  after_death: { status: "rejected", meaning: "event dated more than 1 day after the death date" },
  // out of scope: valid, but not a treatment event of a cohort patient
  person_not_in_cohort: { status: "out_of_scope", meaning: "person not in ODH_PATIENT" },
  unknown_nir: { status: "out_of_scope", meaning: "NIR (and rank) not found in IR_BEN_R: no person" },
  ambiguous_nir: { status: "out_of_scope", meaning: "NIR (and rank for DCIR) that maps to 2+ persons" },
  information_only: { status: "out_of_scope", meaning: "DPN_QLF 71 or 72: information-only DCIR line" },
  information_only_qlp: { status: "out_of_scope", meaning: "PRS_DPN_QLP 71: information-only DCIR line" },
  surcharge: { status: "out_of_scope", meaning: "CPL_MAJ_TOP 2 or more: a surcharge line, not care" },
  fictitious_nir: { status: "out_of_scope", meaning: "BEN_CDI_NIR other than 00, 03, 04: a fictitious NIR" },
  billed_in_pmsi: {
    status: "out_of_scope",
    meaning: "ER_ETE_F ETE_IND_TAA 1: billed by a public hospital, already in PMSI",
  },
  error_ghm: { status: "out_of_scope", meaning: "stay in an error GHM (90*): no care to read" },
  billed_for_another_hospital: {
    status: "out_of_scope",
    meaning: "stay with SEJ_TYP B: a service billed for another hospital (the same care twice)",
  },
  empty_ucd: { status: "out_of_scope", meaning: "T_MCOaaFH / T_MCOaaFHSTC row without a UCD code" },
  zero_quantity: { status: "out_of_scope", meaning: "T_MCOaaFH / T_MCOaaFHSTC row with quantity 0 or empty" },
  zero_coefficient: { status: "out_of_scope", meaning: "T_MCOaaFH / T_MCOaaFHSTC row with fractioning coefficient 0" },
  reversed: { status: "out_of_scope", meaning: "dispensing and its reversal net to <= 0 boxes" },
  reversal_netted: { status: "out_of_scope", meaning: "reversal line netted into a dispensing that stays positive" },
  non_antineoplastic: { status: "out_of_scope", meaning: "supportive or other non-antineoplastic drug" },
  hormone_therapy: {
    status: "out_of_scope",
    meaning: "hormone therapy (ATC L02): not a line drug, counted by molecule",
  },
  not_a_treatment_event: { status: "out_of_scope", meaning: "stay or act that is no séance, radiotherapy or surgery" },
  not_a_metastasis_code: {
    status: "out_of_scope",
    meaning: "associated diagnosis other than C77-C79, or C77.1 (intrathoracic nodes: regional)",
  },
  no_drug_detail: {
    status: "out_of_scope",
    meaning: "ER_PRS_F row without a pharmacy or UCD detail row, T_MCOaaCSTC visit without a T_MCOaaFHSTC drug",
  },
  not_ingested: { status: "out_of_scope", meaning: "table read by other stages (GOLD_LINES: evaluation)" },
} as const satisfies Record<string, { status: Exclude<RowStatus, "used" | "merged_duplicate">; meaning: string }>;

export type IngestReason = keyof typeof INGEST_REASONS;

/** SQL expression: the status of a row from its reason expression (null reason -> `okStatus`). */
export function statusSql(reason: string, okStatus: string): string {
  const rejected = Object.entries(INGEST_REASONS)
    .filter(([, r]) => r.status === "rejected")
    .map(([k]) => `'${k}'`);
  return `CASE WHEN ${reason} IS NULL THEN ${okStatus} WHEN ${reason} IN (${rejected.join(", ")}) THEN 'rejected' ELSE 'out_of_scope' END`;
}
