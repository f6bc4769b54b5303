// Data loader: aggregated-mode file `pathways-class-sequences` (private build; empty below the threshold; see loaders/workspace/aggregated-tables.ts).
import { writeAggregateFile } from "../../loaders/workspace/aggregated-tables.js";

await writeAggregateFile("pathways-class-sequences", process.stdout);
