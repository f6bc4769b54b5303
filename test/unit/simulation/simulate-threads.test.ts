// The simulator on worker threads: the same files whatever the thread count.
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { folderFileFingerprints } from "../../../loaders/output/fingerprint.js";
import { runSimulation } from "../../../loaders/simulate/run-simulation.js";

let root: string;
before(async () => {
  root = await mkdtemp(join(tmpdir(), "lotluca-sim-threads-"));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

for (const format of ["csv", "parquet"] as const) {
  test(`simulate --format ${format}: 1 and 2 threads write byte-identical files (calibration report included)`, async () => {
    const folders: string[] = [];
    for (const threads of [1, 2]) {
      const out = join(root, `${format}-${threads}`);
      // Ranges of 37 patients: 9 ranges that the two workers finish in any order.
      await runSimulation({
        patients: 320,
        seed: 99,
        out,
        format,
        profile: "realistic",
        report: true,
        batchSize: 37,
        threads,
      });
      folders.push(out);
    }
    const [one, two] = await Promise.all(folders.map((f) => folderFileFingerprints(f)));
    assert.ok(one!.size > 20, `expected the dataset's files, got ${[...one!.keys()].join(", ")}`);
    assert.ok([...one!.keys()].some((f) => f.endsWith(`.${format}`)));
    assert.deepEqual(two, one);
  });
}
