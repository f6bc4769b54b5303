/**
 * The published counts of the cohort, suppressed together: the overview
 * (patients, treated, lines, reaching line 2, deaths by subgroup), the cohort
 * profile (categories of each characteristic by subgroup), the advanced dates
 * by source, the pathway graph (Sankey links of both node types) and the
 * pathway sequences. These tables share totals, so a count hidden in one comes
 * back from another unless the suppression sees them all at once:
 *
 * - a subgroup's size is the overview's `patients` and the sum of each of its
 *   profile characteristics; every count of a subgroup of one dimension adds
 *   up, over the dimension's values, to the same count of the whole cohort;
 * - patients reaching line k (k = 1: treated) are the overview's `treated` and
 *   `reached_line2`, the profile's "Lines of therapy" categories k and above,
 *   and the total of the pathway nodes of line k (of either node type);
 * - in the pathway graph, a node's patients are the sum of its incoming links
 *   and the sum of its outgoing links (the pathway ends included); the patients
 *   whose pathway ends (death, still on treatment, no further line) after line
 *   k are shared by both node types; after line 3, "later lines" are the
 *   patients reaching line 4;
 * - the sequences of a subgroup add up to its treated patients, and those of
 *   length k ending in e after node X to the link X -> e.
 *
 * Each relation is recorded only when it holds on the counts (e.g. a regimen
 * pooled as "other" in one subgroup and not in another breaks the sum over
 * subgroups, and then nobody can use it either). The result: the keys to hide
 * (complementary suppression, small-cells.ts) and a check that nothing small
 * can be derived from what is left.
 */
import { CellTable, derivableSmallCells } from "./small-cells.js";

export interface Subgroup {
  dimension: string;
  value: string;
}

export interface OverviewCounts extends Subgroup {
  patients: number;
  treated: number;
  lines: number;
  reached_line2: number;
  deaths: number;
}

export interface ProfileCount extends Subgroup {
  characteristic: string;
  category: string;
  patients: number;
}

export interface IndexDateCount {
  source: string;
  inferred: boolean;
  patients: number;
}

export interface PathwayLinkCount extends Subgroup {
  key: string;
  source: string;
  target: string;
  patients: number;
}

export interface PathwaySequenceCount extends Subgroup {
  key: string;
  /** Line labels joined by " → " (null: no line). */
  sequence: string | null;
  ending: string;
  patients: number;
}

export interface CohortCounts {
  /** The subgroup of every patient. */
  all: Subgroup;
  overview: readonly OverviewCounts[];
  profile: readonly ProfileCount[];
  indexDates: readonly IndexDateCount[];
  links: readonly PathwayLinkCount[];
  sequences: readonly PathwaySequenceCount[];
  /**
   * The evaluation against the gold standard (published in summary.json): its
   * patients and their subgroups (variable, value), which are the cohort's own
   * subgroups when the gold standard covers the cohort.
   */
  evaluation?: { patients: number; subgroups: readonly { variable: string; value: string; patients: number }[] };
  /** Sequences and links not published whatever their count (e.g. beyond the top sequences), by key (see `cohortKeys`). */
  unpublished?: ReadonlySet<string>;
}

/** The lines of therapy characteristic of the profile and its categories (0, 1, 2, 3, "4 or more"). */
export const LINES_CHARACTERISTIC = "Lines of therapy";
export const LINES_TOP_CATEGORY = "4 or more";
/** The pathway end that follows line `depth` when there are more lines. */
export const LATER_LINES = "later lines";
const SEQUENCE_SEPARATOR = " → ";

/** Keys of the published cells, one per published count. */
export const cohortKeys = {
  overview: (r: Subgroup, column: "patients" | "treated" | "lines" | "reached_line2" | "deaths") =>
    column === "patients"
      ? sizeKey(r)
      : column === "treated"
        ? reachedKey(r, 1)
        : column === "reached_line2"
          ? reachedKey(r, 2)
          : `overview\u0000${r.dimension}\u0000${r.value}\u0000${column}`,
  profile: (r: Omit<ProfileCount, "patients">) =>
    r.characteristic === LINES_CHARACTERISTIC && r.category === LINES_TOP_CATEGORY
      ? reachedKey(r, 4)
      : `profile\u0000${r.dimension}\u0000${r.value}\u0000${r.characteristic}\u0000${r.category}`,
  indexDate: (r: Omit<IndexDateCount, "patients">) => `index\u0000${r.source}\u0000${String(r.inferred)}`,
  link: (r: Omit<PathwayLinkCount, "patients">) =>
    `link\u0000${r.dimension}\u0000${r.value}\u0000${r.key}\u0000${r.source}\u0000${r.target}`,
  evaluationSubgroup: (variable: string, value: string) => `evaluation\u0000${variable}\u0000${value}`,
  sequence: (r: Omit<PathwaySequenceCount, "patients">) =>
    `sequence\u0000${r.dimension}\u0000${r.value}\u0000${r.key}\u0000${r.sequence ?? ""}\u0000${r.ending}`,
  /** Patients reaching line k (k = 1: treated) in a subgroup. */
  reached: (r: Subgroup, k: number) => reachedKey(r, k),
  size: (r: Subgroup) => sizeKey(r),
};

function sizeKey(r: Subgroup) {
  return `size\u0000${r.dimension}\u0000${r.value}`;
}
function reachedKey(r: Subgroup, k: number) {
  return `reached\u0000${r.dimension}\u0000${r.value}\u0000${k}`;
}
const nodeKey = (r: Subgroup & { key: string }, node: string) =>
  `node\u0000${r.dimension}\u0000${r.value}\u0000${r.key}\u0000${node}`;
const endKey = (r: Subgroup, k: number, end: string) => `end\u0000${r.dimension}\u0000${r.value}\u0000${k}\u0000${end}`;

/** Line number of a pathway node "L<k> <label>", else null (an end). */
export function nodeLine(node: string): number | null {
  const m = /^L(\d+) /.exec(node);
  return m ? Number(m[1]) : null;
}

/**
 * The cells and relations of the published cohort counts (see the module
 * comment). `subgroupOf` gives each cell key's subgroup and the key with the
 * subgroup taken out, for the sums over a dimension's values.
 */
export function cohortCellTable(counts: CohortCounts): CellTable {
  const cells = new CellTable();
  // signature (the key without its subgroup) -> subgroup "dimension\0value" -> key
  const bySignature = new Map<string, Map<string, string>>();
  const add = (s: Subgroup, key: string, signature: string, value: number) => {
    cells.cell(key, value);
    const at = bySignature.get(signature) ?? new Map<string, string>();
    at.set(`${s.dimension}\u0000${s.value}`, key);
    bySignature.set(signature, at);
  };
  const sum = (keys: readonly string[]) => keys.reduce((n, k) => n + (cells.valueOf(k) ?? 0), 0);
  /** Records total = sum(parts) when it holds on the counts. */
  const relate = (total: string, parts: readonly string[]) => {
    if (!cells.has(total) || parts.length === 0 || parts.some((p) => !cells.has(p))) return;
    if (cells.valueOf(total) === sum(parts)) cells.relate(total, parts);
  };

  const subgroups = new Map<string, Subgroup>();
  const remember = (s: Subgroup) => subgroups.set(`${s.dimension}\u0000${s.value}`, s);

  for (const r of counts.overview) {
    remember(r);
    for (const c of ["patients", "treated", "lines", "reached_line2", "deaths"] as const)
      add(r, cohortKeys.overview(r, c), `overview\u0000${c}`, r[c]);
  }
  const profileParts = new Map<string, string[]>();
  for (const r of counts.profile) {
    remember(r);
    const key = cohortKeys.profile(r);
    add(r, key, `profile\u0000${r.characteristic}\u0000${r.category}`, r.patients);
    const group = `${r.dimension}\u0000${r.value}\u0000${r.characteristic}`;
    profileParts.set(group, [...(profileParts.get(group) ?? []), key]);
  }
  // Patients reaching line k, from the lines-of-therapy categories (k = 1..4).
  for (const s of subgroups.values()) {
    const category = (c: string) => cohortKeys.profile({ ...s, characteristic: LINES_CHARACTERISTIC, category: c });
    const levels = ["1", "2", "3", LINES_TOP_CATEGORY];
    for (let k = 1; k <= 3; k++) {
      const parts = levels.slice(k - 1).map(category);
      const present = parts.filter((p) => cells.has(p));
      if (present.length === 0) continue;
      if (!cells.has(reachedKey(s, k))) add(s, reachedKey(s, k), `reached\u0000${k}`, sum(present));
      relate(reachedKey(s, k), present);
    }
    relate(reachedKey(s, 1), [reachedKey(s, 2), category("1")]);
    relate(reachedKey(s, 2), [reachedKey(s, 3), category("2")]);
    relate(reachedKey(s, 3), [reachedKey(s, 4), category("3")]);
  }
  for (const parts of profileParts.values()) {
    const [dimension, value] = parts[0]!.split("\u0000").slice(1, 3) as [string, string];
    relate(sizeKey({ dimension, value }), parts);
  }
  // Advanced dates by source add up to the cohort.
  const index = counts.indexDates.map((r) => {
    const key = cohortKeys.indexDate(r);
    cells.cell(key, r.patients);
    return key;
  });
  relate(sizeKey(counts.all), index);

  // The pathway graph.
  const nodes = new Map<
    string,
    { s: Subgroup & { key: string }; node: string; inbound: string[]; outbound: string[] }
  >();
  const nodeOf = (s: Subgroup & { key: string }, node: string) => {
    const k = nodeKey(s, node);
    const at = nodes.get(k) ?? { s, node, inbound: [], outbound: [] };
    nodes.set(k, at);
    return at;
  };
  const ends = new Map<string, { s: Subgroup; k: number; end: string; parts: string[] }>();
  for (const r of counts.links) {
    remember(r);
    const key = cohortKeys.link(r);
    add(r, key, `link\u0000${r.key}\u0000${r.source}\u0000${r.target}`, r.patients);
    nodeOf(r, r.source).outbound.push(key);
    const k = nodeLine(r.source);
    if (nodeLine(r.target) !== null) nodeOf(r, r.target).inbound.push(key);
    else if (k !== null) {
      const e = `${r.key}\u0000${endKey(r, k, r.target)}`;
      const at = ends.get(e) ?? { s: r, k, end: r.target, parts: [] };
      at.parts.push(key);
      ends.set(e, at);
    }
  }
  const lineNodes = new Map<string, string[]>(); // key, subgroup, k -> node keys
  for (const [key, n] of nodes) {
    const k = nodeLine(n.node);
    if (k === null) continue;
    const total = n.outbound.length > 0 ? n.outbound : n.inbound;
    add(n.s, key, `node\u0000${n.s.key}\u0000${n.node}`, sum(total));
    relate(key, n.outbound);
    relate(key, n.inbound);
    const group = `${n.s.key}\u0000${n.s.dimension}\u0000${n.s.value}\u0000${k}`;
    lineNodes.set(group, [...(lineNodes.get(group) ?? []), key]);
  }
  for (const [group, keys] of lineNodes) {
    const [, dimension, value, k] = group.split("\u0000") as [string, string, string, string];
    const s = { dimension, value };
    if (!cells.has(reachedKey(s, Number(k)))) add(s, reachedKey(s, Number(k)), `reached\u0000${k}`, sum(keys));
    relate(reachedKey(s, Number(k)), keys);
  }
  const endsBySubgroup = new Map<string, string[]>(); // subgroup, k -> end keys
  for (const { s, k, end, parts } of ends.values()) {
    const key = end === LATER_LINES ? reachedKey(s, k + 1) : endKey(s, k, end);
    if (!cells.has(key)) add(s, key, `end\u0000${k}\u0000${end}`, sum(parts));
    relate(key, parts);
    const group = `${s.dimension}\u0000${s.value}\u0000${k}`;
    const list = endsBySubgroup.get(group) ?? [];
    if (!list.includes(key)) list.push(key);
    endsBySubgroup.set(group, list);
  }
  // Patients reaching line k = those reaching line k + 1 + those whose pathway ends after line k.
  for (const [group, keys] of endsBySubgroup) {
    const [dimension, value, k] = group.split("\u0000") as [string, string, string];
    const s = { dimension, value };
    const next = reachedKey(s, Number(k) + 1);
    relate(reachedKey(s, Number(k)), cells.has(next) && !keys.includes(next) ? [next, ...keys] : keys);
  }

  // Sequences: all of a subgroup add up to its treated patients; those of length k
  // ending in e after X to the link "Lk X" -> e.
  const sequenceTotals = new Map<string, { s: Subgroup; parts: string[] }>();
  const byLink = new Map<string, string[]>();
  for (const r of counts.sequences) {
    remember(r);
    const key = cohortKeys.sequence(r);
    add(r, key, `sequence\u0000${r.key}\u0000${r.sequence ?? ""}\u0000${r.ending}`, r.patients);
    const g = `${r.key}\u0000${r.dimension}\u0000${r.value}`;
    const at = sequenceTotals.get(g) ?? { s: r, parts: [] };
    at.parts.push(key);
    sequenceTotals.set(g, at);
    if (r.sequence !== null) {
      const labels = r.sequence.split(SEQUENCE_SEPARATOR);
      const link = cohortKeys.link({
        ...r,
        source: `L${labels.length} ${labels[labels.length - 1]!}`,
        target: r.ending,
      });
      byLink.set(link, [...(byLink.get(link) ?? []), key]);
    }
  }
  for (const { s, parts } of sequenceTotals.values()) relate(reachedKey(s, 1), parts);
  for (const [link, parts] of byLink) relate(link, parts);

  // The evaluation's subgroups of one variable add up to its patients; one that
  // is also a cohort subgroup of the same size is the same count.
  if (counts.evaluation) {
    const total = "evaluation\u0000patients";
    cells.cell(total, counts.evaluation.patients);
    relate(sizeKey(counts.all), [total]);
    const variables = new Map<string, string[]>();
    for (const g of counts.evaluation.subgroups) {
      const key = cohortKeys.evaluationSubgroup(g.variable, g.value);
      cells.cell(key, g.patients);
      variables.set(g.variable, [...(variables.get(g.variable) ?? []), key]);
      relate(sizeKey({ dimension: g.variable, value: g.value }), [key]);
    }
    for (const parts of variables.values()) relate(total, parts);
  }

  // Every count of a dimension's subgroups adds up to the same count of the whole cohort.
  const allId = `${counts.all.dimension}\u0000${counts.all.value}`;
  const dimensions = new Map<string, string[]>();
  for (const [id, s] of subgroups) {
    if (id === allId) continue;
    dimensions.set(s.dimension, [...(dimensions.get(s.dimension) ?? []), id]);
  }
  for (const at of bySignature.values()) {
    const total = at.get(allId);
    if (total === undefined) continue;
    for (const ids of dimensions.values()) {
      const parts = ids.map((id) => at.get(id)).filter((k): k is string => k !== undefined);
      relate(total, parts);
    }
  }
  return cells;
}

/**
 * Margins that the relations define but no published table shows: pathway node
 * totals, patients whose pathway ends in a given way after line k, patients
 * reaching line 3 (the overview shows lines 1 and 2, the profile line 4 or more).
 */
export function isDerivedMargin(key: string): boolean {
  return (
    key.startsWith("node\u0000") ||
    key.startsWith("end\u0000") ||
    (key.startsWith("reached\u0000") && key.endsWith("\u00003"))
  );
}

/**
 * The keys to hide: small counts, the unpublished ones, and their complements;
 * throws if a small count could still be derived (a defect of the model).
 */
export function cohortHiddenKeys(counts: CohortCounts, threshold: number): Set<string> {
  const cells = cohortCellTable(counts);
  const hidden = cells.suppress(threshold, counts.unpublished, isDerivedMargin);
  if (threshold > 1) {
    const published = cells.keys().map((k) => !hidden.has(k));
    const leaks = derivableSmallCells(cells.values, cells.relations, published, threshold);
    if (leaks.length > 0)
      throw new Error(
        `complementary suppression left ${leaks.length} small count(s) derivable (e.g. ${cells.keys()[leaks[0]!.cells[0]!]})`,
      );
  }
  return hidden;
}
