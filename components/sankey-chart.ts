/**
 * A Sankey diagram of treatment pathways (d3-sankey): nodes are "L<n> <regimen>"
 * or an end ("later lines", "still on treatment", "death", "no further line"),
 * links carry patients. Pure with respect to its data: nodes and links are
 * copied on every call (d3-sankey mutates what it is given).
 */
import { sankey, sankeyJustify, sankeyLinkHorizontal, type SankeyGraph, type SankeyNode } from "d3-sankey";
import { formatCount } from "./format.js";
import { categoricalColor } from "./palette.js";

export interface PathwayLink {
  source: string;
  target: string;
  patients: number;
}

export interface SankeyOptions {
  width: number;
  height?: number;
  /** Colour by label (the node name without its "L<n> " prefix). */
  color?: (label: string) => string;
}

interface Node {
  name: string;
}
interface Link {
  source: string | number;
  target: string | number;
  value: number;
}

const END_COLORS: Record<string, string> = {
  "later lines": "#888",
  "still on treatment": "#4a9",
  death: "#333",
  "no further line": "#bbb",
};

/** The node's label without the line prefix ("L2 immunotherapy" -> "immunotherapy"). */
export function nodeLabel(name: string): string {
  return name.replace(/^L\d+ /, "");
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

export function sankeyChart(links: readonly PathwayLink[], options: SankeyOptions): SVGSVGElement {
  const { width, height = 520 } = options;
  const labels = [...new Set(links.flatMap((l) => [l.source, l.target]).map(nodeLabel))]
    .filter((l) => !(l in END_COLORS))
    .sort();
  const palette = categoricalColor(labels);
  const color = options.color ?? ((label: string) => END_COLORS[label] ?? palette(label));
  const svg = el("svg", {
    class: "lotluca-sankey",
    width,
    height,
    viewBox: `0 0 ${width} ${height}`,
    style: "max-width: 100%; height: auto; font: 11px sans-serif;",
  });
  if (links.length === 0) {
    const t = el("text", { x: width / 2, y: height / 2, "text-anchor": "middle" }, svg);
    t.textContent = "No pathway to show for this selection.";
    return svg;
  }
  const names = [...new Set(links.flatMap((l) => [l.source, l.target]))];
  const graph: SankeyGraph<Node, Link> = {
    nodes: names.map((name) => ({ name })),
    links: links.map((l) => ({ source: l.source, target: l.target, value: l.patients })),
  };
  const layout = sankey<Node, Link>()
    .nodeId((d) => d.name)
    .nodeAlign(sankeyJustify)
    .nodeWidth(12)
    .nodePadding(8)
    .nodeSort((a, b) => (b.value ?? 0) - (a.value ?? 0))
    .extent([
      [1, 5],
      [width - 1, height - 5],
    ]);
  const { nodes, links: laidOut } = layout(graph);
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
        stroke: color(nodeLabel(source.name)),
        "stroke-opacity": 0.4,
        "stroke-width": Math.max(1, d.width ?? 1),
        "data-patients": d.value,
      },
      linkGroup,
    );
    title(p, `${source.name} → ${target.name}: ${formatCount(d.value)} patients`);
  }
  const nodeGroup = el("g", {}, svg);
  for (const d of nodes) {
    const [x0, x1, y0, y1] = [d.x0 ?? 0, d.x1 ?? 0, d.y0 ?? 0, d.y1 ?? 0];
    const g = el("g", { class: "lotluca-sankey-node", "data-name": d.name }, nodeGroup);
    const rect = el(
      "rect",
      { x: x0, y: y0, width: x1 - x0, height: Math.max(1, y1 - y0), fill: color(nodeLabel(d.name)) },
      g,
    );
    title(rect, `${d.name}: ${formatCount(d.value ?? 0)} patients`);
    if (y1 - y0 < 9) continue;
    const left = x0 < width / 2;
    const text = el(
      "text",
      { x: left ? x1 + 4 : x0 - 4, y: (y0 + y1) / 2, dy: "0.35em", "text-anchor": left ? "start" : "end" },
      g,
    );
    text.textContent = `${d.name} (${formatCount(d.value ?? 0)})`;
  }
  return svg;
}
