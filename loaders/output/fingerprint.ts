/**
 * Content fingerprints (SHA-256) of files and folders: what the work folder's
 * manifest records for its inputs and outputs, and what the workspace cache is
 * keyed on (a changed dataset at the same path is a new key).
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";

export async function fileFingerprint(path: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash("sha256");
  let bytes = 0;
  for await (const chunk of createReadStream(path)) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: hash.digest("hex"), bytes };
}

/** Fingerprint of a folder's regular files (names and contents, sorted by name; hidden files left out). */
export async function folderFingerprint(dir: string): Promise<string> {
  const hash = createHash("sha256");
  const names = (await readdir(dir)).filter((n) => !n.startsWith(".")).sort();
  for (const name of names) {
    const path = join(dir, name);
    const info = await stat(path);
    if (!info.isFile()) continue;
    const { sha256 } = await fileFingerprint(path);
    hash.update(`${name}\u0000${sha256}\n`);
  }
  return hash.digest("hex");
}
