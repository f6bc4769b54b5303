/**
 * The last pass over a JSON document before it goes into the public build: no
 * absolute path (a string naming a place on the machine that built it), no date
 * of a person (only the data-level dates listed in DATA_DATE_KEYS are kept), and
 * no count from 1 to threshold - 1 under any key except those that hold
 * measures rather than counts (NOT_COUNT_KEYS). Complementary suppression, which
 * needs to know how counts relate, is done before (small-cells.ts); this pass
 * guarantees the rule on whatever else a document carries.
 */
import { isSmallCount } from "./small-cells.js";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Keys whose numbers are measures, ranks, settings or times, not counts of people or rows. */
export const NOT_COUNT_KEYS: ReadonlySet<string> = new Set([
  "value",
  "lower",
  "upper",
  "difference",
  "share",
  "confLevel",
  "rank",
  "seed",
  "replicates",
  "subgroupReplicates",
  "df",
  "chi_square",
  "chiSquare",
  "p_value",
  "pValue",
  "median",
  "median_lower",
  "median_upper",
  "time",
  "month",
  "line",
  "line_number",
  "lineNumber",
  "version",
  "contractVersion",
  "folds",
  "meanJaccard",
  "regimenMatch",
  "startWithin30",
  "survival",
]);

/** Data-level dates (not a person's): the end of the data and build times. */
export const DATA_DATE_KEYS: ReadonlySet<string> = new Set(["endOfData", "builtAt", "generatedAt", "extractionDate"]);

const ABSOLUTE_PATH = /^(\/|[A-Za-z]:[\\/]|\\\\|file:)/;
const DATE = /^\d{4}-\d{2}-\d{2}/;

export function isAbsolutePath(text: string): boolean {
  return ABSOLUTE_PATH.test(text) || /(^|\s)\/(home|tmp|work|Users|var|mnt|root)\//.test(text);
}

/** The document with paths and dates of persons removed (keys dropped) and small counts null. */
export function publicDocument(value: Json, threshold: number, key = ""): Json {
  if (Array.isArray(value)) return value.map((v) => publicDocument(v, threshold, key));
  if (value !== null && typeof value === "object") {
    const out: { [k: string]: Json } = {};
    for (const [k, v] of Object.entries(value)) {
      if (typeof v === "string" && (isAbsolutePath(v) || (DATE.test(v) && !DATA_DATE_KEYS.has(k)))) continue;
      out[k] = publicDocument(v, threshold, k);
    }
    return out;
  }
  if (
    typeof value === "number" &&
    Number.isInteger(value) &&
    !NOT_COUNT_KEYS.has(key) &&
    isSmallCount(value, threshold)
  )
    return null;
  if (typeof value === "string" && isAbsolutePath(value)) return null;
  return value;
}
