// A Parquet lines file is read as text cells, in file order, with nulls kept apart
// from empty texts, whatever its cells hold: also when a cell holds the separator or
// the null mark that the fast path joins rows with (then read cell by cell).
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { openDuckSession, sqlString, type DuckSession } from "../../../loaders/duckdb/session.js";
import { readTextCells } from "../../../loaders/evaluate/read-lines-file.js";

let root: string;
let session: DuckSession;
before(async () => {
  root = await mkdtemp(join(tmpdir(), "lotluca-read-lines-"));
  session = await openDuckSession({ threads: 2 });
});
after(async () => {
  session.close();
  await rm(root, { recursive: true, force: true });
});

async function parquetOf(name: string, rows: string): Promise<string> {
  const file = join(root, `${name}.parquet`);
  await session.run(`COPY (${rows}) TO ${sqlString(file)} (FORMAT parquet, ROW_GROUP_SIZE 2048)`);
  return file;
}

const HEADER = ["patient_id", "line_number", "start_date", "molecules", "note"];
const typedRows = (note: string) =>
  `SELECT 'P' || lpad(CAST(i AS VARCHAR), 6, '0') AS patient_id, (i % 4 + 1)::INTEGER AS line_number, ` +
  `DATE '2020-01-01' + (i % 400)::INTEGER AS start_date, ` +
  `CASE i % 3 WHEN 0 THEN 'carboplatin+pemetrexed' WHEN 1 THEN NULL ELSE '' END AS molecules, ${note} AS note ` +
  `FROM range(10000) t(i) ORDER BY i`;

function expectedRow(i: number, note: string | null): (string | null)[] {
  const day = new Date(Date.UTC(2020, 0, 1) + (i % 400) * 86_400_000).toISOString().slice(0, 10);
  const molecules = [`carboplatin+pemetrexed`, null, ""][i % 3]!;
  return [`P${String(i).padStart(6, "0")}`, String((i % 4) + 1), day, molecules, note];
}

test("Parquet cells as text: order, nulls, empty texts, dates and integers", async () => {
  const file = await parquetOf("plain", typedRows(`CASE WHEN i % 5 = 0 THEN NULL ELSE 'a,"b";c' END`));
  const { header, rows } = await readTextCells(session, file);
  assert.deepEqual(header, HEADER);
  assert.equal(rows.length, 10_000);
  for (const i of [0, 1, 2, 3, 4, 5, 2047, 2048, 9999]) {
    assert.deepEqual(rows[i], expectedRow(i, i % 5 === 0 ? null : 'a,"b";c'), `row ${i}`);
  }
});

test("cells holding the row separator or the null mark are read cell by cell, unchanged", async () => {
  for (const mark of ["\u001f", "\u0015"]) {
    const note = `x${mark}y`;
    const file = await parquetOf(
      `mark-${mark.charCodeAt(0)}`,
      typedRows(`CASE WHEN i = 7 THEN ${sqlString(note)} END`),
    );
    const { header, rows } = await readTextCells(session, file);
    assert.deepEqual(header, HEADER);
    assert.equal(rows.length, 10_000);
    assert.deepEqual(rows[7], expectedRow(7, note));
    assert.deepEqual(rows[8], expectedRow(8, null));
  }
});
