/**
 * Generates data/reference/snds-schema.csv, the compact table of the real SNDS
 * table and column names and types, from the JSON Table Schema files of the
 * Health Data Hub's public `schema-snds` repository (MPL-2.0; the project's
 * extract lives in ../shared/reference/snds-schema/). One row per column:
 * table (PMSI tables with `aa` for the year), column, type, format, length.
 *
 * Run: `npx tsx loaders/reference/generate-snds-schema.ts [schema folder]`.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));
export const SNDS_SCHEMA_CSV = join(root, "data/reference/snds-schema.csv");
export const DEFAULT_SCHEMA_FOLDER = join(root, "../shared/reference/snds-schema");

interface Field {
  name: string;
  type: string;
  format?: string;
  length?: string;
}

const cell = (v: string) => (/[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

/** The CSV text of every `*.json` schema of `folder`, tables and columns in name order. */
export function sndsSchemaCsv(folder: string): string {
  const lines = ["table,column,type,format,length"];
  const files = readdirSync(folder)
    .filter((f) => f.endsWith(".json"))
    .sort();
  for (const file of files) {
    const table = file.replace(/\.json$/, "");
    const schema = JSON.parse(readFileSync(join(folder, file), "utf8")) as { fields: Field[] };
    const fields = [...schema.fields].sort((a, b) => a.name.localeCompare(b.name));
    for (const f of fields) {
      const format = f.format && f.format !== "default" ? f.format : "";
      lines.push([table, f.name, f.type, format, f.length ?? ""].map(cell).join(","));
    }
  }
  return lines.join("\n") + "\n";
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const folder = process.argv[2] ?? DEFAULT_SCHEMA_FOLDER;
  writeFileSync(SNDS_SCHEMA_CSV, sndsSchemaCsv(folder), "utf8");
  console.log(`wrote ${SNDS_SCHEMA_CSV} from ${folder}`);
}
