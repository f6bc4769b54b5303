/**
 * A characteristic's distribution as horizontal bars with counts and shares
 * (Observable Plot), e.g. patients by histology. Masked counts (null) are
 * drawn as nothing and labelled "<10".
 */
import * as Plot from "@observablehq/plot";
import { compareCategories, isOrdinal, labelOf, type LabelDomain } from "../core/labels/labels.js";
import { formatCount, formatPercent } from "./format.js";

export interface CategoryCount {
  category: string;
  patients: number | null;
}

export function distributionChart(
  rows: readonly CategoryCount[],
  {
    width,
    title,
    total,
    dimension,
    domain,
  }: {
    width: number;
    title: string;
    total?: number;
    /** The dimension (age_band, stage_at_diagnosis...): an ordinal one is drawn in its natural order. */
    dimension?: string;
    /** The label domain of the categories (codes shown as words). */
    domain?: LabelDomain;
  },
): HTMLElement {
  if (dimension !== undefined && isOrdinal(dimension)) {
    rows = [...rows].sort((a, b) => compareCategories(dimension, a.category, b.category));
  } else {
    // Nominal categories stay most frequent first, with "unknown" last.
    const unknown = (r: CategoryCount) => /^unknown$/i.test(r.category);
    rows = [...rows.filter((r) => !unknown(r)), ...rows.filter(unknown)];
  }
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
      width: Math.max(width, 360), // never narrower than its margins and some bars
      height: 26 + 20 * rows.length,
      marginLeft: 180,
      marginRight: 90,
      x: { axis: null },
      y: { label: null, domain: rows.map((r) => r.category), tickFormat: (c: string) => labelOf(c, domain) },
      marks: [
        Plot.barX(data, { x: (d) => d.patients ?? 0, y: "category", fill: "#4e79a7" }),
        Plot.text(data, { x: (d) => d.patients ?? 0, y: "category", text: "label", textAnchor: "start", dx: 4 }),
      ],
    }),
  );
  return figure;
}
