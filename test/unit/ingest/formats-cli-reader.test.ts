import assert from "node:assert/strict";
import { mkdtemp, rm, unlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { runCli } from "../../../cli/main.js";
import { readPatientEvents } from "../../../loaders/ingest/read-events.js";
import { CODES, DatasetBuilder, ingestBuilt, nir, writeDataset } from "./dataset-builder.js";

function sample(): DatasetBuilder {
  const b = new DatasetBuilder();
  b.person("P1", { nirs: [nir(1)] });
  b.person("P2", { nirs: [nir(2)], death: "2019-12-01" });
  b.person("P3", {});
  b.dispense({ nir: nir(1), date: "2019-03-01", cip: CODES.osimertinibCip, qty: 2 });
  const rsa = b.stay({ nir: nir(2), entry: "2019-03-01" });
  b.med({ rsa, ucd: CODES.pembrolizumabUcd, delai: 0 });
  b.seance({ nir: nir(2), date: "2019-03-22" });
  b.admin({ patient: "P2", date: "2019-03-01", label: "Keytruda; 200 mg" });
  b.admin({ patient: "P1", date: "2019-02-01", label: "carboplatine" });
  return b;
}

const OUTPUTS = ["patients", "exposures", "sessions", "accounting", "rejections", "unmapped_labels"];

test("CSV with ';' and Parquet inputs give identical outputs", async () => {
  const csv = await ingestBuilt(sample(), { format: "csv", csv: { delimiter: ";" } });
  const parquet = await ingestBuilt(sample(), { format: "parquet" });
  try {
    for (const name of OUTPUTS) {
      const strip = (rows: Record<string, unknown>[]) =>
        rows.map((r) => {
          const { file: _file, ...rest } = r;
          return rest;
        });
      assert.deepEqual(strip(await csv.read(name)), strip(await parquet.read(name)), name);
    }
    assert.ok((await csv.read("exposures")).length >= 3);
  } finally {
    await csv.close();
    await parquet.close();
  }
});

test("the reader yields every patient in order, with exposures by date and sessions", async () => {
  const r = await ingestBuilt(sample());
  try {
    const batches = [];
    for await (const batch of readPatientEvents(r.workdir, { batchSize: 2 })) batches.push(batch);
    assert.deepEqual(
      batches.map((b) => b.map((p) => p.patient.patientId)),
      [["P1", "P2"], ["P3"]],
    );
    const p1 = batches[0]![0]!;
    assert.deepEqual(
      p1.exposures.map((e) => [e.molecule, e.route, e.daysSupply]),
      [
        ["carboplatin", "IV", 1],
        ["osimertinib", "PO", 60],
      ],
    );
    assert.deepEqual(p1.exposures[1]!.provenance, [{ source: "dcir_pharmacy", table: "ER_PHA_F", row: 1 }]);
    const p2 = batches[0]![1]!;
    assert.equal(p2.exposures.length, 1);
    assert.deepEqual(
      p2.exposures[0]!.provenance.map((x) => x.source),
      ["warehouse", "pmsi_med"],
    );
    assert.equal(p2.sessions.length, 1);
    assert.equal(p2.patient.deathDate, Date.UTC(2019, 11, 1) / 86_400_000);
    assert.equal(batches[1]![0]!.exposures.length, 0);
  } finally {
    await r.close();
  }
});

test("lotluca ingest prints the accounting table; a missing table or column exits 1 naming it", async () => {
  const dir = await mkdtemp(join(tmpdir(), "lotluca-ingest-cli-"));
  try {
    const b = sample();
    await writeDataset(dir, b);
    let out = "";
    let err = "";
    const io = { stdout: (t: string) => void (out += t), stderr: (t: string) => void (err += t) };
    const code = await runCli(["--quiet", "ingest", dir, "--out", join(dir, "work"), "--threads", "1"], io);
    assert.equal(code, 0, err);
    assert.match(out, /ER_PHA_F\s+ER_PHA_F\.csv\s+1\s+1\s+0\s+0\s+0/);
    assert.match(out, /out of scope/);

    const t = b.tables.ER_PRS_F!;
    t.columns[t.columns.indexOf("DPN_QLF")] = "DPN_QLX";
    await writeDataset(dir, b);
    err = "";
    assert.equal(await runCli(["--quiet", "ingest", dir, "--out", join(dir, "work")], io), 1);
    assert.match(err, /ER_PRS_F\.csv.*column DPN_QLF/);

    await unlink(join(dir, "ODH_PATIENT.csv"));
    err = "";
    assert.equal(await runCli(["--quiet", "ingest", dir, "--out", join(dir, "work")], io), 1);
    assert.match(err, /ODH_PATIENT/);

    err = "";
    assert.equal(await runCli(["ingest", dir, "--out", join(dir, "w"), "--end-of-data", "2019-13-01"], io), 1);
    assert.match(err, /end-of-data/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
