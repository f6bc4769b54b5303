// Data loader: the workspace's `exposures` table (see loaders/workspace/workspace-tables.ts).
import { writeWorkspaceTable } from "../../loaders/workspace/workspace-tables.js";

await writeWorkspaceTable("exposures", process.stdout);
