// Data loader: the overview, counts by one dimension at a time (see loaders/workspace/public-aggregates.ts); in the public build
// suppressed together with the cohort profile and pathways (core/privacy/cohort-cells.ts).
import { writePublicAggregate } from "../../loaders/workspace/public-aggregates.js";

await writePublicAggregate("overview", process.stdout);
