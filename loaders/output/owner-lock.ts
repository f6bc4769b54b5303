/**
 * A lock folder that names its owner (host and pid, in owner.json). A process
 * waiting on it takes it over at once when the owner is a dead process of this
 * host (a killed data loader), instead of waiting for the timeout; a lock of
 * another host, or of a live process, is waited on, saying whose it is.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";

export interface LockOwner {
  pid: number;
  host: string;
  since: string;
}

/** True when `pid` is a live process of this host. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function ownerOf(lock: string): LockOwner | null {
  try {
    return JSON.parse(readFileSync(join(lock, "owner.json"), "utf8")) as LockOwner;
  } catch {
    return null;
  }
}

/** Why a held lock may be taken over, or null when its owner may still be working. */
export function staleReason(lock: string, graceMs = 10_000): string | null {
  if (!existsSync(lock)) return null;
  const owner = ownerOf(lock);
  if (owner === null) {
    // Created but never given an owner: the process died between mkdir and the write.
    const age = Date.now() - statSync(lock).mtimeMs;
    return age > graceMs ? "the lock names no owner" : null;
  }
  if (owner.host !== hostname()) return null;
  return processAlive(owner.pid) ? null : `its owner (pid ${owner.pid} on ${owner.host}) is no longer running`;
}

export async function withOwnerLock<T>(
  lock: string,
  work: () => Promise<T>,
  options: { timeoutMs?: number; log?: (message: string) => void } = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 30 * 60_000);
  let told = false;
  for (;;) {
    try {
      await mkdir(lock, { mode: 0o700 });
      await writeFile(
        join(lock, "owner.json"),
        JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() }),
        { mode: 0o600 },
      );
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const stale = staleReason(lock);
      if (stale !== null) {
        options.log?.(`taking over ${lock}: ${stale}`);
        await rm(lock, { recursive: true, force: true });
        continue;
      }
      if (!told) {
        const owner = ownerOf(lock);
        options.log?.(
          `waiting for ${lock}` + (owner ? ` (held by pid ${owner.pid} on ${owner.host} since ${owner.since})` : ""),
        );
        told = true;
      }
      if (Date.now() > deadline)
        throw new Error(`timed out waiting for ${lock} (remove it if no build is running on its host)`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    return await work();
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}
