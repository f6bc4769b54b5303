/**
 * Child process of the ingest benchmark: one `ingestDataset` with the CLI's
 * defaults, then, as JSON on stdout, each step's wall time and the peak RSS of
 * the process at the end of the step (getrusage maxRSS: Node and DuckDB
 * together, so it never decreases), the rows read and the counts.
 */
import { ingestDataset, type IngestStep } from "../loaders/ingest/ingest.js";

const [dataset, workdir] = process.argv.slice(2);
const peakAtEnd: Record<string, number> = {};
let current: IngestStep | undefined;
const maxRssMb = () => process.resourceUsage().maxRSS / 1024;
const started = process.hrtime.bigint();
const summary = await ingestDataset(dataset!, workdir!, {
  onStep(step) {
    if (current) peakAtEnd[current] = maxRssMb();
    current = step;
  },
});
if (current) peakAtEnd[current] = maxRssMb();
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
process.stdout.write(
  JSON.stringify({
    seconds,
    stepsMs: summary.timingsMs,
    stepPeakRssMb: peakAtEnd,
    rowsRead: summary.accounting.tables.reduce((s, t) => s + t.rowsRead, 0),
    counts: summary.counts,
  }) + "\n",
);
