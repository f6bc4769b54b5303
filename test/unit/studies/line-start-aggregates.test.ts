// The published line-start aggregates: small regimens pooled, and the pool
// raised to 10 or more with the smallest regimens (else its count would be the
// line's total minus the regimens shown), medians only for groups of 10 or more.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { analysisRowsOfPatient, type AnalysisRow } from "../../../core/studies/analysis-table.js";
import { kaplanMeier } from "../../../core/statistics/kaplan-meier.js";
import { lineStartAggregates, OTHER_REGIMENS } from "../../../loaders/studies/line-start-aggregates.js";

const previous = process.env.LOTLUCA_BUILD;
after(() => {
  if (previous === undefined) delete process.env.LOTLUCA_BUILD;
  else process.env.LOTLUCA_BUILD = previous;
});

// By default 25 patients on nivolumab in line 2, 4 on docetaxel, 3 on pemetrexed.
function rows(
  line2: [string, number][] = [
    ["nivolumab", 25],
    ["docetaxel", 4],
    ["pemetrexed", 3],
  ],
): AnalysisRow[] {
  const out: AnalysisRow[] = [];
  const regimens = line2.flatMap(([m, n]) => Array.from({ length: n }, () => [m]));
  for (let i = 0; i < regimens.length; i++) {
    const regimen = regimens[i]!;
    const start = 18_000 + i;
    out.push(
      ...analysisRowsOfPatient(
        "default",
        {
          patientId: `P${i}`,
          centerId: null,
          birthYear: 1950,
          sex: "F",
          histology: null,
          markers: {},
          pdl1Tps: null,
          ecog: null,
          advancedDate: null,
          deathDate: i % 3 === 0 ? null : start + 200 + 11 * i,
          followUpEnd: start + 900,
        },
        [
          { patientId: `P${i}`, lineNumber: 1, startDate: start, endDate: start + 60, molecules: ["carboplatin"] },
          { patientId: `P${i}`, lineNumber: 2, startDate: start + 90, endDate: start + 150, molecules: regimen },
        ],
        null,
      ),
    );
  }
  return out;
}

test("public build: regimens below 10 pooled, the pool raised to 10 with the smallest regimens; KM medians of groups", () => {
  process.env.LOTLUCA_BUILD = "public";
  const r = rows([
    ["nivolumab", 25],
    ["pembrolizumab", 12],
    ["docetaxel", 4],
    ["pemetrexed", 3],
  ]);
  const line2 = lineStartAggregates(r).filter((a) => a.line === "line 2");
  // 4 + 3 = 7 pooled would be 44 - 25 - 12: pembrolizumab (the smallest) joins them.
  assert.deepEqual(
    line2.map((a) => [a.regimen, a.patients]),
    [
      ["nivolumab", 25],
      [OTHER_REGIMENS, 19],
    ],
  );
  const nivo = r.filter((x) => x.line_number === 2 && x.molecules === "nivolumab");
  const km = kaplanMeier(nivo.map((x) => ({ time: x.os_days, event: x.os_event })));
  assert.equal(line2[0]!.os_median, km.median);
  const other = r.filter((x) => x.line_number === 2 && x.molecules !== "nivolumab");
  assert.equal(line2[1]!.os_median, kaplanMeier(other.map((x) => ({ time: x.os_days, event: x.os_event }))).median);
  const line1 = lineStartAggregates(r).filter((a) => a.line === "line 1");
  assert.deepEqual(
    line1.map((a) => [a.regimen, a.patients]),
    [["carboplatin", 44]],
  );
  // No published count of the file is from 1 to 9, and no line's total minus its shown regimens is either.
  for (const a of lineStartAggregates(r)) assert.ok(a.patients === null || a.patients >= 10);
});

test("public build: a line whose only regimen beside the pool is needed to reach 10 is published as one pool", () => {
  process.env.LOTLUCA_BUILD = "public";
  const line2 = lineStartAggregates(rows()).filter((a) => a.line === "line 2");
  // 7 pooled would be 32 (line 1: treated) - 25: all 32 are pooled.
  assert.deepEqual(
    line2.map((a) => [a.regimen, a.patients]),
    [[OTHER_REGIMENS, 32]],
  );
});

test("public build: a line of fewer than 10 patients in all is masked and has no median", () => {
  process.env.LOTLUCA_BUILD = "public";
  const line2 = lineStartAggregates(
    rows([
      ["nivolumab", 4],
      ["docetaxel", 3],
    ]),
  ).filter((a) => a.line === "line 2");
  assert.deepEqual(
    line2.map((a) => [a.regimen, a.patients, a.os_median]),
    [[OTHER_REGIMENS, null, null]],
  );
});

test("private build: the same pooling (structural), the counts shown", () => {
  process.env.LOTLUCA_BUILD = "private";
  const line2 = lineStartAggregates(
    rows([
      ["nivolumab", 4],
      ["docetaxel", 3],
    ]),
  ).filter((a) => a.line === "line 2");
  assert.equal(line2.find((a) => a.regimen === OTHER_REGIMENS)!.patients, 7);
});
