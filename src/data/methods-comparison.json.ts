// Data loader: the committed comparison of rules `default`, tuned rules and the learned model
// (data/learning/comparison.json, written by loaders/learning/run-comparison.ts; aggregates only).
// The public build publishes it without the paths of the machine that wrote it and with
// counts below 10 masked (core/privacy/public-document.ts).
import { readFile } from "node:fs/promises";
import { publicDocument, type Json } from "../../core/privacy/public-document.js";
import { buildMode, buildThreshold } from "../../loaders/workspace/build-mode.js";

const file = new URL("../../data/learning/comparison.json", import.meta.url);
const text = await readFile(file, "utf8");
process.stdout.write(
  buildMode() === "public" ? JSON.stringify(publicDocument(JSON.parse(text) as Json, buildThreshold())) : text,
);
