/**
 * Output folders of the commands that write one (`ingest`, `run`): when the
 * command fails, the folders it created and left without any file are removed,
 * so a failed run (a missing dataset, a missing table) leaves nothing behind.
 * A folder that existed before, or that holds a file, is never touched.
 */
import { existsSync, readdirSync, rmSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

/** The outermost folder of `dir` that does not exist yet (`dir` itself, or a parent), or null. */
function firstMissing(dir: string): string | null {
  let missing: string | null = null;
  for (let path = resolve(dir); !existsSync(path); path = dirname(path)) {
    missing = path;
    if (dirname(path) === path) break;
  }
  return missing;
}

/** True when `dir` holds no file, at any depth (only empty folders). */
function holdsNoFile(dir: string): boolean {
  return readdirSync(dir).every((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() && holdsNoFile(path);
  });
}

/** Runs `work`, which writes into `dir`; on failure removes what it created there if that holds no file. */
export async function withOutputFolder<T>(dir: string, work: () => Promise<T>): Promise<T> {
  const created = firstMissing(dir);
  try {
    return await work();
  } catch (error) {
    if (created !== null && existsSync(created) && holdsNoFile(created)) rmSync(created, { recursive: true });
    throw error;
  }
}
