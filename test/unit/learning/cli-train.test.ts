// `lotluca train` writes the model and a report a reviewer can read: features,
// cross-validated figures and what changed against a reference model.
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { runCli } from "../../../cli/main.js";

async function run(args: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await runCli(["--quiet", ...args], {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
  });
  return { code, stdout, stderr };
}

test("lotluca train writes MODEL.report.md and MODEL.report.json, compared with a reference model", async () => {
  const dir = await mkdtemp(join(tmpdir(), "lotluca-train-"));
  try {
    const dataset = join(dir, "ds");
    const sim = await run(["simulate", "--patients", "200", "--seed", "1005", "--out", dataset]);
    assert.equal(sim.code, 0, sim.stderr);
    const first = join(dir, "first.json");
    const a = await run(["train", "--dataset", dataset, "--out", first, "--folds", "2", "--compare", "none"]);
    assert.equal(a.code, 0, a.stderr);
    assert.match(a.stdout, /report -> .*first\.report\.md/);
    const md = await readFile(join(dir, "first.report.md"), "utf8");
    assert.match(md, /^# Learned model: training report/);
    assert.match(md, /Trained on 200 patients/);
    assert.match(md, /\| exact agreement, learned \| 0\.\d{3} \|/);
    assert.match(md, /### boundary \(\d+ features/);
    // The override threshold of the guarded boundaries: every value tried, the kept one marked.
    assert.match(md, /\| override threshold \| exact agreement \|/);
    assert.equal(md.match(/^\| (0\.\d+|1)( \(kept\))? \| 0\.\d{3} \|$/gm)?.length, 9);
    assert.equal(md.match(/\(kept\)/g)?.length, 1);
    assert.match(a.stdout, /rule boundaries overridden at P ≥ (0\.\d+|1) against them/);
    assert.match(md, /No reference model given/);

    const second = join(dir, "second.json");
    const b = await run([
      "train",
      "--dataset",
      dataset,
      "--workdir",
      join(dir, "work-ds"),
      "--out",
      second,
      "--folds",
      "0",
      "--compare",
      first,
    ]);
    assert.equal(b.code, 0, b.stderr);
    const report = JSON.parse(await readFile(join(dir, "second.report.json"), "utf8")) as {
      crossValidation: unknown;
      difference: {
        reference: string;
        featuresAdded: Record<string, string[]>;
        crossValidation: { figure: string; reference: number | null; model: number | null }[];
      };
    };
    assert.equal(report.crossValidation, null);
    assert.equal(report.difference.reference, first);
    assert.deepEqual(report.difference.featuresAdded.boundary, []);
    const exact = report.difference.crossValidation.find((f) => f.figure === "exact agreement, learned")!;
    assert.equal(typeof exact.reference, "number");
    assert.equal(exact.model, null);

    const missing = await run([
      "train",
      "--dataset",
      dataset,
      "--out",
      join(dir, "x.json"),
      "--folds",
      "0",
      "--compare",
      join(dir, "nope.json"),
    ]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /--compare: .*nope\.json does not exist/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
