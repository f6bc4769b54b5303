import assert from "node:assert/strict";
import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import { runCli } from "../../../cli/main.js";
import { minimalDataset, setCell, workspace, writeCsvDataset } from "./fixture.js";

async function run(args: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await runCli(["--quiet", ...args], {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
  });
  return { code, stdout, stderr };
}

test("lotluca validate prints per-table counts and one line per problem; exit 0 unless --strict", async () => {
  const w = await workspace();
  try {
    const d = minimalDataset();
    setCell(d, "IR_BEN_R", 1, "BEN_DCD_DTE", "2021-02-30");
    setCell(d, "ER_PHA_F", 0, "PHA_ACT_QSN", "1.5");
    setCell(d, "ER_PHA_F", 1, "PHA_ACT_QSN", "x");
    await writeCsvDataset(w.dir, d, { delimiter: ";" });
    const json = join(w.dir, "report.json.out");

    const result = await run(["validate", w.dir, "--max-errors", "2", "--json", json]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^IR_BEN_R\s+IR_BEN_R\.csv\s+2\s+1\s+1$/m);
    assert.match(result.stdout, /^ER_PHA_F\s+ER_PHA_F\.csv\s+2\s+0\s+2$/m);
    assert.match(result.stdout, /^total\s+14\s+11\s+3$/m);
    assert.match(
      result.stdout,
      /IR_BEN_R\.csv row 2 column BEN_DCD_DTE: bad_date, found "2021-02-30", expected date YYYY-MM-DD, DD\/MM\/YYYY, DDMMYYYY or 14NOV2017 \(or empty\)/,
    );
    assert.match(result.stdout, /ER_PHA_F\.csv row 1 column PHA_ACT_QSN: not_integer, found "1\.5", expected integer/);
    assert.doesNotMatch(result.stdout, /row 2 column PHA_ACT_QSN/, "only the first 2 problems are listed");
    assert.match(result.stdout, /\.\.\. 1 more/);

    const report = JSON.parse(await readFile(json, "utf8")) as {
      totals: { rowsRead: number; rowsValid: number; rowsRejected: number };
      problems: unknown[];
    };
    assert.deepEqual(report.totals, { rowsRead: 14, rowsValid: 11, rowsRejected: 3, problems: 3 });
    assert.equal(report.problems.length, 3);
    await rm(json);

    const strict = await run(["validate", w.dir, "--strict"]);
    assert.equal(strict.code, 2);
    assert.match(strict.stderr, /3 rejected rows \(--strict\)/);
  } finally {
    await w.close();
  }
});

test("lotluca validate on a clean dataset with --strict exits 0", async () => {
  const w = await workspace();
  try {
    await writeCsvDataset(w.dir, minimalDataset());
    const result = await run(["validate", w.dir, "--strict"]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /No rejected rows\./);
  } finally {
    await w.close();
  }
});

test("lotluca validate exits 1 with one clear line for a fatal problem", async () => {
  const w = await workspace();
  try {
    const d = minimalDataset();
    delete d.ODH_PATIENT;
    await writeCsvDataset(w.dir, d);
    const result = await run(["validate", w.dir]);
    assert.equal(result.code, 1);
    assert.match(
      result.stderr,
      /^lotluca: error: .*required table ODH_PATIENT is missing; expected a file ODH_PATIENT\.csv/,
    );
    assert.equal(result.stdout, "");
  } finally {
    await w.close();
  }
});

test("lotluca validate refuses a bad --max-errors", async () => {
  const result = await run(["validate", "/nonexistent", "--max-errors", "-1"]);
  assert.equal(result.code, 1);
  assert.match(result.stderr, /--max-errors must be a non-negative integer/);
});
