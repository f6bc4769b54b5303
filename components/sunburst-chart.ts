/**
 * A sunburst of treatment pathways, beside the Sankey (as in OHDSI
 * TreatmentPatterns): the inner ring is line 1, each ring outwards the next
 * line, and the outermost piece of a pathway is how it ended (death, no further
 * line, still on treatment, later lines). Built from the pathway sequences and
 * their patient counts (d3-hierarchy's partition); each arc's tooltip names its
 * whole pathway and its patients, so no arc needs a label.
 */
import { hierarchy, partition, type HierarchyRectangularNode } from "d3-hierarchy";
import { arc } from "d3-shape";
import { codeLabel, type PathwayPalette } from "./sankey-chart.js";
import { formatCount, formatPercent } from "./format.js";

export interface PathwaySequence {
  /** Codes joined by " → " (line 1 first); empty when the ending follows the index directly. */
  sequence: string | null;
  ending: string | null;
  patients: number;
}

interface Tree {
  code: string;
  patients: number;
  children: Map<string, Tree>;
}

function treeOf(sequences: readonly PathwaySequence[]): Tree {
  const root: Tree = { code: "", patients: 0, children: new Map() };
  for (const s of sequences) {
    const steps = [...(s.sequence ? s.sequence.split(" → ") : []), ...(s.ending ? [s.ending] : [])];
    let node = root;
    for (const code of steps) {
      let child = node.children.get(code);
      if (!child) node.children.set(code, (child = { code, patients: 0, children: new Map() }));
      node = child;
    }
    node.patients += s.patients;
  }
  return root;
}

const SVG = "http://www.w3.org/2000/svg";

export function sunburstChart(
  sequences: readonly PathwaySequence[],
  { size: given, palette, treated }: { size: number; palette: PathwayPalette; treated: number },
): SVGSVGElement {
  const size = Math.max(given, 200); // a page's width may start at 0
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("class", "lotluca-sunburst");
  svg.setAttribute("width", String(size));
  svg.setAttribute("height", String(size));
  svg.setAttribute("viewBox", `${-size / 2} ${-size / 2} ${size} ${size}`);
  svg.setAttribute("style", "max-width: 100%; height: auto; font: 11px system-ui, sans-serif;");
  const root = hierarchy<Tree>(treeOf(sequences), (d) => [...d.children.values()])
    .sum((d) => d.patients)
    .sort((a, b) => (b.value ?? 0) - (a.value ?? 0));
  const laid = partition<Tree>().size([2 * Math.PI, size / 2 - 4])(root);
  const ring = (size / 2 - 4) / Math.max(1, ...laid.descendants().map((d) => d.depth + 1));
  const draw = arc<HierarchyRectangularNode<Tree>>()
    .startAngle((d) => d.x0)
    .endAngle((d) => d.x1)
    .innerRadius((d) => d.depth * ring)
    .outerRadius((d) => (d.depth + 1) * ring - 1)
    .padAngle(0.004);
  const total = laid.value ?? 0;
  for (const d of laid.descendants()) {
    if (d.depth === 0) continue;
    const path = document.createElementNS(SVG, "path");
    path.setAttribute("d", draw(d) ?? "");
    path.setAttribute("fill", palette.color(d.data.code));
    path.setAttribute("class", "lotluca-sunburst-arc");
    path.setAttribute("data-patients", String(d.value ?? 0));
    const names = d
      .ancestors()
      .reverse()
      .slice(1)
      .map((a, i) => (isEnd(a.data.code) ? codeLabel(a.data.code) : `L${i + 1} ${codeLabel(a.data.code)}`));
    const title = document.createElementNS(SVG, "title");
    title.textContent = `${names.join(" → ")}: ${formatCount(d.value ?? 0)} patients (${formatPercent((d.value ?? 0) / Math.max(1, total))})`;
    path.append(title);
    svg.append(path);
  }
  for (const [text, dy] of [
    [formatCount(treated), "-0.2em"],
    ["treated", "1em"],
  ] as const) {
    const center = document.createElementNS(SVG, "text");
    center.setAttribute("text-anchor", "middle");
    center.setAttribute("dy", dy);
    center.textContent = text;
    svg.append(center);
  }
  return svg;
}

function isEnd(code: string): boolean {
  return ["later lines", "still on treatment", "no further line", "death"].includes(code);
}
