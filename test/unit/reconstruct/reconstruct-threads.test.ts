// Reconstruction on worker threads: the same lines file and summary whatever
// the number of threads, and the same as the single-writer cohort runner.
import assert from "node:assert/strict";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { ingestDataset } from "../../../loaders/ingest/ingest.js";
import { readPatientEvents } from "../../../loaders/ingest/read-events.js";
import { reconstructCohort } from "../../../loaders/reconstruct/reconstruct-cohort.js";
import {
  patientIdRanges,
  reconstructInThreads,
  removeStaleParts,
} from "../../../loaders/reconstruct/reconstruct-in-threads.js";
import { loadRuleSet } from "../../../loaders/rules/load-rule-set.js";
import { runSimulation } from "../../../loaders/simulate/run-simulation.js";

let dir: string;
let workdir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), "lotluca-reconstruct-threads-"));
  await runSimulation({
    patients: 300,
    seed: 17,
    out: join(dir, "data"),
    format: "csv",
    profile: "realistic",
    report: false,
  });
  workdir = join(dir, "work");
  await ingestDataset(join(dir, "data"), workdir);
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test("patient id ranges cover every patient once, in order", () => {
  const ids = Array.from({ length: 23 }, (_, i) => `P${String(i).padStart(3, "0")}`);
  const ranges = patientIdRanges(ids, 5);
  assert.equal(ranges.length, 5);
  assert.equal(ranges[0]!.from, undefined);
  assert.equal(ranges.at(-1)!.to, undefined);
  assert.equal(
    ranges.reduce((n, r) => n + r.patients, 0),
    ids.length,
  );
  for (let i = 1; i < ranges.length; i++) assert.equal(ranges[i]!.from, ranges[i - 1]!.to);
  const inRange = (id: string, r: { from?: string; to?: string }) =>
    (r.from === undefined || id >= r.from) && (r.to === undefined || id < r.to);
  for (const id of ids) assert.equal(ranges.filter((r) => inRange(id, r)).length, 1, id);
  assert.deepEqual(patientIdRanges([], 4), [{ patients: 0 }]);
});

for (const [ext, preset] of [
  ["parquet", "default"],
  ["csv", "jmir-2021"],
] as const) {
  test(`${preset}: 1 and 2 worker threads write byte-identical ${ext} lines, equal to the single-writer runner`, async () => {
    const rules = loadRuleSet(preset);
    const one = join(dir, `${preset}-1.${ext}`);
    const two = join(dir, `${preset}-2.${ext}`);
    const single = join(dir, `${preset}-single.${ext}`);
    const s1 = await reconstructInThreads(workdir, rules, one, { threads: 1, batchSize: 50 });
    const s2 = await reconstructInThreads(workdir, rules, two, { threads: 2, batchSize: 50 });
    const s0 = await reconstructCohort(readPatientEvents(workdir, { batchSize: 64 }), rules, single);
    assert.equal(s1.patients, 300);
    assert.ok(s1.lines > 200, `expected lines, got ${s1.lines}`);
    const [b1, b2, b0] = await Promise.all([one, two, single].map((f) => readFile(f)));
    assert.ok(b1!.equals(b2!), `${preset}: 1 and 2 threads differ`);
    assert.ok(b1!.equals(b0!), `${preset}: threads and the single writer differ`);
    const strip = ({ seconds: _, ...rest }: typeof s1) => rest;
    assert.deepEqual(strip(s2), strip(s1));
    assert.deepEqual(strip(s1), strip(s0));
    // Key order too: the printed tables follow it.
    assert.deepEqual(Object.keys(s2.excludedAdministrations), Object.keys(s0.excludedAdministrations));
  });
}

test("part folders of a killed reconstruction are removed; a running one's are kept", async () => {
  const folder = await mkdtemp(join(tmpdir(), "lotluca-stale-parts-"));
  try {
    // no process has pid 999999999 (above Linux's pid_max); the test's own process runs
    for (const name of [".lines-parts-999999999-aB3dE1", `.lines-parts-${process.pid}-Zx81Qp`, ".lines-parts-Ab12Cd"]) {
      await mkdir(join(folder, name));
      await writeFile(join(folder, name, "part-0000.parquet"), "x");
    }
    await writeFile(join(folder, "lines-default.parquet"), "kept");
    const removed = await removeStaleParts(folder);
    assert.deepEqual(removed.sort(), [".lines-parts-999999999-aB3dE1", ".lines-parts-Ab12Cd"]);
    assert.deepEqual((await readdir(folder)).sort(), [`.lines-parts-${process.pid}-Zx81Qp`, "lines-default.parquet"]);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
});
