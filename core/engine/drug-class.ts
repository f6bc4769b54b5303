/** The drug class of a molecule as the rules see it (placeholders are their own class). */
import { CHEMOTHERAPY_PLACEHOLDER, INVESTIGATIONAL_PLACEHOLDER, drugByMolecule } from "../reference/drugs.js";

export function drugClassOf(molecule: string): string {
  if (molecule === CHEMOTHERAPY_PLACEHOLDER) return "chemotherapy";
  if (molecule === INVESTIGATIONAL_PLACEHOLDER) return "investigational";
  return drugByMolecule(molecule)?.drugClass ?? "unknown";
}
