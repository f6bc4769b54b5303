/**
 * Kaplan-Meier curves (Observable Plot) and their numbers at risk, in one SVG:
 * step curves per group, 95 % confidence bands (areaY, curve "step-after"),
 * censoring marks ("+"), dashed median reference lines, and under the time axis
 * the numbers at risk, each printed at its time on the same x scale (so it lines
 * up with the axis, and the chart exports as one image). Groups with fewer lines
 * than `minGroupSize` are drawn thin and grey, without band or median (a curve of
 * 2 patients is two vertical drops, not an estimate). Pure with respect to its
 * data; masked numbers at risk (null) show as "<10".
 *
 * The censoring marks are drawn as one SVG path per group (the shapes of Plot's
 * "plus" dots): on a large cohort they are thousands, and one element each made
 * most of the chart's rendering time.
 */
import * as Plot from "@observablehq/plot";
import { formatCount } from "./format.js";
import { categoricalColor } from "./palette.js";

export interface KmPoint {
  time: number;
  survival: number;
  /** Confidence limits; null once the curve reaches 0 (undefined there, R: NA): no band. */
  lower: number | null;
  upper: number | null;
}

export interface KmCurve {
  group: string;
  /** Steps of the curve, from time 0 (survival 1). */
  points: readonly KmPoint[];
  /** Times with censoring, and the survival there. */
  censored: readonly { time: number; survival: number }[];
  /** Lines (or patients) in the group; below `minGroupSize` the group is greyed. */
  n?: number;
  /** Median time (null when not reached). */
  median?: number | null;
}

export interface AtRisk {
  group: string;
  time: number;
  /** Null when masked (1 to 9 patients). */
  nRisk: number | null;
}

export interface KmChartOptions {
  width: number;
  /** Height of the curves' panel (the numbers at risk are added under it). */
  height?: number;
  /** Label of the x axis (the unit of `time`). */
  xLabel?: string;
  yLabel?: string;
  /** Last time shown. */
  xMax?: number;
  /** Draw the confidence bands (default true). */
  bands?: boolean;
  /** How a group is named (its code by default). */
  label?: (group: string) => string;
  /** Groups with fewer lines than this are greyed, with no band and no median line (default 10). */
  minGroupSize?: number;
}

const GREY = "#b0b0b0";
const ROW = 16;

/** Whether a curve is too small to be read as an estimate. */
export function isSmallGroup(curve: Pick<KmCurve, "n">, minGroupSize: number): boolean {
  return curve.n !== undefined && curve.n < minGroupSize;
}

export function kmChart(
  data: { curves: readonly KmCurve[]; atRisk: readonly AtRisk[] },
  options: KmChartOptions,
): HTMLElement {
  const { height = 360, xLabel = "Months", yLabel = "Probability", bands = true } = options;
  const width = Math.max(options.width, 480); // never narrower than its margins (a page's width may start at 0)
  const label = options.label ?? ((g: string) => g);
  const minGroupSize = options.minGroupSize ?? 10;
  const groups = data.curves.map((c) => c.group);
  const small = new Set(data.curves.filter((c) => isSmallGroup(c, minGroupSize)).map((c) => c.group));
  const palette = categoricalColor(groups.filter((g) => !small.has(g)));
  const color = (g: string) => (small.has(g) ? GREY : palette(g));
  const xMax = options.xMax ?? data.curves.reduce((m, c) => c.points.reduce((n, p) => Math.max(n, p.time), m), 1);
  const clip = <T extends { time: number }>(rows: readonly T[]) => rows.filter((r) => r.time <= xMax);
  const points = data.curves.flatMap((c) => clip(c.points).map((p) => ({ ...p, group: c.group })));
  const censored = data.curves.flatMap((c) => clip(c.censored).map((p) => ({ ...p, group: c.group })));
  const big = (r: { group: string }) => !small.has(r.group);
  const medians = data.curves
    .filter((c) => !small.has(c.group) && c.median !== undefined && c.median !== null && c.median <= xMax)
    .map((c) => ({ group: c.group, median: c.median! }));
  const times = [...new Set(data.atRisk.map((r) => r.time))].filter((t) => t <= xMax).sort((a, b) => a - b);
  const rowsTop = 44; // under the axis ticks and its label
  const marginLeft = Math.min(
    170,
    Math.max(60, 26 + 6.4 * Math.max(...groups.map((g) => label(g).length), "Number at risk".length)),
  );
  const marginBottom = rowsTop + ROW * (groups.length + 1) + 6;
  const plot = Plot.plot({
    width,
    height: height + marginBottom,
    marginLeft,
    marginRight: 24,
    marginBottom,
    x: { label: xLabel, domain: [0, xMax], grid: true, labelAnchor: "right", labelOffset: 30 },
    y: { label: yLabel, domain: [0, 1], grid: true, tickFormat: "%" },
    color: { domain: groups, range: groups.map(color) },
    marks: [
      bands
        ? Plot.areaY(points.filter(big), {
            x: "time",
            y1: "lower",
            y2: "upper",
            fill: "group",
            fillOpacity: 0.12,
            curve: "step-after",
          })
        : null,
      Plot.ruleY([0.5], { stroke: "#999", strokeDasharray: "3,3", strokeOpacity: 0.6 }),
      Plot.ruleX(medians, { x: "median", y1: 0, y2: 0.5, stroke: "group", strokeDasharray: "4,3" }),
      Plot.line(points, {
        x: "time",
        y: "survival",
        stroke: "group",
        curve: "step-after",
        strokeWidth: (d: { group: string }) => (small.has(d.group) ? 1 : 1.6),
      }),
      censorMarks(censored, 2.5),
      Plot.ruleY([0]),
    ],
  }) as SVGSVGElement & { scale(name: "x"): { apply(v: number): number } };
  plot.classList.add("lotluca-km-svg");
  // Numbers at risk, in the same SVG, at the x of their time.
  const svgNs = "http://www.w3.org/2000/svg";
  const table = document.createElementNS(svgNs, "g");
  table.setAttribute("class", "lotluca-at-risk");
  table.setAttribute("font-size", "11");
  const top = height + rowsTop;
  const text = (x: number, y: number, content: string, attrs: Record<string, string> = {}) => {
    const t = document.createElementNS(svgNs, "text");
    t.setAttribute("x", String(x));
    t.setAttribute("y", String(y));
    for (const [k, v] of Object.entries(attrs)) t.setAttribute(k, v);
    t.textContent = content;
    table.append(t);
    return t;
  };
  text(4, top + ROW * 0.7, "Number at risk", { "font-weight": "bold", "text-anchor": "start" });
  const x = plot.scale("x");
  groups.forEach((g, i) => {
    const y = top + ROW * (i + 1.7);
    text(marginLeft - 22, y, label(g), { "text-anchor": "end", fill: color(g), "data-group": g });
    for (const t of times) {
      const found = data.atRisk.find((r) => r.group === g && r.time === t);
      if (!found) continue;
      text(x.apply(t), y, formatCount(found.nRisk), {
        "text-anchor": "middle",
        class: "lotluca-at-risk-cell",
        "data-group": g,
        "data-time": String(t),
      });
    }
  });
  plot.append(table);
  const figure = document.createElement("div");
  figure.className = "lotluca-km";
  figure.append(kmLegend(groups, label, color, small), plot);
  return figure;
}

/** An HTML legend: a swatch and name per group, greyed ones marked as too small. */
function kmLegend(
  groups: readonly string[],
  label: (g: string) => string,
  color: (g: string) => string,
  small: ReadonlySet<string>,
): HTMLElement {
  const div = document.createElement("div");
  div.className = "lotluca-legend";
  for (const g of groups) {
    const item = document.createElement("span");
    const swatch = document.createElement("i");
    swatch.style.background = color(g);
    item.append(swatch, small.has(g) ? `${label(g)} (too few lines)` : label(g));
    div.append(item);
  }
  return div;
}

/**
 * Plot.dot(data, {x: "time", y: "survival", stroke: "group", symbol: "plus", r})
 * drawn as one path per colour instead of one element per mark.
 */
function censorMarks(data: readonly { time: number; survival: number; group: string }[], r: number): Plot.Dot {
  return Plot.dot(data, {
    x: "time",
    y: "survival",
    stroke: "group",
    symbol: "plus",
    r,
    strokeWidth: 1,
    render(index, _scales, values, _dimensions, context) {
      const [X, Y, S] = [values.x!, values.y!, values.stroke!];
      const paths = new Map<string, string[]>();
      // Plot draws "plus" with d3.symbolPlus at size r²π: two segments of half-length h.
      const size = r * r * Math.PI;
      const h = Math.sqrt(size - Math.min(size / 7, 2)) * 0.87559;
      for (const i of index) {
        const [x, y] = [Number(X[i]), Number(Y[i])];
        const color = String(S[i]);
        if (!paths.has(color)) paths.set(color, []);
        paths
          .get(color)!
          .push(`M${round(x - h)},${round(y)}H${round(x + h)}M${round(x)},${round(y + h)}V${round(y - h)}`);
      }
      const svg = "http://www.w3.org/2000/svg";
      const g = context.document.createElementNS(svg, "g");
      g.setAttribute("aria-label", "censored");
      g.setAttribute("fill", "none");
      g.setAttribute("stroke-width", "1");
      // Plot's half-pixel offset for crisp strokes on low-density screens.
      const offset = (context.document.defaultView?.devicePixelRatio ?? 1) > 1 ? 0 : 0.5;
      if (offset) g.setAttribute("transform", `translate(${offset},${offset})`);
      for (const [color, d] of paths) {
        const path = context.document.createElementNS(svg, "path");
        path.setAttribute("class", "lotluca-km-censored");
        path.setAttribute("stroke", color);
        path.setAttribute("d", d.join(""));
        g.append(path);
      }
      return g;
    },
  });
}

const round = (v: number) => Math.round(v * 1000) / 1000;
