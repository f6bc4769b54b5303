/**
 * A Sankey diagram of treatment pathways (d3-sankey), after OHDSI
 * TreatmentPatterns: one column per line of therapy; how a pathway ends after
 * line n ("death", "no further line", "still on treatment", "later lines") is
 * a node of its own in the column after line n, under that column's regimens,
 * so no link crosses the whole chart. Links and nodes carry patients; a node too
 * small for a readable label has none (its tooltip says it all), and a label
 * never runs into the next column. Pure with respect to its data: nodes and
 * links are copied on every call (d3-sankey mutates what it is given).
 */
import { sankey, sankeyLinkHorizontal, type SankeyGraph, type SankeyNode } from "d3-sankey";
import { labelOf, regimenLabelOf } from "../core/labels/labels.js";
import { formatCount } from "./format.js";

export interface PathwayLink {
  source: string;
  target: string;
  patients: number;
}

export interface SankeyOptions {
  width: number;
  height?: number;
  /** Colour of a node code (the node name without its "L<n> " prefix). */
  color?: (code: string) => string;
}

interface Node {
  name: string;
  /** Line number of the column (1-based), an exit after line n is in column n + 1. */
  column: number;
  code: string;
  end: boolean;
}
interface Link {
  source: string | number;
  target: string | number;
  value: number;
}

/** The ways a pathway ends, in the order they are stacked under a column. */
export const PATHWAY_ENDS = ["later lines", "still on treatment", "no further line", "death"] as const;

export const END_COLORS: Readonly<Record<string, string>> = {
  "later lines": "#9a9a9a",
  "still on treatment": "#3c9d74",
  "no further line": "#c9c9c9",
  death: "#2b2b2b",
};

/** Distinct colours for regimens or regimen classes (Tableau 20 without its greys), then "other" in grey. */
export const CATEGORY_COLORS = [
  "#4e79a7",
  "#f28e2b",
  "#e15759",
  "#76b7b2",
  "#59a14f",
  "#edc948",
  "#b07aa1",
  "#ff9da7",
  "#9c755f",
  "#a0cbe8",
  "#ffbe7d",
  "#ff9d9a",
  "#8cd17d",
  "#b6992d",
  "#f1ce63",
  "#499894",
  "#86bcb6",
  "#d37295",
  "#fabfd2",
  "#d4a6c8",
];
const OTHER_COLOR = "#bab0ac";

/** The node's code without the line prefix ("L2 immunotherapy" -> "immunotherapy"). */
export function nodeLabel(name: string): string {
  return name.replace(/^L\d+ /, "");
}

/** A label for any node code: an end, a regimen class, or a regimen. */
export function codeLabel(code: string): string {
  if (code in END_COLORS) return labelOf(code, "pathwayEnd");
  if (code === "other") return "Other regimens";
  return regimenLabelOf(code);
}

export interface PathwayPalette {
  color: (code: string) => string;
  /** Legend entries, most patients first, then the ends. */
  legend: { code: string; label: string; color: string }[];
}

/**
 * One colour per regimen (class), the most frequent first; beyond the palette
 * the rarest share "other"'s grey. Ends have fixed colours.
 */
export function pathwayPalette(links: readonly PathwayLink[]): PathwayPalette {
  const patients = new Map<string, number>();
  for (const l of links) {
    for (const name of [l.source, l.target]) {
      const code = nodeLabel(name);
      if (!(code in END_COLORS)) patients.set(code, (patients.get(code) ?? 0) + l.patients);
    }
  }
  const codes = [...patients.keys()]
    .filter((c) => c !== "other")
    .sort((a, b) => patients.get(b)! - patients.get(a)! || a.localeCompare(b));
  const colors = new Map(codes.slice(0, CATEGORY_COLORS.length).map((c, i) => [c, CATEGORY_COLORS[i]!]));
  const color = (code: string) => END_COLORS[code] ?? colors.get(code) ?? OTHER_COLOR;
  const pooled = codes.length > CATEGORY_COLORS.length || patients.has("other");
  const ends = new Set(links.map((l) => nodeLabel(l.target)).filter((c) => c in END_COLORS));
  return {
    color,
    legend: [
      ...codes.slice(0, CATEGORY_COLORS.length).map((code) => ({ code, label: codeLabel(code), color: color(code) })),
      ...(pooled ? [{ code: "other", label: "Other regimens", color: OTHER_COLOR }] : []),
      ...PATHWAY_ENDS.filter((e) => ends.has(e)).map((code) => ({ code, label: codeLabel(code), color: color(code) })),
    ],
  };
}

/** An HTML legend of the palette. */
export function pathwayLegend(palette: PathwayPalette): HTMLElement {
  const div = document.createElement("div");
  div.className = "lotluca-legend";
  for (const entry of palette.legend) {
    const item = document.createElement("span");
    const swatch = document.createElement("i");
    swatch.style.background = entry.color;
    item.append(swatch, entry.label);
    item.dataset.code = entry.code;
    div.append(item);
  }
  return div;
}

const SVG = "http://www.w3.org/2000/svg";

function el<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number>,
  parent?: Element,
): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  parent?.append(e);
  return e;
}

function title(parent: Element, text: string): void {
  el("title", {}, parent).textContent = text;
}

/** Text cut to `chars` characters with an ellipsis. */
function fit(text: string, chars: number): string {
  return text.length <= chars ? text : `${text.slice(0, Math.max(1, chars - 1))}…`;
}

/**
 * Text wrapped at spaces into at most `maxLines` lines of `chars` characters; a
 * word longer than a line, or what the last line cannot hold, is cut with an
 * ellipsis (the node's tooltip has the full text).
 */
export function wrapLabel(text: string, chars: number, maxLines: number): string[] {
  const lines: string[] = [];
  let current = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const joined = current ? `${current} ${word}` : word;
    if (joined.length <= chars || !current) current = joined;
    else {
      lines.push(current);
      current = word;
    }
  }
  if (current) lines.push(current);
  if (lines.length <= maxLines) return lines.map((l) => fit(l, chars));
  const kept = lines.slice(0, maxLines);
  kept[maxLines - 1] = fit(`${kept[maxLines - 1]} ${lines.slice(maxLines).join(" ")}`, chars);
  return kept.map((l) => fit(l, chars));
}

/** The column (line number) of a node name; an end node "after L<n>" is in column n + 1. */
function lineOf(name: string): number {
  return Number(/^L(\d+) /.exec(name)?.[1] ?? 0);
}

/** A readable node name: "L1 Chemo-immunotherapy", or "Death after line 2". */
export function nodeTitle(node: { code: string; column: number; end: boolean }): string {
  return node.end ? `${codeLabel(node.code)} after line ${node.column - 1}` : `L${node.column} ${codeLabel(node.code)}`;
}

export function sankeyChart(links: readonly PathwayLink[], options: SankeyOptions): SVGSVGElement {
  const { height = 520 } = options;
  const width = Math.max(options.width, 360); // a page's width may start at 0
  const color = options.color ?? pathwayPalette(links).color;
  const svg = el("svg", {
    class: "lotluca-sankey",
    width,
    height,
    viewBox: `0 0 ${width} ${height}`,
    style: "max-width: 100%; height: auto; font: 11px system-ui, sans-serif;",
  });
  if (links.length === 0) {
    const t = el("text", { x: width / 2, y: height / 2, "text-anchor": "middle" }, svg);
    t.textContent = "No pathway to show for this selection.";
    return svg;
  }
  // Each end gets its own node per line: "death" after line 1 is "L2 ⟂death" in the second column.
  const nodes = new Map<string, Node>();
  const nodeOf = (name: string, after?: number): string => {
    const code = nodeLabel(name);
    const end = code in END_COLORS;
    const column = end ? (after ?? 0) + 1 : lineOf(name);
    const id = end ? `E${column} ${code}` : name;
    if (!nodes.has(id)) nodes.set(id, { name: id, column, code, end });
    return id;
  };
  const graphLinks: Link[] = links.map((l) => ({
    source: nodeOf(l.source),
    target: nodeOf(l.target, lineOf(l.source)),
    value: l.patients,
  }));
  const graph: SankeyGraph<Node, Link> = { nodes: [...nodes.values()].map((n) => ({ ...n })), links: graphLinks };
  const columns = Math.max(...[...nodes.values()].map((n) => n.column));
  // Room at the right for the last column's labels (every label is right of its node).
  const labelRoom = Math.round(Math.min(150, width * 0.22));
  const rank = (n: Node) => (n.end ? 1 + PATHWAY_ENDS.indexOf(n.code as (typeof PATHWAY_ENDS)[number]) : 0);
  const layout = sankey<Node, Link>()
    .nodeId((d) => d.name)
    // Each node in its own column (line n, or exits after line n), even one whose incoming links are under the minimum count.
    .nodeAlign((d) => (d as unknown as Node).column - 1)
    .nodeWidth(12)
    .nodePadding(10)
    .nodeSort((a, b) => rank(a) - rank(b) || (b.value ?? 0) - (a.value ?? 0))
    .extent([
      [1, 22],
      [width - labelRoom, height - 5],
    ]);
  const { nodes: laid, links: laidOut } = layout(graph);
  const path = sankeyLinkHorizontal<Node, Link>();
  const linkGroup = el("g", { fill: "none" }, svg);
  for (const d of laidOut) {
    const source = d.source as SankeyNode<Node, Link>;
    const target = d.target as SankeyNode<Node, Link>;
    const p = el(
      "path",
      {
        class: "lotluca-sankey-link",
        d: path(d) ?? "",
        stroke: color(target.end ? target.code : source.code),
        "stroke-opacity": target.end ? 0.3 : 0.45,
        "stroke-width": Math.max(1, d.width ?? 1),
        "data-patients": d.value,
      },
      linkGroup,
    );
    title(p, `${nodeTitle(source)} → ${nodeTitle(target)}: ${formatCount(d.value)} patients`);
  }
  // Labels sit right of their node, cut to the gap before the next column (or to the room at the right).
  const gap = columns > 1 ? (width - labelRoom - 12) / (columns - 1) - 12 - 8 : width - 20;
  const charsOf = (column: number) => Math.max(4, Math.floor((column === columns ? labelRoom - 8 : gap) / 6));
  // Column headers: "Line 1", "Line 2", ..., and "After line n" over the last column of exits.
  const headers = el("g", { class: "lotluca-sankey-columns", "font-weight": "bold" }, svg);
  const columnX = new Map<number, number>();
  for (const d of laid) columnX.set(d.column, d.x0 ?? 0);
  for (const [column, x] of columnX) {
    const onlyEnds = laid.every((d) => d.column !== column || d.end);
    const header = el("text", { x, y: 12 }, headers);
    header.textContent = onlyEnds ? `After line ${column - 1}` : `Line ${column}`;
  }
  const nodeGroup = el("g", {}, svg);
  for (const d of laid) {
    const [x0, x1, y0, y1] = [d.x0 ?? 0, d.x1 ?? 0, d.y0 ?? 0, d.y1 ?? 0];
    const g = el("g", { class: "lotluca-sankey-node", "data-name": d.name }, nodeGroup);
    const full = `${nodeTitle(d)}: ${formatCount(d.value ?? 0)} patients`;
    const rect = el("rect", { x: x0, y: y0, width: x1 - x0, height: Math.max(1, y1 - y0), fill: color(d.code) }, g);
    title(rect, full);
    if (y1 - y0 < 12) continue; // too small for a label that would not touch its neighbours
    // The column says the line: the label is the regimen (or the end) and its patients,
    // wrapped onto as many lines (of 12 px) as the node's height and the node padding hold.
    const rows = wrapLabel(
      `${codeLabel(d.code)} (${formatCount(d.value ?? 0)})`,
      charsOf(d.column),
      Math.max(1, Math.floor((y1 - y0 + 10) / 12)),
    );
    const top = (y0 + y1) / 2 - ((rows.length - 1) * 12) / 2;
    const text = el("text", { x: x1 + 4, y: top, dy: "0.35em", "text-anchor": "start" }, g);
    rows.forEach((row, i) => {
      const span = el("tspan", { x: x1 + 4, ...(i === 0 ? {} : { dy: 12 }) }, text);
      span.textContent = row;
    });
    title(text, full);
  }
  return svg;
}
