/**
 * The manifest of a work folder (manifest.json): which step wrote which file,
 * with each file's content fingerprint, the fingerprint of the dataset it was
 * made from, and the versions (tool, data contract). A step first marks itself
 * as being written (and forgets the steps that depend on it: an ingestion makes
 * the lines and evaluations stale), then records its files once they are all
 * written. Consumers (reconstruct, evaluate, the workspace's data loaders) call
 * `verifyWorkdir` and refuse a folder whose manifest is missing, names a step
 * still being written (a run killed half-way), or disagrees with the files
 * (missing, or changed since: e.g. a new patients.parquet beside old lines).
 * The manifest itself is written atomically.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { CONTRACT_VERSION } from "../../core/contract/tables.js";
import { DataError } from "../../core/errors/data-error.js";
import { writeFileAtomically } from "./atomic-file.js";
import { fileFingerprint } from "./fingerprint.js";

export const MANIFEST_FILE = "manifest.json";
const FORMAT = 1;

export interface ManifestFile {
  name: string;
  sha256: string;
  bytes: number;
}

export interface ManifestStep {
  /** `ingest`, `reconstruct:<rule set>`, `evaluate`. */
  step: string;
  completedAt: string;
  files: ManifestFile[];
  /** Content fingerprints of the inputs (e.g. the dataset folder, a rule set). */
  inputs: Record<string, string>;
}

export interface WorkdirManifest {
  format: number;
  tool: string;
  contractVersion: number;
  /** The step being written, if any: a folder left like this was interrupted. */
  writing: string | null;
  steps: ManifestStep[];
}

let toolVersion: string | undefined;
function tool(): string {
  if (toolVersion === undefined) {
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
    toolVersion = `lotluca ${pkg.version}`;
  }
  return toolVersion;
}

export function readManifest(workdir: string): WorkdirManifest | null {
  const path = join(workdir, MANIFEST_FILE);
  if (!existsSync(path)) return null;
  try {
    return JSON.parse(readFileSync(path, "utf8")) as WorkdirManifest;
  } catch {
    return null;
  }
}

async function save(workdir: string, manifest: WorkdirManifest): Promise<void> {
  await writeFileAtomically(join(workdir, MANIFEST_FILE), JSON.stringify(manifest, null, 2) + "\n");
}

/** Steps a step makes stale when it is written again. */
function dependsOn(step: string, on: string): boolean {
  if (on === "ingest") return true; // everything is made from the ingestion
  if (on.startsWith("reconstruct:")) return step === "evaluate";
  return false;
}

/** Marks `step` as being written: forgets it and the steps made from it. */
export async function beginStep(workdir: string, step: string): Promise<void> {
  const previous = readManifest(workdir);
  const steps = (previous?.format === FORMAT ? previous.steps : []).filter(
    (s) => s.step !== step && !dependsOn(s.step, step),
  );
  await save(workdir, { format: FORMAT, tool: tool(), contractVersion: CONTRACT_VERSION, writing: step, steps });
}

/** Records `step` as complete with the fingerprints of its files (names relative to the work folder). */
export async function completeStep(
  workdir: string,
  step: string,
  files: readonly string[],
  inputs: Record<string, string> = {},
): Promise<void> {
  const previous = readManifest(workdir);
  const recorded: ManifestFile[] = [];
  for (const name of files) recorded.push({ name, ...(await fileFingerprint(join(workdir, name))) });
  const steps = (previous?.format === FORMAT ? previous.steps : []).filter((s) => s.step !== step);
  steps.push({ step, completedAt: new Date().toISOString(), files: recorded, inputs });
  await save(workdir, {
    format: FORMAT,
    tool: tool(),
    contractVersion: CONTRACT_VERSION,
    writing: previous?.writing === step ? null : (previous?.writing ?? null),
    steps,
  });
}

const refuse = (workdir: string, why: string) =>
  new DataError(
    `work folder is incomplete or inconsistent: ${why}`,
    { file: workdir },
    "a folder written completely by `lotluca run` or `lotluca ingest` (run it again)",
  );

/**
 * Checks a work folder before reading it: a complete manifest, `required` steps
 * recorded, every recorded file present with its recorded content, and no file
 * named like a step's output that no step recorded (`lines-*.parquet`).
 */
export async function verifyWorkdir(
  workdir: string,
  required: readonly string[] = ["ingest"],
): Promise<WorkdirManifest> {
  const manifest = readManifest(workdir);
  if (manifest === null) throw refuse(workdir, `no ${MANIFEST_FILE}`);
  if (manifest.format !== FORMAT) throw refuse(workdir, `${MANIFEST_FILE} has format ${manifest.format}`);
  if (manifest.writing !== null)
    throw refuse(
      workdir,
      `step ${manifest.writing} was interrupted while writing (its files may be mixed with older ones)`,
    );
  for (const step of required) {
    if (!manifest.steps.some((s) => s.step === step)) throw refuse(workdir, `step ${step} is not recorded`);
  }
  for (const s of manifest.steps) {
    for (const f of s.files) {
      const path = join(workdir, f.name);
      if (!existsSync(path)) throw refuse(workdir, `${f.name} (written by ${s.step}) is missing`);
      const now = await fileFingerprint(path);
      if (now.sha256 !== f.sha256 || now.bytes !== f.bytes)
        throw refuse(workdir, `${f.name} changed since ${s.step} wrote it`);
    }
  }
  return manifest;
}
