/**
 * Streams ingestion outputs back as PatientEvents for the reconstruction
 * engine: batches of patients in patient_id order (every patient of
 * patients.parquet, even without any event), exposures sorted by date then
 * molecule, sessions by date. Three DuckDB streams (patients, exposures,
 * sessions, each in the files' patient order) are merge-joined on patient_id,
 * so memory grows with the batch size, not with the cohort.
 */
import { DuckDBInstance, type DuckDBConnection, type JS } from "@duckdb/node-api";
import { join } from "node:path";
import type {
  BiomarkerStatus,
  EventSource,
  Exposure,
  Histology,
  PatientEvents,
  PatientInfo,
  Provenance,
  Route,
  Session,
  SessionKind,
  Sex,
} from "../../core/events/events.js";
import type { Day } from "../../core/time/day.js";
import { sqlString } from "../duckdb/session.js";
import { OUTPUT_FILES } from "./write-outputs.js";

export interface ReadEventsOptions {
  /** Patients per yielded batch (default 1000). */
  batchSize?: number;
  /** DuckDB memory limit of the reader (default 1GB). */
  memoryLimit?: string;
  /** Only the patients with from <= patient_id < to (either bound optional): a range read by one worker thread. */
  patientRange?: { from?: string; to?: string };
}

type Row = Record<string, JS>;

const BIOMARKERS = ["egfr", "alk", "ros1", "braf", "kras_g12c", "met", "ret"] as const;

/** The event source of a physical table name (`T_MCO19MED` -> pmsi_med). */
export function sourceOfTable(table: string): EventSource {
  if (table === "ER_PHA_F") return "dcir_pharmacy";
  if (table === "ER_UCD_F") return "dcir_ucd";
  if (table === "ODH_DRUG_ADMIN") return "warehouse";
  if (/^T_MCO\d{2}MEDATU$/.test(table)) return "pmsi_medatu";
  if (/^T_MCO\d{2}FHSTC$/.test(table)) return "pmsi_fhstc";
  if (/^T_MCO\d{2}FH$/.test(table)) return "pmsi_fh";
  if (/^T_MCO\d{2}MED$/.test(table)) return "pmsi_med";
  if (/^T_MCO\d{2}A$/.test(table)) return "pmsi_act";
  return "pmsi_stay";
}

/** Parses a provenance text `T_MCO19MED:12|ER_PHA_F:7`. */
export function parseProvenance(text: string): Provenance[] {
  if (text === "") return [];
  return text.split("|").map((part) => {
    const at = part.lastIndexOf(":");
    const table = part.slice(0, at);
    return { source: sourceOfTable(table), table, row: Number(part.slice(at + 1)) };
  });
}

const str = (v: JS | undefined): string | null => (v === null || v === undefined ? null : String(v));
const num = (v: JS | undefined): number | null => (v === null || v === undefined ? null : Number(v));

/**
 * One patient's events from rows as the reader's queries return them (dates as
 * integer days in `*_day` columns). Pure: usable in tests.
 */
export function eventsFromRows(patient: Row, exposures: readonly Row[], sessions: readonly Row[]): PatientEvents {
  const biomarkers: PatientInfo["biomarkers"] = {};
  for (const b of BIOMARKERS) {
    const v = str(patient[b]);
    if (v !== null) biomarkers[b] = v as BiomarkerStatus;
  }
  const info: PatientInfo = {
    patientId: String(patient.patient_id),
    birthYear: num(patient.birth_year),
    sex: str(patient.sex) as Sex | null,
    deathDate: num(patient.death_day),
    followUpEnd: Number(patient.follow_up_end_day),
    advancedDate: num(patient.advanced_day),
    advancedDateInferred: Boolean(patient.advanced_date_inferred),
    histology: str(patient.histology) as Histology | null,
    biomarkers,
    pdl1Tps: num(patient.pdl1_tps),
  };
  return {
    patient: info,
    exposures: exposures.map((e): Exposure => ({
      patientId: info.patientId,
      date: Number(e.day) as Day,
      molecule: String(e.molecule),
      atc: str(e.atc),
      drugClass: String(e.drug_class),
      route: str(e.route) as Route | null,
      daysSupply: Number(e.days_supply),
      provenance: parseProvenance(String(e.provenance)),
    })),
    sessions: sessions.map((s): Session => ({
      patientId: info.patientId,
      kind: String(s.kind) as SessionKind,
      date: Number(s.day),
      endDate: Number(s.end_day),
      count: Number(s.count),
      hospital: String(s.hospital),
      grouped: Boolean(s.grouped),
      provenance: parseProvenance(String(s.provenance)),
    })),
  };
}

/** A row stream that can be peeked, over DuckDB's chunked results. */
class RowStream {
  private buffer: Row[] = [];
  private index = 0;
  private done = false;
  constructor(private readonly chunks: AsyncIterator<Row[]>) {}
  async peek(): Promise<Row | undefined> {
    while (this.index >= this.buffer.length && !this.done) {
      const next = await this.chunks.next();
      if (next.done) this.done = true;
      else {
        this.buffer = next.value;
        this.index = 0;
      }
    }
    return this.index < this.buffer.length ? this.buffer[this.index] : undefined;
  }
  /** Takes every next row whose patient_id is `id`. */
  async takeFor(id: string): Promise<Row[]> {
    const rows: Row[] = [];
    for (let row = await this.peek(); row !== undefined && row.patient_id === id; row = await this.peek()) {
      rows.push(row);
      this.index++;
    }
    return rows;
  }
}

async function openStream(connection: DuckDBConnection, sql: string): Promise<RowStream> {
  const result = await connection.stream(sql);
  return new RowStream(result.yieldRowObjectJs()[Symbol.asyncIterator]());
}

const day = (c: string) => `(${c} - DATE '1970-01-01')::INTEGER`;

/** Streams the work folder's events in batches of patients, in patient_id order. */
export async function* readPatientEvents(
  workdir: string,
  options: ReadEventsOptions = {},
): AsyncGenerator<PatientEvents[]> {
  const batchSize = Math.max(1, options.batchSize ?? 1000);
  const instance = await DuckDBInstance.create(":memory:", {
    memory_limit: options.memoryLimit ?? "1GB",
    threads: "1",
    autoinstall_known_extensions: "false",
  });
  const connections: DuckDBConnection[] = [];
  try {
    const range = options.patientRange ?? {};
    const bounds = [
      ...(range.from === undefined ? [] : [`patient_id >= ${sqlString(range.from)}`]),
      ...(range.to === undefined ? [] : [`patient_id < ${sqlString(range.to)}`]),
    ];
    const where = bounds.length > 0 ? ` WHERE ${bounds.join(" AND ")}` : "";
    const file = (name: keyof typeof OUTPUT_FILES) =>
      `read_parquet(${sqlString(join(workdir, OUTPUT_FILES[name]))})${where}`;
    const connect = async () => {
      const c = await instance.connect();
      connections.push(c);
      return c;
    };
    // The files are written sorted by patient_id; DuckDB keeps file order without ORDER BY.
    const patients = await openStream(
      await connect(),
      `SELECT *, ${day("death_date")} AS death_day, ${day("follow_up_end")} AS follow_up_end_day, ` +
        `${day("advanced_date")} AS advanced_day FROM ${file("patients")}`,
    );
    const exposures = await openStream(
      await connect(),
      `SELECT patient_id, ${day("date")} AS day, molecule, atc, drug_class, route, days_supply, provenance FROM ${file("exposures")}`,
    );
    const sessions = await openStream(
      await connect(),
      `SELECT patient_id, kind, ${day("date")} AS day, ${day("end_date")} AS end_day, count, hospital, grouped, provenance ` +
        `FROM ${file("sessions")}`,
    );
    let batch: PatientEvents[] = [];
    for (let p = await patients.peek(); p !== undefined; p = await patients.peek()) {
      const [patient] = await patients.takeFor(String(p.patient_id));
      const id = String(p.patient_id);
      batch.push(eventsFromRows(patient!, await exposures.takeFor(id), await sessions.takeFor(id)));
      if (batch.length >= batchSize) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
    const leftover = (await exposures.peek()) ?? (await sessions.peek());
    if (leftover !== undefined) {
      throw new Error(`Internal error: events of patient ${String(leftover.patient_id)} out of patients.parquet order`);
    }
  } finally {
    for (const c of connections) c.closeSync();
    instance.closeSync();
  }
}
