/**
 * Runs an evaluation's bootstrap on worker threads. Each replicate draws from
 * its own seeded generator, so the values, hence the evaluation, are exactly
 * those of the single-threaded `runEvaluation` (tested); only the time
 * changes. Small cohorts stay on the main thread.
 */
import { availableParallelism } from "node:os";
import type { Worker } from "node:worker_threads";
import {
  completeEvaluation,
  runEvaluation,
  type Evaluation,
  type EvaluationPlan,
} from "../../core/evaluation/score.js";
import { METRIC_DEFINITIONS } from "../../core/evaluation/metric-definitions.js";
import { startTsWorker } from "../threads/ts-worker.js";

/** Below this many patient-replicates, threads cost more than they save. */
const MIN_WORK = 20_000_000;

export function defaultThreads(): number {
  return Math.max(1, Math.min(availableParallelism(), 8));
}

export async function runEvaluationInThreads(
  plan: EvaluationPlan,
  threads = defaultThreads(),
  minWork = MIN_WORK,
): Promise<Evaluation> {
  const { frame, replicates } = plan;
  const workers = Math.min(threads, Math.ceil(replicates / 10));
  if (workers <= 1 || frame.n * replicates < minWork) return runEvaluation(plan);
  const perReplicate = frame.slots.length * METRIC_DEFINITIONS.length;
  const samples = new Float64Array(replicates * perReplicate);
  // Ranges small enough to balance the costlier subgroup replicates (the first ones).
  const chunk = Math.max(5, Math.ceil(replicates / (workers * 8)));
  const ranges: { from: number; to: number }[] = [];
  for (let from = 0; from < replicates; from += chunk) ranges.push({ from, to: Math.min(replicates, from + chunk) });
  const setup = { frame, seed: plan.seed, subgroupReplicates: plan.subgroupReplicates };
  const pool: Worker[] = [];
  try {
    await Promise.all(
      Array.from({ length: workers }, () => {
        const worker = startTsWorker(new URL("./bootstrap-worker.ts", import.meta.url), setup);
        pool.push(worker);
        return new Promise<void>((resolve, reject) => {
          const next = () => {
            const range = ranges.shift();
            if (range) worker.postMessage(range);
            else resolve();
          };
          worker.on("message", ({ from, values }: { from: number; values: Float64Array }) => {
            samples.set(values, from * perReplicate);
            next();
          });
          worker.on("error", reject);
          worker.on("exit", (code) => {
            if (code !== 0) reject(new Error(`bootstrap worker stopped with code ${code}`));
          });
          next();
        });
      }),
    );
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  return completeEvaluation(plan, samples);
}
