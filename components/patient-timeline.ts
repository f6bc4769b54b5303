/**
 * One patient's timeline as a swimlane: lines of every method (gold first) as
 * bars, each molecule's exposures as dots, séances, radiotherapy and surgery as
 * ticks (grouped séances as a span), the advanced date, death and the end of
 * follow-up as rules. Observable Plot; a pure function of its data.
 */
import * as Plot from "@observablehq/plot";
import { labelOf } from "../core/labels/labels.js";

export interface TimelineLine {
  method: string;
  line_number: number;
  start_date: Date;
  end_date: Date | null;
  molecules: string;
  regimen_class: string | null;
}
export interface TimelineExposure {
  date: Date;
  molecule: string;
  route: string | null;
  days_supply: number | null;
  source: string;
}
export interface TimelineSession {
  kind: string;
  date: Date;
  end_date: Date | null;
  count: number | null;
  grouped: boolean | null;
}
export interface TimelinePatient {
  advanced_date: Date | null;
  death_date: Date | null;
  follow_up_end: Date | null;
}

export interface TimelineOptions {
  width: number;
}

const DAY = 86_400_000;

export function patientTimeline(
  data: { lines: TimelineLine[]; exposures: TimelineExposure[]; sessions: TimelineSession[]; patient: TimelinePatient },
  options: TimelineOptions,
): SVGSVGElement | HTMLElement {
  const width = Math.max(options.width, 480); // a page's width may start at 0
  const methods = [...new Set(data.lines.map((l) => l.method))].sort((a, b) =>
    a === "gold" ? -1 : b === "gold" ? 1 : a.localeCompare(b),
  );
  const molecules = [...new Set(data.exposures.map((e) => e.molecule))].sort();
  const sessionLanes = [
    ...new Set(
      data.sessions.map((s) =>
        `${s.kind} séance`.replace("radiotherapy séance", "radiotherapy").replace("surgery séance", "surgery"),
      ),
    ),
  ];
  const lane = (method: string) => `Lines: ${labelOf(method, "method")}`;
  const lanes = [...methods.map(lane), ...molecules, ...sessionLanes];
  const end =
    data.patient.follow_up_end ??
    new Date(Math.max(...data.lines.map((l) => (l.end_date ?? l.start_date).getTime()), Date.now()));
  const laneOfSession = (s: TimelineSession) =>
    s.kind === "chemotherapy"
      ? "chemotherapy séance"
      : s.kind === "radiotherapy"
        ? "radiotherapy"
        : s.kind === "surgery"
          ? "surgery"
          : `${s.kind} séance`;
  const rules = [
    ...(data.patient.advanced_date
      ? [{ date: data.patient.advanced_date, label: "advanced", stroke: "#555", anchor: "top" }]
      : []),
    ...(data.patient.death_date
      ? [{ date: data.patient.death_date, label: "death", stroke: "#c0392b", anchor: "bottom" }]
      : []),
    ...(data.patient.follow_up_end && !data.patient.death_date
      ? [{ date: data.patient.follow_up_end, label: "end of data", stroke: "#999", anchor: "bottom" }]
      : []),
  ];
  // "L<n>" is written on a line's bar only when the bar is wide enough for it.
  const starts = [
    ...data.lines.map((l) => l.start_date.getTime()),
    ...data.exposures.map((e) => e.date.getTime()),
    ...(data.patient.advanced_date ? [data.patient.advanced_date.getTime()] : []),
  ];
  const span = Math.max(DAY, end.getTime() + DAY - Math.min(end.getTime(), ...starts));
  const pxPerMs = (width - 190) / span;
  const wide = (l: TimelineLine) => ((l.end_date ?? end).getTime() + DAY - l.start_date.getTime()) * pxPerMs > 26;
  return Plot.plot({
    width,
    height: 70 + 26 * lanes.length,
    marginLeft: 170,
    marginTop: 20,
    marginBottom: 44,
    x: { type: "utc", label: null, grid: true },
    y: { domain: lanes, label: null },
    color: {
      type: "categorical",
      legend: true,
      label: "Regimen class",
      tickFormat: (c: string) => labelOf(c, "regimenClass"),
    },
    marks: [
      Plot.barX(data.lines, {
        x1: "start_date",
        x2: (l: TimelineLine) => new Date((l.end_date ?? end).getTime() + DAY),
        y: (l: TimelineLine) => lane(l.method),
        fill: (l: TimelineLine) => l.regimen_class ?? "unknown",
        inset: 2,
        title: (l: TimelineLine) =>
          `line ${l.line_number}: ${l.molecules} (${labelOf(l.regimen_class ?? "unknown", "regimenClass")})`,
      }),
      Plot.text(data.lines.filter(wide), {
        x: "start_date",
        y: (l: TimelineLine) => lane(l.method),
        text: (l: TimelineLine) => `L${l.line_number}`,
        dx: 4,
        textAnchor: "start",
        fill: "white",
        fontWeight: "bold",
      }),
      Plot.barX(
        data.exposures.filter((e) => (e.days_supply ?? 1) > 1),
        {
          x1: "date",
          x2: (e: TimelineExposure) => new Date(e.date.getTime() + (e.days_supply ?? 1) * DAY),
          y: "molecule",
          fill: "#bbb",
          inset: 8,
        },
      ),
      Plot.dot(data.exposures, {
        x: "date",
        y: "molecule",
        fill: "#333",
        r: 3.5,
        title: (e: TimelineExposure) => `${e.molecule} (${labelOf(e.source, "source")}, ${e.route ?? "?"})`,
      }),
      Plot.barX(
        data.sessions.filter((s) => s.grouped && s.end_date),
        { x1: "date", x2: "end_date", y: laneOfSession, fill: "#e67e22", fillOpacity: 0.4, inset: 6 },
      ),
      Plot.tickX(data.sessions, {
        x: "date",
        y: laneOfSession,
        stroke: "#e67e22",
        strokeWidth: 2,
        title: (s: TimelineSession) => `${s.kind}${s.grouped ? ` (${s.count} grouped)` : ""}`,
      }),
      Plot.ruleX(rules, { x: "date", stroke: "stroke", strokeDasharray: "4,3" }),
      Plot.text(
        rules.filter((r) => r.anchor === "top"),
        { x: "date", text: "label", frameAnchor: "top", dy: -8, fill: "stroke", fontSize: 10 },
      ),
      Plot.text(
        rules.filter((r) => r.anchor === "bottom"),
        // Death and end of data close the time axis: written to the left of their rule, inside the chart.
        {
          x: "date",
          text: "label",
          frameAnchor: "bottom",
          dy: 34,
          dx: -3,
          textAnchor: "end",
          fill: "stroke",
          fontSize: 10,
        },
      ),
    ],
  });
}
