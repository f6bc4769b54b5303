/**
 * Benchmark of the learned model: simulate and ingest 5,000 realistic + 5,000
 * hard training patients (seeds 1001, 1002), then time `trainModel` on the
 * 10,000 (target: under 5 minutes, without cross-validation) and the learned
 * reconstruction's throughput (patients/s, events in memory).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadLearnedModel } from "../core/learning/learned-model.js";
import { reconstructLearned } from "../core/learning/reconstruct-learned.js";
import { ingestDataset } from "../loaders/ingest/ingest.js";
import { readLabelledCohort, type LabelledCohort } from "../loaders/learning/labelled-cohort.js";
import { trainModel } from "../loaders/learning/train-model.js";
import { loadRuleSet } from "../loaders/rules/load-rule-set.js";
import { simulateDataset } from "./cli-child.js";
import type { Benchmark } from "./run.js";

async function cohort(dir: string, seed: number, profile: string, patients: number): Promise<LabelledCohort> {
  const data = join(dir, `data-${seed}`);
  const work = join(dir, `work-${seed}`);
  simulateDataset(data, patients, { seed, profile });
  await ingestDataset(data, work);
  return readLabelledCohort(data, work);
}

export const learningBenchmark: Benchmark = {
  name: "learning",
  description: "training the learned model on 10,000 patients (target < 5 min) and learned reconstruction throughput",
  async run(flags) {
    const per = flags.includes("--full") ? 10_000 : 5_000;
    const dir = mkdtempSync(join(tmpdir(), "lotluca-bench-learning-"));
    try {
      const cohorts = [await cohort(dir, 1001, "realistic", per), await cohort(dir, 1002, "hard", per)];
      const rules = loadRuleSet("default", []);
      const started = performance.now();
      const json = trainModel(cohorts, rules, { folds: 0 });
      const seconds = (performance.now() - started) / 1000;
      process.stdout.write(
        `train: ${json.training.patients} patients, ${json.training.boundarySamples} decision points, ` +
          `${json.training.compositionSamples} lines with séances: ${seconds.toFixed(1)} s (target < 300 s)\n`,
      );
      const model = loadLearnedModel(json);
      const events = cohorts.flatMap((c) => c.events);
      const t = performance.now();
      for (const e of events) reconstructLearned(e, model);
      const s = (performance.now() - t) / 1000;
      process.stdout.write(
        `learned reconstruction: ${events.length} patients in ${s.toFixed(1)} s (${Math.round(events.length / s)} patients/s)\n`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
