// Data loader: the public aggregate `coverage` (see loaders/workspace/public-aggregates.ts); counts below 10 masked in the public build.
import { writePublicAggregate } from "../../loaders/workspace/public-aggregates.js";

await writePublicAggregate("coverage", process.stdout);
