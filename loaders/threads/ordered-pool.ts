/**
 * Runs numbered tasks on a pool of worker threads and hands their results back
 * in task order, whatever order the workers finish in: the callers (the
 * simulator, the reconstruction) write files whose bytes must not depend on the
 * number of threads. Tasks are pulled from a (possibly asynchronous) source as
 * workers free up, and at most `maxPending` tasks are in flight or waiting to
 * be handed back, so memory stays bounded. The calling thread is one of the
 * `threads`: it runs tasks too (`runLocal`, the same function the workers
 * run), so `threads` = 2 starts one worker; with one thread no worker starts.
 *
 * A worker module serves tasks with `serveTasks` (loaders/threads/serve-tasks.ts).
 */
import { availableParallelism } from "node:os";
import type { Worker } from "node:worker_threads";
import { startTsWorker } from "./ts-worker.js";

/** Threads to use by default: the machine's cores (at most 8). */
export function defaultThreadCount(): number {
  return Math.max(1, Math.min(availableParallelism(), 8));
}

export interface OrderedPoolOptions<T, R> {
  /** Worker module (a .ts file URL) that calls serveTasks with the same function as `runLocal`. */
  module: URL;
  /** Passed once to every worker (workerData.data). */
  setup: unknown;
  threads: number;
  tasks: Iterable<T> | AsyncIterable<T>;
  /** The task function on the calling thread (which runs tasks too). */
  runLocal: (task: T) => R | Promise<R>;
  /** Receives each result in task order; awaited before the next. */
  onResult: (result: R, index: number) => void | Promise<void>;
  /** Tasks in flight or finished but not yet handed back (default 2 per thread). */
  maxPending?: number;
}

interface Reply<R> {
  id: number;
  result?: R;
  error?: { message: string; stack?: string };
}

export async function runOrderedPool<T, R>(options: OrderedPoolOptions<T, R>): Promise<void> {
  if (options.threads <= 1) {
    let index = 0;
    for await (const task of options.tasks) await options.onResult(await options.runLocal(task), index++);
    return;
  }
  const maxPending = Math.max(options.threads, options.maxPending ?? options.threads * 2);
  const iterator =
    Symbol.asyncIterator in options.tasks
      ? options.tasks[Symbol.asyncIterator]()
      : (options.tasks as Iterable<T>)[Symbol.iterator]();
  let nextId = 0;
  let delivered = 0;
  let failure: Error | undefined;
  let exhausted = false;
  const finished = new Map<number, R>();
  let progress: (() => void)[] = [];
  const notify = () => {
    const waiting = progress;
    progress = [];
    for (const resolve of waiting) resolve();
  };
  // Pulls and deliveries are each serialised on a promise chain.
  let pulling: Promise<unknown> = Promise.resolve();
  const pull = (): Promise<{ id: number; task: T } | undefined> => {
    const next = pulling.then(async () => {
      // Checked here, where pulls are serialised, so that the bound holds with any number of threads.
      while (!failure && nextId - delivered >= maxPending) await new Promise<void>((r) => progress.push(r));
      if (exhausted || failure) return undefined;
      const item = await iterator.next();
      if (item.done) {
        exhausted = true;
        return undefined;
      }
      return { id: nextId++, task: item.value };
    });
    pulling = next.catch(() => undefined);
    return next;
  };
  let delivering: Promise<void> = Promise.resolve();
  const deliver = (): Promise<void> => {
    delivering = delivering.then(async () => {
      while (finished.has(delivered)) {
        const result = finished.get(delivered)!;
        finished.delete(delivered);
        await options.onResult(result, delivered);
        delivered++;
        notify();
      }
    });
    return delivering;
  };

  const pool: Worker[] = [];
  const loop = async (worker: Worker): Promise<void> => {
    let answer: ((reply: Reply<R>) => void) | undefined;
    let crash: ((error: Error) => void) | undefined;
    // A worker that fails between two tasks fails the next one.
    let dead: Error | undefined;
    const fail = (error: Error) => {
      dead ??= error;
      crash?.(error);
    };
    worker.on("message", (reply: Reply<R>) => answer?.(reply));
    worker.on("error", fail);
    worker.on("exit", (code) => fail(new Error(`worker thread stopped with code ${code}`)));
    for (;;) {
      while (!failure && nextId - delivered >= maxPending) await new Promise<void>((r) => progress.push(r));
      if (failure) return;
      const next = await pull();
      if (!next || failure) return;
      const reply = await new Promise<Reply<R>>((resolve, reject) => {
        if (dead) return reject(dead);
        answer = resolve;
        crash = reject;
        worker.postMessage({ id: next.id, task: next.task });
      });
      answer = crash = undefined;
      if (reply.error) {
        const error = new Error(reply.error.message);
        if (reply.error.stack) error.stack = reply.error.stack;
        throw error;
      }
      finished.set(reply.id, reply.result as R);
      await deliver();
    }
  };
  // The calling thread is one of the threads: it runs tasks too, between handing results back.
  const localLoop = async (): Promise<void> => {
    for (;;) {
      while (!failure && nextId - delivered >= maxPending) await new Promise<void>((r) => progress.push(r));
      if (failure) return;
      const next = await pull();
      if (!next || failure) return;
      finished.set(next.id, await options.runLocal(next.task));
      await deliver();
      // Lets the workers' answers in before the next (synchronous) task.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  };
  const guard = async (run: () => Promise<void>) => {
    try {
      await run();
    } catch (error) {
      failure ??= error as Error;
      notify();
      throw error;
    }
  };
  try {
    await Promise.all([
      guard(localLoop),
      ...Array.from({ length: options.threads - 1 }, () =>
        guard(() => {
          const worker = startTsWorker(options.module, options.setup);
          pool.push(worker);
          return loop(worker);
        }),
      ),
    ]);
    await deliver();
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
}
