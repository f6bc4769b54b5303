/**
 * A characteristic's distribution as horizontal bars with counts and shares
 * (Observable Plot), e.g. patients by histology. Masked counts (null) are
 * drawn as nothing and labelled "<10".
 */
import * as Plot from "@observablehq/plot";
import { formatCount, formatPercent } from "./format.js";

export interface CategoryCount {
  category: string;
  patients: number | null;
}

export function distributionChart(
  rows: readonly CategoryCount[],
  { width, title, total }: { width: number; title: string; total?: number },
): HTMLElement {
  const sum = total ?? rows.reduce((s, r) => s + (r.patients ?? 0), 0);
  const data = rows.map((r) => ({
    ...r,
    label: `${formatCount(r.patients)} (${r.patients === null || sum === 0 ? "—" : formatPercent(r.patients / sum, 0)})`,
  }));
  const figure = document.createElement("figure");
  figure.className = "lotluca-distribution";
  figure.dataset.title = title;
  const caption = document.createElement("figcaption");
  caption.textContent = title;
  figure.append(
    caption,
    Plot.plot({
      width,
      height: 26 + 20 * rows.length,
      marginLeft: 130,
      marginRight: 90,
      x: { axis: null },
      y: { label: null, domain: rows.map((r) => r.category) },
      marks: [
        Plot.barX(data, { x: (d) => d.patients ?? 0, y: "category", fill: "#4e79a7" }),
        Plot.text(data, { x: (d) => d.patients ?? 0, y: "category", text: "label", textAnchor: "start", dx: 4 }),
      ],
    }),
  );
  return figure;
}
