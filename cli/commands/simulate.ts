/** `lotluca simulate`: writes a synthetic dataset folder that follows the data contract, gold standard included. */
import type { Command } from "commander";
import { UsageError } from "../../core/errors/data-error.js";
import { formatCalibrationTable } from "../../core/simulation/calibration.js";
import { isProfileName, PROFILE_NAMES } from "../../core/simulation/profiles.js";
import { runSimulation } from "../../loaders/simulate/run-simulation.js";
import { threadsOption } from "../options.js";
import { createProgress } from "../progress.js";

interface SimulateOptions {
  patients: string;
  seed: string;
  out: string;
  format: string;
  profile: string;
  contract: string;
  report: boolean;
  threads?: string;
}

function integer(value: string, name: string): number {
  if (!/^\d+$/.test(value.trim()))
    throw new UsageError(`${name} must be a non-negative integer, got ${JSON.stringify(value)}`);
  return Number(value);
}

export function registerSimulate(program: Command): void {
  program
    .command("simulate")
    .description(
      "generate a synthetic advanced-NSCLC cohort as a contract dataset folder (SNDS, warehouse, gold lines)",
    )
    .requiredOption("--patients <n>", "number of patients")
    .option("--seed <s>", "random seed (same arguments give byte-identical files)", "1")
    .requiredOption("--out <dir>", "output folder (created; must hold no data files)")
    .option("--format <format>", "csv or parquet", "csv")
    .option("--profile <profile>", `${PROFILE_NAMES.join(", ")}`, "realistic")
    .option(
      "--contract <version>",
      "data contract version of the files: 2 (real SNDS forms, v2 tables and noise) or 1; same truth and gold for both",
      "2",
    )
    .option(
      "--threads <n>",
      "threads simulating patient ranges, the main one and N-1 workers (default: all cores, one per 2,000 patients at most); same files whatever the number",
    )
    .option("--report", "compare the cohort with published figures: calibration.json and a table", false)
    .action(async (options: SimulateOptions) => {
      const patients = integer(options.patients, "--patients");
      const seed = integer(options.seed, "--seed");
      if (options.format !== "csv" && options.format !== "parquet")
        throw new UsageError(`--format must be csv or parquet, got ${JSON.stringify(options.format)}`);
      if (!isProfileName(options.profile))
        throw new UsageError(
          `--profile must be one of ${PROFILE_NAMES.join(", ")}, got ${JSON.stringify(options.profile)}`,
        );
      if (options.contract !== "1" && options.contract !== "2")
        throw new UsageError(`--contract must be 1 or 2, got ${JSON.stringify(options.contract)}`);
      const contract = options.contract === "1" ? 1 : 2;
      const threads = options.threads === undefined ? undefined : threadsOption(options.threads);
      const quiet = Boolean(program.opts().quiet);
      const progress = createProgress("simulate", patients, { unit: "patients", silent: quiet });
      const started = Date.now();
      const summary = await runSimulation({
        patients,
        seed,
        out: options.out,
        format: options.format,
        profile: options.profile,
        contract,
        report: options.report,
        ...(threads === undefined ? {} : { threads }),
        onProgress: (done) => progress.update(done),
      });
      progress.stop();
      const seconds = (Date.now() - started) / 1000;
      const rows = Object.values(summary.rowCounts).reduce((a, b) => a + b, 0);
      process.stdout.write(
        `wrote ${patients} patients (${rows} rows, ${Object.keys(summary.rowCounts).length} tables) to ${options.out} in ${seconds.toFixed(1)} s\n`,
      );
      if (summary.calibration) process.stdout.write(formatCalibrationTable(summary.calibration));
    });
}
