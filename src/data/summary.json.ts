// Data loader: evaluations by method, ingestion summary and simulator calibration, as JSON.
import { workspaceSummary } from "../../loaders/workspace/workspace-tables.js";

process.stdout.write(JSON.stringify(await workspaceSummary()));
