/**
 * Reconstructs the lines of a whole cohort: streams batches of patients (from
 * ingestion's outputs), runs the pure per-patient engine, and writes the lines
 * file. Memory grows with a batch and with the number of lines written.
 */
import { reconstructPatient } from "../../core/engine/reconstruct.js";
import type { PatientLines } from "../../core/engine/types.js";
import type { PatientEvents } from "../../core/events/events.js";
import type { RuleSet } from "../../core/rules/rule-set.js";
import { openDuckSession } from "../duckdb/session.js";
import { lineRow } from "./lines-output.js";
import { LinesWriter } from "./lines-writer.js";

export interface ReconstructionSummary {
  patients: number;
  patientsWithLines: number;
  lines: number;
  linesByNumber: Record<string, number>;
  excludedAdministrations: Record<string, number>;
  ruleSet: string;
  seconds: number;
}

export interface ReconstructCohortOptions {
  onBatch?: (patientsDone: number) => void;
  /** Also receives every patient's full result (e.g. for evaluation without re-reading). */
  onPatient?: (result: PatientLines) => void;
}

/** A reconstruction method over one patient, with the label written in the `rule_set` column. */
export interface CohortMethod {
  label: string;
  reconstruct(events: PatientEvents): PatientLines;
}

/** A rule set as a method: the rule engine, labelled name@version. */
export function ruleSetMethod(rules: RuleSet): CohortMethod {
  return { label: `${rules.name}@${rules.version}`, reconstruct: (events) => reconstructPatient(events, rules) };
}

export function emptySummary(ruleSet: string): ReconstructionSummary {
  return {
    patients: 0,
    patientsWithLines: 0,
    lines: 0,
    linesByNumber: {},
    excludedAdministrations: {},
    ruleSet,
    seconds: 0,
  };
}

/** Counts one patient's result in `summary` and appends its lines to `writer`. */
export function addPatientLines(summary: ReconstructionSummary, result: PatientLines, writer: LinesWriter): void {
  summary.patients++;
  if (result.lines.length > 0) summary.patientsWithLines++;
  for (const line of result.lines) {
    writer.append(lineRow(line, summary.ruleSet));
    const key = line.lineNumber >= 4 ? "4+" : String(line.lineNumber);
    summary.linesByNumber[key] = (summary.linesByNumber[key] ?? 0) + 1;
  }
  for (const e of result.excluded) {
    summary.excludedAdministrations[e.rule] = (summary.excludedAdministrations[e.rule] ?? 0) + 1;
  }
  summary.lines += result.lines.length;
}

/** Adds the counts of `part` (a later patient range) to `summary`; keys keep their first-seen order. */
export function mergeSummary(summary: ReconstructionSummary, part: ReconstructionSummary): void {
  summary.patients += part.patients;
  summary.patientsWithLines += part.patientsWithLines;
  summary.lines += part.lines;
  for (const [key, n] of Object.entries(part.linesByNumber))
    summary.linesByNumber[key] = (summary.linesByNumber[key] ?? 0) + n;
  for (const [key, n] of Object.entries(part.excludedAdministrations))
    summary.excludedAdministrations[key] = (summary.excludedAdministrations[key] ?? 0) + n;
}

export async function reconstructCohort(
  batches: AsyncIterable<PatientEvents[]>,
  methodOrRules: CohortMethod | RuleSet,
  outPath: string,
  options: ReconstructCohortOptions = {},
): Promise<ReconstructionSummary> {
  const started = performance.now();
  const method = "reconstruct" in methodOrRules ? methodOrRules : ruleSetMethod(methodOrRules);
  const ruleSet = method.label;
  const session = await openDuckSession();
  const summary = emptySummary(ruleSet);
  try {
    const writer = await LinesWriter.create(session);
    for await (const batch of batches) {
      for (const events of batch) {
        const result = method.reconstruct(events);
        addPatientLines(summary, result, writer);
        options.onPatient?.(result);
      }
      options.onBatch?.(summary.patients);
    }
    await writer.finish(outPath);
  } finally {
    session.close();
  }
  summary.seconds = (performance.now() - started) / 1000;
  return summary;
}
