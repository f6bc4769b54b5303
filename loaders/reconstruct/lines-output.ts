/**
 * The lines file written by `lotluca reconstruct`: the contract's columns
 * (patient_id, line_number, start_date, end_date, molecules), its optional
 * columns, and the explanation of each line. Documented in docs/reconstruction.md.
 */
import type { ReconstructedLine } from "../../core/engine/types.js";
import { formatMolecules } from "../../core/lines/line-record.js";
import { formatDay } from "../../core/time/day.js";

export type LinesColumnType = "VARCHAR" | "INTEGER" | "DATE" | "BOOLEAN" | "DOUBLE";

export interface LinesColumn {
  name: string;
  type: LinesColumnType;
  description: string;
}

export const LINES_OUTPUT_COLUMNS: readonly LinesColumn[] = [
  { name: "patient_id", type: "VARCHAR", description: "person key (BEN_IDT_ANO)" },
  { name: "line_number", type: "INTEGER", description: "1, 2, ... in order of start" },
  { name: "start_date", type: "DATE", description: "first administration of the line" },
  { name: "end_date", type: "DATE", description: "last administration or covered day; empty when ongoing" },
  { name: "molecules", type: "VARCHAR", description: "INNs, lower case, sorted, `;`-joined" },
  { name: "regimen_label", type: "VARCHAR", description: "molecules joined by ' + '" },
  {
    name: "regimen_class",
    type: "VARCHAR",
    description: "chemotherapy, chemo_immunotherapy, immunotherapy, targeted_<target>, ...",
  },
  { name: "is_maintenance_phase_present", type: "BOOLEAN", description: "the line entered maintenance" },
  { name: "maintenance_start", type: "DATE", description: "first day of the maintenance phase" },
  { name: "end_reason", type: "VARCHAR", description: "new_drug, gap, death or end_of_data" },
  { name: "start_rule", type: "VARCHAR", description: "rule that started the line" },
  { name: "start_rule_date", type: "DATE", description: "date that rule fired" },
  { name: "end_rule", type: "VARCHAR", description: "rule that ended the line" },
  { name: "end_rule_date", type: "DATE", description: "date that rule fired" },
  { name: "trace", type: "VARCHAR", description: "JSON: every decision of the line (rule, date, molecules, detail)" },
  { name: "rule_set", type: "VARCHAR", description: "name@version of the rule set used" },
];

export type LinesRow = (string | number | boolean | null)[];

/** A line as a row of LINES_OUTPUT_COLUMNS, dates as day numbers (INTEGER staging). */
export function lineRow(line: ReconstructedLine, ruleSet: string): LinesRow {
  const trace = [line.startDecision, ...line.decisions, line.endDecision].map((d) => ({
    rule: d.rule,
    date: formatDay(d.date),
    molecules: d.molecules,
    detail: d.detail,
  }));
  return [
    line.patientId,
    line.lineNumber,
    line.startDate,
    line.endDate,
    formatMolecules(line.molecules),
    line.regimenLabel,
    line.regimenClass,
    line.isMaintenancePhasePresent,
    line.maintenanceStart,
    line.endReason,
    line.startDecision.rule,
    line.startDecision.date,
    line.endDecision.rule,
    line.endDecision.date,
    JSON.stringify(trace),
    ruleSet,
  ];
}
