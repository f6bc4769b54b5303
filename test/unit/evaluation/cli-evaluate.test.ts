// `lotluca evaluate` end to end on a small simulated dataset: gold against itself,
// a perturbed prediction, an invalid submission, and the JSON output.
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { buildProgram, runCli, type CliIo } from "../../../cli/main.js";
import { runSimulation } from "../../../loaders/simulate/run-simulation.js";

let dir: string;
let dataset: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), "lotluca-evaluate-"));
  dataset = join(dir, "dataset");
  await runSimulation({ patients: 150, seed: 5, out: dataset, format: "csv", profile: "realistic", report: false });
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function run(args: string[]) {
  const io = { out: "", err: "", stdout: (t: string) => void (io.out += t), stderr: (t: string) => void (io.err += t) };
  const code = await runCli(args, io as CliIo, buildProgram(io as CliIo));
  return { code, ...io };
}

test("the gold standard scored against itself is perfect, and --json holds the metrics and definitions", async () => {
  const json = join(dir, "self.json");
  const { code, out } = await run([
    "evaluate",
    "--dataset",
    dataset,
    "--pred",
    join(dataset, "GOLD_LINES.csv"),
    "--replicates",
    "50",
    "--json",
    json,
  ]);
  assert.equal(code, 0);
  assert.match(out, /Patient-level exact agreement\s+1\.000\s+\[1\.000, 1\.000\]/);
  const parsed = JSON.parse(await readFile(json, "utf8"));
  assert.equal(parsed.evaluation.metrics.find((m: { id: string }) => m.id === "boundary_f1").value, 1);
  assert.ok(parsed.definitions.length >= 18);
  assert.ok(parsed.evaluation.subgroups.some((s: { variable: string }) => s.variable === "biomarker_group"));
});

test("dropping every line 2 lowers line-2 match to 0 and leaves line 1 perfect", async () => {
  const gold = (await readFile(join(dataset, "GOLD_LINES.csv"), "utf8")).trim().split("\n");
  const header = gold[0]!;
  const rows = gold.slice(1).map((l) => l.split(","));
  const kept = rows.filter((r) => Number(r[1]) === 1).map((r) => r.join(","));
  const pred = join(dir, "line1-only.csv");
  await writeFile(pred, [header, ...kept].join("\n") + "\n");
  const json = join(dir, "l1.json");
  const { code } = await run(["evaluate", "--dataset", dataset, "--pred", pred, "--replicates", "20", "--json", json]);
  assert.equal(code, 0);
  const metrics = Object.fromEntries(
    JSON.parse(await readFile(json, "utf8")).evaluation.metrics.map((m: { id: string; value: number }) => [
      m.id,
      m.value,
    ]),
  );
  assert.equal(metrics.line1_regimen_match, 1);
  assert.equal(metrics.line2_regimen_match, 0);
  assert.equal(metrics.boundary_precision, 1);
  const patients = new Set(rows.map((r) => r[0]));
  const multi = new Set(rows.filter((r) => Number(r[1]) === 2).map((r) => r[0]));
  assert.equal(metrics.patient_exact, 1 - multi.size / 150, `${patients.size} treated, ${multi.size} with a line 2`);
});

test("an invalid submission is refused with its problems listed; --lenient scores the valid rows", async () => {
  const pred = join(dir, "bad.csv");
  await writeFile(
    pred,
    "patient_id;line_number;start_date;end_date;molecules\nP00000001;1;2020-13-01;;docetaxel\nNOBODY;1;2020-01-01;;docetaxel\nP00000002;1;2020-01-01;;carboplatine\n",
  );
  const refused = await run(["evaluate", "--dataset", dataset, "--pred", pred, "--replicates", "0"]);
  assert.equal(refused.code, 1);
  assert.match(refused.err, /3 problem\(s\) in 3 rows/);
  assert.match(refused.err, /row 1, column start_date: "2020-13-01" is not a date/);
  assert.match(refused.err, /patient NOBODY is not in the cohort/);
  assert.match(refused.err, /did you mean carboplatin\?/);
  assert.match(refused.err, /lotluca: error: .*use --lenient/);
  const lenient = await run(["evaluate", "--dataset", dataset, "--pred", pred, "--replicates", "0", "--lenient"]);
  assert.equal(lenient.code, 0);
  assert.match(lenient.out, /0 predicted lines/);
});
