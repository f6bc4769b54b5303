/**
 * The cohort an evaluation is computed over, read from a dataset folder:
 * ODH_PATIENT (the universe, histology, biomarkers), GOLD_LINES, and each
 * patient's death and end of follow-up for TTNT censoring.
 *
 * Death and follow-up come from an ingestion work folder when one is given
 * (patients.parquet: the project's documented death rule over IR_BEN_R and
 * PMSI). Otherwise: death = earliest IR_BEN_R.BEN_DCD_DTE of the person, end of
 * data = `endOfData` or the latest date found in IR_BEN_R deaths, GOLD_LINES
 * and ODH_DRUG_ADMIN.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { DataError } from "../../core/errors/data-error.js";
import type { EvaluationPatient } from "../../core/evaluation/compare.js";
import type { SubmissionCheck } from "../../core/evaluation/submission.js";
import type { EvaluationCohort } from "../../core/evaluation/evaluate-lines.js";
import { biomarkerGroupSql } from "../../core/evaluation/subgroups.js";
import { DEFAULT_CENSORING, type Censoring } from "../../core/statistics/censoring.js";
import { parseIsoDay, type Day } from "../../core/time/day.js";
import { discoverDataset, type DatasetFile } from "../dataset/discover.js";
import { loadRawTable } from "../dataset/load.js";
import { createRejectionsTable, validateRawTable } from "../dataset/validate.js";
import { sqlString, type DuckSession } from "../duckdb/session.js";
import { lastContactSql } from "./last-contact.js";
import { readLinesFile } from "./read-lines-file.js";

export interface DatasetEvaluationCohort extends EvaluationCohort {
  gold: SubmissionCheck;
  endOfData: Day;
  followUpSource: "workdir" | "dataset";
}

async function loadTyped(session: DuckSession, file: DatasetFile): Promise<string> {
  const raw = `ev_raw_${file.physicalName}`;
  const typed = `ev_${file.physicalName}`;
  await validateRawTable(session, await loadRawTable(session, file, raw), typed, "ev_rejections");
  return typed;
}

const toDay = (value: unknown): Day | null =>
  value === null || value === undefined ? null : (parseIsoDay(String(value)) ?? null);

export async function readEvaluationCohort(
  session: DuckSession,
  datasetDir: string,
  options: { workdir?: string; endOfData?: Day; censoring?: Censoring } = {},
): Promise<DatasetEvaluationCohort> {
  const listing = await discoverDataset(datasetDir);
  const fileOf = (name: string) => listing.files.find((f) => f.logicalName === name);
  const goldFile = fileOf("GOLD_LINES");
  if (!goldFile) {
    throw new DataError(
      "the dataset has no gold standard",
      { file: datasetDir, table: "GOLD_LINES" },
      "a GOLD_LINES.csv or GOLD_LINES.parquet file",
    );
  }
  await session.run("SET preserve_insertion_order = true");
  await createRejectionsTable(session, "ev_rejections");
  const odh = await loadTyped(session, fileOf("ODH_PATIENT")!);
  // The biomarker group is computed by DuckDB with the same rule as biomarkerGroupOf (tested).
  const patientRows = await session.all(
    `SELECT patient_id, histology, ${biomarkerGroupSql()} AS biomarker_group FROM ${odh} ORDER BY patient_id`,
  );
  const cohort = new Set(patientRows.map((r) => String(r.patient_id)));
  const gold = await readLinesFile(session, goldFile.path, { cohort });
  if (!gold.valid) {
    throw new DataError(
      `the gold standard has ${gold.problemCount} problem(s); first: ${gold.problems[0]?.message ?? "?"}`,
      { file: goldFile.path, table: "GOLD_LINES" },
    );
  }

  const death = new Map<string, Day>();
  const followUp = new Map<string, Day>();
  let endOfData = options.endOfData ?? null;
  let followUpSource: DatasetEvaluationCohort["followUpSource"] = "dataset";
  const patientsParquet = options.workdir ? join(options.workdir, "patients.parquet") : undefined;
  if (patientsParquet && existsSync(patientsParquet)) {
    followUpSource = "workdir";
    const rows = await session.all(
      `SELECT patient_id, CAST(death_date AS VARCHAR) AS death, CAST(follow_up_end AS VARCHAR) AS fu FROM read_parquet(${sqlString(patientsParquet)})`,
    );
    for (const r of rows) {
      const id = String(r.patient_id);
      const d = toDay(r.death);
      if (d !== null) death.set(id, d);
      const f = toDay(r.fu);
      if (f !== null) followUp.set(id, f);
      if (f !== null && (endOfData === null || f > endOfData)) endOfData = f;
    }
  } else {
    const ben = await loadTyped(session, fileOf("IR_BEN_R")!);
    const rows = await session.all(
      `SELECT BEN_IDT_ANO AS id, CAST(min(BEN_DCD_DTE) AS VARCHAR) AS death FROM ${ben} WHERE BEN_DCD_DTE IS NOT NULL GROUP BY 1`,
    );
    for (const r of rows) {
      const d = toDay(r.death);
      if (d !== null) death.set(String(r.id), d);
    }
    if (endOfData === null) {
      const admin = await loadTyped(session, fileOf("ODH_DRUG_ADMIN")!);
      const [latest] = await session.all(`SELECT CAST(max(admin_date) AS VARCHAR) AS d FROM ${admin}`);
      const candidates = [
        toDay(latest?.d),
        ...death.values(),
        ...gold.lines.flatMap((l) => [l.startDate, l.endDate ?? l.startDate]),
      ].filter((x): x is Day => x !== null);
      endOfData = candidates.reduce((a, b) => (b > a ? b : a), 0);
    }
  }
  const censoring = options.censoring ?? DEFAULT_CENSORING;
  // Last contacts censor only under `last_contact` (core/statistics/censoring.ts): not read otherwise
  // (a pass over every exposure and session, 28M rows at 1M patients).
  const lastContact = new Map<string, Day>();
  if (censoring === "last_contact" && options.workdir && existsSync(join(options.workdir, "exposures.parquet"))) {
    for (const r of await session.all(
      `SELECT patient_id, CAST(last_contact AS VARCHAR) AS d FROM (${lastContactSql(options.workdir)})`,
    )) {
      const d = toDay(r.d);
      if (d !== null) lastContact.set(String(r.patient_id), d);
    }
  }
  const end = endOfData ?? 0;
  const patients: EvaluationPatient[] = patientRows.map((r) => {
    const id = String(r.patient_id);
    const deathDate = death.get(id) ?? null;
    return {
      patientId: id,
      deathDate,
      followUpEnd: followUp.get(id) ?? deathDate ?? end,
      lastContact: lastContact.get(id) ?? null,
      histology: r.histology === null || r.histology === undefined ? null : String(r.histology),
      biomarkerGroup: String(r.biomarker_group),
    };
  });
  return { patients, gold, endOfData: end, followUpSource, censoring };
}
