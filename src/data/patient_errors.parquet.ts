// Data loader: each patient's kind of error for every rule set (private build only).
import { writeWorkspaceTable } from "../../loaders/workspace/workspace-tables.js";

await writeWorkspaceTable("patient_errors", process.stdout);
