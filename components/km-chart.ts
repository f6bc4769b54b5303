/**
 * Kaplan-Meier curves (Observable Plot): step curves per group, their 95 %
 * confidence bands (areaY with curve "step-after"), censoring marks ("+"), and
 * an HTML table of numbers at risk under the plot, at regular times. Pure with
 * respect to its data; masked numbers at risk (null) show as "<10".
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
}

export interface AtRisk {
  group: string;
  time: number;
  /** Null when masked (1 to 9 patients). */
  nRisk: number | null;
}

export interface KmChartOptions {
  width: number;
  height?: number;
  /** Label of the x axis (the unit of `time`). */
  xLabel?: string;
  yLabel?: string;
  /** Last time shown. */
  xMax?: number;
  /** Draw the confidence bands (default true). */
  bands?: boolean;
}

export function kmChart(
  data: { curves: readonly KmCurve[]; atRisk: readonly AtRisk[] },
  options: KmChartOptions,
): HTMLElement {
  const { width, height = 380, xLabel = "Months", yLabel = "Probability", bands = true } = options;
  const groups = data.curves.map((c) => c.group);
  const color = categoricalColor(groups);
  const xMax = options.xMax ?? data.curves.reduce((m, c) => c.points.reduce((n, p) => Math.max(n, p.time), m), 1);
  const clip = <T extends { time: number }>(rows: readonly T[]) => rows.filter((r) => r.time <= xMax);
  const points = data.curves.flatMap((c) => clip(c.points).map((p) => ({ ...p, group: c.group })));
  const censored = data.curves.flatMap((c) => clip(c.censored).map((p) => ({ ...p, group: c.group })));
  const plot = Plot.plot({
    width,
    height,
    marginLeft: 50,
    x: { label: xLabel, domain: [0, xMax], grid: true },
    y: { label: yLabel, domain: [0, 1], grid: true, tickFormat: "%" },
    color: { domain: groups, range: groups.map((g) => color(g)), legend: true },
    marks: [
      bands
        ? Plot.areaY(points, {
            x: "time",
            y1: "lower",
            y2: "upper",
            fill: "group",
            fillOpacity: 0.12,
            curve: "step-after",
          })
        : null,
      Plot.line(points, { x: "time", y: "survival", stroke: "group", curve: "step-after", strokeWidth: 1.6 }),
      censorMarks(censored, 2.5),
      Plot.ruleY([0]),
    ],
  });
  const figure = document.createElement("div");
  figure.className = "lotluca-km";
  figure.append(plot, atRiskTable(data.atRisk, groups, color, xLabel));
  return figure;
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

/** The numbers-at-risk table: one row per group, one column per time. */
function atRiskTable(
  atRisk: readonly AtRisk[],
  groups: readonly string[],
  color: (g: string) => string,
  xLabel: string,
): HTMLTableElement {
  const times = [...new Set(atRisk.map((r) => r.time))].sort((a, b) => a - b);
  const table = document.createElement("table");
  table.className = "lotluca-at-risk";
  const head = table.createTHead().insertRow();
  const corner = document.createElement("th");
  corner.textContent = `At risk (${xLabel.toLowerCase()})`;
  head.append(corner);
  for (const t of times) {
    const th = document.createElement("th");
    th.textContent = String(t);
    head.append(th);
  }
  const body = table.createTBody();
  for (const g of groups) {
    const row = body.insertRow();
    row.dataset.group = g;
    const name = row.insertCell();
    name.textContent = g;
    name.style.color = color(g);
    for (const t of times) {
      const cell = row.insertCell();
      const found = atRisk.find((r) => r.group === g && r.time === t);
      cell.textContent = found ? formatCount(found.nRisk) : "";
    }
  }
  return table;
}
