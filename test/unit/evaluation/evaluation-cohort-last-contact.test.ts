// The evaluation cohort's last contacts: read from the work folder only when
// TTNT is censored at the last contact, and then each patient's latest exposure
// date or session date (its end when it has one), as the event reader sees them.
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { openDuckSession } from "../../../loaders/duckdb/session.js";
import { readEvaluationCohort } from "../../../loaders/evaluate/evaluation-cohort.js";
import { ingestDataset } from "../../../loaders/ingest/ingest.js";
import { readPatientEvents } from "../../../loaders/ingest/read-events.js";
import { runSimulation } from "../../../loaders/simulate/run-simulation.js";

let root: string;
before(async () => {
  root = await mkdtemp(join(tmpdir(), "lotluca-last-contact-"));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

test("last contacts are read under last_contact censoring only, and are each patient's latest event", async () => {
  const dataset = join(root, "dataset");
  await runSimulation({ patients: 120, seed: 31, out: dataset, format: "csv", profile: "realistic", report: false });
  const workdir = join(dataset, "work");
  await ingestDataset(dataset, workdir, { threads: 1, memoryLimit: "512MB" });

  const expected = new Map<string, number | null>();
  for await (const batch of readPatientEvents(workdir)) {
    for (const { patient, exposures, sessions } of batch) {
      const days = [...exposures.map((e) => e.date), ...sessions.map((s) => Math.max(s.date, s.endDate))];
      expected.set(patient.patientId, days.length === 0 ? null : Math.max(...days));
    }
  }
  assert.ok([...expected.values()].filter((d) => d !== null).length > 50, "most patients have a contact");

  const session = await openDuckSession();
  try {
    const atEnd = await readEvaluationCohort(session, dataset, { workdir });
    assert.equal(atEnd.censoring, "end_of_data");
    assert.ok(atEnd.patients.every((p) => p.lastContact === null));

    const atContact = await readEvaluationCohort(session, dataset, { workdir, censoring: "last_contact" });
    assert.equal(atContact.censoring, "last_contact");
    assert.equal(atContact.patients.length, expected.size);
    for (const p of atContact.patients) assert.equal(p.lastContact, expected.get(p.patientId), p.patientId);
  } finally {
    session.close();
  }
});
