// Entry of worker threads that run TypeScript modules: registers tsx in the
// worker (hooks registered in the parent thread do not reach workers on
// Node 20), then loads the module named in workerData.module.
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
await import(workerData.module);
