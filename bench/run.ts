/**
 * `npm run bench`: runs every registered benchmark in turn and prints its
 * results. To add a benchmark, write a module exporting a `Benchmark` and add
 * it to BENCHMARKS. Flags are passed to every benchmark (`--full` runs the
 * largest sizes, `--only <name>` picks one).
 */
import { engineBenchmark } from "./engine.js";
import { evaluateBenchmark } from "./evaluate.js";
import { ingestBenchmark } from "./ingest.js";
import { learningBenchmark } from "./learning.js";
import { simulateBenchmark } from "./simulate.js";
import { workspaceBenchmark } from "./workspace.js";

export interface Benchmark {
  name: string;
  description: string;
  run(flags: readonly string[]): Promise<void>;
}

const BENCHMARKS: readonly Benchmark[] = [
  simulateBenchmark,
  ingestBenchmark,
  engineBenchmark,
  evaluateBenchmark,
  learningBenchmark,
  workspaceBenchmark,
];

const flags = process.argv.slice(2);
const onlyAt = flags.indexOf("--only");
const only = onlyAt >= 0 ? flags[onlyAt + 1] : undefined;
for (const bench of BENCHMARKS) {
  if (only && bench.name !== only) continue;
  process.stdout.write(`\n# ${bench.name}: ${bench.description}\n`);
  await bench.run(flags);
}
