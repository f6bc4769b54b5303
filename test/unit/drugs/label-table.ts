/**
 * Realistic drug labels as typed in French prescribing software and UCD
 * designations, with the expected answer. Shared by the table test and the
 * accuracy figure of docs/drug-normalisation.md.
 *
 * Expected: molecule names in label order; "investigational"; or
 * "unmapped:<reason>" (`unmapped:ambiguous`, `unmapped:other_drug`, `unmapped:no_match`, `unmapped:empty`).
 */
import type { LabelMatch } from "../../../core/drugs/label-normaliser.js";

/** Short form of an answer: molecule names, `investigational`, `unmapped:<reason>`. */
export function describeMatches(matches: readonly LabelMatch[]): string[] {
  return matches.map((m) =>
    m.kind === "molecule" ? m.molecule : m.kind === "investigational" ? "investigational" : `unmapped:${m.reason}`,
  );
}

export interface LabelCase {
  label: string;
  expected: readonly string[];
  note: string;
}

const c = (label: string, expected: string | readonly string[], note: string): LabelCase => ({
  label,
  expected: typeof expected === "string" ? [expected] : expected,
  note,
});

export const LABEL_CASES: readonly LabelCase[] = [
  // Brands with dose and form
  c("KEYTRUDA 25 mg/ml sol. inj.", "pembrolizumab", "brand, dose, form"),
  c("OPDIVO 10 mg/mL, solution à diluer pour perfusion", "nivolumab", "brand, French form"),
  c("OPDIVO(10mg/ml)", "nivolumab", "brand glued to parenthesis"),
  c("  KEYTRUDA   25MG/ML  ,, SOL. INJ. ", "pembrolizumab", "spaces and punctuation"),
  c("Alimta 500 mg pdre pour sol. à diluer", "pemetrexed", "brand"),
  c("TAXOTERE 20MG/1ML", "docetaxel", "brand"),
  c("Tagrisso 80 mg cp pellic", "osimertinib", "oral brand"),
  c("IMFINZI 50 mg/mL", "durvalumab", "brand"),
  c("TECENTRIQ 1200 MG", "atezolizumab", "brand"),
  c("Yervoy 5 mg/ml", "ipilimumab", "brand"),
  c("Libtayo 350 mg", "cemiplimab", "brand"),
  c("ALECENSA 150MG GELULE", "alectinib", "brand"),
  c("Lorviqua 100 mg comprimé pelliculé", "lorlatinib", "brand"),
  c("Lumykras 120 mg", "sotorasib", "brand"),
  c("MVASI 25 mg/ml", "bevacizumab", "biosimilar"),
  c("Zirabev 25mg/ml perf", "bevacizumab", "biosimilar"),
  c("Navelbine oral 20 mg caps molle", "vinorelbine", "oral form of an IV brand"),
  c("GEMZAR 1 g", "gemcitabine", "brand"),
  c("Paraplatine 450 mg/45 ml", "carboplatin", "brand"),
  // INNs, French INNs, accents, case
  c("Carboplatine 450MG/45ML", "carboplatin", "French INN, dose glued"),
  c("CISPLATINE 1 mg/ml IV", "cisplatin", "French INN"),
  c("OSIMERTINIB 80 mg cp", "osimertinib", "INN, oral form"),
  c("pemetrexed 500 mg/m2 IV J1", "pemetrexed", "INN, body-surface dose, day"),
  c("Docétaxel 20mg/1ml", "docetaxel", "French accents"),
  c("ÉTOPOSIDE 100 MG", "etoposide", "capital accent"),
  c("Bévacizumab 7,5 mg/kg", "bevacizumab", "accent, weight dose"),
  c("pÉmÉtrexed", "pemetrexed", "mixed case accents"),
  c("atézolizumab 1200 mg IV", "atezolizumab", "French accent"),
  c("VINORELBINE ORALE 30MG", "vinorelbine", "route word"),
  c("gemcitabine 1250 mg/m² J1 J8", "gemcitabine", "superscript"),
  c("Durvalumab", "durvalumab", "bare INN"),
  c("nivolumab 240mg toutes les 2 semaines", "nivolumab", "schedule text"),
  c("VP16 100 mg", "etoposide", "abbreviation"),
  c("VP-16", "etoposide", "hyphenated abbreviation"),
  c("CDDP 75 mg/m2", "cisplatin", "abbreviation"),
  // Salts
  c("ERLOTINIB CHLORHYDRATE 150MG CPR", "erlotinib", "salt"),
  c("pemetrexed disodique 500mg", "pemetrexed", "salt"),
  c("AFATINIB DIMALEATE 40 MG", "afatinib", "salt"),
  c("Dabrafenib mesilate 75mg gélule", "dabrafenib", "salt"),
  c("osimertinib mésilate 40 mg", "osimertinib", "salt with accent"),
  c("nintedanib esilate 150 mg", "nintedanib", "salt"),
  c("alectinib chlorhydrate 150 mg gél", "alectinib", "salt"),
  c("GEFITINIB 250MG CPR PELLIC", "gefitinib", "INN"),
  // nab-paclitaxel vs paclitaxel
  c("Abraxane 100 mg poudre", "nab-paclitaxel", "brand of nab-paclitaxel"),
  c("PACLITAXEL ALBUMINE 5MG/ML", "nab-paclitaxel", "French name, must not be paclitaxel"),
  c("paclitaxel lié à l'albumine 100 mg", "nab-paclitaxel", "French long name"),
  c("NAB-PACLITAXEL 125 mg/m2", "nab-paclitaxel", "hyphenated"),
  c("nab paclitaxel", "nab-paclitaxel", "two words"),
  c("albumin-bound paclitaxel", "nab-paclitaxel", "English long name"),
  c("Paclitaxel 175 mg/m2", "paclitaxel", "plain paclitaxel"),
  c("TAXOL 6 mg/ml", "paclitaxel", "brand of paclitaxel"),
  c("paclitaxel albunime 5 mg/ml", "nab-paclitaxel", "typo in the qualifier keeps nab"),
  // Typos: one edit
  c("pembrolizumap 200 mg", "pembrolizumab", "1 substitution"),
  c("Keytuda", "pembrolizumab", "1 deletion in a 7-letter brand"),
  c("Tagriso 80mg", "osimertinib", "1 deletion"),
  c("carboplatne", "carboplatin", "1 deletion in a French INN"),
  c("osimertinb", "osimertinib", "1 deletion"),
  c("docetaxl 75 mg/m2", "docetaxel", "1 deletion"),
  c("Opdivi", "nivolumab", "1 substitution in a 6-letter brand"),
  c("erlotinibe 150 mg", "erlotinib", "French-style final e"),
  c("gemcitabin", "gemcitabine", "1 deletion"),
  c("PEMETREXEDE", "pemetrexed", "1 insertion"),
  // Typos: two edits (words of 8 letters or more)
  c("pembrolisumeb", "pembrolizumab", "2 substitutions"),
  c("bevasizumabe 15 mg/kg", "bevacizumab", "2 edits"),
  c("ozimertinibe", "osimertinib", "2 edits"),
  c("docetaxelle", "docetaxel", "2 insertions"),
  c("gemsitabin", "gemcitabine", "2 edits"),
  // Combinations
  c("CARBOPLATINE + PACLITAXEL", ["carboplatin", "paclitaxel"], "combination"),
  c("Cisplatine/Pemetrexed", ["cisplatin", "pemetrexed"], "combination with slash"),
  c("carboplatine-pemetrexed-pembrolizumab", ["carboplatin", "pemetrexed", "pembrolizumab"], "triplet"),
  c("OPDIVO + YERVOY", ["nivolumab", "ipilimumab"], "brand combination"),
  c("TAFINLAR + MEKINIST", ["dabrafenib", "trametinib"], "oral combination"),
  c("KEYTRUDA (pembrolizumab) 25 mg/ml", "pembrolizumab", "brand and INN of one drug: one answer"),
  // Supportive drugs (recognised, not antineoplastic)
  c("ZOMETA 4mg/5ml", "zoledronic acid", "supportive brand"),
  c("acide zolédronique 4 mg", "zoledronic acid", "French multi-word INN"),
  c("zoledronic acid 4 mg", "zoledronic acid", "English multi-word INN"),
  c("Dexaméthasone 4 mg cp", "dexamethasone", "corticoid"),
  c("SOLU-MEDROL 40 mg", "methylprednisolone", "hyphenated brand"),
  c("EMEND 125 mg", "aprepitant", "antiemetic"),
  c("NEULASTA 6 mg", "pegfilgrastim", "growth factor"),
  c("peg filgrastim", "pegfilgrastim", "split prefix must not give filgrastim"),
  c("Speciafoldine 0,4 mg", "folic acid", "vitamin"),
  c("acide folique 0.4mg", "folic acid", "vitamin, French"),
  c("vitamine B12 1000 µg IM", "cyanocobalamin", "vitamin"),
  c("XGEVA 120 mg", "denosumab", "bone agent"),
  // Clinical trials
  c("ESSAI CLINIQUE", "investigational", "trial"),
  c("PROTOCOLE XYZ-123", "investigational", "protocol code"),
  c("placebo/protocole", "investigational", "placebo"),
  c("ETUDE KEYNOTE-789 PEMBROLIZUMAB/PLACEBO", "investigational", "trial naming a molecule"),
  c("Investigational drug", "investigational", "English"),
  c("Essai", "investigational", "single word"),
  // Refused: ambiguous typos, other real drugs, garbage
  c("cefitinib 250 mg", "unmapped:ambiguous", "1 edit from both gefitinib and ceritinib"),
  c("amatinib", "unmapped:ambiguous", "1 edit from afatinib and from imatinib"),
  c("IMATINIB 400 mg", "imatinib", "an ATC L01 agent outside the lung list, 2 edits from afatinib"),
  c("nilotinib 200mg", "nilotinib", "an ATC L01 agent outside the lung list"),
  c("LAPATINIB DITOSILATE", "lapatinib", "an ATC L01 agent outside the lung list"),
  c("ERBITUX 5 mg/ml", "cetuximab", "brand of a non-lung L01 agent"),
  c("cétuximab 500 mg/m2", "cetuximab", "French INN"),
  c("ENHERTU 100MG PDR", "trastuzumab-deruxtecan", "brand of an antibody-drug conjugate"),
  c("trastuzumab deruxtecan 5.4 mg/kg", "trastuzumab-deruxtecan", "two-word INN beats trastuzumab alone"),
  c("Trastuzumab 600 mg SC", "trastuzumab", "the antibody alone"),
  c("KEYTRUDA 790 mg SC", "pembrolizumab", "subcutaneous form, same INN"),
  c("Letrozole 2.5 mg", "letrozole", "hormone therapy (out of scope downstream)"),
  c("Prednisone 20 mg", "unmapped:other_drug", "real drug 2 edits from prednisolone"),
  c("acide folinique 50 mg", "unmapped:other_drug", "real drug 2 edits from acide folique"),
  c("albumine humaine 20%", "unmapped:no_match", "human albumin is not nab-paclitaxel"),
  c("NACL 0.9% 250 ML", "unmapped:no_match", "saline"),
  c("GLUCOSE 5%", "unmapped:no_match", "glucose"),
  c("Doliprane 1000 mg", "unmapped:no_match", "drug outside the dictionary"),
  c("xxxxx", "unmapped:no_match", "garbage"),
  c("carbo", "unmapped:no_match", "colloquial shortening is not a real name"),
  c("???", "unmapped:empty", "punctuation only"),
  c("", "unmapped:empty", "empty"),
  c("250 mg", "unmapped:no_match", "dose only"),
];
