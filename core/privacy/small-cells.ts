/**
 * The small-cell rule of every public output, pure: counts from 1 to
 * `threshold - 1` are not published (SNDS rule: threshold 10, never lower in the
 * public build), and neither is any count that could be derived from what is
 * published beside it (secondary, or complementary, suppression).
 *
 * Published tables are described as cells (their counts) and additive relations
 * between them (a total and its parts: a row's rows read = used + merged +
 * rejected + out of scope; a subgroup's size = the sum of its categories). A
 * relation with exactly one hidden cell gives it away by subtraction, and one
 * whose published total leaves a sum of hidden parts from 1 to threshold - 1 gives
 * that small sum away; so, until no relation does either, the smallest other
 * non-zero part (else the total) is hidden too. The result is checked by
 * `derivableSmallCells` (and by the tests that attack the built files).
 */

/** The SNDS small-cell threshold: counts from 1 to 9 are not published. */
export const PUBLIC_MIN_CELL_COUNT = 10;

/**
 * The threshold of a build: in the public build `requested` (a settable minimum
 * cell count, e.g. on the Pathways page) but never below 10; in the private build
 * the requested value or 0 (nothing masked).
 */
export function cellThreshold(build: "public" | "private", requested?: number): number {
  if (requested !== undefined && (!Number.isInteger(requested) || requested < 0))
    throw new RangeError(`the minimum cell count must be an integer >= 0, got ${requested}`);
  if (build === "private") return requested ?? 0;
  if (requested !== undefined && requested < PUBLIC_MIN_CELL_COUNT)
    throw new RangeError(
      `the public build never publishes counts below ${PUBLIC_MIN_CELL_COUNT}: minimum cell count ${requested} refused`,
    );
  return requested ?? PUBLIC_MIN_CELL_COUNT;
}

/** True for a count the rule hides by itself: 1 <= n < threshold. */
export function isSmallCount(n: number, threshold: number): boolean {
  return n >= 1 && n < threshold;
}

/** A count as published on its own (no relation): null when small. */
export function maskSmallCount(n: number, threshold: number): number | null {
  return isSmallCount(n, threshold) ? null : n;
}

/**
 * A count as published rounded: null when small (1 to threshold - 1), else
 * rounded to the nearest multiple of `base` (halves up; never below `base`).
 * For counts whose differences would otherwise give small counts away (numbers
 * at risk over time, sizes of groups that overlap other published tables).
 */
export function roundedCount(n: number, threshold: number, base = PUBLIC_MIN_CELL_COUNT): number | null {
  if (isSmallCount(n, threshold)) return null;
  if (n === 0 || base <= 1) return n;
  return Math.max(base, Math.round(n / base) * base);
}

/** cells[total] = sum of cells[parts] (indices into the cell array). */
export interface AdditiveRelation {
  total: number;
  parts: readonly number[];
}

/**
 * Which cells to hide: the small ones, then complementary cells until no
 * relation lets a hidden cell, or a small sum of hidden cells, be derived.
 * `hidden` gives cells already hidden for another reason (e.g. not published);
 * `free` cells that no table shows (derived margins), taken first as
 * complements since hiding them costs no published figure.
 */
export function suppressCells(
  values: readonly number[],
  relations: readonly AdditiveRelation[],
  threshold: number,
  hidden: readonly boolean[] = [],
  free: readonly boolean[] = [],
): boolean[] {
  const suppressed = values.map((v, i) => Boolean(hidden[i]) || isSmallCount(v, threshold));
  if (threshold <= 1) return suppressed;
  for (let changed = true; changed;) {
    changed = false;
    for (const relation of relations) {
      while (leaks(values, relation, suppressed, threshold)) {
        const next = complementaryCell(values, relation, suppressed, free);
        if (next === undefined) break;
        suppressed[next] = true;
        changed = true;
      }
    }
  }
  return suppressed;
}

function leaks(values: readonly number[], r: AdditiveRelation, suppressed: readonly boolean[], threshold: number) {
  const cells = [r.total, ...r.parts];
  const hidden = cells.filter((c) => suppressed[c]);
  if (hidden.length === 0) return false;
  if (hidden.length === 1) return true;
  if (suppressed[r.total]) return false;
  const hiddenSum = r.parts.filter((c) => suppressed[c]).reduce((s, c) => s + values[c]!, 0);
  return isSmallCount(hiddenSum, threshold);
}

/**
 * A cell that nobody sees (`free`: a margin that the relations define but no
 * table shows), else the smallest published non-zero part, else the total,
 * else any published part.
 */
function complementaryCell(
  values: readonly number[],
  r: AdditiveRelation,
  suppressed: readonly boolean[],
  free: readonly boolean[],
) {
  const unseen = [r.total, ...r.parts].find((c) => !suppressed[c] && free[c]);
  if (unseen !== undefined) return unseen;
  const open = r.parts.filter((c) => !suppressed[c]);
  const nonZero = open.filter((c) => values[c]! > 0).sort((a, b) => values[a]! - values[b]!);
  if (nonZero.length > 0) return nonZero[0];
  if (!suppressed[r.total]) return r.total;
  return open[0];
}

/**
 * Cells that an attacker recovers from the published cells by the relations
 * (solving every relation with one unknown, repeatedly): those that are small,
 * and any small sum of hidden parts under a published total. Empty when
 * `suppressCells` did its job; exported for the tests and for a last check
 * before writing.
 */
export function derivableSmallCells(
  values: readonly number[],
  relations: readonly AdditiveRelation[],
  published: readonly boolean[],
  threshold: number,
): { cells: number[]; value: number }[] {
  const known = [...published];
  const found: { cells: number[]; value: number }[] = [];
  for (let changed = true; changed;) {
    changed = false;
    for (const r of relations) {
      const cells = [r.total, ...r.parts];
      const unknown = cells.filter((c) => !known[c]);
      if (unknown.length === 1) {
        known[unknown[0]!] = true;
        changed = true;
        if (isSmallCount(values[unknown[0]!]!, threshold)) found.push({ cells: unknown, value: values[unknown[0]!]! });
      } else if (unknown.length > 1 && known[r.total]) {
        const sum = unknown.reduce((s, c) => s + values[c]!, 0);
        if (isSmallCount(sum, threshold)) found.push({ cells: unknown, value: sum });
      }
    }
  }
  return found;
}

/**
 * Builds cells and relations from keyed counts: `cell(key, value)` registers a
 * count (same key, same cell) and returns its index; `relate(total, parts)`
 * records a relation between keys. `suppress()` then gives the hidden keys.
 */
export class CellTable {
  private readonly index = new Map<string, number>();
  readonly values: number[] = [];
  readonly relations: AdditiveRelation[] = [];

  cell(key: string, value: number): number {
    const at = this.index.get(key);
    if (at !== undefined) {
      if (this.values[at] !== value)
        throw new RangeError(`cell ${key} given two values: ${this.values[at]} and ${value}`);
      return at;
    }
    this.index.set(key, this.values.length);
    this.values.push(value);
    return this.values.length - 1;
  }

  has(key: string): boolean {
    return this.index.has(key);
  }

  valueOf(key: string): number | undefined {
    const at = this.index.get(key);
    return at === undefined ? undefined : this.values[at];
  }

  relate(total: string, parts: readonly string[]): void {
    const at = (k: string) => {
      const i = this.index.get(k);
      if (i === undefined) throw new RangeError(`relation on an unknown cell ${k}`);
      return i;
    };
    if (parts.length > 0) this.relations.push({ total: at(total), parts: parts.map(at) });
  }

  /** The keys, in the order of `values`. */
  keys(): string[] {
    const out: string[] = [];
    for (const [k, i] of this.index) out[i] = k;
    return out;
  }

  /**
   * Keys to hide under `threshold`; `unpublished` keys are hidden whatever their
   * count; `free(key)` says a key is a margin no table shows (see suppressCells).
   */
  suppress(
    threshold: number,
    unpublished: ReadonlySet<string> = new Set(),
    free: (key: string) => boolean = () => false,
  ): Set<string> {
    const keys = this.keys();
    const hidden = suppressCells(
      this.values,
      this.relations,
      threshold,
      keys.map((k) => unpublished.has(k)),
      keys.map(free),
    );
    return new Set([...this.index].filter(([, i]) => hidden[i]).map(([k]) => k));
  }
}
