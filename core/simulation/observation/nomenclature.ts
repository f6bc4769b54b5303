/**
 * The dataset's own nomenclatures: IR_PHA_R (CIP13 -> ATC, some codes with the
 * pre-2022 ATC) and NU_UCD_R (UCD -> designation). They hold every code the
 * simulator can emit, real and invented, so every code of the dataset resolves.
 * They do not depend on patients: the writer adds them once.
 */
import { CIP_CATALOGUE, UCD_CATALOGUE, ucd13 } from "./codes.js";
import { PatientTables } from "./table-rows.js";

export function nomenclatureTables(): PatientTables {
  const out = new PatientTables();
  for (const c of CIP_CATALOGUE) {
    out.add("IR_PHA_R", "IR_PHA_R", {
      PHA_CIP_C13: c.cip13,
      PHA_ATC_C07: c.atc,
      PHA_MED_NOM: c.invented ? `${c.label} (SYNTHETIQUE)` : c.label,
    });
  }
  for (const c of UCD_CATALOGUE) {
    out.add("NU_UCD_R", "NU_UCD_R", {
      UCD_UCD_COD: ucd13(c.ucd7),
      UCD_DSN_LIB: c.invented ? `${c.designation} (SYNTHETIQUE)` : c.designation,
    });
  }
  return out;
}
