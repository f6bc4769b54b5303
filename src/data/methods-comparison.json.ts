// Data loader: the committed comparison of rules `default`, tuned rules and the learned model
// (data/learning/comparison.json, written by loaders/learning/run-comparison.ts; aggregates only).
import { readFile } from "node:fs/promises";

const file = new URL("../../data/learning/comparison.json", import.meta.url);
process.stdout.write(await readFile(file, "utf8"));
