/**
 * The event reader decodes exposures and sessions column by column, with
 * their few-valued texts as ENUM codes: checked here against a plain
 * row-object read of the same files, on rows made to stress it (nulls in
 * every nullable coded column, quotes and accents, one patient's events
 * spanning several DuckDB chunks, patients without events, patient ranges).
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { parseProvenance, readPatientEvents } from "../../../loaders/ingest/read-events.js";
import { openDuckSession, sqlString } from "../../../loaders/duckdb/session.js";
import type { PatientEvents } from "../../../core/events/events.js";

const MOLECULES = ["carboplatin", "pembrolizumab", "osimertinib", "l'étoposide"];
const HOSPITALS = ["750000001", "O'Hôpital", "", "130000002"];

/** Writes patients, exposures and sessions files: patient P000 has 5,000 exposures (three chunks). */
async function writeWorkdir(dir: string): Promise<void> {
  const session = await openDuckSession();
  const copy = (query: string, file: string) =>
    session.run(`COPY (${query}) TO ${sqlString(join(dir, file))} (FORMAT parquet)`);
  const list = (values: string[]) => `[${values.map(sqlString).join(", ")}]`;
  try {
    await copy(
      `SELECT printf('P%03d', i) AS patient_id, 1950 + i AS birth_year, CASE WHEN i % 2 = 0 THEN 'F' END AS sex, ` +
        `CASE WHEN i % 3 = 0 THEN DATE '2021-01-01' + i END AS death_date, DATE '2022-06-30' AS follow_up_end, ` +
        `DATE '2019-01-01' + i AS advanced_date, i % 4 = 0 AS advanced_date_inferred, 'adenocarcinoma' AS histology, ` +
        `CASE WHEN i % 5 = 0 THEN 'mutated' END AS egfr, NULL::VARCHAR AS alk, NULL::VARCHAR AS ros1, ` +
        `NULL::VARCHAR AS braf, NULL::VARCHAR AS kras_g12c, NULL::VARCHAR AS met, NULL::VARCHAR AS ret, ` +
        `CASE WHEN i % 2 = 1 THEN i END AS pdl1_tps FROM (SELECT range::INTEGER AS i FROM range(0, 40)) ORDER BY patient_id`,
      "patients.parquet",
    );
    // patients 0-9 (P000 with 5,000 rows), none for 10-19, some for 20-39
    await copy(
      `SELECT printf('P%03d', p) AS patient_id, DATE '2019-01-01' + (k % 900)::INTEGER AS date, ` +
        `${list(MOLECULES)}[1 + (k % 4)::INTEGER] AS molecule, CASE WHEN k % 3 = 0 THEN NULL ELSE 'L01X' || (k % 7) END AS atc, ` +
        `CASE WHEN k % 2 = 0 THEN 'chemotherapy' ELSE 'immunotherapy' END AS drug_class, ` +
        `CASE k % 3 WHEN 0 THEN 'IV' WHEN 1 THEN 'PO' END AS route, (k % 60)::INTEGER AS days_supply, ` +
        `CASE WHEN k % 11 = 0 THEN '' ELSE 'T_MCO19MED:' || k || '|ER_PHA_F:' || (k + 1) END AS provenance ` +
        `FROM (SELECT CASE WHEN i < 5000 THEN 0 WHEN i < 5090 THEN 1 + (i - 5000) % 9 ELSE 20 + (i % 20) END AS p, i AS k ` +
        `FROM (SELECT range::INTEGER AS i FROM range(0, 5200))) ORDER BY patient_id, date, molecule, k`,
      "exposures.parquet",
    );
    await copy(
      `SELECT printf('P%03d', p) AS patient_id, CASE WHEN k % 2 = 0 THEN 'radiotherapy' ELSE 'chemotherapy_seance' END AS kind, ` +
        `DATE '2019-01-01' + k AS date, DATE '2019-01-01' + k + (k % 3) AS end_date, (1 + k % 4)::INTEGER AS count, ` +
        `k % 5 = 0 AS grouped, ${list(HOSPITALS)}[1 + (k % 4)::INTEGER] AS hospital, 'T_MCO20A:' || k AS provenance ` +
        `FROM (SELECT (i * 7) % 40 AS p, i AS k FROM (SELECT range::INTEGER AS i FROM range(0, 3000))) ORDER BY patient_id, date, kind, hospital`,
      "sessions.parquet",
    );
  } finally {
    session.close();
  }
}

const day = (c: string) => `(${c} - DATE '1970-01-01')::INTEGER`;

/** The expected events of every patient with events, from row objects. */
async function expectedEvents(dir: string) {
  const session = await openDuckSession();
  try {
    const exposures = await session.all(
      `SELECT patient_id, ${day("date")} AS day, molecule, atc, drug_class, route, days_supply, provenance ` +
        `FROM read_parquet(${sqlString(join(dir, "exposures.parquet"))})`,
    );
    const sessions = await session.all(
      `SELECT patient_id, kind, ${day("date")} AS day, ${day("end_date")} AS end_day, count, hospital, grouped, provenance ` +
        `FROM read_parquet(${sqlString(join(dir, "sessions.parquet"))})`,
    );
    const byPatient = <T>(rows: Record<string, unknown>[], make: (r: Record<string, unknown>) => T) => {
      const map = new Map<string, T[]>();
      for (const r of rows) map.set(String(r.patient_id), [...(map.get(String(r.patient_id)) ?? []), make(r)]);
      return map;
    };
    return {
      exposures: byPatient(exposures, (r) => ({
        patientId: String(r.patient_id),
        date: Number(r.day),
        molecule: String(r.molecule),
        atc: r.atc === null ? null : String(r.atc),
        drugClass: String(r.drug_class),
        route: r.route === null ? null : String(r.route),
        daysSupply: Number(r.days_supply),
        provenance: parseProvenance(String(r.provenance)),
      })),
      sessions: byPatient(sessions, (r) => ({
        patientId: String(r.patient_id),
        kind: String(r.kind),
        date: Number(r.day),
        endDate: Number(r.end_day),
        count: Number(r.count),
        hospital: String(r.hospital),
        grouped: Boolean(r.grouped),
        provenance: parseProvenance(String(r.provenance)),
      })),
    };
  } finally {
    session.close();
  }
}

async function readAll(dir: string, range?: { from?: string; to?: string }): Promise<PatientEvents[]> {
  const all: PatientEvents[] = [];
  for await (const batch of readPatientEvents(dir, { batchSize: 7, ...(range ? { patientRange: range } : {}) })) {
    all.push(...batch);
  }
  return all;
}

test("the column reader gives the same events as a row-object read: nulls, quotes, accents, several chunks", async () => {
  const dir = await mkdtemp(join(tmpdir(), "lotluca-read-events-"));
  try {
    await writeWorkdir(dir);
    const expected = await expectedEvents(dir);
    const read = await readAll(dir);
    assert.deepEqual(
      read.map((p) => p.patient.patientId),
      Array.from({ length: 40 }, (_, i) => `P${String(i).padStart(3, "0")}`),
    );
    for (const p of read) {
      const id = p.patient.patientId;
      assert.deepEqual(p.exposures, expected.exposures.get(id) ?? [], `exposures of ${id}`);
      assert.deepEqual(p.sessions, expected.sessions.get(id) ?? [], `sessions of ${id}`);
    }
    const p0 = read[0]!;
    assert.equal(p0.exposures.length, 5000);
    assert.ok(p0.exposures.some((e) => e.atc === null) && p0.exposures.some((e) => e.route === null));
    assert.ok(p0.exposures.some((e) => e.molecule === "l'étoposide" && e.provenance.length === 0));
    assert.ok(read.some((p) => p.sessions.some((s) => s.hospital === "O'Hôpital")));
    assert.ok(read.some((p) => p.sessions.some((s) => s.hospital === "")));
    assert.equal(read[15]!.exposures.length, 0);
    assert.equal(read[3]!.patient.deathDate, Date.UTC(2021, 0, 4) / 86_400_000);

    // ranges: the same patients and events, cut where a worker's range is cut
    const low = await readAll(dir, { to: "P005" });
    const high = await readAll(dir, { from: "P005" });
    assert.deepEqual([...low, ...high], read);
    assert.deepEqual(
      low.map((p) => p.patient.patientId),
      ["P000", "P001", "P002", "P003", "P004"],
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
