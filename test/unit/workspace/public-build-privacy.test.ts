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
  try {
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
    ingest: { counts: R; dataQuality: { advancedDateBySource: R }; accounting: { tables: R[] } };
    evaluations: Record<string, { patients: number; errorKinds: R[] }>;
  };
  for (const t of summary.ingest.accounting.tables)
    check(`summary ${t.table}`, n(t.rowsRead), [n(t.used), n(t.mergedDuplicates), n(t.rejected), n(t.outOfScope)]);
  check(
    "summary advanced date sources",
    n(summary.ingest.counts.patients),
    Object.values(summary.ingest.dataQuality.advancedDateBySource).map(n),
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
