/**
 * The worker side of loaders/threads/ordered-pool.ts: answers each task
 * message with the task function's result (or its error). Results holding
 * typed arrays are transferred, not copied, when `transfer` names their buffers.
 */
import { parentPort, workerData } from "node:worker_threads";

/** The setup the pool passed to this worker (workerData.data). */
export function workerSetup<S>(): S {
  return (workerData as { data: S }).data;
}

export function serveTasks<T, R>(
  run: (task: T) => R | Promise<R>,
  transfer: (result: R) => ArrayBuffer[] = () => [],
): void {
  const port = parentPort;
  if (!port) throw new Error("serveTasks runs in a worker thread");
  port.on("message", ({ id, task }: { id: number; task: T }) => {
    Promise.resolve()
      .then(() => run(task))
      .then(
        (result) => port.postMessage({ id, result }, transfer(result)),
        (error: Error) => port.postMessage({ id, error: { message: error.message, stack: error.stack } }),
      );
  });
}
