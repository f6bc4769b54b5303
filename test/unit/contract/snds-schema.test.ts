// Every SNDS table and column the project reads exists, under that name, in the
// official SNDS schema (data/reference/snds-schema.csv, derived from the Health
// Data Hub's schema-snds repository), so the contract cannot drift from it.
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { test } from "node:test";
import { allColumns, CONTRACT_TABLES } from "../../../core/contract/tables.js";
import { splitCsvLine } from "../../../loaders/dataset/csv-header.js";
import {
  DEFAULT_SCHEMA_FOLDER,
  SNDS_SCHEMA_CSV,
  sndsSchemaCsv,
} from "../../../loaders/reference/generate-snds-schema.js";

/** Column names the contract accepts although the real schema has another name: v1 names, listed one by one. */
const LEGACY_ALIASES: Record<string, readonly string[]> = { T_MCOaaMEDATU: ["DELAI"] };

function schema(): Map<string, Map<string, string>> {
  const [, ...lines] = readFileSync(SNDS_SCHEMA_CSV, "utf8").trim().split("\n");
  const tables = new Map<string, Map<string, string>>();
  for (const line of lines) {
    const [table, column, type] = splitCsvLine(line, ",");
    if (!tables.has(table!)) tables.set(table!, new Map());
    tables.get(table!)!.set(column!, type!);
  }
  return tables;
}

const sndsTables = CONTRACT_TABLES.filter((t) => t.family !== "warehouse" && t.family !== "lines");

test("every SNDS table and column of the contract is in the official schema under that name", () => {
  const real = schema();
  assert.ok(sndsTables.length >= 15, "the contract's SNDS tables are checked");
  const missing: string[] = [];
  for (const table of sndsTables) {
    const columns = real.get(table.name);
    if (!columns) {
      missing.push(table.name);
      continue;
    }
    for (const column of allColumns(table)) {
      if (!columns.has(column.name)) missing.push(`${table.name}.${column.name}`);
      for (const alias of column.aliases ?? []) {
        if (!columns.has(alias) && !LEGACY_ALIASES[table.name]?.includes(alias)) {
          missing.push(`${table.name}.${alias} (alias of ${column.name})`);
        }
      }
    }
  }
  assert.deepEqual(missing, []);
});

test("the legacy aliases are really absent from the schema, and used by the contract", () => {
  const real = schema();
  for (const [table, aliases] of Object.entries(LEGACY_ALIASES)) {
    const spec = sndsTables.find((t) => t.name === table)!;
    for (const alias of aliases) {
      assert.equal(real.get(table)?.has(alias), false, `${table}.${alias} is in the schema: not a legacy alias`);
      assert.ok(allColumns(spec).some((c) => c.aliases?.includes(alias)));
    }
  }
});

test("contract dates are dates in the schema (date or datetime), contract numbers are numeric there", () => {
  const real = schema();
  const wrong: string[] = [];
  for (const table of sndsTables) {
    for (const column of allColumns(table)) {
      const type = real.get(table.name)?.get(column.name);
      if (column.type === "date" && !/^date/.test(type ?? "")) wrong.push(`${table.name}.${column.name}: ${type}`);
      if (column.type === "number" && !["number", "integer"].includes(type ?? "")) {
        wrong.push(`${table.name}.${column.name}: ${type}`);
      }
    }
  }
  assert.deepEqual(wrong, []);
});

test("data/reference/snds-schema.csv is the generator's output from the shared schema files", (t) => {
  if (!existsSync(DEFAULT_SCHEMA_FOLDER)) return t.skip("the shared schema-snds extract is not on this machine");
  assert.equal(readFileSync(SNDS_SCHEMA_CSV, "utf8"), sndsSchemaCsv(DEFAULT_SCHEMA_FOLDER));
});
