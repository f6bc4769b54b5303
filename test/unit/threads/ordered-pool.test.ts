// The ordered worker pool hands results back in task order whatever order the
// workers finish in, bounds the tasks in flight, and reports a task's error.
import assert from "node:assert/strict";
import { test } from "node:test";
import { runOrderedPool } from "../../../loaders/threads/ordered-pool.js";
import { echoTask, type EchoTask } from "./echo-task.js";

const module = new URL("./echo-worker.ts", import.meta.url);

async function* slowSource(tasks: EchoTask[]): AsyncGenerator<EchoTask> {
  for (const task of tasks) {
    await new Promise((resolve) => setTimeout(resolve, 1));
    yield task;
  }
}

for (const threads of [1, 2, 3]) {
  test(`${threads} thread(s): results in task order, from an asynchronous source`, async () => {
    // Early tasks are the slowest: with several workers, later ones finish first.
    const tasks = Array.from({ length: 12 }, (_, id) => ({ id, delayMs: id < 3 ? 120 - id * 30 : 5 }));
    const seen: { index: number; id: number; value: number }[] = [];
    let pendingMax = 0;
    let started = 0;
    const counting = async function* () {
      for await (const t of slowSource(tasks)) {
        started++;
        pendingMax = Math.max(pendingMax, started - seen.length);
        yield t;
      }
    };
    await runOrderedPool({
      module,
      setup: { factor: 10 },
      threads,
      tasks: counting(),
      runLocal: (task: EchoTask) => echoTask(10, task),
      onResult: (result: { id: number; value: number }, index) => {
        seen.push({ index, ...result });
      },
      maxPending: 4,
    });
    assert.deepEqual(
      seen,
      tasks.map((t, index) => ({ index, id: t.id, value: t.id * 10 })),
    );
    assert.ok(pendingMax <= 4, `at most 4 tasks pending, saw ${pendingMax}`);
  });
}

test("a task's error fails the pool with its message", async () => {
  const tasks = [
    { id: 0, delayMs: 5 },
    { id: 1, delayMs: 5, fail: true },
    { id: 2, delayMs: 5 },
  ];
  await assert.rejects(
    runOrderedPool({
      module,
      setup: { factor: 1 },
      threads: 2,
      tasks,
      runLocal: (task: EchoTask) => echoTask(1, task),
      onResult: () => {},
    }),
    /task 1 failed on purpose/,
  );
});
