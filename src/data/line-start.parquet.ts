// Data loader: the published line-start aggregates (see loaders/studies/line-start-aggregates.ts); counts below 10 masked in the public build.
import { writeLineStartAggregates } from "../../loaders/studies/line-start-aggregates.js";

await writeLineStartAggregates(process.stdout);
