// The analysis table: hand-checkable rows from the core, and on the demo cohort
// (the work folder the workspace is built from) the same lines, times and
// events as the pages' tables and SQL, and the Survival page's medians.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { parseIsoDay, type Day } from "../../../core/time/day.js";
import { analysisRowsOfPatient, ANALYSIS_COLUMNS, type AnalysisPatient } from "../../../core/studies/analysis-table.js";
import type { LineRecord } from "../../../core/lines/line-record.js";
import { kaplanMeier } from "../../../core/statistics/kaplan-meier.js";
import { kaplanMeierFromCounts, type SurvivalCount } from "../../../core/statistics/kaplan-meier-counts.js";
import { FILTER_DIMENSIONS } from "../../../core/workspace/cohort-filter.js";
import { ENDPOINTS, prepareSurvivalSql, survivalCountsSql } from "../../../core/workspace/survival-sql.js";
import { openDuckSession, type DuckSession } from "../../../loaders/duckdb/session.js";
import { workspaceAnalysisRows } from "../../../loaders/studies/workspace-analysis.js";
import { createAnalysisTables } from "../../../loaders/workspace/workspace-tables.js";
import { ensureWorkspaceWorkdir, type WorkspaceWorkdir } from "../../../loaders/workspace/workspace-workdir.js";
import { readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildProgram, runCli, type CliIo } from "../../../cli/main.js";

const d = (iso: string): Day => parseIsoDay(iso)!;
const line = (n: number, start: string, end: string | null, molecules: string[], endReason: string): LineRecord => ({
  patientId: "P1",
  lineNumber: n,
  startDate: d(start),
  endDate: end === null ? null : d(end),
  molecules,
  endReason,
});
const patient: AnalysisPatient = {
  patientId: "P1",
  centerId: "C01",
  birthYear: 1955,
  sex: "M",
  histology: "squamous",
  markers: { egfr: "negative", alk: "unknown" },
  pdl1Tps: 60,
  ecog: 1,
  advancedDate: d("2019-12-15"),
  deathDate: d("2021-03-01"),
  followUpEnd: d("2021-03-01"),
};

test("rows of one patient: covariates at each line's start and outcomes from it", () => {
  const lines = [
    line(2, "2020-06-01", "2020-09-30", ["docetaxel"], "new_drug"),
    line(1, "2020-01-01", "2020-04-30", ["carboplatin", "paclitaxel", "pembrolizumab"], "progression"),
    line(3, "2021-01-15", null, ["gemcitabine"], "death"),
  ];
  const rows = analysisRowsOfPatient("default", patient, lines, null);
  assert.deepEqual(
    rows.map((r) => [r.line_number, r.previous_lines, r.previous_classes, r.previous_molecules]),
    [
      [1, 0, "", ""],
      [2, 1, "chemo_immunotherapy", "carboplatin;paclitaxel;pembrolizumab"],
      [3, 2, "chemo_immunotherapy>chemotherapy", "carboplatin;docetaxel;paclitaxel;pembrolizumab"],
    ],
  );
  const [r1, r2, r3] = rows;
  assert.equal(r1!.age_at_line_start, 65);
  assert.equal(r1!.days_since_advanced, 17);
  assert.equal(r1!.biomarker_group, "no driver");
  assert.equal(r1!.age_band, "60-69");
  assert.equal(r1!.period, "2018-2020");
  // line 1: next line on 2020-06-01 (152 days), ended 2020-04-30 (120 days), death 2021-03-01 (425 days).
  assert.deepEqual([r1!.ttnt_days, r1!.ttnt_event, r1!.ttnt_outcome], [152, true, "next_line"]);
  assert.deepEqual([r1!.tot_days, r1!.tot_event, r1!.tot_outcome], [120, true, "line_end"]);
  assert.deepEqual([r1!.os_days, r1!.os_event, r1!.os_outcome], [425, true, "death"]);
  assert.equal(r2!.start_year, 2020);
  // last line: no next line, death 45 days after its start; no end date -> time on treatment censored.
  assert.deepEqual([r3!.ttnt_days, r3!.ttnt_outcome], [45, "death"]);
  assert.deepEqual([r3!.tot_days, r3!.tot_event, r3!.tot_outcome], [45, false, "censored"]);
  assert.equal(r3!.drug_cost_eur, null, "no cost column: null");
});

test("drug cost of a line: exposures from its start to the day before the next line, by source", () => {
  const lines = [
    line(1, "2020-01-01", "2020-03-01", ["carboplatin", "pemetrexed"], "new_drug"),
    line(2, "2020-04-01", "2020-10-01", ["nivolumab"], "progression"),
  ];
  const exposures = [
    { date: d("2019-12-31"), source: "pmsi_med", costEur: 999 }, // before line 1
    { date: d("2020-01-01"), source: "pmsi_med", costEur: 100 },
    { date: d("2020-01-22"), source: "dcir_ucd", costEur: 50.5 },
    { date: d("2020-03-31"), source: "warehouse", costEur: null }, // unknown cost
    { date: d("2020-04-01"), source: "dcir_pharmacy", costEur: 1000 }, // first day of line 2
    { date: d("2021-03-01"), source: "pmsi_medatu", costEur: 10 }, // last day of follow-up
  ];
  const [r1, r2] = analysisRowsOfPatient("gold", { ...patient, followUpEnd: d("2021-03-01") }, lines, exposures);
  assert.equal(r1!.drug_cost_eur, 150.5);
  assert.deepEqual([r1!.drug_cost_dcir_eur, r1!.drug_cost_pmsi_eur, r1!.drug_cost_warehouse_eur], [50.5, 100, 0]);
  assert.equal(r1!.drug_cost_per_patient_year_eur, 150.5 / (60 / 365.25));
  assert.equal(r2!.drug_cost_eur, 1010);
  assert.equal(r2!.drug_cost_dcir_eur, 1000);
});

test("docs/studies.md documents every column", () => {
  const doc = readFileSync(new URL("../../../docs/studies.md", import.meta.url), "utf8");
  for (const c of ANALYSIS_COLUMNS) assert.ok(doc.includes(`| \`${c.name}\``), `docs/studies.md: column ${c.name}`);
});

// The demo cohort (or LOTLUCA_WORKDIR): what the workspace's pages are built from.
let session: DuckSession;
let w: WorkspaceWorkdir;
before(async () => {
  w = await ensureWorkspaceWorkdir();
  session = await openDuckSession();
  await createAnalysisTables(session, w);
});
after(() => session?.close());

const key = (r: { method?: unknown; patient_id?: unknown; line_number?: unknown }) =>
  `${String(r.method)}|${String(r.patient_id)}|${Number(r.line_number)}`;

test("demo cohort: the analysis table has the pages' lines, one row each, with the Survival page's times and events", async () => {
  const rows = await workspaceAnalysisRows(session, w);
  const methods = [...new Set(rows.map((r) => r.method))];
  assert.ok(methods.length >= 2, `methods: ${methods.join(", ")}`);
  const pageLines = await session.all(
    `SELECT method, patient_id, line_number, (start_date - DATE '1970-01-01')::INTEGER AS start, regimen_class
     FROM lines WHERE patient_id IN (SELECT patient_id FROM cohort) ORDER BY ALL`,
  );
  const byKey = new Map(rows.map((r) => [key(r), r]));
  assert.equal(byKey.size, rows.length, "one row per method, patient and line");
  assert.equal(rows.length, pageLines.length, "as many rows as the pages' lines");
  for (const l of pageLines) {
    const r = byKey.get(key(l));
    assert.ok(r, `line ${key(l)} of the pages is in the table`);
    assert.equal(r.start_date, Number(l.start), `${key(l)} start`);
    assert.equal(r.regimen_class, l.regimen_class, `${key(l)} regimen class`);
  }
  for (const method of methods) {
    await session.run(prepareSurvivalSql({ method, name: "prepared" }));
    // The prepared table has no patient id: compare the multisets of lines with
    // their filter dimensions, class, and every end point's time and event.
    const columns = [...FILTER_DIMENSIONS, "line_number", "regimen_class"];
    const tuple = (r: Record<string, unknown>, time: (e: string) => unknown, event: (e: string) => unknown) =>
      JSON.stringify([
        ...columns.map((c) => String(r[c])),
        ...ENDPOINTS.flatMap((e) => [Number(time(e)), Boolean(event(e))]),
      ]);
    const prepared = (await session.all("SELECT * FROM prepared"))
      .map((p) =>
        tuple(
          p,
          (e) => p[`${e}_time`],
          (e) => p[`${e}_event`],
        ),
      )
      .sort();
    const mine = rows
      .filter((r) => r.method === method)
      .map((r) => {
        const o = r as unknown as Record<string, unknown>;
        return tuple(
          o,
          (e) => o[`${e}_days`],
          (e) => o[`${e}_event`],
        );
      })
      .sort();
    assert.equal(mine.length, prepared.length, `${method}: rows`);
    mine.forEach((m, i) => assert.equal(m, prepared[i], `${method}: line ${i} of the sorted lines`));
  }
});

test("demo cohort: Kaplan-Meier medians from the table's outcome columns equal the Survival page's", async () => {
  const rows = await workspaceAnalysisRows(session, w);
  const groupOf = (n: number) => (n >= 4 ? "line 4+" : `line ${n}`);
  let compared = 0;
  for (const method of [...new Set(rows.map((r) => r.method))]) {
    for (const endpoint of ENDPOINTS) {
      const counts = await session.all(
        survivalCountsSql({ endpoint, grouping: { by: "line", maxLine: 4 }, method, where: "TRUE" }),
      );
      const groups = new Map<string, SurvivalCount[]>();
      for (const c of counts) {
        const list = groups.get(String(c.group)) ?? [];
        list.push({ time: Number(c.time), events: Number(c.events), censored: Number(c.censored) });
        groups.set(String(c.group), list);
      }
      for (const [group, list] of groups) {
        const page = kaplanMeierFromCounts(list);
        const table = kaplanMeier(
          rows
            .filter((r) => r.method === method && groupOf(r.line_number) === group)
            .map((r) => ({ time: r[`${endpoint}_days`], event: r[`${endpoint}_event`] })),
        );
        assert.equal(table.n, page.n, `${method} ${endpoint} ${group} n`);
        assert.equal(table.median, page.median, `${method} ${endpoint} ${group} median`);
        assert.equal(table.medianLower, page.medianLower, `${method} ${endpoint} ${group} median lower`);
        assert.equal(table.medianUpper, page.medianUpper, `${method} ${endpoint} ${group} median upper`);
        compared++;
      }
    }
  }
  assert.ok(compared >= 12, `compared ${compared} medians`);
});

test("lotluca export writes the table (Parquet and CSV) and refuses a bad lines file with the first problem", async () => {
  const dir = await mkdtemp(join(tmpdir(), "lotluca-export-"));
  try {
    const run = async (args: string[]) => {
      const io = {
        out: "",
        err: "",
        stdout: (t: string) => void (io.out += t),
        stderr: (t: string) => void (io.err += t),
      };
      const code = await runCli(args, io as CliIo, buildProgram(io as CliIo));
      return { code, ...io };
    };
    const method = w.ruleSets[0]!;
    const lines = join(w.workdir, `lines-${method}.parquet`);
    const [{ n }] = (await session.all(`SELECT count(*)::INTEGER AS n FROM lines WHERE method = '${method}'`)) as [
      { n: number },
    ];
    for (const out of [join(dir, "a.parquet"), join(dir, "a.csv")]) {
      const r = await run(["export", "--workdir", w.workdir, "--lines", lines, "--out", out]);
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, new RegExp(`^${n} rows`));
      // The demo cohort is simulated with contract v2's cost columns: the export
      // says where the costs come from and fills drug_cost_eur for treated lines.
      assert.match(r.out, /drug costs from exposures\.parquet \(cost_eur_by_source\)/);
      const reader = out.endsWith(".csv") ? "read_csv" : "read_parquet";
      const [back] = await session.all(
        `SELECT count(*)::INTEGER AS n, count(DISTINCT method)::INTEGER AS methods, min(method) AS method FROM ${reader}('${out}')`,
      );
      assert.deepEqual({ ...back }, { n, methods: 1, method });
      const [costed] = (await session.all(
        `SELECT count(drug_cost_eur)::INTEGER AS c FROM ${reader}('${out}') WHERE drug_cost_eur > 0`,
      )) as [{ c: number }];
      assert.ok(costed.c > n / 2, `${costed.c} of ${n} lines have a drug cost`);
    }
    const bad = join(dir, "bad.csv");
    await writeFile(bad, "patient_id,line_number,start_date,end_date,molecules\nNOBODY,1,2020-01-01,,docetaxel\n");
    const r = await run(["export", "--workdir", w.workdir, "--lines", bad, "--out", join(dir, "b.csv")]);
    assert.notEqual(r.code, 0);
    assert.match(r.err, /patient NOBODY is not in the cohort/);
    const usage = await run(["export", "--workdir", w.workdir, "--lines", lines, "--out", join(dir, "b.txt")]);
    assert.notEqual(usage.code, 0);
    assert.match(usage.err, /must end in \.parquet or \.csv/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
