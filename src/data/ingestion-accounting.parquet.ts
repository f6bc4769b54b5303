// Data loader: the public aggregate `ingestion-accounting` (see loaders/workspace/public-aggregates.ts); counts below 10 masked in the public build.
import { writePublicAggregate } from "../../loaders/workspace/public-aggregates.js";

await writePublicAggregate("ingestion-accounting", process.stdout);
