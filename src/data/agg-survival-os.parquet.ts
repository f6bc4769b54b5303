// Data loader: aggregated-mode file `survival-os` (private build; empty below the threshold; see loaders/workspace/aggregated-tables.ts).
import { writeAggregateFile } from "../../loaders/workspace/aggregated-tables.js";

await writeAggregateFile("survival-os", process.stdout);
