// Data loader: the workspace's `unmapped_labels` table (see loaders/workspace/workspace-tables.ts).
import { writeWorkspaceTable } from "../../loaders/workspace/workspace-tables.js";

await writeWorkspaceTable("unmapped_labels", process.stdout);
