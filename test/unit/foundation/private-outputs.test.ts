// Private outputs: files 0600 and folders 0700, no patient row in what commands print; `lotluca purge` removes a
// dataset's derived folders (dry run first); an interrupted --on-disk ingestion
// leaves no DuckDB file with copies of the input tables.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { runCli } from "../../../cli/main.js";
import { runSimulation } from "../../../loaders/simulate/run-simulation.js";
import { ingestIntoWorkdir, INGEST_SPILL_FOLDER } from "../../../loaders/pipeline/run-pipeline.js";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const root = mkdtempSync(join(tmpdir(), "lotluca-private-"));
const dataset = join(root, "dataset");

async function cli(argv: string[]) {
  const io = { out: "", err: "", stdout: (t: string) => void (io.out += t), stderr: (t: string) => void (io.err += t) };
  return { code: await runCli(["--quiet", ...argv], io), out: io.out, err: io.err };
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? [path, ...walk(path)] : [path];
  });
}

before(async () => {
  await runSimulation({ patients: 300, seed: 5, out: dataset, format: "csv", profile: "realistic", report: false });
});
after(() => rmSync(root, { recursive: true, force: true }));

test("lotluca ingest and reconstruct create files 0600 and folders 0700", async () => {
  const work = join(root, "work");
  const ingest = await cli(["ingest", dataset, "--out", work, "--threads", "1"]);
  assert.equal(ingest.code, 0);
  const reconstruct = await cli(["reconstruct", work, "--out", join(work, "lines.parquet")]);
  assert.equal(reconstruct.code, 0);
  // No patient row in what the commands print: no patient id, no NIR.
  const column = (file: string, name: string) => {
    const [header, ...rows] = readFileSync(join(dataset, file), "utf8").trim().split("\n");
    const i = header!.split(",").indexOf(name);
    assert.ok(i >= 0, `${file} has ${name}`);
    return rows.map((r) => r.split(",")[i]!.replace(/"/g, "")).filter((v) => v.length > 3);
  };
  const printed = ingest.out + ingest.err + reconstruct.out + reconstruct.err;
  const identifiers = [...column("ODH_PATIENT.csv", "patient_id"), ...column("IR_BEN_R.csv", "BEN_NIR_PSA")];
  assert.ok(identifiers.length > 300);
  assert.deepEqual(
    identifiers.filter((id) => printed.includes(id)),
    [],
  );
  const entries = [work, ...walk(work)];
  assert.ok(entries.length >= 9);
  for (const path of entries) {
    const mode = statSync(path).mode & 0o777;
    const expected = statSync(path).isDirectory() ? 0o700 : 0o600;
    assert.equal(mode.toString(8), expected.toString(8), path);
  }
});

test("lotluca purge: a dry run lists, then the dataset's workspace caches and a work folder go", async () => {
  const work = join(root, "cache");
  const ours = join(work, "dataset-0123456789abcdef");
  const demo = join(work, "demo-fedcba9876543210");
  const theirs = join(work, "dataset-aaaaaaaaaaaaaaaa");
  for (const [folder, source] of [
    [ours, dataset],
    [demo, null],
    [theirs, "/elsewhere/other-dataset"],
  ] as const) {
    mkdirSync(join(folder, "workdir"), { recursive: true });
    writeFileSync(join(folder, "workdir", "patients.parquet"), "x".repeat(1000));
    writeFileSync(join(folder, "done.json"), JSON.stringify({ dataset: source }));
  }
  mkdirSync(`${ours}.lock`);
  const dry = await cli(["purge", dataset, "--work", work, "--dry-run"]);
  assert.equal(dry.code, 0, dry.err);
  assert.match(dry.out, /would remove .*dataset-0123456789abcdef \(the workspace cache of /);
  assert.match(dry.out, /would remove .*dataset-0123456789abcdef\.lock/);
  assert.doesNotMatch(dry.out, /demo-|aaaaaaaa/);
  assert.ok(existsSync(ours), "a dry run removes nothing");
  const done = await cli(["purge", dataset, "--work", work]);
  assert.equal(done.code, 0, done.err);
  assert.ok(!existsSync(ours) && !existsSync(`${ours}.lock`));
  assert.ok(existsSync(demo) && existsSync(theirs), "other datasets' folders are kept");
  assert.equal((await cli(["purge", "--demo", "--work", work])).code, 0);
  assert.ok(!existsSync(demo));
  // A work folder of `lotluca ingest` (it has a manifest) goes; an arbitrary folder is refused.
  const ingested = join(root, "work");
  assert.equal((await cli(["purge", "--workdir", ingested])).code, 0);
  assert.ok(!existsSync(ingested));
  const refused = await cli(["purge", "--workdir", root]);
  assert.equal(refused.code, 1);
  assert.match(refused.err, /has no manifest\.json: not a work folder of lotluca, left alone/);
  assert.ok(existsSync(dataset));
  assert.match((await cli(["purge"])).err, /purge needs a dataset folder, --demo, --all or --workdir DIR/);
});

test("an interrupted --on-disk ingestion leaves no DuckDB file: removed on the signal and at the next start", async () => {
  const work = join(root, "on-disk");
  const script = `
    import { ingestIntoWorkdir } from ${JSON.stringify(join(ROOT, "loaders/pipeline/run-pipeline.ts"))};
    await ingestIntoWorkdir(${JSON.stringify(dataset)}, ${JSON.stringify(work)}, { onDisk: true, threads: 1 });`;
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    cwd: ROOT,
    stdio: "ignore",
  });
  const database = join(work, INGEST_SPILL_FOLDER, "ingest.duckdb");
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  let sawDatabase = false;
  for (let i = 0; i < 600 && child.exitCode === null; i++) {
    if (existsSync(database)) {
      sawDatabase = true;
      child.kill("SIGTERM");
      break;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  await exited;
  assert.ok(sawDatabase, "the ingestion opened its database file before the signal");
  assert.ok(!existsSync(join(work, INGEST_SPILL_FOLDER)), "no DuckDB file left after SIGTERM");
  // A SIGKILL cannot be caught: the next ingestion into the folder removes what it left, even one that fails.
  mkdirSync(join(work, INGEST_SPILL_FOLDER), { recursive: true });
  writeFileSync(join(work, INGEST_SPILL_FOLDER, "ingest.duckdb"), "copies of the input tables");
  await assert.rejects(ingestIntoWorkdir(join(root, "no-such-dataset"), work));
  assert.ok(!existsSync(join(work, INGEST_SPILL_FOLDER)));
});
