/** GOLD_LINES rows from the gold LineRecords (contract section 4, optional columns included). */
import type { PatientTables } from "./table-rows.js";
import type { LineRecord } from "../../lines/line-record.js";

export function writeGoldRows(lines: readonly LineRecord[], out: PatientTables): void {
  for (const line of lines) {
    out.add("GOLD_LINES", "GOLD_LINES", {
      patient_id: line.patientId,
      line_number: line.lineNumber,
      start_date: line.startDate,
      end_date: line.endDate,
      molecules: line.molecules.join(";"),
      regimen_label: line.regimenLabel ?? null,
      is_maintenance_phase_present: line.isMaintenancePhasePresent ?? null,
      end_reason: line.endReason ?? null,
      confidence: null,
    });
  }
}
