// Scoring against hand-computed values: gold vs itself, and known perturbations
// that must move exactly the metrics they should.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { comparePatient, matchBoundaries, type EvaluationPatient } from "../../../core/evaluation/compare.js";
import { jaccard, moleculesEqual } from "../../../core/evaluation/molecule-sets.js";
import {
  evaluateComparisons,
  metricValues,
  pairedDifferences,
  prepareFrame,
  sortedObservations,
  weightedKmMedian,
} from "../../../core/evaluation/score.js";
import type { LineRecord } from "../../../core/lines/line-record.js";
import { kaplanMeier } from "../../../core/statistics/kaplan-meier.js";
import { parseIsoDay } from "../../../core/time/day.js";

const d = (iso: string) => parseIsoDay(iso)!;
const line = (
  patientId: string,
  n: number,
  start: string,
  molecules: string,
  end: string | null = null,
): LineRecord => ({
  patientId,
  lineNumber: n,
  startDate: d(start),
  endDate: end === null ? null : d(end),
  molecules: molecules.split(";"),
});

// Four patients: A two lines, B one line, C three lines, D none (never treated).
const patients: EvaluationPatient[] = ["A", "B", "C", "D"].map((id) => ({
  patientId: id,
  deathDate: id === "B" ? d("2021-01-01") : null,
  followUpEnd: id === "B" ? d("2021-01-01") : d("2023-12-31"),
  histology: "adenocarcinoma",
  biomarkerGroup: "no_driver",
}));
const GOLD: LineRecord[] = [
  line("A", 1, "2020-01-01", "carboplatin;pembrolizumab;pemetrexed"),
  line("A", 2, "2020-09-01", "docetaxel"),
  line("B", 1, "2020-03-01", "osimertinib"),
  line("C", 1, "2019-01-01", "carboplatin;paclitaxel"),
  line("C", 2, "2019-06-01", "nivolumab"),
  line("C", 3, "2020-06-01", "docetaxel;nintedanib"),
];

function evaluate(pred: LineRecord[], replicates = 50) {
  const comparisons = patients.map((p) =>
    comparePatient(
      p,
      GOLD.filter((l) => l.patientId === p.patientId),
      pred.filter((l) => l.patientId === p.patientId),
    ),
  );
  const result = evaluateComparisons(comparisons, { replicates, seed: 7 });
  const value = Object.fromEntries(result.metrics.map((m) => [m.id, m.value]));
  return { comparisons, result, value };
}

const renumber = (lines: LineRecord[]) => {
  const byPatient = new Map<string, LineRecord[]>();
  for (const l of lines) byPatient.set(l.patientId, [...(byPatient.get(l.patientId) ?? []), l]);
  return [...byPatient.values()].flatMap((ls) =>
    ls.sort((a, b) => a.startDate - b.startDate).map((l, i) => ({ ...l, lineNumber: i + 1 })),
  );
};

describe("gold against itself", () => {
  test("every metric is perfect and the CIs collapse", () => {
    const { value, result } = evaluate(GOLD);
    for (const id of [
      "patient_exact",
      "patient_exact_strict",
      "line_count_agreement",
      "line1_regimen_match",
      "line2_regimen_match",
      "mean_jaccard",
      "start_within_7_days",
      "start_within_30_days",
      "boundary_precision",
      "boundary_recall",
      "boundary_f1",
    ]) {
      assert.equal(value[id], 1, id);
    }
    assert.equal(value.start_error_median_days, 0);
    assert.equal(value.ttnt_median_difference_days, 0);
    const exact = result.metrics.find((m) => m.id === "patient_exact")!;
    assert.deepEqual([exact.lower, exact.upper], [1, 1]);
    assert.deepEqual(result.errorKinds, [{ kind: "agree", patients: 4 }]);
  });
});

describe("perturbations", () => {
  test("drop line 2 of patient A: exact 3/4, count 3/4, line-2 match 1/2, Jaccard 5/6, recall 5/6, precision 1", () => {
    const { value, comparisons } = evaluate(GOLD.filter((l) => !(l.patientId === "A" && l.lineNumber === 2)));
    assert.equal(value.patient_exact, 3 / 4);
    assert.equal(value.line_count_agreement, 3 / 4);
    assert.equal(value.line1_regimen_match, 1);
    assert.equal(value.line2_regimen_match, 1 / 2);
    assert.equal(value.mean_jaccard, 5 / 6);
    assert.equal(value.boundary_precision, 1);
    assert.equal(value.boundary_recall, 5 / 6);
    assert.equal(value.boundary_f1, (2 * 1 * (5 / 6)) / (1 + 5 / 6));
    assert.equal(value.start_within_30_days, 1, "the remaining lines still start on time");
    assert.equal(comparisons[0]!.errorKind, "missed_lines");
  });

  test("shift every start by 10 days: exact agreement unchanged, within-7 falls to 0, median error 10", () => {
    const shifted = GOLD.map((l) => ({ ...l, startDate: l.startDate + 10 }));
    const { value } = evaluate(shifted);
    assert.equal(value.patient_exact, 1);
    assert.equal(value.start_within_7_days, 0);
    assert.equal(value.start_within_30_days, 1);
    assert.equal(value.start_error_median_days, 10);
    assert.equal(value.boundary_f1, 1, "10 days is within the 30-day boundary tolerance");
    assert.equal(value.ttnt_median_difference_days, 0, "TTNT is a difference of starts: a common shift cancels out");
  });

  test("swap carboplatin for cisplatin: equal under the equivalence, not strictly", () => {
    const swapped = GOLD.map((l) => ({
      ...l,
      molecules: l.molecules.map((m) => (m === "carboplatin" ? "cisplatin" : m)).sort(),
    }));
    const { value } = evaluate(swapped);
    assert.equal(value.patient_exact, 1);
    assert.equal(value.patient_exact_strict, 2 / 4, "A and C hold carboplatin");
    assert.equal(value.line1_regimen_match_strict, 1 / 3);
    assert.equal(value.mean_jaccard, 1);
    // A line 1: {carbo, pembro, pem} vs {cis, pembro, pem} = 2/4; C line 1: {carbo, pacli} vs {cis, pacli} = 1/3.
    assert.equal(value.mean_jaccard_strict, (4 + 2 / 4 + 1 / 3) / 6);
  });

  test("merge C's lines 1 and 2 into one: C disagrees, its line 2 gets line 3's drugs", () => {
    const merged = renumber([
      ...GOLD.filter((l) => l.patientId !== "C"),
      line("C", 1, "2019-01-01", "carboplatin;nivolumab;paclitaxel"),
      line("C", 2, "2020-06-01", "docetaxel;nintedanib"),
    ]);
    const { value, comparisons } = evaluate(merged);
    assert.equal(value.patient_exact, 3 / 4);
    assert.equal(value.line_count_agreement, 3 / 4);
    assert.equal(value.line1_regimen_match, 2 / 3);
    assert.equal(value.line2_regimen_match, 1 / 2);
    // C: line 1 Jaccard 2/3, line 2 {nivolumab} vs {docetaxel, nintedanib} = 0, line 3 missing = 0.
    assert.equal(value.mean_jaccard, (3 + 2 / 3) / 6);
    // Boundaries: C's predicted starts 2019-01-01 and 2020-06-01 both match gold starts: precision 1, recall 5/6.
    assert.equal(value.boundary_precision, 1);
    assert.equal(value.boundary_recall, 5 / 6);
    // Matched lines: 5 (A 2, B 1, C 2); C line 2 starts 366 days off.
    assert.equal(value.start_within_30_days, 4 / 5);
    assert.equal(comparisons[2]!.errorKind, "missed_lines");
  });

  test("an extra predicted line for the untreated patient D", () => {
    const { value, comparisons } = evaluate([...GOLD, line("D", 1, "2021-01-01", "chemotherapy")]);
    assert.equal(value.patient_exact, 3 / 4);
    assert.equal(value.boundary_precision, 6 / 7);
    assert.equal(value.boundary_recall, 1);
    assert.equal(comparisons[3]!.errorKind, "extra_lines");
  });
});

describe("building blocks", () => {
  test("molecule sets: equivalences, placeholders, Jaccard", () => {
    assert.ok(moleculesEqual(["cisplatin", "pemetrexed"], ["carboplatin", "pemetrexed"]));
    assert.ok(!moleculesEqual(["cisplatin", "pemetrexed"], ["carboplatin", "pemetrexed"], true));
    assert.ok(moleculesEqual(["nab-paclitaxel"], ["paclitaxel"]));
    assert.ok(!moleculesEqual(["chemotherapy"], ["carboplatin"]));
    assert.ok(!moleculesEqual(["investigational"], ["chemotherapy"]));
    assert.equal(jaccard(["a", "b"], ["b", "c"]), 1 / 3);
    assert.equal(jaccard([], []), 1);
  });

  test("boundary matching is one-to-one, closest first", () => {
    // Gold 0 and 40; predicted 25 and 35: 35 pairs with 40 (5 days), 25 with 0 (25 days).
    assert.equal(matchBoundaries([0, 40], [25, 35]), 2);
    // Gold 0; predicted -20 and 10: only one can match.
    assert.equal(matchBoundaries([0], [-20, 10]), 1);
    assert.equal(matchBoundaries([0], [31]), 0);
  });

  test("the weighted KM median equals core/statistics' median with unit weights", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ time: fc.integer({ min: 0, max: 50 }), event: fc.boolean() }), {
          minLength: 1,
          maxLength: 60,
        }),
        (obs) => {
          const sorted = sortedObservations(obs.map((o, i) => ({ obs: o, patient: i })));
          assert.equal(weightedKmMedian(sorted, null), kaplanMeier(obs).median);
          // A weight of 2 equals listing the patient twice.
          const weights = new Float64Array(obs.length).fill(2);
          assert.equal(weightedKmMedian(sorted, weights), kaplanMeier([...obs, ...obs]).median);
        },
      ),
    );
  });

  test("the bootstrap is seeded: same seed, same CIs; paired difference of a method with itself is 0", () => {
    const pred = GOLD.filter((l) => l.lineNumber === 1);
    const a = evaluate(pred, 100).result.metrics;
    const b = evaluate(pred, 100).result.metrics;
    assert.deepEqual(a, b);
    const { comparisons } = evaluate(pred, 10);
    const diffs = pairedDifferences(comparisons, comparisons, { replicates: 50, seed: 3 });
    for (const x of diffs) if (x.difference !== null) assert.equal(x.difference, 0);
    assert.ok(!diffs.some((x) => x.significant));
    assert.equal(metricValues(prepareFrame(comparisons)).patient_exact, 2 / 4, "B and D agree; A and C miss lines");
  });
});

describe("molecule agreement", () => {
  test("moleculeAgreement equals moleculesEqual and jaccard, scoring and strict", async () => {
    const { moleculeAgreement } = await import("../../../core/evaluation/molecule-sets.js");
    const names = ["carboplatin", "cisplatin", "paclitaxel", "nab-paclitaxel", "pemetrexed", "chemotherapy"];
    const list = fc.array(fc.constantFrom(...names), { maxLength: 5 });
    fc.assert(
      fc.property(list, list, (a, b) => {
        assert.deepEqual(moleculeAgreement(a, b), {
          equal: moleculesEqual(a, b),
          equalStrict: moleculesEqual(a, b, true),
          jaccard: jaccard(a, b),
          jaccardStrict: jaccard(a, b, true),
        });
      }),
      { numRuns: 500 },
    );
  });
});

describe("evaluation paths", () => {
  const cohort = { patients, gold: { lines: GOLD } };
  const pred = [
    ...GOLD.filter((l) => !(l.patientId === "C" && l.lineNumber === 3)),
    line("D", 1, "2021-01-01", "docetaxel", "2021-03-01"),
  ];

  test("the streaming plan (comparisons not kept) gives the same evaluation as evaluatePredictions", async () => {
    const { evaluatePredictions, planCohortEvaluation } = await import("../../../core/evaluation/evaluate-lines.js");
    const { runEvaluation } = await import("../../../core/evaluation/score.js");
    const options = { replicates: 120, seed: 11 };
    const kept = evaluatePredictions(cohort, { lines: pred }, options).evaluation;
    assert.deepEqual(runEvaluation(planCohortEvaluation(cohort, { lines: pred }, options)), kept);
    assert.ok(kept.subgroups.length > 0, "subgroups are evaluated");
  });

  test("replicates drawn in any split (threads) give the same values", async () => {
    const { planCohortEvaluation } = await import("../../../core/evaluation/evaluate-lines.js");
    const { replicateValues } = await import("../../../core/evaluation/score.js");
    const plan = planCohortEvaluation(cohort, { lines: pred }, { replicates: 90, seed: 5 });
    const whole = replicateValues(plan.frame, plan, 0, 90);
    const parts = [replicateValues(plan.frame, plan, 0, 37), replicateValues(plan.frame, plan, 37, 90)];
    assert.deepEqual(Float64Array.from([...parts[0]!, ...parts[1]!]), whole);
  });

  test("a subgroup's values are those of its patients scored alone (point estimates)", async () => {
    const { evaluatePredictions } = await import("../../../core/evaluation/evaluate-lines.js");
    const mixed = {
      patients: patients.map((p, i) => ({ ...p, histology: i < 2 ? "squamous" : "adenocarcinoma" })),
      gold: { lines: GOLD },
    };
    const all = evaluatePredictions(mixed, { lines: pred }, { replicates: 0 }).evaluation;
    const squamous = all.subgroups.find((s) => s.variable === "histology" && s.value === "squamous")!;
    const alone = evaluatePredictions(
      { patients: mixed.patients.slice(0, 2), gold: { lines: GOLD.filter((l) => "AB".includes(l.patientId)) } },
      { lines: pred.filter((l) => "AB".includes(l.patientId)) },
      { replicates: 0 },
    ).evaluation;
    assert.equal(squamous.patients, 2);
    assert.deepEqual(
      squamous.metrics.map((m) => [m.id, m.value]),
      alone.metrics.map((m) => [m.id, m.value]),
    );
  });
});
