/**
 * The workspace has two builds from the same sources:
 * - private (default): every page, patient-level tables included; for the
 *   enclave, the jury and developers;
 * - public (`npm run build:public`, LOTLUCA_BUILD=public): aggregates only. Pages
 *   whose front matter says `private: true` are left out, patient-level data
 *   loaders refuse to run, and every published count below the small-cell
 *   threshold is masked.
 */
import { cellThreshold, maskSmallCount, PUBLIC_MIN_CELL_COUNT, roundedCount } from "../../core/privacy/small-cells.js";

export type BuildMode = "private" | "public";

/** SNDS small-cell rule: counts from 1 to 9 are not published (core/privacy/small-cells.ts). */
export const SMALL_CELL_THRESHOLD = PUBLIC_MIN_CELL_COUNT;

export function buildMode(): BuildMode {
  const mode = process.env.LOTLUCA_BUILD ?? "private";
  if (mode !== "private" && mode !== "public") {
    throw new Error(`LOTLUCA_BUILD must be private or public, got ${JSON.stringify(mode)}`);
  }
  return mode;
}

/** Throws in the public build: for data loaders that write patient-level rows. */
export function assertPrivateBuild(what: string): void {
  if (buildMode() === "public") {
    throw new Error(
      `${what} is patient-level data: it is not built in the public build (a public page must not load it)`,
    );
  }
}

/** The minimum cell count of this build: 10 in the public build, 0 (nothing masked) in the private one. */
export function buildThreshold(): number {
  return cellThreshold(buildMode());
}

/** A count as published on its own: masked (null) when 1..9 in the public build. */
export function publishedCount(n: number): number | null {
  return maskSmallCount(n, buildThreshold());
}

/**
 * A count as published rounded: in the public build null when 1..9, else to the
 * nearest 10 (core/privacy/small-cells.ts, roundedCount); exact in the private build.
 */
export function publishedRoundedCount(n: number): number | null {
  return buildMode() === "public" ? roundedCount(n, buildThreshold()) : n;
}
