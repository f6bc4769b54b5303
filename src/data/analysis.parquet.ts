// Data loader: the analysis table of every method (private build only; see loaders/studies/workspace-analysis.ts).
import { writeWorkspaceAnalysisTable } from "../../loaders/studies/workspace-analysis.js";

await writeWorkspaceAnalysisTable(process.stdout);
