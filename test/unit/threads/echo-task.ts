// The task of the ordered-pool test, shared by its worker and the calling thread.
export interface EchoTask {
  id: number;
  delayMs: number;
  fail?: boolean;
}

export async function echoTask(factor: number, task: EchoTask): Promise<{ id: number; value: number }> {
  await new Promise((resolve) => setTimeout(resolve, task.delayMs));
  if (task.fail) throw new Error(`task ${task.id} failed on purpose`);
  return { id: task.id, value: task.id * factor };
}
