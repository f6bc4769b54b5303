// Data loader: the workspace's `accounting_reasons` table (see loaders/workspace/workspace-tables.ts).
import { writeWorkspaceTable } from "../../loaders/workspace/workspace-tables.js";

await writeWorkspaceTable("accounting_reasons", process.stdout);
