// The written dataset: contract headers, determinism, codes declared, manifest.
import assert from "node:assert/strict";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { identifyTable } from "../../../core/contract/tables.js";
import { logicalTableOf, writtenLayout } from "../../../core/simulation/observation/layout.js";
import { drugByCip13, drugByUcd } from "../../../core/reference/drugs.js";
import {
  CIP_CATALOGUE,
  isInventedCip13,
  isInventedUcd7,
  REAL_CIP13,
  REAL_UCD7,
  UCD_CATALOGUE,
} from "../../../core/simulation/observation/codes.js";
import { folderFileFingerprints } from "../../../loaders/output/fingerprint.js";
import { runSimulation } from "../../../loaders/simulate/run-simulation.js";

let root: string;
before(async () => {
  root = await mkdtemp(join(tmpdir(), "lotluca-sim-test-"));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

async function generate(
  name: string,
  seed: number,
  profile: "clean" | "realistic" | "hard" = "realistic",
  patients = 400,
) {
  const out = join(root, name);
  await runSimulation({ patients, seed, out, format: "csv", profile, report: false, batchSize: 64 });
  return out;
}

/** Minimal CSV reader for the simulator's own output (quotes only where needed). */
function parseCsv(text: string): { header: string[]; rows: string[][] } {
  const lines: string[][] = [];
  let field = "";
  let row: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n") {
      row.push(field);
      lines.push(row);
      row = [];
      field = "";
    } else field += c;
  }
  return { header: lines[0] ?? [], rows: lines.slice(1) };
}

async function table(dir: string, name: string) {
  return parseCsv(await readFile(join(dir, `${name}.csv`), "utf8"));
}

test("same arguments give byte-identical files; another seed gives other data", async () => {
  const a = await generate("a", 11);
  const b = await generate("b", 11);
  const c = await generate("c", 12);
  const da = await folderFileFingerprints(a);
  assert.deepEqual([...da.entries()], [...(await folderFileFingerprints(b)).entries()]);
  assert.ok(da.size > 20, "expected many tables");
  const dc = await folderFileFingerprints(c);
  assert.notEqual(da.get("GOLD_LINES.csv"), dc.get("GOLD_LINES.csv"));
  assert.notEqual(da.get("ER_PRS_F.csv"), dc.get("ER_PRS_F.csv"));
});

test("batch size does not change the output", async () => {
  const out = join(root, "batch");
  await runSimulation({
    patients: 400,
    seed: 11,
    out,
    format: "csv",
    profile: "realistic",
    report: false,
    batchSize: 1000,
  });
  const a = await folderFileFingerprints(join(root, "a"));
  assert.deepEqual([...(await folderFileFingerprints(out)).entries()], [...a.entries()]);
});

test("every file is a table of its contract version whose header is the version's columns", async () => {
  const dir = join(root, "a");
  const files = (await readdir(dir)).filter((f) => f.endsWith(".csv"));
  const seen = new Set<string>();
  for (const file of files) {
    const stem = file.replace(/\.csv$/, "");
    const logical = logicalTableOf(stem);
    assert.ok(logical, `${file} is not a simulated table`);
    seen.add(logical);
    const { header, rows } = await table(dir, stem);
    assert.deepEqual(header, writtenLayout(logical, 2)?.names, `${file} header`);
    for (const row of rows) assert.equal(row.length, header.length, `${file}: row width`);
  }
  for (const v2 of ["ER_ETE_F", "T_MCOaaFH", "T_MCOaaCSTC", "T_MCOaaFHSTC"]) assert.ok(seen.has(v2), `missing ${v2}`);
  for (const required of [
    "IR_BEN_R",
    "ER_PRS_F",
    "ER_PHA_F",
    "T_MCOaaB",
    "T_MCOaaC",
    "ODH_PATIENT",
    "ODH_DRUG_ADMIN",
    "GOLD_LINES",
    "IR_PHA_R",
    "NU_UCD_R",
    "T_MCOaaMED",
  ]) {
    assert.ok(seen.has(required), `missing ${required}`);
  }
  const manifest = JSON.parse(await readFile(join(dir, "manifest.json"), "utf8"));
  assert.equal(manifest.synthetic, true);
  assert.equal(manifest.arguments.seed, 11);
  const patients = await table(dir, "ODH_PATIENT");
  assert.equal(patients.rows.length, 400);
  assert.equal(manifest.rowCounts.ODH_PATIENT, 400);
});

test("contract version 1: every file is a contract table whose header is its columns (v1 names)", async () => {
  const dir = join(root, "v1");
  await runSimulation({
    patients: 120,
    seed: 11,
    out: dir,
    format: "csv",
    profile: "hard",
    contract: 1,
    report: false,
  });
  for (const file of (await readdir(dir)).filter((f) => f.endsWith(".csv"))) {
    const stem = file.replace(/\.csv$/, "");
    const identified = identifyTable(stem);
    assert.ok(identified, `${file} is not a contract table`);
    const { header } = await table(dir, stem);
    const names = identified.spec.columns.map((c) => [c.name, ...((c as { aliases?: string[] }).aliases ?? [])]);
    assert.equal(header.length, names.length, `${file} header width`);
    header.forEach((h, i) => assert.ok(names[i]!.includes(h), `${file}: ${h} is not column ${i + 1} of the contract`));
    assert.ok(!["ER_ETE_F", "T_MCOaaFH", "T_MCOaaCSTC", "T_MCOaaFHSTC"].includes(identified.spec.name));
  }
  assert.equal(JSON.parse(await readFile(join(dir, "manifest.json"), "utf8")).contractVersion, 1);
});

test("every drug code of the dataset is declared in its nomenclatures, and invented codes never collide with real ones", async () => {
  const dir = join(root, "a");
  const files = await readdir(dir);
  const ucdDeclared = new Set((await table(dir, "NU_UCD_R")).rows.map((r) => r[0]!));
  const cipDeclared = new Set((await table(dir, "IR_PHA_R")).rows.map((r) => r[0]!));
  const used = { ucd: new Set<string>(), cip: new Set<string>() };
  for (const file of files) {
    const stem = file.replace(/\.csv$/, "");
    if (/MED(ATU)?$|FH(STC)?$/.test(stem) || stem === "ER_UCD_F") {
      const t = await table(dir, stem);
      const col = t.header.indexOf("UCD_UCD_COD");
      for (const r of t.rows) if (r[col]) used.ucd.add(r[col]!);
    }
  }
  const pha = await table(dir, "ER_PHA_F");
  for (const r of pha.rows) used.cip.add(r[pha.header.indexOf("PHA_PRS_C13")]!);
  const odh = await table(dir, "ODH_DRUG_ADMIN");
  for (const r of odh.rows) if (r[3]) used.ucd.add(`000000${r[3]}`);
  assert.ok(used.ucd.size > 5 && used.cip.size > 5);
  for (const code of used.ucd) {
    assert.equal(code.length, 13);
    assert.ok(ucdDeclared.has(code), `UCD ${code} not declared`);
    const ucd7 = code.slice(6);
    if (isInventedUcd7(ucd7)) assert.equal(drugByUcd(code), undefined);
    else assert.ok(drugByUcd(code), `UCD ${code} is neither invented nor real`);
  }
  for (const code of used.cip) {
    assert.ok(cipDeclared.has(code), `CIP13 ${code} not declared`);
    if (isInventedCip13(code)) assert.equal(drugByCip13(code), undefined);
    else assert.ok(drugByCip13(code), `CIP13 ${code} is neither invented nor real`);
  }
  for (const c of UCD_CATALOGUE) assert.equal(c.invented, !REAL_UCD7.has(c.ucd7));
  for (const c of CIP_CATALOGUE) assert.equal(c.invented, !REAL_CIP13.has(c.cip13));
  for (const c of UCD_CATALOGUE.filter((u) => u.invented)) assert.ok(isInventedUcd7(c.ucd7));
  for (const c of CIP_CATALOGUE.filter((u) => u.invented)) assert.ok(isInventedCip13(c.cip13));
  // Some nomenclature rows carry a legacy (pre-2022) ATC code.
  assert.ok((await table(dir, "IR_PHA_R")).rows.some((r) => /^L01X[EC]/.test(r[1]!)));
});

test("linkage keys: NIR_ANO_17 and DCIR NIRs are BEN_NIR_PSA of IR_BEN_R; DCIR details join their ER_PRS_F row", async () => {
  const dir = join(root, "a");
  const ben = await table(dir, "IR_BEN_R");
  const nirs = new Set(ben.rows.map((r) => r[1]!));
  for (const nir of nirs) assert.equal(nir.length, 17);
  const prs = await table(dir, "ER_PRS_F");
  for (const r of prs.rows) assert.ok(nirs.has(r[9]!));
  const docs = new Set(prs.rows.map((r) => r.slice(0, 9).join("|")));
  for (const r of (await table(dir, "ER_PHA_F")).rows) assert.ok(docs.has(r.slice(0, 9).join("|")));
  const files = (await readdir(dir)).filter((f) => /^T_MCO\d\dC\.csv$/.test(f));
  let stays = 0;
  for (const f of files) {
    for (const r of (await table(dir, f.replace(".csv", ""))).rows) {
      assert.ok(nirs.has(r[2]!));
      stays++;
    }
  }
  assert.ok(stays > 400);
});

test("parquet output holds the same rows as CSV", async () => {
  const out = join(root, "pq");
  const summary = await runSimulation({
    patients: 60,
    seed: 3,
    out,
    format: "parquet",
    profile: "realistic",
    report: true,
  });
  const files = await readdir(out);
  assert.ok(files.includes("GOLD_LINES.parquet") && files.includes("calibration.json"));
  assert.ok(!files.some((f) => f.endsWith(".csv")));
  const { openDuckSession, sqlString } = await import("../../../loaders/duckdb/session.js");
  const session = await openDuckSession();
  try {
    const rows = await session.all(
      `SELECT count(*)::INTEGER AS n FROM read_parquet(${sqlString(join(out, "GOLD_LINES.parquet"))})`,
    );
    assert.equal(rows[0]!.n, summary.rowCounts.GOLD_LINES);
    const types = await session.all(
      `DESCRIBE SELECT * FROM read_parquet(${sqlString(join(out, "GOLD_LINES.parquet"))})`,
    );
    assert.equal(types.find((t) => t.column_name === "start_date")!.column_type, "DATE");
    // contract v2: SAS datetimes of the DCIR become TIMESTAMP columns, DDMMYYYY dates DATE columns
    const prs = await session.all(`DESCRIBE SELECT * FROM read_parquet(${sqlString(join(out, "ER_PRS_F.parquet"))})`);
    assert.equal(prs.find((t) => t.column_name === "EXE_SOI_DTD")!.column_type, "TIMESTAMP");
    const cstc = files.find((f) => /^T_MCO\d\dCSTC\.parquet$/.test(f));
    if (cstc) {
      const visit = await session.all(`DESCRIBE SELECT * FROM read_parquet(${sqlString(join(out, cstc))})`);
      assert.equal(visit.find((t) => t.column_name === "EXE_SOI_DTD")!.column_type, "DATE");
    }
    const living = await session.all(
      `SELECT count(*)::INTEGER AS n FROM read_parquet(${sqlString(join(out, "IR_BEN_R.parquet"))}) ` +
        `WHERE BEN_DCD_DTE = TIMESTAMP '1600-01-01 00:00:00'`,
    );
    assert.ok(Number(living[0]!.n) > 0, "the living have BEN_DCD_DTE 1600-01-01");
  } finally {
    session.close();
  }
});
