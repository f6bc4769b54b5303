/**
 * Export buttons under a chart or a table: the chart as SVG or PNG, the table
 * as CSV, made in this browser (no server, no other origin) and saved with a
 * download link.
 */
import { csvFormatRows } from "d3-dsv";

export interface ExportSource {
  /** A chart: an SVG, or an element holding one (a Plot figure: its largest SVG is exported). */
  chart?: Element;
  /** A table: an HTML table (its text as shown), or rows of values with their columns. */
  table?: HTMLTableElement | { columns: readonly string[]; rows: readonly Record<string, unknown>[] };
  /** File name without extension. */
  name: string;
}

const SVG_NS = "http://www.w3.org/2000/svg";

function save(blob: Blob, file: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = file;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The SVG to export: the element itself, or its largest SVG (a Plot figure holds legend SVGs too). */
export function chartSvg(chart: Element): SVGSVGElement | null {
  if (chart instanceof SVGSVGElement) return chart;
  let best: SVGSVGElement | null = null;
  let area = -1;
  for (const svg of chart.querySelectorAll("svg")) {
    if (svg.parentElement?.closest("svg")) continue;
    const r = svg.getBoundingClientRect();
    if (r.width * r.height > area) [best, area] = [svg, r.width * r.height];
  }
  return best;
}

/** A standalone SVG document of the chart, with its size and font (Plot's and ours set them by CSS). */
export function svgText(svg: SVGSVGElement): string {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  const box = svg.getBoundingClientRect();
  copy.setAttribute("xmlns", SVG_NS);
  if (!copy.getAttribute("width")) copy.setAttribute("width", String(Math.round(box.width)));
  if (!copy.getAttribute("height")) copy.setAttribute("height", String(Math.round(box.height)));
  const style = getComputedStyle(svg);
  copy.style.fontFamily ||= style.fontFamily;
  copy.style.fontSize ||= style.fontSize;
  copy.style.background = "white";
  return new XMLSerializer().serializeToString(copy);
}

async function pngBlob(svg: SVGSVGElement, scale = 2): Promise<Blob> {
  const text = svgText(svg);
  const box = svg.getBoundingClientRect();
  const url = URL.createObjectURL(new Blob([text], { type: "image/svg+xml" }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const canvas = document.createElement("canvas");
    canvas.width = Math.ceil(box.width * scale);
    canvas.height = Math.ceil(box.height * scale);
    const context = canvas.getContext("2d")!;
    context.fillStyle = "white";
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    return await new Promise((resolve, reject) =>
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error("PNG export failed"))), "image/png"),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** The table as CSV text: an HTML table's cells as shown, or rows by column. */
export function tableCsv(table: NonNullable<ExportSource["table"]>): string {
  if (table instanceof HTMLTableElement) {
    const rows = [...table.rows].map((tr) => [...tr.cells].map((c) => (c.textContent ?? "").trim()));
    return csvFormatRows(rows);
  }
  const value = (v: unknown) =>
    v instanceof Date ? v.toISOString().slice(0, 10) : v === null || v === undefined ? "" : v;
  return csvFormatRows([table.columns, ...table.rows.map((r) => table.columns.map((c) => value(r[c])))]);
}

function button(label: string, title: string, run: () => unknown): HTMLButtonElement {
  const b = document.createElement("button");
  b.type = "button";
  b.textContent = label;
  b.title = title;
  b.addEventListener("click", () => void run());
  return b;
}

/**
 * The buttons: "Download SVG" and "PNG" for a chart, "CSV" for a table. The
 * chart or table may be a function, for an element drawn after the buttons.
 */
export function exportButtons(source: ExportSource): HTMLDivElement {
  const div = document.createElement("div");
  div.className = "lotluca-export";
  const safe = source.name.replace(/[^\w.-]+/g, "-");
  if (source.chart) {
    const chart = source.chart;
    div.append(
      button("SVG", "Download the chart as SVG", () => {
        const svg = chartSvg(chart);
        if (svg) save(new Blob([svgText(svg)], { type: "image/svg+xml" }), `${safe}.svg`);
      }),
      button("PNG", "Download the chart as PNG", async () => {
        const svg = chartSvg(chart);
        if (svg) save(await pngBlob(svg), `${safe}.png`);
      }),
    );
  }
  if (source.table) {
    const table = source.table;
    div.append(
      button("CSV", "Download the table as CSV", () =>
        save(new Blob([tableCsv(table)], { type: "text/csv" }), `${safe}.csv`),
      ),
    );
  }
  const label = document.createElement("span");
  label.textContent = "Download:";
  div.prepend(label);
  return div;
}
