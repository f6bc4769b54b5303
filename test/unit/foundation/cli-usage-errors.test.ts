// What a user sees when a command line is wrong: a misspelled option named as
// such, a dataset folder given where a work folder is expected, a missing dataset
// (and no empty output folder left behind), and progress lines off a terminal.
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { runCli, type CliIo } from "../../../cli/main.js";
import { createProgress } from "../../../cli/progress.js";

function capture(): CliIo & { out: string; err: string } {
  const io = {
    out: "",
    err: "",
    stdout: (t: string) => void (io.out += t),
    stderr: (t: string) => void (io.err += t),
  };
  return io;
}

const TMP = mkdtempSync(join(tmpdir(), "lotluca-cli-"));
after(() => rmSync(TMP, { recursive: true, force: true }));

test("a misspelled option is reported as unknown, named, with a suggestion, before missing required options", async () => {
  const io = capture();
  const out = join(TMP, "never-written");
  const code = await runCli(["simulate", "--patiens", "10", "--seed", "1", "--out", out], io);
  assert.notEqual(code, 0);
  assert.match(io.err, /unknown option '--patiens'/);
  assert.match(io.err, /Did you mean --patients\?/);
  assert.doesNotMatch(io.err, /required option/);
  assert.equal(existsSync(out), false);
});

test("a missing required option is still reported when every option is known", async () => {
  const io = capture();
  const code = await runCli(["simulate", "--seed", "1", "--out", join(TMP, "x")], io);
  assert.notEqual(code, 0);
  assert.match(io.err, /required option '--patients <n>' not specified/);
});

test("an unknown option after the command's arguments is named too", async () => {
  const io = capture();
  const code = await runCli(["reconstruct", TMP, "--out", join(TMP, "l.parquet"), "--rule", "default"], io);
  assert.notEqual(code, 0);
  assert.match(io.err, /unknown option '--rule'/);
  assert.match(io.err, /Did you mean --rules\?/);
});

test("reconstruct on a dataset folder says it is one and what to run first, with no DuckDB error", async () => {
  const dataset = join(TMP, "dataset");
  mkdirSync(dataset);
  writeFileSync(join(dataset, "IR_BEN_R.csv"), "BEN_NIR_PSA;BEN_RNG_GEM\n");
  writeFileSync(join(dataset, "T_MCO19B.csv"), "ETA_NUM;RSA_NUM\n");
  const io = capture();
  const code = await runCli(["reconstruct", dataset, "--out", join(TMP, "lines.parquet")], io);
  assert.equal(code, 1);
  assert.match(io.err, /is a dataset folder .*not a work folder/);
  assert.match(io.err, /run `lotluca ingest .* --out WORKDIR` \(or `lotluca run .*`\) first/);
  assert.doesNotMatch(io.err, /IO Error|read_parquet|unexpected error/);
  assert.equal(io.err.trim().split("\n").length, 1);
});

test("reconstruct on a folder that is neither says what it expected", async () => {
  const io = capture();
  const empty = join(TMP, "empty");
  mkdirSync(empty);
  assert.equal(await runCli(["reconstruct", empty, "--out", join(TMP, "lines.parquet")], io), 1);
  assert.match(io.err, /not a work folder: patients\.parquet is missing/);
  const missing = capture();
  assert.equal(await runCli(["reconstruct", join(TMP, "nowhere"), "--out", join(TMP, "l.parquet")], missing), 1);
  assert.match(missing.err, /work folder .*nowhere does not exist/);
});

for (const command of ["ingest", "run"]) {
  test(`${command} with a missing dataset leaves no output folder behind, and keeps one that existed`, async () => {
    const out = join(TMP, `${command}-out`, "nested");
    const io = capture();
    assert.equal(await runCli(["--quiet", command, join(TMP, "no-dataset"), "--out", out], io), 1);
    assert.match(io.err, /dataset folder not found/);
    assert.equal(existsSync(join(TMP, `${command}-out`)), false);

    const existing = join(TMP, `${command}-existing`);
    mkdirSync(existing);
    assert.equal(await runCli(["--quiet", command, join(TMP, "no-dataset"), "--out", existing], capture()), 1);
    assert.equal(existsSync(existing), true);
  });
}

/** A stream that is not a terminal, recording what is written. */
function plainStream(): { stream: NodeJS.WriteStream; lines: string[] } {
  const lines: string[] = [];
  const stream = { isTTY: false, write: (text: string) => lines.push(text) > 0 } as unknown as NodeJS.WriteStream;
  return { stream, lines };
}

test("off a terminal, the final progress line is written once", () => {
  const every = plainStream();
  const p = createProgress("simulate", 300, { unit: "patients", stream: every.stream, plainIntervalMs: 0 });
  p.update(150);
  p.update(300);
  p.stop();
  assert.deepEqual(
    every.lines.map((l) => l.replace(/, [\d.]+ s\)/, ")")),
    ["simulate: 150/300 patients (50.0 %)\n", "simulate: 300/300 patients (100.0 %)\n"],
  );

  const rare = plainStream();
  const q = createProgress("simulate", 300, { unit: "patients", stream: rare.stream, plainIntervalMs: 60_000 });
  q.update(300);
  q.stop();
  assert.equal(rare.lines.length, 1);
  assert.match(rare.lines[0]!, /^simulate: 300\/300 patients/);
});

test("off a terminal, a progress created after its work began counts the time from startedAt", () => {
  const late = plainStream();
  const p = createProgress("reconstruct", 100, {
    unit: "patients",
    stream: late.stream,
    plainIntervalMs: 5000,
    startedAt: Date.now() - 30_000,
  });
  p.update(25); // the work began 30 s ago: the interval has passed, a line now
  p.stop();
  assert.equal(late.lines.length, 1);
  const seconds = Number(/, ([\d.]+) s\)/.exec(late.lines[0]!)?.[1]);
  assert.ok(seconds >= 30 && seconds < 60, late.lines[0]);
});

test("off a terminal, a failed step prints no progress line (the error is the only message)", () => {
  const failed = plainStream();
  const p = createProgress("ingest", 10, { unit: "steps", stream: failed.stream, plainIntervalMs: 60_000 });
  p.update(0);
  p.abort();
  assert.deepEqual(failed.lines, []);
});

test("a failed ingest prints the error and no `0/10 steps` progress line", async () => {
  const written: string[] = [];
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string | Uint8Array) =>
    written.push(String(chunk)) > 0) as typeof process.stderr.write;
  const io = capture();
  let code: number;
  try {
    code = await runCli(["ingest", join(TMP, "no-dataset-at-all"), "--out", join(TMP, "failed-ingest")], io);
  } finally {
    process.stderr.write = write;
  }
  assert.equal(code, 1);
  assert.match(io.err, /dataset folder not found/);
  assert.equal(io.err.trim().split("\n").length, 1, io.err);
  assert.deepEqual(
    written.filter((t) => /steps/.test(t)),
    [],
  );
});
