/**
 * Tables of evaluation results for the jury pages: metric estimates with their
 * 95 % CI and definition, and the leaderboard. Plain DOM, no framework.
 */
import { METRIC_DEFINITIONS, metricDefinition, type MetricId } from "../core/evaluation/metric-definitions.js";
import type { MetricEstimate, PairedDifference } from "../core/evaluation/score.js";
import { daysToMonths, formatMonthsAndDays, labelOf } from "../core/labels/labels.js";

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  text?: string,
  className?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

/** A metric value as shown: proportions with 3 decimals, durations in months with the days ("7.4 months (225 days)"). */
export function formatMetric(id: MetricId, value: number | null | undefined): string {
  if (value === null || value === undefined) return "—";
  if (metricDefinition(id).unit === "proportion") return value.toFixed(3);
  return isDuration(id) ? formatMonthsAndDays(value) : `${value.toFixed(1)} days`;
}

/** Times to an event (TTNT medians) read in months; date errors stay in days. */
function isDuration(id: MetricId): boolean {
  return id.startsWith("ttnt_");
}

/** A metric's 95 % CI as shown: "0.512 – 0.560", or "5.1 – 8.3 months" for durations. */
export function formatInterval(
  id: MetricId,
  lower: number | null | undefined,
  upper: number | null | undefined,
): string {
  if (lower === null || lower === undefined || upper === null || upper === undefined) return "";
  if (metricDefinition(id).unit === "proportion") return `${lower.toFixed(3)} – ${upper.toFixed(3)}`;
  if (!isDuration(id)) return `${lower.toFixed(1)} – ${upper.toFixed(1)} days`;
  return `${daysToMonths(lower).toFixed(1)} – ${daysToMonths(upper).toFixed(1)} months`;
}

function table(headers: string[], rows: (string | Node)[][], id?: string): HTMLTableElement {
  const t = element("table");
  if (id) t.id = id;
  const head = t.createTHead().insertRow();
  for (const h of headers) head.append(element("th", h));
  const body = t.createTBody();
  for (const r of rows) {
    const tr = body.insertRow();
    for (const c of r) {
      const td = tr.insertCell();
      if (typeof c === "string") td.textContent = c;
      else td.append(c);
    }
  }
  return t;
}

/** Every metric with its value, 95 % CI and definition (the definition as a tooltip and in a column). */
export function metricTable(
  metrics: readonly MetricEstimate[],
  options: { id?: string; definitions?: boolean } = {},
): HTMLTableElement {
  const rows = metrics.map((m) => {
    const d = metricDefinition(m.id);
    const label = element("span", d.label);
    label.title = d.definition;
    const row: (string | Node)[] = [label, formatMetric(m.id, m.value), formatInterval(m.id, m.lower, m.upper)];
    if (options.definitions) row.push(d.definition);
    return row;
  });
  const t = table(["Metric", "Value", "95 % CI", ...(options.definitions ? ["Definition"] : [])], rows, options.id);
  t.querySelectorAll("tbody tr").forEach((tr, i) => tr.setAttribute("data-metric", metrics[i]!.id));
  return t;
}

export interface LeaderboardEntryView {
  rank: number | null;
  name: string;
  kind: string;
  valid: boolean;
  problemCount: number;
  evaluation: { metrics: MetricEstimate[] } | null;
  versusReference: PairedDifference[] | null;
}

/** The leaderboard: rank, method, headline metrics with CI, and the paired difference to the reference. */
export function leaderboardTable(entries: readonly LeaderboardEntryView[], reference: string): HTMLTableElement {
  const headline: MetricId[] = ["line_count_agreement", "line1_regimen_match", "boundary_f1", "mean_jaccard"];
  const rows = entries.map((e) => {
    const metric = (id: MetricId) => e.evaluation?.metrics.find((m) => m.id === id);
    const exact = metric("patient_exact");
    const diff = e.versusReference?.find((d) => d.id === "patient_exact");
    let versus = "—";
    if (e.name === reference) versus = "Reference";
    else if (diff && diff.difference !== null) {
      const sign = diff.difference >= 0 ? "+" : "";
      versus = `${sign}${diff.difference.toFixed(3)} (${formatMetric("patient_exact", diff.lower)} – ${formatMetric("patient_exact", diff.upper)})${diff.significant ? " *" : ""}`;
    }
    return [
      e.rank === null ? "—" : String(e.rank),
      labelOf(e.name, "method"),
      labelOf(e.kind, "entryKind"),
      e.valid
        ? `${formatMetric("patient_exact", exact?.value)} (${formatMetric("patient_exact", exact?.lower)} – ${formatMetric("patient_exact", exact?.upper)})`
        : `not ranked: ${e.problemCount} problem(s)`,
      ...headline.map((id) => formatMetric(id, metric(id)?.value)),
      versus,
    ];
  });
  return table(
    [
      "Rank",
      "Method",
      "Kind",
      "Exact agreement (95 % CI)",
      "Line count",
      "Line-1 regimen",
      "Boundary F1",
      "Jaccard",
      `Difference vs ${labelOf(reference, "method")}`,
    ],
    rows,
    "leaderboard",
  );
}

/** The definitions of every metric, as a description list. */
export function metricDefinitionsList(): HTMLDListElement {
  const dl = element("dl");
  dl.id = "metric-definitions";
  for (const d of METRIC_DEFINITIONS) {
    dl.append(element("dt", d.label), element("dd", d.definition));
  }
  return dl;
}
