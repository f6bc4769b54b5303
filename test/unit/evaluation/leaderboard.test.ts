// The leaderboard ranks valid methods, lists invalid submissions unranked, and
// compares every method with the reference on the same resampled patients.
import assert from "node:assert/strict";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { buildProgram, runCli, type CliIo } from "../../../cli/main.js";
import type { Leaderboard } from "../../../loaders/evaluate/leaderboard.js";
import { runSimulation } from "../../../loaders/simulate/run-simulation.js";

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), "lotluca-leaderboard-"));
  await runSimulation({
    patients: 200,
    seed: 1003,
    out: join(dir, "data"),
    format: "csv",
    profile: "clean",
    report: false,
  });
  await mkdir(join(dir, "submissions"));
  // A perfect submission (the gold itself) and an invalid one.
  await writeFile(join(dir, "submissions", "oracle.csv"), await readFile(join(dir, "data", "GOLD_LINES.csv")));
  await writeFile(join(dir, "submissions", "broken.csv"), "patient_id,line,start\nP00000001,1,2020-01-01\n");
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test("ranks the oracle first, the rule sets after, and leaves the invalid file unranked", async () => {
  const io = { out: "", err: "", stdout: (t: string) => void (io.out += t), stderr: (t: string) => void (io.err += t) };
  const json = join(dir, "board.json");
  const args = [
    "leaderboard",
    "--dataset",
    join(dir, "data"),
    "--workdir",
    join(dir, "work"),
    "--submissions",
    join(dir, "submissions"),
  ];
  const code = await runCli([...args, "--replicates", "100", "--json", json], io as CliIo, buildProgram(io as CliIo));
  assert.equal(code, 0, io.err);
  const board = JSON.parse(await readFile(json, "utf8")) as Leaderboard;
  const byName = Object.fromEntries(board.entries.map((e) => [e.name, e]));
  assert.equal(board.reference, "default");
  assert.equal(byName.oracle!.rank, 1);
  assert.equal(byName.oracle!.evaluation!.metrics.find((m) => m.id === "patient_exact")!.value, 1);
  assert.equal(byName.broken!.rank, null);
  assert.equal(byName.broken!.valid, false);
  assert.ok(byName.broken!.problems.some((p) => p.kind === "missing_column"));
  assert.equal(byName.default!.versusReference, null, "the reference is not compared with itself");
  const jmirExact = byName["jmir-2021"]!.evaluation!.metrics.find((m) => m.id === "patient_exact")!.value!;
  const defaultExact = byName.default!.evaluation!.metrics.find((m) => m.id === "patient_exact")!.value!;
  const diff = byName["jmir-2021"]!.versusReference!.find((d) => d.id === "patient_exact")!;
  assert.ok(Math.abs(diff.difference! - (jmirExact - defaultExact)) < 1e-12, "the difference is jmir minus default");
  assert.ok(diff.lower! <= diff.difference! && diff.difference! <= diff.upper!);
  assert.match(io.out, /broken \(.*broken\.csv\) is not ranked: .*missing column patient_id|missing column/);
});
