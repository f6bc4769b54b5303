// Data loader: the workspace's `sessions` table (see loaders/workspace/workspace-tables.ts).
import { writeWorkspaceTable } from "../../loaders/workspace/workspace-tables.js";

await writeWorkspaceTable("sessions", process.stdout);
