/**
 * Property: whatever cells are corrupted, every row read is either valid or
 * rejected (rowsRead = rowsValid + rowsRejected), the rejected rows are exactly
 * the corrupted ones, and each corrupted cell is reported once with its value.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { openDataset, rejectionsQuery, tablesOf } from "../../../loaders/dataset/index.js";
import { minimalDataset, workspace, writeCsvDataset, writeParquetTable, type FixtureTable } from "./fixture.js";

/** Corruptions that break a column of ODH_DRUG_ADMIN, with the reason each must give. */
const CORRUPTIONS: { column: string; value: string | null; reason: string }[] = [
  { column: "admin_date", value: "2021-02-30", reason: "bad_date" },
  { column: "admin_date", value: "03/14/2021", reason: "bad_date" },
  { column: "admin_date", value: "2021/01/01", reason: "bad_date" },
  { column: "admin_date", value: null, reason: "null_required" },
  { column: "patient_id", value: null, reason: "null_required" },
  { column: "drug_label", value: " ", reason: "null_required" },
  { column: "route", value: "iv", reason: "not_allowed" },
  { column: "route", value: "ORAL", reason: "not_allowed" },
];

const COLUMNS = ["patient_id", "admin_date", "drug_label", "ucd7", "atc", "route"];

const validRow = fc.tuple(
  fc.stringMatching(/^P[0-9]{1,4}$/),
  fc.oneof(
    fc
      .date({ min: new Date("2015-01-01"), max: new Date("2024-12-31"), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10)),
    fc
      .date({ min: new Date("2015-01-01"), max: new Date("2024-12-31"), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10).split("-").reverse().join("/")),
  ),
  fc.string({ minLength: 1, maxLength: 12 }).filter((s) => s.trim() !== "" && !/[\r\n]/.test(s)),
  fc.option(fc.stringMatching(/^[0-9]{7}$/), { nil: null }),
  fc.option(fc.constantFrom("L01FF02", "L01BA04"), { nil: null }),
  fc.option(fc.constantFrom("IV", "PO", "SC"), { nil: null }),
);

const caseArbitrary = fc.record({
  rows: fc.array(validRow, { minLength: 0, maxLength: 25 }),
  corruptions: fc.array(fc.tuple(fc.nat(), fc.nat({ max: CORRUPTIONS.length - 1 })), { maxLength: 10 }),
  delimiter: fc.constantFrom(",", ";") as fc.Arbitrary<"," | ";">,
  bom: fc.boolean(),
  parquet: fc.boolean(),
});

test("rows read = valid + rejected, and the rejected rows are exactly the corrupted ones", async () => {
  await fc.assert(
    fc.asyncProperty(caseArbitrary, async ({ rows, corruptions, delimiter, bom, parquet }) => {
      const table: FixtureTable = { columns: COLUMNS, rows: rows.map((r) => [...r]) };
      // apply corruptions; several on one row or one cell: the last one on a cell wins
      const applied = new Map<string, (typeof CORRUPTIONS)[number]>();
      if (rows.length > 0) {
        for (const [rowPick, which] of corruptions) {
          const corruption = CORRUPTIONS[which]!;
          const row = rowPick % rows.length;
          table.rows[row]![COLUMNS.indexOf(corruption.column)] = corruption.value;
          applied.set(`${row + 1}:${corruption.column}`, corruption);
        }
      }
      const w = await workspace();
      try {
        const { ODH_DRUG_ADMIN: _unused, ...rest } = minimalDataset();
        await writeCsvDataset(w.dir, rest, { delimiter, bom });
        if (parquet) await writeParquetTable(w.session, w.dir, "ODH_DRUG_ADMIN.parquet", table);
        else await writeCsvDataset(w.dir, { ODH_DRUG_ADMIN: table }, { delimiter, bom });
        const ds = await openDataset(w.dir, w.session);
        for (const t of ds.tables) assert.equal(t.rowsRead, t.rowsValid + t.rowsRejected, t.physicalName);
        const admin = tablesOf(ds, "ODH_DRUG_ADMIN")[0]!;
        assert.equal(admin.rowsRead, rows.length);
        const badRows = new Set([...applied.keys()].map((k) => Number(k.split(":")[0])));
        assert.equal(admin.rowsRejected, badRows.size);
        const found = await w.session.all(rejectionsQuery(ds, "ODH_DRUG_ADMIN"));
        const actual = found.map((r) => `${Number(r.source_row)}:${String(r.column_name)}:${String(r.reason)}`).sort();
        const expected = [...applied].map(([key, c]) => `${key}:${c.reason}`).sort();
        assert.deepEqual(actual, expected);
        const valid = await w.session.all(`SELECT __row::INT AS r FROM ${admin.typedTable} ORDER BY __row`);
        const expectedValid = rows.map((_, i) => i + 1).filter((r) => !badRows.has(r));
        assert.deepEqual(
          valid.map((v) => v.r),
          expectedValid,
        );
      } finally {
        await w.close();
      }
    }),
    { numRuns: 40 },
  );
});
