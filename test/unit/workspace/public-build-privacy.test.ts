// The public build publishes no count from 1 to 9, directly or by subtraction:
// the privacy module's complementary suppression on the attacks of issue 16 and
// on random tables (no hidden small cell can be derived), then every public data
// loader run in the public build on a simulated 400-patient work folder: each
// JSON and Parquet file scanned (any key) for counts 1-9, absolute paths, dates
// and free-text labels, and the subtraction attacks tried on the files themselves.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import fc from "fast-check";
import { isPrivatePage } from "../../../loaders/workspace/public-root.js";
import {
  cellThreshold,
  derivableSmallCells,
  suppressCells,
  type AdditiveRelation,
} from "../../../core/privacy/small-cells.js";
import { publishAccounting } from "../../../core/privacy/public-accounting.js";
import { openDuckSession, sqlString } from "../../../loaders/duckdb/session.js";
import { runPipeline } from "../../../loaders/pipeline/run-pipeline.js";
import { loadRuleSet } from "../../../loaders/rules/load-rule-set.js";
import { runSimulation } from "../../../loaders/simulate/run-simulation.js";
import { publicCohortCounts } from "../../../loaders/workspace/public-aggregates.js";
import { createAnalysisTables } from "../../../loaders/workspace/workspace-tables.js";
import { ensureWorkspaceWorkdir } from "../../../loaders/workspace/workspace-workdir.js";
import type { CohortCounts } from "../../../core/privacy/cohort-cells.js";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const run = promisify(execFile);

test("the attacks of issue 16 fail: a lone masked cell gets a complement", () => {
  // Lines 1, 2, 3, 4 or more of 300 patients: 200 + 60 + 31 + 9.
  const values = [300, 200, 60, 31, 9];
  const relations: AdditiveRelation[] = [{ total: 0, parts: [1, 2, 3, 4] }];
  const hidden = suppressCells(values, relations, 10);
  assert.deepEqual(hidden, [false, false, false, true, true], "9 and its smallest complement 31 are hidden");
  assert.deepEqual(
    derivableSmallCells(
      values,
      relations,
      hidden.map((h) => !h),
      10,
    ),
    [],
  );
  // Without the complement, 300 - 291 = 9 comes back.
  const primaryOnly = values.map((v) => !(v >= 1 && v < 10));
  assert.deepEqual(derivableSmallCells(values, relations, primaryOnly, 10), [{ cells: [4], value: 9 }]);

  // Accounting: rejected = read - used - merged - out of scope, and = the sum of its reasons.
  const published = publishAccounting(
    [{ table: "T_MCO12B", rowsRead: 370, used: 50, mergedDuplicates: 250, rejected: 3, outOfScope: 67 }],
    [
      { table: "T_MCO12B", status: "rejected", reason: "unparseable_date", rows: 3 },
      { table: "T_MCO12B", status: "out_of_scope", reason: "not_a_treatment_event", rows: 60 },
      { table: "T_MCO12B", status: "out_of_scope", reason: "information_only", rows: 7 },
      { table: "T_MCO12B", status: "merged_duplicate", reason: "merged_duplicate", rows: 250 },
    ],
    10,
  );
  const t = published.tables[0]!;
  assert.equal(t.rejected, null);
  const known = [t.rowsRead, t.used, t.mergedDuplicates, t.outOfScope].filter((v) => v === null).length;
  assert.ok(known >= 1, "one more cell of the row is hidden, so rejected cannot be recovered");
  assert.equal(published.reasons[0]!.rows, null);
  assert.equal(published.reasons[2]!.rows, null);
  assert.equal(published.reasons[1]!.rows, null, "60 is hidden beside 7, else out of scope 67 - 60 = 7");
});

test("random tables: after suppression no relation gives back a small cell or a small sum (fast-check)", () => {
  fc.assert(
    fc.property(
      fc.array(fc.array(fc.nat({ max: 40 }), { minLength: 2, maxLength: 5 }), { minLength: 2, maxLength: 4 }),
      (grid) => {
        // A two-way table with row totals, column totals and the grand total.
        const width = Math.min(...grid.map((r) => r.length));
        const rows = grid.map((r) => r.slice(0, width));
        const values: number[] = [];
        const cell = (v: number) => values.push(v) - 1;
        const inner = rows.map((r) => r.map(cell));
        const rowTotals = rows.map((r) => cell(r.reduce((a, b) => a + b, 0)));
        const colTotals = Array.from({ length: width }, (_, j) => cell(rows.reduce((s, r) => s + r[j]!, 0)));
        const grand = cell(rows.flat().reduce((a, b) => a + b, 0));
        const relations: AdditiveRelation[] = [
          ...inner.map((r, i) => ({ total: rowTotals[i]!, parts: r })),
          ...colTotals.map((c, j) => ({ total: c, parts: inner.map((r) => r[j]!) })),
          { total: grand, parts: rowTotals },
          { total: grand, parts: colTotals },
        ];
        const hidden = suppressCells(values, relations, 10);
        values.forEach((v, i) => assert.ok(!(v >= 1 && v < 10) || hidden[i], "every small cell hidden"));
        assert.deepEqual(
          derivableSmallCells(
            values,
            relations,
            hidden.map((h) => !h),
            10,
          ),
          [],
        );
      },
    ),
    { numRuns: 300 },
  );
});

test("the minimum cell count is a parameter, never below 10 in the public build", () => {
  assert.equal(cellThreshold("public"), 10);
  assert.equal(cellThreshold("public", 20), 20);
  assert.throws(() => cellThreshold("public", 5), /never publishes counts below 10/);
  assert.equal(cellThreshold("private"), 0);
  assert.equal(cellThreshold("private", 5), 5);
});

// ---- the built public files ----

let dir = "";
const files = new Map<string, unknown[]>();
/** The unmasked counts behind the cohort tables (overview, profile, advanced dates, pathways), for the attacks. */
let truth: CohortCounts;

/** The data files the public pages load (pages without `private: true`). */
function publicDataFiles(): string[] {
  const found = new Set<string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d, { withFileTypes: true })) {
      if (name.isDirectory() && !["data", "components", "core"].includes(name.name) && !name.name.startsWith("."))
        walk(join(d, name.name));
      else if (name.name.endsWith(".md")) {
        const text = readFileSync(join(d, name.name), "utf8");
        if (isPrivatePage(text)) continue;
        for (const m of text.matchAll(/data\/([\w-]+\.(?:parquet|json))/g)) found.add(m[1]!);
      }
    }
  };
  walk(join(ROOT, "src"));
  return [...found].sort();
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "lotluca-public-"));
  const dataset = join(dir, "dataset");
  const workdir = join(dir, "work");
  await runSimulation({ patients: 400, seed: 7, out: dataset, format: "parquet", profile: "realistic", report: false });
  await runPipeline({
    dataset,
    workdir,
    ruleSets: ["default"].map((r) => loadRuleSet(r)),
    replicates: 10,
    ingest: { threads: 1, memoryLimit: "1GB" },
  });
  const session = await openDuckSession({ threads: 1 });
  const previous = process.env.LOTLUCA_WORKDIR;
  try {
    process.env.LOTLUCA_WORKDIR = workdir;
    const truthSession = await openDuckSession({ threads: 1 });
    try {
      const w = await ensureWorkspaceWorkdir();
      await createAnalysisTables(truthSession, w);
      truth = (await publicCohortCounts(truthSession, w.ruleSets[0]!, workdir)).counts;
    } finally {
      truthSession.close();
      if (previous === undefined) delete process.env.LOTLUCA_WORKDIR;
      else process.env.LOTLUCA_WORKDIR = previous;
    }
    for (const file of publicDataFiles()) {
      const loader = join(ROOT, "src/data", `${file}.ts`);
      const { stdout } = await run(join(ROOT, "node_modules/.bin/tsx"), [loader], {
        env: { ...process.env, LOTLUCA_BUILD: "public", LOTLUCA_WORKDIR: workdir },
        encoding: "buffer",
        maxBuffer: 1 << 28,
      });
      if (file.endsWith(".json")) files.set(file, [JSON.parse(stdout.toString("utf8"))]);
      else {
        const path = join(dir, file);
        writeFileSync(path, stdout);
        files.set(file, await session.all(`SELECT * FROM read_parquet(${sqlString(path)})`));
      }
    }
  } finally {
    session.close();
  }
});

after(() => rmSync(dir, { recursive: true, force: true }));

/** Keys holding measures, ranks, settings or times (not counts), in any public file. */
const NOT_COUNTS = new Set([
  ...["value", "lower", "upper", "difference", "share", "confLevel", "rank", "seed", "replicates"],
  ...["subgroupReplicates", "df", "chi_square", "chiSquare", "p_value", "pValue", "median", "median_lower"],
  ...["median_upper", "time", "month", "line", "meanJaccard", "regimenMatch", "startWithin30", "survival"],
  ...["contractVersion", "version", "folds"],
]);
/** Files that hold no data of the dataset: the rule sets and the contract (configuration). */
const CONFIGURATION = new Set(["rule-sets.json"]);

function scan(value: unknown, path: string, found: string[]): void {
  if (Array.isArray(value)) value.forEach((v, i) => scan(v, `${path}[${i}]`, found));
  else if (value !== null && typeof value === "object")
    for (const [k, v] of Object.entries(value)) {
      const key = k;
      if (typeof v === "number" || typeof v === "bigint") {
        const n = Number(v);
        if (Number.isInteger(n) && n >= 1 && n <= 9 && !NOT_COUNTS.has(key)) found.push(`${path}.${key} = ${n}`);
      } else if (typeof v === "string") {
        if (/^(\/|[A-Za-z]:\\)/.test(v) || /\/(tmp|home|work)\//.test(v)) found.push(`${path}.${key}: path ${v}`);
        if (/^\d{4}-\d{2}-\d{2}/.test(v) && key !== "endOfData") found.push(`${path}.${key}: date ${v}`);
      } else scan(v, `${path}.${key}`, found);
    }
}

test("every public file (JSON and Parquet, any key): no count 1-9, no path, no date of a person", () => {
  assert.ok(files.size >= 12, `public files built: ${[...files.keys()].join(", ")}`);
  const found: string[] = [];
  for (const [file, rows] of files) if (!CONFIGURATION.has(file)) scan(rows, file, found);
  assert.deepEqual(found, []);
});

test("no free-text label: unmapped warehouse labels are published as counts by reason only", () => {
  const labels = files.get("unmapped-labels.parquet") as { label: string | null }[];
  assert.ok(labels.length > 0);
  assert.ok(labels.every((r) => r.label === null));
});

test("subtraction attacks on the built files recover nothing from 1 to 9", () => {
  const attacks: string[] = [];
  const check = (what: string, total: number | null, parts: (number | null)[]) => {
    const hidden = parts.filter((p) => p === null).length;
    if (total === null || hidden !== 1) return;
    const derived = total - parts.reduce<number>((s, p) => s + (p ?? 0), 0);
    if (derived >= 1 && derived <= 9) attacks.push(`${what} = ${derived}`);
  };
  type R = Record<string, unknown>;
  const n = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  // Cohort profile: categories of a characteristic add up to the subgroup (whose size another characteristic gives).
  const profile = files.get("cohort-profile.parquet") as R[];
  const groupBy = <T>(rows: T[], key: (r: T) => string) => {
    const m = new Map<string, T[]>();
    for (const r of rows) m.set(key(r), [...(m.get(key(r)) ?? []), r]);
    return m;
  };
  for (const [subgroup, rows] of groupBy(profile, (r) => `${r.dimension}=${r.value}`)) {
    const sizes = [...groupBy(rows, (r) => String(r.characteristic)).values()]
      .map((c) => c.map((r) => n(r.patients)))
      .filter((c) => c.every((v) => v !== null))
      .map((c) => c.reduce<number>((s, v) => s + v!, 0));
    const size = sizes[0] ?? null;
    for (const [characteristic, c] of groupBy(rows, (r) => String(r.characteristic)))
      check(
        `${subgroup} ${characteristic}`,
        size,
        c.map((r) => n(r.patients)),
      );
  }
  // Accounting: read = used + merged + rejected + out of scope; each status = the sum of its reasons.
  const accounting = files.get("ingestion-accounting.parquet") as R[];
  const reasons = files.get("ingestion-reasons.parquet") as R[];
  for (const t of accounting) {
    check(`${t.table_name} rows`, n(t.rows_read), [
      n(t.used),
      n(t.merged_duplicates),
      n(t.rejected),
      n(t.out_of_scope),
    ]);
    for (const [status, column] of [
      ["rejected", "rejected"],
      ["out_of_scope", "out_of_scope"],
      ["merged_duplicate", "merged_duplicates"],
    ] as const)
      check(
        `${t.table_name} ${status}`,
        n(t[column]),
        reasons.filter((r) => r.table_name === t.table_name && r.status === status).map((r) => n(r.rows)),
      );
  }
  // summary.json: the same accounting, and patients by source of the advanced date.
  const summary = files.get("summary.json")![0] as {
    ingest: { counts: R; accounting: { tables: R[] } };
    evaluations: Record<string, { patients: number; errorKinds: R[] }>;
  };
  for (const t of summary.ingest.accounting.tables)
    check(`summary ${t.table}`, n(t.rowsRead), [n(t.used), n(t.mergedDuplicates), n(t.rejected), n(t.outOfScope)]);
  assert.equal(
    (summary.ingest as { dataQuality?: unknown }).dataQuality,
    undefined,
    "data-quality counters (margins of the overview and advanced dates) are not published",
  );
  for (const [method, e] of Object.entries(summary.evaluations))
    check(
      `${method} error kinds`,
      n(e.patients),
      e.errorKinds.map((k) => n(k.patients)),
    );
  // Overview: each dimension's values add up to 'all'.
  const overview = files.get("overview.parquet") as R[];
  const all = overview.find((r) => r.dimension === "all")!;
  for (const [dimension, rows] of groupBy(overview, (r) => String(r.dimension))) {
    if (dimension === "all") continue;
    for (const c of ["patients", "treated", "lines", "reached_line2", "deaths"])
      check(
        `overview ${dimension} ${c}`,
        n(all[c]),
        rows.map((r) => n(r[c])),
      );
  }
  assert.deepEqual(attacks, []);
  // The attacks had something to work on: small counts exist and are hidden.
  assert.ok(profile.some((r) => r.patients === null));
  assert.ok(accounting.some((r) => r.rejected === null || r.out_of_scope === null));
});

/**
 * An attacker's arithmetic over the published files, written here apart from
 * the suppression's own model: cells are the published counts (known) and the
 * true counts behind them (unknown when masked or left out); relations are the
 * sums that hold between tables. Every relation with one unknown is solved,
 * repeatedly; a solved cell from 1 to 9, or a set of unknowns of a known total
 * that adds up to 1 to 9, is a leak.
 */
class Attack {
  readonly truth = new Map<string, number>();
  readonly known = new Set<string>();
  readonly relations: { total: string; parts: string[]; what: string }[] = [];

  cell(id: string, value: number, published: number | null | undefined): void {
    this.truth.set(id, value);
    if (published !== null && published !== undefined) {
      assert.equal(published, value, `${id}: the file publishes ${published}, the data give ${value}`);
      this.known.add(id);
    }
  }

  relate(what: string, total: string, parts: string[]): void {
    const value = (id: string) => this.truth.get(id) ?? 0;
    const present = parts.filter((p) => this.truth.has(p));
    if (!this.truth.has(total) || present.length === 0) return;
    assert.equal(
      value(total),
      present.reduce((n, p) => n + value(p), 0),
      `${what}: the relation holds on the data`,
    );
    this.relations.push({ total, parts: present, what });
  }

  leaks(): string[] {
    const found: string[] = [];
    const small = (n: number) => n >= 1 && n <= 9;
    for (let changed = true; changed;) {
      changed = false;
      for (const r of this.relations) {
        const unknown = [r.total, ...r.parts].filter((c) => !this.known.has(c));
        if (unknown.length === 1) {
          this.known.add(unknown[0]!);
          changed = true;
          if (small(this.truth.get(unknown[0]!)!))
            found.push(`${r.what}: ${unknown[0]} = ${this.truth.get(unknown[0]!)}`);
        } else if (unknown.length > 1 && this.known.has(r.total)) {
          const sum = unknown.reduce((n, c) => n + this.truth.get(c)!, 0);
          if (small(sum)) found.push(`${r.what}: ${unknown.join(" + ")} = ${sum}`);
        }
      }
    }
    return [...new Set(found)];
  }
}

test("cross-table attacks (overview, profile, advanced dates, Sankey node flows and subgroups, sequences, line starts) recover nothing from 1 to 9", () => {
  type R = Record<string, unknown>;
  const a = new Attack();
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  // A subgroup's name in the cells' ids, without spaces (the ids are split at the first space).
  const sg = (r: { dimension?: unknown; value?: unknown }) =>
    `${String(r.dimension)}=${String(r.value).replaceAll(" ", "_")}`;
  const overview = files.get("overview.parquet") as R[];
  const profile = files.get("cohort-profile.parquet") as R[];
  const indexDates = files.get("index-dates.parquet") as R[];
  const links = files.get("pathway-links.parquet") as R[];
  const sequences = files.get("top-sequences.parquet") as R[];
  const lineStart = files.get("line-start.parquet") as R[];
  const find = <T extends R>(rows: T[], match: (r: T) => boolean) => rows.find(match);

  // Overview: a subgroup's size, treated, lines, reaching line 2, deaths.
  const columns = ["patients", "treated", "lines", "reached_line2", "deaths"] as const;
  const subgroups = new Map<string, { dimension: string; value: string }>();
  for (const t of truth.overview) {
    subgroups.set(sg(t), t);
    const published = find(overview, (r) => sg(r) === sg(t));
    for (const c of columns) a.cell(`${sg(t)} ${c}`, t[c], num(published?.[c]));
  }
  // Profile: each characteristic's categories add up to the subgroup; lines of therapy 1+ = treated, 2+ = reaching line 2.
  const characteristics = new Map<string, string[]>();
  for (const t of truth.profile) {
    const id = `${sg(t)} ${t.characteristic}: ${t.category}`;
    const published = find(
      profile,
      (r) => sg(r) === sg(t) && r.characteristic === t.characteristic && r.category === t.category,
    );
    a.cell(id, t.patients, num(published?.patients));
    const group = `${sg(t)}\u0000${t.characteristic}`;
    characteristics.set(group, [...(characteristics.get(group) ?? []), id]);
  }
  for (const [group, parts] of characteristics) {
    const [subgroup, characteristic] = group.split("\u0000") as [string, string];
    a.relate(`${subgroup} ${characteristic}`, `${subgroup} patients`, parts);
    if (characteristic === "Lines of therapy") {
      const at = (c: string) => `${subgroup} Lines of therapy: ${c}`;
      a.relate(`${subgroup} treated`, `${subgroup} treated`, ["1", "2", "3", "4 or more"].map(at));
      a.relate(`${subgroup} line 2`, `${subgroup} reached_line2`, ["2", "3", "4 or more"].map(at));
    }
  }
  // Advanced dates by source add up to the cohort.
  a.relate(
    "advanced dates",
    "all=all patients",
    truth.indexDates.map((t) => {
      const id = `advanced date ${t.source} ${t.inferred}`;
      const published = find(indexDates, (r) => r.source === t.source && Boolean(r.inferred) === t.inferred);
      a.cell(id, t.patients, num(published?.patients));
      return id;
    }),
  );
  // Sankey: per subgroup and node type, each node's in-links and out-links add up to it; line 1 nodes to the
  // treated, line 2 nodes to those reaching line 2; "later lines" after line 3 to those with 4 or more lines.
  const nodes = new Map<string, { inbound: string[]; outbound: string[] }>();
  const node = (id: string) => nodes.get(id) ?? (nodes.set(id, { inbound: [], outbound: [] }), nodes.get(id)!);
  const byLine = new Map<string, string[]>();
  for (const t of truth.links) {
    const id = `${sg(t)} ${t.key} ${t.source} -> ${t.target}`;
    const published = find(
      links,
      (r) => sg(r) === sg(t) && r.key === t.key && r.source === t.source && r.target === t.target,
    );
    a.cell(id, t.patients, num(published?.patients));
    node(`${sg(t)} ${t.key} ${t.source}`).outbound.push(id);
    if (/^L\d /.test(t.target)) node(`${sg(t)} ${t.key} ${t.target}`).inbound.push(id);
    else if (t.target === "later lines") {
      const group = `${sg(t)}\u0000${t.key}\u0000later`;
      byLine.set(group, [...(byLine.get(group) ?? []), id]);
    }
  }
  for (const [id, n] of nodes) {
    const total = `${id} (node)`;
    const sum = (ids: string[]) => ids.reduce((s, l) => s + a.truth.get(l)!, 0);
    a.cell(total, sum(n.outbound), null);
    a.relate(`${id} out`, total, n.outbound);
    a.relate(`${id} in`, total, n.inbound);
    const m = /^(.*) (regimen_class|regimen_label) L(\d) /.exec(id);
    if (m && Number(m[3]) <= 2) {
      const group = `${m[1]}\u0000${m[2]}\u0000${m[3]}`;
      byLine.set(group, [...(byLine.get(group) ?? []), total]);
    }
  }
  for (const [group, parts] of byLine) {
    const [subgroup, key, line] = group.split("\u0000") as [string, string, string];
    if (line === "later") a.relate(`${subgroup} ${key} later lines`, `${subgroup} Lines of therapy: 4 or more`, parts);
    else
      a.relate(`${subgroup} ${key} line ${line}`, `${subgroup} ${line === "1" ? "treated" : "reached_line2"}`, parts);
  }
  // Sequences: all of a subgroup add up to its treated; the published `treated` column is that count.
  const bySubgroup = new Map<string, string[]>();
  for (const t of truth.sequences) {
    const id = `${sg(t)} ${t.key} sequence ${t.sequence} ${t.ending}`;
    const published = find(
      sequences,
      (r) => sg(r) === sg(t) && r.key === t.key && r.sequence === t.sequence && r.ending === t.ending,
    );
    a.cell(id, t.patients, num(published?.patients));
    const group = `${sg(t)}\u0000${t.key}`;
    bySubgroup.set(group, [...(bySubgroup.get(group) ?? []), id]);
  }
  for (const [group, parts] of bySubgroup) {
    const [subgroup, key] = group.split("\u0000") as [string, string];
    a.relate(`${subgroup} ${key} sequences`, `${subgroup} treated`, parts);
  }
  for (const r of sequences) {
    const treated = num(r.treated) ?? (num(r.share) ? Math.round(Number(r.patients) / Number(r.share)) : null);
    if (treated !== null && !a.known.has(`${sg(r)} treated`)) a.known.add(`${sg(r)} treated`);
  }
  // Line starts of the primary rule set: line 1 regimens add up to the treated, line 2 to those reaching line 2.
  for (const line of ["line 1", "line 2"]) {
    const rows = lineStart.filter((r) => r.method === "default" && r.line === line);
    const unknown = rows.filter((r) => r.patients === null).length;
    const total = a.known.has(`all=all ${line === "line 1" ? "treated" : "reached_line2"}`)
      ? a.truth.get(`all=all ${line === "line 1" ? "treated" : "reached_line2"}`)!
      : null;
    if (total !== null && unknown >= 1) {
      const gap = total - rows.reduce((n, r) => n + (num(r.patients) ?? 0), 0);
      assert.ok(!(gap >= 1 && gap <= 9), `line starts ${line}: masked regimens = ${gap}`);
    }
  }
  // summary.json: the evaluation's subgroups (histology, biomarker group: the cohort's subgroups) add up to its patients.
  const summary = files.get("summary.json")![0] as {
    evaluations: Record<string, { patients: number | null; subgroups: R[] }>;
  };
  if (truth.evaluation) {
    const published = summary.evaluations.default!;
    a.cell("evaluation patients", truth.evaluation.patients, published.patients);
    a.relate("evaluation = cohort", "all=all patients", ["evaluation patients"]);
    const variables = new Map<string, string[]>();
    for (const g of truth.evaluation.subgroups) {
      const id = `evaluation ${g.variable}=${g.value}`;
      const row = published.subgroups.find((r) => r.variable === g.variable && r.value === g.value);
      a.cell(id, g.patients, num(row?.patients));
      variables.set(g.variable, [...(variables.get(g.variable) ?? []), id]);
      const size = `${sg({ dimension: g.variable, value: g.value })} patients`;
      if (a.truth.get(size) === g.patients) a.relate(`${id} = overview`, size, [id]);
    }
    for (const [variable, parts] of variables) a.relate(`evaluation ${variable}`, "evaluation patients", parts);
  }
  // Every count of a dimension's subgroups adds up to the same count of the whole cohort.
  const dims = new Map<string, string[]>();
  for (const [id, s] of subgroups)
    if (s.dimension !== "all") dims.set(s.dimension, [...(dims.get(s.dimension) ?? []), id]);
  const signatures = new Map<string, Set<string>>();
  for (const id of a.truth.keys()) {
    const [subgroup, ...rest] = id.split(" ");
    const signature = rest.join(" ");
    signatures.set(signature, (signatures.get(signature) ?? new Set()).add(subgroup!));
  }
  for (const [signature, has] of signatures) {
    if (!has.has("all=all") || signature.includes("regimen_label")) continue;
    for (const [dimension, ids] of dims)
      a.relate(
        `${dimension} ${signature}`,
        `all=all ${signature}`,
        ids.filter((id) => has.has(id)).map((id) => `${id} ${signature}`),
      );
  }
  assert.ok(a.relations.length > 500, `relations tried: ${a.relations.length}`);
  assert.deepEqual(a.leaks(), []);
  // The attack had something to work on: counts of 1 to 9 exist behind the files.
  assert.ok([...a.truth.values()].some((v) => v >= 1 && v <= 9));
});

test("survival files: numbers at risk and group sizes rounded to 10; curves at whole months, each drop of 10 events or more", () => {
  type R = Record<string, unknown>;
  for (const r of files.get("survival-at-risk.parquet") as R[])
    assert.ok(r.n_risk === null || Number(r.n_risk) % 10 === 0, `at risk ${String(r.n_risk)}`);
  for (const r of files.get("survival-groups.parquet") as R[]) {
    assert.ok(Number(r.patients) % 10 === 0 && Number(r.patients) >= 10, `group of ${String(r.patients)}`);
    assert.ok(r.events === null || Number(r.events) % 10 === 0, `events ${String(r.events)}`);
  }
  const curves = files.get("survival-curves.parquet") as R[];
  assert.ok(curves.length > 0);
  for (const r of curves) assert.ok(Number.isInteger(Number(r.time)) && r.censored === false);
});
