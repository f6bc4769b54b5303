// Worker of the ordered-pool test: answers a task after a delay (so that the
// workers finish out of order), fails on a task asked to fail.
import { serveTasks, workerSetup } from "../../../loaders/threads/serve-tasks.js";
import { echoTask, type EchoTask } from "./echo-task.js";

const { factor } = workerSetup<{ factor: number }>();
serveTasks((task: EchoTask) => echoTask(factor, task));
