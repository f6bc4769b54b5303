// Data loader: aggregated-mode file `pathways-regimen-lines` (private build; empty below the threshold; see loaders/workspace/aggregated-tables.ts).
import { writeAggregateFile } from "../../loaders/workspace/aggregated-tables.js";

await writeAggregateFile("pathways-regimen-lines", process.stdout);
