// Data loader: the workspace's `accounting` table (see loaders/workspace/workspace-tables.ts).
import { writeWorkspaceTable } from "../../loaders/workspace/workspace-tables.js";

await writeWorkspaceTable("accounting", process.stdout);
