/** Child process of the simulate benchmark: one run, then its time and peak RSS as JSON on stdout. */
import { runSimulation } from "../loaders/simulate/run-simulation.js";

const [patients, out, format] = process.argv.slice(2);
const started = process.hrtime.bigint();
await runSimulation({
  patients: Number(patients),
  seed: 1,
  out: out!,
  format: format === "parquet" ? "parquet" : "csv",
  profile: "realistic",
  report: false,
});
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
process.stdout.write(JSON.stringify({ seconds, maxRssKb: process.resourceUsage().maxRSS }) + "\n");
