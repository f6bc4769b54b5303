/**
 * Worker thread of the parallel bootstrap: receives a scoring frame once, then
 * ranges of replicates to draw; answers each with their values.
 */
import { parentPort, workerData } from "node:worker_threads";
import { replicateValues } from "../../core/evaluation/score.js";
import type { ScoringFrame } from "../../core/evaluation/scoring-frame.js";

interface Setup {
  frame: ScoringFrame;
  seed: number;
  subgroupReplicates: number;
}

const { frame, seed, subgroupReplicates } = (workerData as { data: Setup }).data;
parentPort!.on("message", ({ from, to }: { from: number; to: number }) => {
  const values = replicateValues(frame, { seed, subgroupReplicates }, from, to);
  parentPort!.postMessage({ from, values }, [values.buffer as ArrayBuffer]);
});
