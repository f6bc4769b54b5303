/**
 * Ingestion: a dataset folder -> clean, traceable events in a work folder
 * (patients, exposures, sessions, accounting, rejections, unmapped labels as
 * Parquet, and ingest.json). Every step is set-based DuckDB SQL over whole
 * tables; only distinct codes and labels pass through JavaScript.
 * See docs/ingestion.md.
 */
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { parseIsoDay } from "../../core/time/day.js";
import { DataError, UsageError } from "../../core/errors/data-error.js";
import { dropLoadedTable, openDataset, tablesOf, type Dataset } from "../dataset/index.js";
import { openDuckSession, sqlIdentifier, sqlString, wrapStatements, type DuckSession } from "../duckdb/session.js";
import { buildAccounting, type Accounting } from "./accounting.js";
import { openDiskSession } from "./disk-session.js";
import { classifyWhole, createOutcomeTables } from "./classify.js";
import { createEventTables, datasetHasCosts } from "./contributions.js";
import { datasetCodeResolver, UNNAMED_ANTINEOPLASTIC_CLASS } from "./drug-mapping.js";
import { ingestHospitalDrugs } from "./hospital-drugs.js";
import { buildCohort, buildPersonMaps, linkStays } from "./linkage.js";
import { mergeEvents } from "./merge.js";
import { buildPatients } from "./patients.js";
import { buildPersonFacts, FIRST_PLAUSIBLE_DATE } from "./person-facts.js";
import { ingestPharmacy } from "./pharmacy.js";
import { ingestStays } from "./sessions.js";
import { ingestWarehouse } from "./warehouse.js";
import { OUTPUT_FILES, writeOutputs } from "./write-outputs.js";

export const INGEST_STEPS = [
  "read",
  "linkage",
  "pharmacy",
  "hospital drugs",
  "warehouse",
  "stays and acts",
  "merge",
  "patients",
  "accounting",
  "write",
] as const;
export type IngestStep = (typeof INGEST_STEPS)[number];

export interface IngestOptions {
  /**
   * End of data `YYYY-MM-DD`. Default (contract v2): the latest ER_PRS_F
   * FLX_DIS_DTD minus the payment lag; without any flux date, the latest event
   * date of the dataset.
   */
  endOfData?: string;
  /** Months between care and the flux that pays it, taken off the latest flux date (default 6). */
  paymentLagMonths?: number;
  /**
   * DuckDB memory limit (default `DEFAULT_INGEST_MEMORY_LIMIT`, 4GB). Beyond it
   * DuckDB evicts table blocks and spills operators to `WORKDIR/.duckdb-tmp`,
   * so Node + DuckDB stay under 8 GB whatever the dataset size.
   */
  memoryLimit?: string;
  threads?: number;
  /**
   * Keep DuckDB's tables in a database file (`WORKDIR/.duckdb-tmp/ingest.duckdb`,
   * removed at the end) instead of an in-memory database. Default false: the
   * in-memory database spills to the same folder beyond the memory limit and
   * was 1.5 times faster at 20k and 1M patients (no compression, no checkpoints);
   * the file keeps the tables compressed (smaller spill folder).
   */
  onDisk?: boolean;
  /** Called when a step starts (index in INGEST_STEPS). */
  onStep?: (step: IngestStep, index: number, total: number) => void;
  /**
   * Called once with the ingestion's DuckDB session, before the first statement:
   * a hook to wrap its `run` / `all` (statement plans checked by the tests,
   * profiling). The dataset's files are read on connections of their own.
   */
  instrument?: (session: DuckSession) => void;
}

/** Default payment lag of the DCIR (contract v2): the last 6 months of flux are incomplete. */
export const DEFAULT_PAYMENT_LAG_MONTHS = 6;

/** How the end of data was found. */
export type EndOfDataSource = "option" | "flux_date_minus_payment_lag" | "latest_event";

/** The end of data, with what it was derived from (reported in ingest.json). */
export interface EndOfDataDerivation {
  endOfData: string;
  source: EndOfDataSource;
  /** Latest ER_PRS_F FLX_DIS_DTD (valid rows), null without any. */
  latestFluxDate: string | null;
  paymentLagMonths: number;
  /** Latest ER_PRS_F EXE_SOI_DTD, T_MCOaaC EXE_SOI_DTF or ODH_DRUG_ADMIN admin_date. */
  latestEventDate: string | null;
  /** The rule in words. */
  rule: string;
}

/** Default DuckDB memory limit of ingestion. */
export const DEFAULT_INGEST_MEMORY_LIMIT = "4GB";

export interface IngestSummary {
  dataset: string;
  workdir: string;
  outputs: Record<keyof typeof OUTPUT_FILES, string>;
  endOfData: string;
  endOfDataSource: EndOfDataSource;
  endOfDataDerivation: EndOfDataDerivation;
  /** Exposures carry `cost_eur_by_source` (the dataset has the contract's cost columns). */
  costs: boolean;
  counts: {
    patients: number;
    exposures: number;
    sessions: number;
    rejectedRows: number;
    outOfScopeRows: number;
    unmappedLabels: number;
  };
  dataQuality: {
    /** Patients whose PMSI and IR_BEN_R death dates differ by more than 1 day. */
    deathDisagreements: number;
    deathsFromPmsi: number;
    deathsFromIrBen: number;
    /** Patients whose only death dates are implausible (before 2000, after the run date): not used. */
    implausibleDeaths: number;
    /** Cohort patients without any IR_BEN_R row. */
    patientsWithoutBeneficiary: number;
    advancedDateInferred: number;
    advancedDateBySource: Record<string, number>;
  };
  /** Antineoplastic codes and labels kept out as non-antineoplastic, by what they resolved to. */
  nonAntineoplastic: { detail: string; rows: number }[];
  /** Hormone therapies (ATC L02) kept out of the lines, by molecule (or ATC when unnamed). */
  hormoneTherapies: { detail: string; rows: number }[];
  /**
   * Antineoplastics (ATC L01) that the built-in dictionary does not name, kept in
   * the lines under the INN their label gives or their ATC in lower case: input
   * rows by molecule (drug-mapping.ts).
   */
  unnamedAntineoplastics: { molecule: string; atc: string | null; rows: number }[];
  accounting: Accounting;
  timingsMs: Record<string, number>;
}

async function one(session: DuckSession, sql: string): Promise<number> {
  const rows = await session.all(sql);
  return Number(Object.values(rows[0] ?? {})[0] ?? 0);
}

/** SQL: the latest plausible value of a date column (from 2000 to the run date; an implausible date is never the end of data). */
const latestPlausible = (column: string, table: string) =>
  `SELECT max(${column}) AS d FROM ${sqlIdentifier(table)} ` +
  `WHERE ${column} BETWEEN DATE '${FIRST_PLAUSIBLE_DATE}' AND current_date`;

async function latestEventDate(session: DuckSession, dataset: Dataset): Promise<string | null> {
  const parts = [
    ...tablesOf(dataset, "ER_PRS_F").map((t) => latestPlausible("EXE_SOI_DTD", t.typedTable)),
    ...tablesOf(dataset, "T_MCOaaC").map((t) => latestPlausible("EXE_SOI_DTF", t.typedTable)),
    ...tablesOf(dataset, "ODH_DRUG_ADMIN").map((t) => latestPlausible("admin_date", t.typedTable)),
  ];
  const rows = await session.all(`SELECT strftime(max(d), '%Y-%m-%d') AS d FROM (${parts.join(" UNION ALL ")})`);
  const d = rows[0]?.d;
  return d === null || d === undefined ? null : String(d);
}

async function latestFluxDate(session: DuckSession, dataset: Dataset): Promise<string | null> {
  const parts = tablesOf(dataset, "ER_PRS_F").map((t) => latestPlausible("FLX_DIS_DTD", t.typedTable));
  if (parts.length === 0) return null;
  const rows = await session.all(`SELECT strftime(max(d), '%Y-%m-%d') AS d FROM (${parts.join(" UNION ALL ")})`);
  const d = rows[0]?.d;
  return d === null || d === undefined ? null : String(d);
}

/** `iso` minus `months` calendar months (the day clamped to the month's end: 31 August - 6 = 28/29 February). */
export function minusMonths(iso: string, months: number): string {
  const [y, m, d] = iso.split("-").map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) - months;
  const year = Math.floor(index / 12);
  const month = index - year * 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return `${String(year).padStart(4, "0")}-${String(month + 1).padStart(2, "0")}-${String(Math.min(d, last)).padStart(2, "0")}`;
}

/** The end of data from the options and the dataset's dates (contract v2, section 2). */
export function deriveEndOfData(
  option: string | undefined,
  paymentLagMonths: number,
  latestFlux: string | null,
  latestEvent: string | null,
): EndOfDataDerivation | null {
  const base = { latestFluxDate: latestFlux, paymentLagMonths, latestEventDate: latestEvent };
  if (option !== undefined) return { endOfData: option, source: "option", ...base, rule: "--end-of-data" };
  if (latestFlux !== null) {
    return {
      endOfData: minusMonths(latestFlux, paymentLagMonths),
      source: "flux_date_minus_payment_lag",
      ...base,
      rule: `latest FLX_DIS_DTD ${latestFlux} minus the payment lag of ${paymentLagMonths} months`,
    };
  }
  if (latestEvent !== null) {
    return {
      endOfData: latestEvent,
      source: "latest_event",
      ...base,
      rule: "no ER_PRS_F flux date: the latest event date of the dataset",
    };
  }
  return null;
}

/**
 * Logs every statement slower than a threshold to stderr (LOTLUCA_INGEST_TRACE=1:
 * 200 ms; LOTLUCA_INGEST_TRACE=<ms>: that many milliseconds, 0 for all): profiling aid.
 */
function traceSession(session: DuckSession, thresholdMs: number): void {
  wrapStatements(session, async (sql, next) => {
    const t = Date.now();
    const result = await next();
    const ms = Date.now() - t;
    if (ms >= thresholdMs) process.stderr.write(`[ingest trace] ${ms} ms  ${sql.replace(/\s+/g, " ").slice(0, 160)}\n`);
    return result;
  });
}

/**
 * Drops the typed tables of `logicalNames` and the intermediate tables `extra`
 * once no later step reads them: on 1M patients they are tens of millions of
 * rows that DuckDB would otherwise keep, evict and spill.
 */
async function dropUsed(session: DuckSession, dataset: Dataset, logicalNames: string[], extra: string[] = []) {
  for (const t of logicalNames.flatMap((n) => tablesOf(dataset, n))) await dropLoadedTable(session, t);
  for (const t of extra) await session.run(`DROP TABLE IF EXISTS ${sqlIdentifier(t)}`);
}

/** Ingests the dataset in `dir` into `workdir` (created if needed). */
export async function ingestDataset(dir: string, workdir: string, options: IngestOptions = {}): Promise<IngestSummary> {
  if (options.endOfData !== undefined && parseIsoDay(options.endOfData) === undefined) {
    throw new UsageError(`--end-of-data must be a date YYYY-MM-DD, got ${JSON.stringify(options.endOfData)}`);
  }
  const paymentLagMonths = options.paymentLagMonths ?? DEFAULT_PAYMENT_LAG_MONTHS;
  if (!Number.isInteger(paymentLagMonths) || paymentLagMonths < 0 || paymentLagMonths > 120) {
    throw new UsageError(`--payment-lag-months must be a whole number of months (0-120), got ${paymentLagMonths}`);
  }
  const out = resolve(workdir);
  await mkdir(out, { recursive: true });
  const temp = join(out, ".duckdb-tmp");
  await mkdir(temp, { recursive: true });
  const sessionOptions = {
    memoryLimit: options.memoryLimit ?? DEFAULT_INGEST_MEMORY_LIMIT,
    tempDirectory: temp,
    ...(options.threads ? { threads: options.threads } : {}),
  };
  // The database file lives in the spill folder, removed with it at the end.
  const session = options.onDisk
    ? await openDiskSession(join(temp, "ingest.duckdb"), sessionOptions)
    : await openDuckSession(sessionOptions);
  const trace = process.env.LOTLUCA_INGEST_TRACE;
  if (trace) traceSession(session, trace === "1" || !/^\d+$/.test(trace) ? 200 : Number(trace));
  options.instrument?.(session);
  const timings: Record<string, number> = {};
  let started = Date.now();
  let current: IngestStep | undefined;
  const step = (name: IngestStep) => {
    if (current) timings[current] = Date.now() - started;
    current = name;
    started = Date.now();
    options.onStep?.(name, INGEST_STEPS.indexOf(name), INGEST_STEPS.length);
  };
  const t0 = Date.now();
  try {
    step("read");
    const dataset = await openDataset(dir, session);
    await session.run("SET preserve_insertion_order = false");
    await createOutcomeTables(session);
    await createEventTables(session);
    // read now, so that the event tables can be dropped once ingested
    const latestEvent = await latestEventDate(session, dataset);
    const latestFlux = await latestFluxDate(session, dataset);
    const derivation = deriveEndOfData(options.endOfData, paymentLagMonths, latestFlux, latestEvent);
    if (derivation === null) {
      throw new DataError(
        "the dataset holds no dated event: the end of data cannot be found",
        { file: dataset.dir },
        "at least one valid ER_PRS_F, T_MCOaaC or ODH_DRUG_ADMIN date, or --end-of-data YYYY-MM-DD",
      );
    }
    const endOfData = derivation.endOfData;
    const costs = datasetHasCosts(dataset);

    step("linkage");
    await buildCohort(session, dataset);
    await buildPersonMaps(session, dataset);
    await linkStays(session, dataset);
    await buildPersonFacts(session, dataset);
    const resolver = await datasetCodeResolver(session, dataset);
    for (const t of [...tablesOf(dataset, "IR_PHA_R"), ...tablesOf(dataset, "NU_UCD_R")]) {
      await classifyWhole(session, t, null);
    }
    for (const t of tablesOf(dataset, "GOLD_LINES")) await classifyWhole(session, t, "not_ingested");
    await dropUsed(session, dataset, ["IR_PHA_R", "NU_UCD_R", "GOLD_LINES", "ODH_PATIENT", "IR_BEN_R"]);

    step("pharmacy");
    await ingestPharmacy(session, dataset, resolver);
    await dropUsed(
      session,
      dataset,
      ["ER_PRS_F", "ER_PHA_F", "ER_UCD_F", "ER_ETE_F"],
      ["ing_prs", "ing_prs_linked", "ing_map_cip", "ing_map_dcir_ucd", "ing_dcir_person"],
    );
    step("hospital drugs");
    await ingestHospitalDrugs(session, dataset, resolver);
    await dropUsed(
      session,
      dataset,
      ["T_MCOaaMED", "T_MCOaaMEDATU", "T_MCOaaFH", "T_MCOaaCSTC", "T_MCOaaFHSTC"],
      ["ing_map_pmsi_ucd"],
    );
    step("warehouse");
    await ingestWarehouse(session, dataset, resolver);
    await dropUsed(session, dataset, ["ODH_DRUG_ADMIN"], ["ing_map_label"]);
    step("stays and acts");
    await ingestStays(session, dataset);
    await dropUsed(session, dataset, ["T_MCOaaB", "T_MCOaaA", "T_MCOaaD", "T_MCOaaC"], ["ing_stays", "ing_nir_person"]);

    step("merge");
    await mergeEvents(session, undefined, { costs });
    await dropUsed(session, dataset, [], ["ing_contributions", "ing_session_rows"]);

    step("patients");
    await buildPatients(session, endOfData);

    step("accounting");
    const accounting = await buildAccounting(session, dataset);

    step("write");
    await writeOutputs(session, dataset, out, { costs });
    const bySource = await session.all(
      `SELECT advanced_date_source AS s, count(*)::BIGINT AS n FROM ing_patients GROUP BY ALL ORDER BY s`,
    );
    const nonAntineoplastic = await session.all(
      `SELECT regexp_extract(value, '\\((.*)\\)$', 1) AS detail, count(*)::BIGINT AS rows FROM ing_outcomes ` +
        `WHERE reason = 'non_antineoplastic' GROUP BY ALL ORDER BY rows DESC, detail`,
    );
    const hormoneTherapies = await session.all(
      `SELECT regexp_extract(value, '\\((.*)\\)$', 1) AS detail, count(*)::BIGINT AS rows FROM ing_outcomes ` +
        `WHERE reason = 'hormone_therapy' GROUP BY ALL ORDER BY rows DESC, detail`,
    );
    const unnamed = await session.all(
      `SELECT molecule, atc, sum(rows)::BIGINT AS rows FROM ing_exposures WHERE drug_class = ` +
        `${sqlString(UNNAMED_ANTINEOPLASTIC_CLASS)} GROUP BY ALL ORDER BY rows DESC, molecule`,
    );
    const summary: IngestSummary = {
      dataset: dataset.dir,
      workdir: out,
      outputs: Object.fromEntries(Object.entries(OUTPUT_FILES).map(([k, f]) => [k, join(out, f)])) as Record<
        keyof typeof OUTPUT_FILES,
        string
      >,
      endOfData,
      endOfDataSource: derivation.source,
      endOfDataDerivation: derivation,
      costs,
      counts: {
        patients: await one(session, `SELECT count(*) FROM ing_patients`),
        exposures: await one(session, `SELECT count(*) FROM ing_exposures`),
        sessions: await one(session, `SELECT count(*) FROM ing_sessions`),
        rejectedRows: accounting.tables.reduce((s, t) => s + t.rejected, 0),
        outOfScopeRows: accounting.tables.reduce((s, t) => s + t.outOfScope, 0),
        unmappedLabels: await one(session, `SELECT count(DISTINCT label) FROM ing_unmapped_labels`),
      },
      dataQuality: {
        deathDisagreements: await one(session, `SELECT count(*) FROM ing_person_facts WHERE death_disagreement`),
        deathsFromPmsi: await one(session, `SELECT count(*) FROM ing_person_facts WHERE death_source = 'pmsi'`),
        deathsFromIrBen: await one(session, `SELECT count(*) FROM ing_person_facts WHERE death_source = 'ir_ben_r'`),
        implausibleDeaths: await one(session, `SELECT count(*) FROM ing_person_facts WHERE implausible_death`),
        patientsWithoutBeneficiary: await one(
          session,
          `SELECT count(*) FROM ing_cohort WHERE patient_id NOT IN (SELECT patient_id FROM ing_ben_facts)`,
        ),
        advancedDateInferred: await one(session, `SELECT count(*) FROM ing_patients WHERE advanced_date_inferred`),
        advancedDateBySource: Object.fromEntries(bySource.map((r) => [String(r.s), Number(r.n)])),
      },
      nonAntineoplastic: nonAntineoplastic.map((r) => ({ detail: String(r.detail), rows: Number(r.rows) })),
      hormoneTherapies: hormoneTherapies.map((r) => ({ detail: String(r.detail), rows: Number(r.rows) })),
      unnamedAntineoplastics: unnamed.map((r) => ({
        molecule: String(r.molecule),
        atc: r.atc === null ? null : String(r.atc),
        rows: Number(r.rows),
      })),
      accounting,
      timingsMs: {},
    };
    if (current) timings[current] = Date.now() - started;
    timings.total = Date.now() - t0;
    summary.timingsMs = timings;
    await writeFile(join(out, "ingest.json"), JSON.stringify(summary, null, 2) + "\n", "utf8");
    return summary;
  } finally {
    session.close();
    await rm(temp, { recursive: true, force: true });
  }
}
