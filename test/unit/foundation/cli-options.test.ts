// Option errors are one line naming the option, the value and the expected form,
// printed before any work (exit 1, no "unexpected error", no stack trace); `--out`
// never replaces a dataset's table nor, unless --overwrite, an existing file.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { runCli } from "../../../cli/main.js";

async function run(argv: string[]) {
  const io = { out: "", err: "", stdout: (t: string) => void (io.out += t), stderr: (t: string) => void (io.err += t) };
  const code = await runCli(["--quiet", ...argv], io);
  return { code, err: io.err };
}

function assertOneLine(result: { code: number; err: string }, pattern: RegExp) {
  assert.equal(result.code, 1, result.err);
  assert.doesNotMatch(result.err, /unexpected error|\n\s+at /);
  assert.equal(result.err.trimEnd().split("\n").length, 1, `one line: ${result.err}`);
  assert.match(result.err, /^lotluca: error: /);
  assert.match(result.err, pattern);
}

const root = mkdtempSync(join(tmpdir(), "lotluca-options-"));
const dataset = join(root, "dataset");
mkdirSync(dataset);
writeFileSync(join(dataset, "GOLD_LINES.csv"), "the gold standard\n");
const existingFile = join(root, "existing.txt");
writeFileSync(existingFile, "keep me\n");
const workdir = join(root, "work");
mkdirSync(workdir);

test("ingest --out onto an existing file", async () => {
  assertOneLine(await run(["ingest", dataset, "--out", existingFile]), /--out .*existing\.txt is an existing file/);
});

test("--memory-limit lots and --threads -3 (ingest and validate)", async () => {
  const out = join(root, "out");
  assertOneLine(
    await run(["ingest", dataset, "--out", out, "--memory-limit", "lots"]),
    /--memory-limit must be a size such as 2GB.*got "lots"/,
  );
  assertOneLine(
    await run(["ingest", dataset, "--out", out, "--threads", "-3"]),
    /--threads must be an integer >= 1, got "-3"/,
  );
  assertOneLine(await run(["validate", dataset, "--memory-limit", "lots"]), /--memory-limit must be a size/);
  assertOneLine(await run(["validate", dataset, "--threads", "1.5"]), /--threads must be an integer >= 1/);
});

test("reconstruct on a missing work folder", async () => {
  assertOneLine(
    await run(["reconstruct", join(root, "no-such-work"), "--out", join(root, "lines.parquet")]),
    /work folder .*no-such-work does not exist \(run `lotluca ingest DATASET --out WORKDIR` first\)/,
  );
});

test("--out never overwrites a dataset's table, nor an existing file unless --overwrite", async () => {
  for (const name of ["GOLD_LINES.csv", "gold_lines.parquet"]) {
    for (const extra of [[], ["--overwrite"]]) {
      assertOneLine(
        await run(["reconstruct", workdir, "--out", join(dataset, name), ...extra]),
        /would overwrite the dataset's table GOLD_LINES/,
      );
    }
  }
  assert.equal(readFileSync(join(dataset, "GOLD_LINES.csv"), "utf8"), "the gold standard\n");
  assertOneLine(
    await run(["reconstruct", workdir, "--out", existingFile]),
    /existing\.txt already exists; give --overwrite to replace it/,
  );
  assert.equal(readFileSync(existingFile, "utf8"), "keep me\n");
  assertOneLine(await run(["run", dataset, "--out", dataset]), /is the dataset folder itself/);
});

test("evaluate --censoring: end_of_data or last_contact, the latter with --workdir", async () => {
  const pred = join(root, "pred.csv");
  assertOneLine(
    await run(["evaluate", "--dataset", dataset, "--pred", pred, "--censoring", "sometimes"]),
    /--censoring must be end_of_data or last_contact, got "sometimes"/,
  );
  assertOneLine(
    await run(["evaluate", "--dataset", dataset, "--pred", pred, "--censoring", "last_contact"]),
    /--censoring last_contact needs --workdir/,
  );
});
