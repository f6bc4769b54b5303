/**
 * The one table of human labels for every code a person sees (regimen classes,
 * histologies, event sources, end reasons, methods, simulation profiles, error
 * kinds, rules, ...), the natural order of the ordinal categories (age bands,
 * stages, periods, line counts, ECOG), and the one way durations are written
 * (months, with days where a jury needs them). Pure: used by every page of the
 * workspace and by the CLI's text output.
 */
import type { RegimenClass, RuleId } from "../engine/types.js";
import type { ErrorKind } from "../evaluation/compare.js";
import type { EventSource, Histology } from "../events/events.js";
import type { ProfileName } from "../simulation/profiles.js";
import { DAYS_PER_MONTH } from "../time/day.js";

export type LabelDomain =
  | "regimenClass"
  | "histology"
  | "source"
  | "endReason"
  | "pathwayEnd"
  | "method"
  | "profile"
  | "errorKind"
  | "rule"
  | "sessionKind"
  | "sex"
  | "biomarker"
  | "entryKind"
  | "endpoint"
  | "accounting"
  | "indexSource"
  | "dimension";

/** Code -> label, by domain. A code absent here is shown with its underscores as spaces. */
export const LABELS: Record<LabelDomain, Readonly<Record<string, string>>> = {
  regimenClass: {
    chemotherapy: "Chemotherapy",
    chemo_immunotherapy: "Chemo-immunotherapy",
    immunotherapy: "Immunotherapy",
    targeted_egfr: "EGFR inhibitor",
    targeted_alk: "ALK inhibitor",
    targeted_ros1: "ROS1 inhibitor",
    targeted_braf: "BRAF inhibitor",
    targeted_kras_g12c: "KRAS G12C inhibitor",
    targeted_met: "MET inhibitor",
    targeted_ret: "RET inhibitor",
    targeted_other: "Other targeted therapy",
    antiangiogenic_combination: "Antiangiogenic combination",
    investigational: "Investigational drug",
    other: "Other",
  } satisfies Record<RegimenClass, string>,
  histology: {
    adenocarcinoma: "Adenocarcinoma",
    squamous: "Squamous cell carcinoma",
    large_cell: "Large cell carcinoma",
    nsclc_nos: "NSCLC, not otherwise specified",
    other: "Other histology",
    unknown: "Unknown",
  } satisfies Record<Histology | "unknown", string>,
  source: {
    dcir_pharmacy: "Community pharmacy (DCIR ER_PHA_F)",
    dcir_ucd: "Retrocession / costly drugs (DCIR ER_UCD_F)",
    pmsi_med: "Hospital costly drugs (PMSI MED)",
    pmsi_medatu: "Hospital temporary-authorisation drugs (PMSI MEDATU)",
    pmsi_stay: "Hospital stays and séances (PMSI B/C)",
    pmsi_act: "Hospital acts (PMSI A)",
    pmsi_fh: "Private clinics' costly drugs (PMSI FH)",
    pmsi_fhstc: "Outpatient costly drugs (PMSI FHSTC)",
    warehouse: "Hospital data warehouse",
  } satisfies Record<EventSource, string>,
  endReason: {
    new_drug: "New drug started",
    gap: "Treatment gap",
    death: "Death",
    end_of_data: "Still on treatment at end of data",
    treatment_stopped: "Treatment stopped",
    progression: "Progression",
    toxicity: "Toxicity",
    completed: "Completed",
    ongoing: "Ongoing",
    other: "Other reason",
  },
  pathwayEnd: {
    "later lines": "Later lines",
    "still on treatment": "Still on treatment",
    death: "Death",
    "no further line": "No further line",
  },
  method: {
    default: "Default rules",
    "jmir-2021": "JMIR 2021 rules",
    tuned: "Tuned rules",
    learned: "Learned model",
    gold: "Gold standard",
    "rules+imputation": "Rules + séance imputation",
    "learned-free": "Learned boundaries, unguarded",
  },
  profile: {
    clean: "Clean",
    realistic: "Realistic",
    hard: "Hard",
    shifted: "Shifted practice",
  } satisfies Record<ProfileName, string> & Record<string, string>,
  errorKind: {
    agree: "Agree",
    missed_lines: "Missed lines",
    extra_lines: "Extra lines",
    molecules_differ: "Molecules differ",
    start_shift: "Start shifted",
  } satisfies Record<ErrorKind, string>,
  rule: {
    first_treatment: "First treatment",
    inferred_index_window: "Before an inferred index date",
    regimen_window: "Regimen window",
    new_drug: "New drug",
    gap: "Gap",
    gap_exempt: "Gap (exempt oral drug)",
    planned_break: "Planned break",
    substitution: "Substitution",
    switch_maintenance: "Switch maintenance",
    continuation_maintenance: "Continuation maintenance",
    dropped_drug: "Dropped drug",
    death: "Death",
    end_of_data: "End of data",
    treatment_stopped: "Treatment stopped",
    session_placeholder: "Anonymous séance",
    session_explained: "Séance explained by a drug",
    session_in_cycle: "Séance within a cycle",
    session_rhythm: "Séance rhythm change",
    session_companion: "Séance with a companion cytotoxic",
    curative_chemoradiation: "Curative chemoradiation",
    curative_consolidation: "Curative consolidation",
    curative_perioperative: "Perioperative treatment",
    pre_index_regimen: "Regimen before index",
    before_index: "Before index",
    no_index: "No index date",
    learned_continuation: "Learned: same line",
  } satisfies Record<RuleId, string>,
  sessionKind: { chemotherapy: "Chemotherapy séance", radiotherapy: "Radiotherapy", surgery: "Surgery" },
  sex: { M: "Male", F: "Female" },
  biomarker: {
    egfr: "EGFR",
    alk: "ALK",
    ros1: "ROS1",
    braf: "BRAF",
    kras_g12c: "KRAS G12C",
    met: "MET",
    ret: "RET",
    pdl1_tps: "PD-L1 TPS",
  },
  entryKind: { rule_set: "Rule set", submission: "Submission", model: "Learned model" },
  endpoint: {
    ttnt: "Time to next treatment",
    tnt: "Time to next treatment",
    os: "Overall survival",
    duration: "Line duration",
  },
  accounting: {
    used: "Used",
    merged_duplicate: "Merged duplicate",
    rejected: "Rejected",
    out_of_scope: "Out of scope",
    reversal_netted: "Reversal netted against its dispensing",
    not_ingested: "Table not ingested",
    not_a_treatment_event: "Not a treatment event",
    unlinkable_stay: "Séance not linkable to a stay",
    non_antineoplastic: "Not an antineoplastic drug",
    information_only: "Information only",
    unmapped_label: "Unmapped drug label",
    no_match: "No match in the dictionary",
    none: "None",
    atc: "ATC code",
  },
  indexSource: {
    warehouse: "Hospital data warehouse",
    metastasis_code: "Metastasis diagnosis code",
    first_treatment: "First treatment",
    advanced_date: "Advanced date given",
    none: "None",
  },
  dimension: {
    histology: "Histology",
    biomarker_group: "Biomarker group",
    period: "Period",
    first_line_period: "Period of line 1",
    age_band: "Age band",
    stage_at_diagnosis: "Stage at diagnosis",
    n_lines: "Lines of therapy",
    line_number: "Line",
    regimen_class: "Regimen class",
    regimen_label: "Regimen",
    sex: "Sex",
    ecog: "ECOG performance status",
  },
};

const DOMAIN_ORDER = Object.keys(LABELS) as LabelDomain[];

/** The code of a method name: `default@1.2.0` -> `default`, `learned@ab12…` -> `learned`. */
function methodCode(code: string): string {
  return code.split("@")[0]!;
}

/**
 * The label of `code`: in `domain` when given, otherwise in the first domain
 * that knows it; an unknown code is shown with underscores as spaces; null is
 * "Unknown".
 */
export function labelOf(code: string | number | null | undefined, domain?: LabelDomain): string {
  if (code === null || code === undefined || code === "") return "Unknown";
  const text = String(code);
  if (domain === "method") {
    const found = LABELS.method[methodCode(text)];
    return found ?? text;
  }
  if (domain) {
    const found = LABELS[domain][text];
    if (found !== undefined) return found;
  } else {
    for (const d of DOMAIN_ORDER) {
      const found = LABELS[d][text];
      if (found !== undefined) return found;
    }
  }
  return text.replaceAll("_", " ");
}

/** A regimen label as written in lines ("carboplatin+pemetrexed") made readable ("carboplatin + pemetrexed"). */
export function regimenLabelOf(regimen: string | null | undefined): string {
  if (regimen === null || regimen === undefined || regimen === "") return "Unknown";
  if (regimen in LABELS.regimenClass) return LABELS.regimenClass[regimen]!;
  return regimen.replaceAll("_", " ").replaceAll("+", " + ");
}

/**
 * A Sankey/sunburst node name "L<n> <code>" made readable ("L1 chemo_immunotherapy"
 * -> "L1 Chemo-immunotherapy"); an end ("death") is labelled as such.
 */
export function pathwayNodeLabel(name: string): string {
  const m = /^L(\d+) (.*)$/.exec(name);
  if (!m) return labelOf(name, "pathwayEnd");
  return `L${m[1]} ${regimenLabelOf(m[2])}`;
}

/** A pathway sequence "chemo_immunotherapy → immunotherapy" made readable. */
export function sequenceLabel(sequence: string | null | undefined): string {
  if (sequence === null || sequence === undefined || sequence === "") return "—";
  return sequence
    .split(" → ")
    .map((step) => regimenLabelOf(step))
    .join(" → ");
}

/** Natural order of the ordinal categories (as the workspace tables write them). */
export const ORDINAL_ORDERS: Readonly<Record<string, readonly string[]>> = {
  age_band: ["<50", "50-59", "60-69", "70-79", "80+", "unknown"],
  stage_at_diagnosis: ["I", "II", "III", "IV", "unknown"],
  period: ["before 2015", "2015-2017", "2018-2020", "2021 and later", "no advanced date", "no line"],
  first_line_period: ["before 2015", "2015-2017", "2018-2020", "2021 and later", "no line"],
  n_lines: ["0", "1", "2", "3", "4 or more"],
  ecog: ["0", "1", "2", "3", "4", "unknown"],
  biomarker_group: ["EGFR", "ALK", "ROS1", "other driver", "no driver", "untested"],
};

const LAST = /^(unknown|missing|none|no .*|other.*|not .*)$/i;

/**
 * Compares two categories of `dimension` in natural order: the dimension's
 * listed order when it has one; otherwise numbers by value (and "L2" before
 * "L10"), text alphabetically; unknown / missing / other last.
 */
export function compareCategories(dimension: string | undefined, a: string, b: string): number {
  const order = dimension === undefined ? undefined : ORDINAL_ORDERS[dimension];
  if (order) {
    const [i, j] = [order.indexOf(a), order.indexOf(b)];
    if (i !== -1 || j !== -1) return (i === -1 ? order.length : i) - (j === -1 ? order.length : j);
  }
  const [la, lb] = [LAST.test(a), LAST.test(b)];
  if (la !== lb) return la ? 1 : -1;
  return a.localeCompare(b, "en", { numeric: true });
}

/** The categories in natural order (a copy). */
export function sortCategories<T extends string>(dimension: string | undefined, values: Iterable<T>): T[] {
  return [...values].sort((a, b) => compareCategories(dimension, a, b));
}

/** Whether a dimension has a natural order (ordinal), so must never be sorted by frequency. */
export function isOrdinal(dimension: string): boolean {
  return dimension in ORDINAL_ORDERS;
}

/** Days in months, one decimal. */
export function daysToMonths(days: number): number {
  return days / DAYS_PER_MONTH;
}

/** A duration in months, labelled: "7.4 months"; "—" when missing. */
export function formatMonths(days: number | null | undefined, digits = 1): string {
  if (days === null || days === undefined || !Number.isFinite(days)) return "—";
  return `${daysToMonths(days).toFixed(digits)} months`;
}

/** A duration in months with the days a jury compares: "7.4 months (225 days)"; "—" when missing. */
export function formatMonthsAndDays(days: number | null | undefined): string {
  if (days === null || days === undefined || !Number.isFinite(days)) return "—";
  return `${formatMonths(days)} (${Math.round(days)} days)`;
}

/** A p-value as written in a report: "p < 0.0001" or "p = 0.032". */
export function formatPValue(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return "p = —";
  if (p < 0.0001) return "p < 0.0001";
  return `p = ${p < 0.001 ? p.toFixed(4) : p.toFixed(3)}`;
}
