// Contract dates: ISO or DD/MM/YYYY, real calendar dates only, never a guess.
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { dayOf, formatDay, parseContractDate, parseIsoDay } from "../../../core/time/day.js";

test("accepts the two contract forms", () => {
  assert.equal(parseContractDate("2021-03-14"), dayOf(2021, 3, 14));
  assert.equal(parseContractDate("14/03/2021"), dayOf(2021, 3, 14));
  assert.equal(parseContractDate(" 2021-03-14 "), dayOf(2021, 3, 14));
  assert.equal(formatDay(0), "1970-01-01");
});

test("rejects everything else, including impossible dates", () => {
  for (const text of [
    "2021-02-30",
    "03/14/2021",
    "2021/03/14",
    "14-03-2021",
    "20210314",
    "2021-3-14",
    "",
    "yesterday",
  ]) {
    assert.equal(parseContractDate(text), undefined, text);
  }
  assert.equal(parseContractDate("29/02/2020"), dayOf(2020, 2, 29));
  assert.equal(parseContractDate("29/02/2021"), undefined);
});

test("format and parse are inverse over 1900-2100", () => {
  fc.assert(
    fc.property(fc.integer({ min: dayOf(1900, 1, 1), max: dayOf(2100, 12, 31) }), (day) => {
      assert.equal(parseIsoDay(formatDay(day)), day);
      const [y, m, d] = formatDay(day).split("-");
      assert.equal(parseContractDate(`${d}/${m}/${y}`), day);
    }),
  );
});
