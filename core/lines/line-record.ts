/**
 * A line of therapy in the contract's format (section 4): the shape shared by
 * the gold standard, every reconstruction and every submission.
 */
import type { Day } from "../time/day.js";

export interface LineRecord {
  patientId: string;
  /** 1, 2, ... in order of start. */
  lineNumber: number;
  startDate: Day;
  /** Last administration (oral: last covered day); null when ongoing at end of follow-up. */
  endDate: Day | null;
  /** Sorted, lower-case INNs; placeholders `chemotherapy`, `investigational`. */
  molecules: string[];
  regimenLabel?: string | null;
  isMaintenancePhasePresent?: boolean | null;
  endReason?: string | null;
  confidence?: number | null;
}

/** The contract's molecules cell: lower case, sorted, unique, `;`-joined, no spaces. */
export function formatMolecules(molecules: Iterable<string>): string {
  return [...new Set([...molecules].map((m) => m.trim().toLowerCase()))].sort().join(";");
}

/** Parses a molecules cell; the inverse of `formatMolecules` on well-formed cells. */
export function parseMolecules(cell: string): string[] {
  return cell
    .split(";")
    .map((m) => m.trim().toLowerCase())
    .filter((m) => m.length > 0);
}
