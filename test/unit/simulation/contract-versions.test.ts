// `lotluca simulate --contract 1|2`: one clinical truth, two forms. The gold
// standard and the warehouse are the same bytes for both versions of a seed; a
// v2 dataset shows the realities of real SNDS extracts at profile rates.
import assert from "node:assert/strict";
import { readdir, readFile, rm, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { PROFILE_NAMES, PROFILES } from "../../../core/simulation/profiles.js";
import { simulateTruth } from "../../../core/simulation/simulate-patient.js";
import { runSimulation } from "../../../loaders/simulate/run-simulation.js";

let root: string;
before(async () => {
  root = await mkdtemp(join(tmpdir(), "lotluca-contract-versions-"));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

async function generate(profile: string, contract: 1 | 2, patients = 150, seed = 5): Promise<string> {
  const out = join(root, `${profile}-${contract}-${patients}-${seed}`);
  await runSimulation({
    patients,
    seed,
    out,
    format: "csv",
    profile: profile as "clean",
    contract,
    report: false,
  });
  return out;
}

/** Rows of a simulated CSV (no quoted commas in the tables read here) as column -> text. */
async function rows(dir: string, pattern: RegExp): Promise<Record<string, string>[]> {
  const out: Record<string, string>[] = [];
  for (const file of (await readdir(dir)).filter((f) => pattern.test(f)).sort()) {
    const [header, ...lines] = (await readFile(join(dir, file), "utf8")).trimEnd().split("\n");
    const names = header!.split(",");
    for (const line of lines) {
      const cells = line.split(",");
      out.push(Object.fromEntries(names.map((n, i) => [n, cells[i] ?? ""])));
    }
  }
  return out;
}

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
/** Days since 1970 of `14NOV2017:00:00:00`, `14NOV2017` or ISO. */
function day(text: string): number {
  const sas = /^(\d{2})([A-Z]{3})(\d{4})(:00:00:00)?$/.exec(text);
  if (sas) return Date.UTC(Number(sas[3]), MONTHS.indexOf(sas[2]!), Number(sas[1])) / 86_400_000;
  return Date.parse(`${text}T00:00:00Z`) / 86_400_000;
}

for (const profile of PROFILE_NAMES) {
  test(`${profile}: GOLD_LINES and the warehouse are the same bytes in contract versions 1 and 2`, async () => {
    const v1 = await generate(profile, 1);
    const v2 = await generate(profile, 2);
    for (const file of ["GOLD_LINES.csv", "ODH_PATIENT.csv", "ODH_DRUG_ADMIN.csv", "IR_PHA_R.csv", "NU_UCD_R.csv"]) {
      assert.ok(
        (await readFile(join(v1, file))).equals(await readFile(join(v2, file))),
        `${file} differs between versions`,
      );
    }
    const m1 = JSON.parse(await readFile(join(v1, "manifest.json"), "utf8"));
    const m2 = JSON.parse(await readFile(join(v2, "manifest.json"), "utf8"));
    assert.deepEqual([m1.contractVersion, m2.contractVersion], [1, 2]);
  });
}

test("hard, contract 2: the realities of real extracts are all there", async () => {
  const dir = await generate("hard", 2, 500, 8);
  const ben = await rows(dir, /^IR_BEN_R\.csv$/);
  assert.ok(
    ben.every((r) => r.BEN_DCD_DTE !== ""),
    "no empty death date: the living have 1600-01-01",
  );
  assert.ok(ben.some((r) => r.BEN_DCD_DTE === "01JAN1600:00:00:00"));
  const prs = await rows(dir, /^ER_PRS_F\.csv$/);
  assert.ok(
    prs.every((r) => /^\d{2}[A-Z]{3}\d{4}:00:00:00$/.test(r.EXE_SOI_DTD!)),
    "SAS datetimes in the DCIR",
  );
  const count = (list: Record<string, string>[], test: (r: Record<string, string>) => boolean) =>
    list.filter(test).length;
  assert.ok(count(prs, (r) => r.DPN_QLF === "72") > 0, "DPN_QLF 72");
  assert.ok(count(prs, (r) => r.PRS_DPN_QLP === "71") > 0, "PRS_DPN_QLP 71");
  assert.ok(count(prs, (r) => r.CPL_MAJ_TOP === "2") > 0, "surcharges");
  assert.ok(count(prs, (r) => !["00", "03", "04"].includes(r.BEN_CDI_NIR!)) > 0, "fictitious NIRs");
  assert.ok(
    prs.every((r) => r.PRS_PAI_MNT !== ""),
    "amounts",
  );
  const lags = prs.map((r) => day(r.FLX_DIS_DTD!) - day(r.EXE_SOI_DTD!));
  assert.ok(Math.max(...lags) <= 184 && Math.min(...lags) >= 0, "payment within 6 months");
  assert.ok(lags.filter((l) => l > 92).length > 0, "some payments after 3 months");
  const ete = await rows(dir, /^ER_ETE_F\.csv$/);
  assert.ok(count(ete, (r) => r.ETE_IND_TAA === "1") > 0, "hospital care also billed in DCIR");
  const stays = await rows(dir, /^T_MCO\d\dB\.csv$/);
  assert.ok(count(stays, (r) => r.GRG_GHM!.startsWith("90")) > 0, "stays in error");
  assert.ok(count(stays, (r) => r.SEJ_TYP === "B") > 0, "SEJ_TYP B");
  const diagnoses = await rows(dir, /^T_MCO\d\dD\.csv$/);
  assert.ok(count(diagnoses, (r) => r.ASS_DGN === "C771") > 0);
  const med = await rows(dir, /^T_MCO\d\dMED\.csv$/);
  const inError = new Set(stays.filter((r) => r.GRG_GHM!.startsWith("90")).map((r) => r.RSA_NUM));
  const repeated = med.filter((r) => Number(r.NBR_SEJ) > 1 && !inError.has(r.RSA_NUM));
  assert.ok(repeated.length > 0, "MED repeats");
  // the repeats of one administration: NBR_SEJ rows whose quantities add up to whole units
  const groups = new Map<string, Record<string, string>[]>();
  for (const r of repeated) {
    const key = [r.ETA_NUM, r.UCD_UCD_COD, r.DELAI, r.NBR_SEJ, r.ADM_MOIS, r.DAT_ADM_ANN].join("|");
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  for (const group of groups.values()) {
    const n = Number(group[0]!.NBR_SEJ);
    assert.equal(group.length % n, 0);
    const total = group.reduce((s, r) => s + Number(r.ADM_NBR), 0);
    assert.ok(Math.abs(total - Math.round(total)) < 0.01 * group.length, `quantities ${total}`);
  }
  const atu = await rows(dir, /^T_MCO\d\dMEDATU\.csv$/);
  assert.ok(Object.keys(atu[0] ?? {}).includes("DAT_DELAI"));
  const bevacizumab = new Set(
    med.filter((r) => r.UCD_UCD_COD!.endsWith("9261104") || r.UCD_UCD_COD!.endsWith("9261110")).map((r) => r.RSA_NUM),
  );
  assert.ok(
    atu.some((r) => bevacizumab.has(r.RSA_NUM)),
    "bevacizumab in MED and MEDATU for one stay",
  );
  const fh = await rows(dir, /^T_MCO\d\dFH\.csv$/);
  assert.ok(fh.length > 0 && count(fh, (r) => r.QUA_COD === "0" || r.COE_TAU === "0" || r.UCD_UCD_COD === "") > 0);
  const visits = await rows(dir, /^T_MCO\d\dCSTC\.csv$/);
  assert.ok(visits.length > 0 && visits.every((r) => /^\d{8}$/.test(r.EXE_SOI_DTD!)), "DDMMYYYY visits");
  const visitDrugs = await rows(dir, /^T_MCO\d\dFHSTC\.csv$/);
  const seqs = new Set(visits.map((r) => `${r.ETA_NUM}|${r.SEQ_NUM}`));
  assert.ok(visitDrugs.length > 0 && visitDrugs.every((r) => seqs.has(`${r.ETA_NUM}|${r.SEQ_NUM}`)));
});

test("clean, contract 2: ISO dates and no noise row, but the living still die in 1600", async () => {
  const dir = await generate("clean", 2, 300, 8);
  const ben = await rows(dir, /^IR_BEN_R\.csv$/);
  assert.ok(ben.some((r) => r.BEN_DCD_DTE === "1600-01-01"));
  const prs = await rows(dir, /^ER_PRS_F\.csv$/);
  assert.ok(prs.every((r) => /^\d{4}-\d{2}-\d{2}$/.test(r.EXE_SOI_DTD!)));
  assert.ok(prs.every((r) => ["0", "71"].includes(r.DPN_QLF!) && r.PRS_DPN_QLP === "0" && r.CPL_MAJ_TOP === "0"));
  assert.ok(prs.every((r) => r.BEN_CDI_NIR === "00"));
  assert.ok((await rows(dir, /^ER_ETE_F\.csv$/)).every((r) => r.ETE_IND_TAA === "0"));
  const stays = await rows(dir, /^T_MCO\d\dB\.csv$/);
  assert.ok(stays.every((r) => !r.GRG_GHM!.startsWith("90") && r.SEJ_TYP === ""));
  assert.ok((await rows(dir, /^T_MCO\d\dMED\.csv$/)).every((r) => r.NBR_SEJ === "1"));
});

test("drugs outside the lung list reach the truth and the gold standard (and only a few lines)", () => {
  const molecules = new Map<string, number>();
  let lines = 0;
  for (let i = 0; i < 6000; i++) {
    for (const line of simulateTruth(i, 21, PROFILES.hard).goldLines) {
      lines++;
      for (const m of line.molecules) molecules.set(m, (molecules.get(m) ?? 0) + 1);
    }
  }
  const offList = ["cetuximab", "trastuzumab-deruxtecan", "datopotamab-deruxtecan"];
  for (const m of offList) assert.ok((molecules.get(m) ?? 0) > 0, `${m} in some gold line`);
  const share = offList.reduce((s, m) => s + (molecules.get(m) ?? 0), 0) / lines;
  assert.ok(share > 0.001 && share < 0.05, `share of lines ${share}`);
});
