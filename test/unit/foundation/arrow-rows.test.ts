// Arrow -> plain rows: no BigInt reaches a page, dates become Dates, nulls stay null.
import assert from "node:assert/strict";
import { test } from "node:test";
import { tableFromArrays, tableFromIPC, tableToIPC, vectorFromArray, Int64, DateDay, Table } from "apache-arrow";
import { toPlainRows } from "../../../components/arrow-rows.js";

test("64-bit integers become numbers, strings and floats pass through", () => {
  const table = tableFromArrays({
    n: BigInt64Array.from([1n, 2n, 9007199254740991n]),
    label: ["a", "b", "c"],
    share: Float64Array.from([0.5, 0.25, 1]),
  });
  const rows = toPlainRows(table);
  assert.deepEqual(rows, [
    { n: 1, label: "a", share: 0.5 },
    { n: 2, label: "b", share: 0.25 },
    { n: 9007199254740991, label: "c", share: 1 },
  ]);
  for (const row of rows) assert.equal(typeof row.n, "number");
});

test("an integer beyond 2^53 is an error, not a silent rounding", () => {
  const table = tableFromArrays({ n: BigInt64Array.from([9007199254740993n]) });
  assert.throws(() => toPlainRows(table), /beyond exact JavaScript numbers/);
});

test("DATE columns become UTC Dates and nulls stay null", () => {
  const days = vectorFromArray([new Date(Date.UTC(2021, 0, 15)), null], new DateDay());
  const ids = vectorFromArray([1n, null], new Int64());
  const table = new Table({ day: days, id: ids });
  // Round-trip through IPC as DuckDB-WASM results do.
  const rows = toPlainRows(tableFromIPC(tableToIPC(table)));
  assert.equal((rows[0]!.day as Date).toISOString().slice(0, 10), "2021-01-15");
  assert.equal(rows[0]!.id, 1);
  assert.equal(rows[1]!.day, null);
  assert.equal(rows[1]!.id, null);
});
