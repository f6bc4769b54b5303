/** Regimen label and class of a line, from its molecules and their drug classes. */
import { CHEMOTHERAPY_PLACEHOLDER, INVESTIGATIONAL_PLACEHOLDER } from "../reference/drugs.js";
import { drugClassOf } from "./administrations.js";
import type { RegimenClass } from "./types.js";

const CHEMO_CLASSES = new Set([
  "platinum",
  "antimetabolite",
  "vinca_alkaloid",
  "topoisomerase_inhibitor",
  "taxane",
  "chemotherapy",
  // cytotoxic classes of the other ATC L01 agents (data/reference/antineoplastics-l01.csv)
  "alkylating_agent",
  "cytotoxic_antibiotic",
  "other_cytotoxic",
]);
const IO_CLASSES = new Set(["anti_pd1_pdl1", "anti_ctla4"]);
const ANTIANGIOGENIC = new Set(["anti_vegf_antibody", "antiangiogenic_tki"]);
const TARGET_BY_CLASS: Readonly<Record<string, RegimenClass>> = {
  egfr_tki: "targeted_egfr",
  egfr_met_antibody: "targeted_egfr",
  alk_tki: "targeted_alk",
  alk_ros1_tki: "targeted_alk",
  ros1_ntrk_tki: "targeted_ros1",
  braf_inhibitor: "targeted_braf",
  mek_inhibitor: "targeted_braf",
  kras_g12c_inhibitor: "targeted_kras_g12c",
  met_tki: "targeted_met",
  ret_tki: "targeted_ret",
  // targeted agents outside the lung targets (cetuximab, trastuzumab deruxtecan, larotrectinib, other L01 agents)
  egfr_antibody: "targeted_other",
  antibody_drug_conjugate: "targeted_other",
  ntrk_tki: "targeted_other",
  kinase_inhibitor: "targeted_other",
  monoclonal_antibody: "targeted_other",
  parp_inhibitor: "targeted_other",
  proteasome_inhibitor: "targeted_other",
  other_targeted: "targeted_other",
};

/**
 * Class of a regimen. Targeted therapy wins (by target); then chemo-immunotherapy,
 * immunotherapy, anti-angiogenic combinations, chemotherapy; investigational
 * alone is `investigational`; anything else `other`.
 */
export function regimenClassOf(molecules: readonly string[]): RegimenClass {
  const classes = molecules.map(drugClassOf);
  for (const c of classes) {
    const target = TARGET_BY_CLASS[c];
    if (target) return target;
  }
  const chemo = classes.some((c) => CHEMO_CLASSES.has(c));
  const io = classes.some((c) => IO_CLASSES.has(c));
  const angio = classes.some((c) => ANTIANGIOGENIC.has(c));
  if (chemo && io) return "chemo_immunotherapy";
  if (io) return "immunotherapy";
  if (angio) return "antiangiogenic_combination";
  if (chemo) return "chemotherapy";
  if (classes.length > 0 && classes.every((c) => c === "investigational")) return "investigational";
  return "other";
}

/** Human label: molecules joined by " + ", placeholders last. */
export function regimenLabelOf(molecules: readonly string[]): string {
  const placeholders = [CHEMOTHERAPY_PLACEHOLDER, INVESTIGATIONAL_PLACEHOLDER];
  const named = molecules.filter((m) => !placeholders.includes(m));
  const rest = molecules.filter((m) => placeholders.includes(m));
  return [...named, ...rest].join(" + ");
}
