/**
 * The shipped models on further held-out cohorts (other simulated profiles, e.g.
 * clean and hard), next to the rules, without training anything:
 *
 *   npx tsx loaders/learning/score-held-out.ts CONFIG.json
 *
 * CONFIG: `cohorts` (dataset and ingestion work folder, seeds 9000+ never
 * trained or tuned on), `models` (name, MODEL.json path, what it was trained
 * on), `out`, `replicates`. Every cohort is scored by `default`, `jmir-2021`
 * and each model, with bootstrap CIs and paired differences against `default`
 * (loaders/learning/compare-methods.ts). Writes `out` (aggregates only).
 */
import { readFile, writeFile } from "node:fs/promises";
import { loadLearnedModel } from "../../core/learning/learned-model.js";
import { loadRuleSet } from "../rules/load-rule-set.js";
import { compareMethods, learnedMethod, rulesMethod, type CohortComparison } from "./compare-methods.js";
import { readLabelledCohort } from "./labelled-cohort.js";

interface ScoreConfig {
  cohorts: { dataset: string; workdir: string }[];
  models: { name: string; path: string; trainedOn: string }[];
  out: string;
  replicates: number;
}

const log = (text: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${text}\n`);
const config = JSON.parse(await readFile(process.argv[2]!, "utf8")) as ScoreConfig;
const models = await Promise.all(
  config.models.map(async (m) => ({
    ...m,
    model: loadLearnedModel(JSON.parse(await readFile(m.path, "utf8")) as unknown, m.path),
  })),
);
const methods = [
  rulesMethod("default", loadRuleSet("default", []), "rules `default`"),
  rulesMethod("jmir-2021", loadRuleSet("jmir-2021", []), "rules `jmir-2021` (the published peer algorithm)"),
  ...models.map((m) => learnedMethod(m.name, m.model, `learned model ${m.path}, trained on ${m.trainedOn}`)),
];
const comparisons: CohortComparison[] = [];
for (const ref of config.cohorts) {
  const cohort = await readLabelledCohort(ref.dataset, ref.workdir);
  log(
    `scoring ${ref.dataset} (${cohort.profile ?? "?"}, seed ${cohort.seed ?? "?"}, ${cohort.events.length} patients)`,
  );
  comparisons.push(
    compareMethods(cohort, methods, models.map((m) => `${m.name}: ${m.trainedOn}`).join("; "), {
      replicates: config.replicates,
    }),
  );
}
await writeFile(
  config.out,
  JSON.stringify(
    {
      generatedBy: "loaders/learning/score-held-out.ts",
      protocol:
        "held-out cohorts (seeds 9000+, never trained or tuned on) scored by the rules and the shipped models; 95 % percentile bootstrap CIs; paired bootstrap differences against `default` on the same patients",
      models: config.models,
      comparisons,
    },
    null,
    2,
  ) + "\n",
);
log(`wrote ${config.out}`);
