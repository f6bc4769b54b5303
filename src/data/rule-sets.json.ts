// Data loader: the rule sets in force (their JSON, as validated) and the data contract's tables, for the Methods page.
import { writeMethodsDocument } from "../../loaders/workspace/public-aggregates.js";

process.stdout.write(JSON.stringify(await writeMethodsDocument()));
