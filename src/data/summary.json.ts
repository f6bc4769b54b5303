// Data loader: evaluations by method, ingestion summary and simulator calibration, as JSON. In the public build the
// evaluations' subgroups follow the joint suppression of the cohort tables (core/privacy/cohort-cells.ts).
import { cohortKeys } from "../../core/privacy/cohort-cells.js";
import { buildMode } from "../../loaders/workspace/build-mode.js";
import { publicCohortHiddenKeys } from "../../loaders/workspace/public-aggregates.js";
import { workspaceSummary } from "../../loaders/workspace/workspace-tables.js";

const hidden = buildMode() === "public" ? await publicCohortHiddenKeys() : new Set<string>();
process.stdout.write(
  JSON.stringify(
    await workspaceSummary((variable, value) => hidden.has(cohortKeys.evaluationSubgroup(variable, value))),
  ),
);
