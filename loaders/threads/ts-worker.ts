/**
 * Starting a worker thread on a TypeScript module of this project (the CLI
 * runs the sources through tsx, without a build step).
 */
import { Worker } from "node:worker_threads";

const ENTRY = new URL("./ts-worker-entry.mjs", import.meta.url);

/** A worker running `module` (a file URL of a .ts module); `data` reaches it as workerData.data. */
export function startTsWorker(module: URL, data: unknown): Worker {
  return new Worker(ENTRY, { workerData: { module: module.href, data } });
}
