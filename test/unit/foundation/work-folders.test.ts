// Work folders are trusted only when whole: a manifest per folder (which step
// wrote which file, with content fingerprints), consumers that refuse an
// interrupted or mixed folder with one line, outputs written atomically, the
// workspace cache keyed on the dataset's content, locks that detect a dead owner.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { runCli } from "../../../cli/main.js";
import { runPipeline } from "../../../loaders/pipeline/run-pipeline.js";
import { loadRuleSet } from "../../../loaders/rules/load-rule-set.js";
import { runSimulation } from "../../../loaders/simulate/run-simulation.js";
import { withOwnerLock } from "../../../loaders/output/owner-lock.js";
import { beginStep, readManifest, verifyWorkdir } from "../../../loaders/output/workdir-manifest.js";
import { workspaceCacheKey } from "../../../loaders/workspace/workspace-workdir.js";

const root = mkdtempSync(join(tmpdir(), "lotluca-workdirs-"));
const dataset = join(root, "dataset");
const other = join(root, "other");
const workdir = join(root, "work");
const otherWork = join(root, "other-work");

async function cli(argv: string[]) {
  const io = { out: "", err: "", stdout: (t: string) => void (io.out += t), stderr: (t: string) => void (io.err += t) };
  return { code: await runCli(["--quiet", ...argv], io), err: io.err };
}

before(async () => {
  await runSimulation({ patients: 120, seed: 3, out: dataset, format: "csv", profile: "realistic", report: false });
  await runSimulation({ patients: 150, seed: 4, out: other, format: "csv", profile: "realistic", report: false });
  const ruleSets = [loadRuleSet("default")];
  await runPipeline({ dataset, workdir, ruleSets, replicates: 5, ingest: { threads: 1, memoryLimit: "1GB" } });
  await runPipeline({ dataset: other, workdir: otherWork, ruleSets, replicates: 5, ingest: { threads: 1 } });
});
after(() => rmSync(root, { recursive: true, force: true }));

test("a complete run records every step and file with its fingerprint; no temporary file is left", async () => {
  const manifest = await verifyWorkdir(workdir, ["ingest", "reconstruct:default", "evaluate"]);
  assert.equal(manifest.writing, null);
  const ingest = manifest.steps.find((s) => s.step === "ingest")!;
  assert.ok(ingest.files.some((f) => f.name === "patients.parquet" && /^[0-9a-f]{64}$/.test(f.sha256)));
  assert.match(ingest.inputs.dataset!, /^[0-9a-f]{64}$/);
  assert.deepEqual(
    manifest.steps.find((s) => s.step === "reconstruct:default")!.files.map((f) => f.name),
    ["lines-default.parquet"],
  );
  assert.deepEqual(
    readdirSync(workdir).filter((f) => f.endsWith(".tmp")),
    [],
  );
});

test("a run killed while writing (new patients.parquet beside old lines) is refused with one line", async () => {
  const killed = join(root, "killed");
  cpSync(workdir, killed, { recursive: true });
  // What an interrupted `lotluca run` leaves: the ingest step begun, a new patients.parquet, the old lines.
  await beginStep(killed, "ingest");
  copyFileSync(join(otherWork, "patients.parquet"), join(killed, "patients.parquet"));
  const result = await cli(["reconstruct", killed, "--out", join(root, "lines.parquet")]);
  assert.equal(result.code, 1);
  assert.equal(result.err.trimEnd().split("\n").length, 1);
  assert.match(result.err, /work folder is incomplete or inconsistent: step ingest was interrupted while writing/);
  assert.ok(!existsSync(join(root, "lines.parquet")));
  await assert.rejects(verifyWorkdir(killed), /interrupted/);
});

test("a file replaced after the run (mixed outputs) or missing is refused, by every consumer", async () => {
  const mixed = join(root, "mixed");
  cpSync(workdir, mixed, { recursive: true });
  copyFileSync(join(otherWork, "patients.parquet"), join(mixed, "patients.parquet"));
  for (const argv of [
    ["reconstruct", mixed, "--out", join(root, "mixed-lines.parquet")],
    ["evaluate", "--dataset", dataset, "--pred", join(mixed, "lines-default.parquet"), "--workdir", mixed],
  ]) {
    const result = await cli(argv);
    assert.equal(result.code, 1, argv.join(" "));
    assert.match(result.err, /patients\.parquet changed since ingest wrote it/);
  }
  const previous = process.env.LOTLUCA_WORKDIR;
  process.env.LOTLUCA_WORKDIR = mixed;
  try {
    const { ensureWorkspaceWorkdir } = await import("../../../loaders/workspace/workspace-workdir.js");
    await assert.rejects(ensureWorkspaceWorkdir(), /patients\.parquet changed since ingest wrote it/);
  } finally {
    if (previous === undefined) delete process.env.LOTLUCA_WORKDIR;
    else process.env.LOTLUCA_WORKDIR = previous;
  }
  const noManifest = join(root, "legacy");
  cpSync(workdir, noManifest, { recursive: true });
  rmSync(join(noManifest, "manifest.json"));
  assert.match((await cli(["reconstruct", noManifest, "--out", join(root, "x.parquet")])).err, /no manifest\.json/);
  rmSync(join(mixed, "lines-default.parquet"));
  await assert.rejects(verifyWorkdir(mixed), /missing|changed/);
  assert.ok(readManifest(workdir)!.steps.length >= 3);
});

test("the workspace cache is keyed on the dataset's content, not its path", async () => {
  const copy = join(root, "dataset-copy");
  cpSync(dataset, copy, { recursive: true });
  const key = (d: string) => workspaceCacheKey({ demo: null, dataset: d, ruleSets: ["default"] });
  const original = await key(dataset);
  assert.equal(await key(copy), original, "same content at another path: same key");
  writeFileSync(join(copy, "IR_BEN_R.csv"), "changed\n");
  assert.notEqual(await key(copy), original, "changed content at the same path: another key");
});

test("a lock whose owner died is taken over at once; a live owner's lock is waited on", async () => {
  const lock = join(root, "build.lock");
  // The owner: a process that has exited.
  const child = spawn(process.execPath, ["-e", "0"]);
  const deadPid = await new Promise<number>((resolve) => child.on("exit", () => resolve(child.pid!)));
  mkdirSync(lock);
  writeFileSync(
    join(lock, "owner.json"),
    JSON.stringify({ pid: deadPid, host: (await import("node:os")).hostname(), since: "x" }),
  );
  const messages: string[] = [];
  const value = await withOwnerLock(lock, async () => "built", { timeoutMs: 1_000, log: (m) => messages.push(m) });
  assert.equal(value, "built");
  assert.match(messages.join("\n"), /taking over .*no longer running/);
  assert.ok(!existsSync(lock), "released");
  // Held by a live process (this one): not taken over.
  mkdirSync(lock);
  writeFileSync(
    join(lock, "owner.json"),
    JSON.stringify({ pid: process.pid, host: (await import("node:os")).hostname(), since: "x" }),
  );
  await assert.rejects(
    withOwnerLock(lock, async () => "no", { timeoutMs: 600 }),
    /timed out waiting/,
  );
  rmSync(lock, { recursive: true });
});
