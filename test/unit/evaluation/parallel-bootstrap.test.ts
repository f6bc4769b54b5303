// The bootstrap drawn on worker threads gives exactly the single-threaded evaluation.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { EvaluationPatient } from "../../../core/evaluation/compare.js";
import { planCohortEvaluation } from "../../../core/evaluation/evaluate-lines.js";
import { runEvaluation } from "../../../core/evaluation/score.js";
import type { LineRecord } from "../../../core/lines/line-record.js";
import { runEvaluationInThreads } from "../../../loaders/evaluate/parallel-bootstrap.js";

test("threads change the time, not the numbers", async () => {
  const patients: EvaluationPatient[] = [];
  const gold: LineRecord[] = [];
  const pred: LineRecord[] = [];
  for (let i = 0; i < 300; i++) {
    const patientId = `P${String(i).padStart(4, "0")}`;
    patients.push({
      patientId,
      deathDate: i % 3 === 0 ? 19000 + i : null,
      followUpEnd: 19500,
      histology: ["adenocarcinoma", "squamous"][i % 2]!,
      biomarkerGroup: ["EGFR", "no driver", "untested"][i % 3]!,
    });
    const lines = 1 + (i % 3);
    for (let k = 1; k <= lines; k++) {
      const line = { patientId, lineNumber: k, startDate: 17000 + i + 150 * k, endDate: 17100 + i + 150 * k };
      gold.push({ ...line, molecules: ["docetaxel"] });
      if (!(k === 3 && i % 4 === 0))
        pred.push({
          ...line,
          startDate: line.startDate + (i % 5) * 9,
          molecules: [i % 7 ? "docetaxel" : "chemotherapy"],
        });
    }
  }
  const plan = planCohortEvaluation({ patients, gold: { lines: gold } }, { lines: pred }, { replicates: 64, seed: 3 });
  const single = runEvaluation(plan);
  const threaded = await runEvaluationInThreads(plan, 2, 0);
  assert.deepEqual(threaded, single);
  assert.ok(
    single.metrics.some((m) => m.lower !== null && m.upper !== null && m.lower < m.upper),
    "CIs are not degenerate",
  );
});
