/**
 * Files written whole or not at all: the content goes to a temporary name in the
 * same folder, then is renamed over the target (rename is atomic on one file
 * system), so a reader or a killed writer never leaves half a file under the
 * real name. Private outputs are created 0600.
 */
import { randomBytes } from "node:crypto";
import { rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/** A temporary name beside `path` (same folder, hidden, unique). */
export function temporaryNameFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}-${randomBytes(4).toString("hex")}.tmp`);
}

/** Runs `write(temporary)` then renames the temporary file to `path`; removes it on failure. */
export async function writeAtomically(path: string, write: (temporary: string) => Promise<void>): Promise<void> {
  const temporary = temporaryNameFor(path);
  try {
    await write(temporary);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

export async function writeFileAtomically(path: string, content: string | Uint8Array): Promise<void> {
  await writeAtomically(path, (temporary) => writeFile(temporary, content, { mode: 0o600 }));
}
