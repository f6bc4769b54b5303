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

/** SHA-256 of each of a folder's regular files, by name (sorted; hidden files left out). */
export async function folderFileFingerprints(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const name of (await readdir(dir)).filter((n) => !n.startsWith(".")).sort()) {
    const path = join(dir, name);
    if (!(await stat(path)).isFile()) continue;
    out.set(name, (await fileFingerprint(path)).sha256);
  }
  return out;
}

/** Fingerprint of a folder's regular files (names and contents, sorted by name; hidden files left out). */
export async function folderFingerprint(dir: string): Promise<string> {
  const hash = createHash("sha256");
  for (const [name, sha256] of await folderFileFingerprints(dir)) hash.update(`${name}\u0000${sha256}\n`);
  return hash.digest("hex");
}
