// Data loader: the workspace's `overview` table, counts by one dimension at a time (masked in the public build).
import { writeWorkspaceTable } from "../../loaders/workspace/workspace-tables.js";

await writeWorkspaceTable("overview", process.stdout);
