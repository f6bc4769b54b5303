// The simulator's fast paths give what the plain code they replaced gave (the files must keep their bytes):
// cached date spellings, table-lookup years and months, weighted draws without entry arrays, CSV rows
// joined from cells.
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { monthOfDay, yearOfDay } from "../../../core/simulation/calendar.js";
import type { DateForm } from "../../../core/simulation/observation/contract-v2.js";
import type { Row } from "../../../core/simulation/observation/table-rows.js";
import { Rng } from "../../../core/simulation/random.js";
import { formatDay } from "../../../core/time/day.js";
import { CsvRowFormatter } from "../../../loaders/simulate/csv-table-writer.js";
import { formatDate } from "../../../loaders/simulate/date-forms.js";

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const FORMS: readonly DateForm[] = ["iso", "sas_date", "sas_datetime", "ddmmyyyy"];

/** The spelling of a form from the ISO date, written independently of date-forms.ts. */
function spelled(day: number, form: DateForm): string {
  const iso = new Date(day * 86_400_000).toISOString().slice(0, 10);
  const [y, m, d] = iso.split("-") as [string, string, string];
  if (form === "iso") return iso;
  if (form === "ddmmyyyy") return d + m + y;
  return d + MONTHS[Number(m) - 1]! + y + (form === "sas_datetime" ? ":00:00:00" : "");
}

// 1600-01-01 (the SNDS missing date) and days around both ends of the cache (1960-2069).
const days = fc.oneof(
  fc.integer({ min: -135_140, max: 60_000 }),
  fc.constantFrom(-135_140, -3654, -3653, 36_524, 36_525),
);

test("formatDate: every form of every day, cached or not, twice in a row", () => {
  fc.assert(
    fc.property(days, fc.constantFrom(...FORMS), (day, form) => {
      assert.equal(formatDate(day, form), spelled(day, form));
      assert.equal(formatDate(day, form), spelled(day, form));
    }),
    { numRuns: 3000 },
  );
  assert.equal(formatDate(-135_140, "sas_datetime"), "01JAN1600:00:00:00");
  assert.equal(formatDate(17_484, "sas_date"), "14NOV2017");
});

test("yearOfDay and monthOfDay agree with the calendar, inside and outside their table", () => {
  fc.assert(
    fc.property(days, (day) => {
      const iso = formatDay(day);
      assert.equal(yearOfDay(day), Number(iso.slice(0, 4)));
      assert.equal(monthOfDay(day), Number(iso.slice(5, 7)));
    }),
    { numRuns: 3000 },
  );
});

/** The weighted draw as it was written before (Object.entries). */
function weightedBefore(rng: Rng, weights: Record<string, number>): string {
  const entries = Object.entries(weights);
  let total = 0;
  for (const [, w] of entries) total += w;
  let u = rng.uniform() * total;
  for (const [key, w] of entries) {
    u -= w;
    if (u < 0) return key;
  }
  return entries[entries.length - 1]![0];
}

test("Rng.weighted draws the key the entries-based draw drew, integer-like keys included", () => {
  const keys = fc.oneof(fc.constantFrom("1", "2", "10", "a", "b", "none", "egfr"), fc.string({ minLength: 1 }));
  fc.assert(
    fc.property(
      fc.dictionary(keys, fc.oneof(fc.constant(0), fc.double({ min: 0, max: 5, noNaN: true })), { minKeys: 1 }),
      fc.integer({ min: 0, max: 1e6 }),
      (weights, seed) => {
        const a = new Rng(seed, 3, 1);
        const b = new Rng(seed, 3, 1);
        for (let i = 0; i < 20; i++) assert.equal(a.weighted(weights), weightedBefore(b, weights));
      },
    ),
    { numRuns: 500 },
  );
});

/** CSV as the writer wrote it before: cells concatenated one by one, quoted where needed. */
function csvBefore(rows: readonly Row[], types: readonly string[], forms: readonly DateForm[]): string {
  let text = "";
  for (const row of rows) {
    let line = "";
    row.forEach((value, i) => {
      if (i > 0) line += ",";
      if (value === null) return;
      if (types[i] === "date") line += spelled(value as number, forms[i]!);
      else if (typeof value === "string") line += /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
      else line += String(value);
    });
    text += line + "\n";
  }
  return text;
}

test("CsvRowFormatter.rows: the text of the cell-by-cell writer, quotes, nulls, dates in their form", () => {
  // ODH_DRUG_ADMIN (version 1): patient_id admin_date:date drug_label ucd7 atc route
  const formatter = new CsvRowFormatter({ version: 2, dateForm: () => "sas_date" });
  const text = fc.oneof(fc.string(), fc.constantFrom('a "b"', "x,y", "line\nbreak", "é", ""));
  const row = fc.tuple(
    text,
    fc.integer({ min: -135_140, max: 40_000 }),
    fc.option(text),
    fc.option(text),
    fc.option(text),
    fc.option(text),
  );
  fc.assert(
    fc.property(fc.array(row, { maxLength: 20 }), (rows) => {
      const types = ["string", "date", "string", "string", "string", "string"];
      const forms: DateForm[] = ["iso", "sas_date", "iso", "iso", "iso", "iso"];
      assert.equal(formatter.rows("ODH_DRUG_ADMIN", rows as Row[]), csvBefore(rows as Row[], types, forms));
      assert.deepEqual(
        formatter.bytes("ODH_DRUG_ADMIN", rows as Row[]),
        new TextEncoder().encode(csvBefore(rows as Row[], types, forms)),
      );
    }),
    { numRuns: 300 },
  );
});
