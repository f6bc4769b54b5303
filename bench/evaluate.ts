/**
 * Benchmark of `lotluca evaluate` at scale (floor: 1M patients in under a
 * minute). The dataset is synthetic and minimal (no simulation): ODH_PATIENT,
 * IR_BEN_R and GOLD_LINES written by DuckDB, the other required tables empty; the
 * prediction is the gold with perturbations (dropped, shifted and altered lines).
 * `lotluca evaluate` runs in a child process under /usr/bin/time -v, with 1 and 2
 * bootstrap threads side by side (`--threads 1,2`; the evaluations must be
 * identical); figures kept in bench/results/evaluate.json.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CONTRACT_TABLES } from "../core/contract/tables.js";
import { openDuckSession, sqlString } from "../loaders/duckdb/session.js";
import { flagValue, timeCli } from "./cli-child.js";
import type { Benchmark } from "./run.js";
import {
  currentLoad,
  printThreadFigures,
  saveThreadFigures,
  threadCounts,
  type ThreadFigure,
} from "./thread-figures.js";

export async function makeDataset(dir: string, patients: number): Promise<string> {
  mkdirSync(dir, { recursive: true });
  for (const spec of CONTRACT_TABLES) {
    if (spec.optional || ["ODH_PATIENT", "IR_BEN_R"].includes(spec.name)) continue;
    const name = spec.perYear ? spec.name.replace("aa", "20") : spec.name;
    writeFileSync(join(dir, `${name}.csv`), spec.columns.map((c) => c.name).join(",") + "\n");
  }
  const session = await openDuckSession();
  try {
    const copy = (query: string, file: string) =>
      session.run(`COPY (${query}) TO ${sqlString(join(dir, file))} (FORMAT csv, HEADER true)`);
    await session.run(
      `CREATE TABLE p AS SELECT i, 'P' || lpad(i::VARCHAR, 8, '0') AS id, (hash(i) % 1000000007)::BIGINT AS h FROM range(1, ${patients + 1}) t(i)`,
    );
    await copy(
      `SELECT id AS patient_id, 'C1' AS center_id, 1940 + h % 40 AS birth_year, CASE WHEN h % 2 = 0 THEN 'M' ELSE 'F' END AS sex,
        NULL AS diagnosis_date, DATE '2016-01-01' + (h % 2500)::INTEGER AS advanced_date, 'IV' AS stage_at_diagnosis,
        ['adenocarcinoma','squamous','large_cell','nsclc_nos'][1 + h % 4] AS histology,
        CASE WHEN h % 7 = 0 THEN 'positive' ELSE 'negative' END AS egfr, 'negative' AS alk, 'unknown' AS ros1, 'unknown' AS braf,
        'unknown' AS kras_g12c, 'unknown' AS met, 'unknown' AS ret, NULL AS pdl1_tps, NULL AS ecog, 'unknown' AS smoking FROM p`,
      "ODH_PATIENT.csv",
    );
    await copy(
      `SELECT id AS BEN_IDT_ANO, lpad(i::VARCHAR, 17, '0') AS BEN_NIR_PSA, 1 AS BEN_RNG_GEM, 1940 + h % 40 AS BEN_NAI_ANN, 1 + h % 2 AS BEN_SEX_COD,
        CASE WHEN h % 3 = 0 THEN DATE '2018-06-01' + (h % 2000)::INTEGER ELSE NULL END AS BEN_DCD_DTE FROM p`,
      "IR_BEN_R.csv",
    );
    await session.run(`CREATE TABLE gold AS
      SELECT p.id AS patient_id, k AS line_number, DATE '2016-01-10' + (p.h % 2500)::INTEGER + ((k - 1) * 200)::INTEGER AS start_date,
        DATE '2016-01-10' + (p.h % 2500)::INTEGER + ((k - 1) * 200 + 150)::INTEGER AS end_date,
        ['carboplatin;pemetrexed','docetaxel','nivolumab','osimertinib','carboplatin;paclitaxel;pembrolizumab'][(1 + (p.h + k) % 5)::BIGINT] AS molecules
      FROM p, range(1, 4) r(k) WHERE k <= 1 + p.h % 3 AND p.h % 4 <> 0`);
    await copy(`SELECT * FROM gold ORDER BY patient_id, line_number`, "GOLD_LINES.csv");
    const pred = join(dir, "..", "pred.csv");
    await session.run(`COPY (
      SELECT patient_id, line_number, start_date + CASE WHEN hash(patient_id) % 10 = 0::UBIGINT THEN 40 ELSE 0 END::INTEGER AS start_date, end_date,
        CASE WHEN hash(patient_id, line_number) % 8 = 0 THEN 'chemotherapy' ELSE molecules END AS molecules
      FROM gold WHERE NOT (line_number = 3 AND hash(patient_id) % 5 = 0) ORDER BY patient_id, line_number
    ) TO ${sqlString(pred)} (FORMAT csv, HEADER true)`);
    return pred;
  } finally {
    session.close();
  }
}

export const evaluateBenchmark: Benchmark = {
  name: "evaluate",
  description:
    "lotluca evaluate on a minimal synthetic dataset: time and peak RSS with 1 and 2 bootstrap threads (floor: 1M patients in under a minute)",
  async run(flags) {
    const at = flags.indexOf("--patients");
    const sizes = at >= 0 ? [Number(flags[at + 1])] : [100_000, 1_000_000];
    const replicates = flagValue(flags, "--replicates") ?? "1000";
    process.stdout.write(
      `bootstrap ${replicates} replicates (floor: 1M in under 60 s; dataset generation not timed)\n`,
    );
    const figures: ThreadFigure[] = [];
    for (const patients of sizes) {
      const dir = mkdtempSync(join(tmpdir(), "lotluca-bench-evaluate-"));
      try {
        const pred = await makeDataset(join(dir, "data"), patients);
        let first: string | undefined;
        for (const threads of threadCounts(flags)) {
          const json = join(dir, `evaluation-${threads}.json`);
          const { seconds, maxRssMb } = timeCli([
            "evaluate",
            "--dataset",
            join(dir, "data"),
            "--pred",
            pred,
            "--replicates",
            replicates,
            "--threads",
            String(threads),
            "--json",
            json,
          ]);
          const evaluation = JSON.stringify(
            (JSON.parse(readFileSync(json, "utf8")) as { evaluation: unknown }).evaluation,
          );
          first ??= evaluation;
          figures.push({
            stage: `evaluate (${replicates} replicates)`,
            patients,
            threads,
            seconds,
            peakRssMb: maxRssMb,
            load: currentLoad(),
            ...(evaluation === first ? {} : { note: "EVALUATION DIFFERS from the first thread count" }),
          });
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
    printThreadFigures(figures);
    process.stdout.write(`figures kept in ${saveThreadFigures("evaluate", figures)}\n`);
  },
};
