// The published line-start aggregates: small regimens pooled, counts below 10
// masked in the public build, medians only for groups of 10 or more.
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

// 25 patients on nivolumab in line 2, 4 on docetaxel, 3 on pemetrexed (7 pooled: masked in public).
function rows(): AnalysisRow[] {
  const out: AnalysisRow[] = [];
  for (let i = 0; i < 32; i++) {
    const regimen = i < 25 ? ["nivolumab"] : i < 29 ? ["docetaxel"] : ["pemetrexed"];
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

test("public build: regimens below 10 pooled, their count masked, no median; others published with KM medians", () => {
  process.env.LOTLUCA_BUILD = "public";
  const r = rows();
  const line2 = lineStartAggregates(r).filter((a) => a.line === "line 2");
  assert.deepEqual(
    line2.map((a) => [a.regimen, a.patients]),
    [
      ["nivolumab", 25],
      [OTHER_REGIMENS, null],
    ],
  );
  const nivo = r.filter((x) => x.line_number === 2 && x.molecules === "nivolumab");
  const km = kaplanMeier(nivo.map((x) => ({ time: x.os_days, event: x.os_event })));
  assert.equal(line2[0]!.os_median, km.median);
  assert.equal(line2[1]!.os_median, null);
  const line1 = lineStartAggregates(r).filter((a) => a.line === "line 1");
  assert.deepEqual(
    line1.map((a) => [a.regimen, a.patients]),
    [["carboplatin", 32]],
  );
});

test("private build: the pooled count is shown", () => {
  process.env.LOTLUCA_BUILD = "private";
  const line2 = lineStartAggregates(rows()).filter((a) => a.line === "line 2");
  assert.equal(line2.find((a) => a.regimen === OTHER_REGIMENS)!.patients, 7);
});
