/**
 * Survival curves for the workspace: end-point counts aggregated by DuckDB
 * (core/workspace/survival-sql.ts), Kaplan-Meier on counts per group
 * (core/statistics/kaplan-meier-counts.ts), and the shapes the KM chart and the
 * medians table take. Times are computed in days and shown in months.
 *
 * `survivalData(db)` computes every line's times and events once per method
 * (prepareSurvivalSql), so that a filter change is one GROUP BY over that table.
 */
import { kaplanMeierFromCounts, type SurvivalCount } from "../core/statistics/kaplan-meier-counts.js";
import { numbersAtRisk, type KaplanMeier } from "../core/statistics/kaplan-meier.js";
import { logRankFromCounts } from "../core/statistics/log-rank-counts.js";
import type { LogRankResult } from "../core/statistics/log-rank.js";
import {
  aggregatedSurvivalCountsSql,
  preparedSurvivalCountsSql,
  prepareSurvivalSql,
  survivalCountsSql,
  type Endpoint,
  type SurvivalOptions,
} from "../core/workspace/survival-sql.js";
import type { PlainRow } from "./duckdb-client.js";
import type { WorkspaceDatabase } from "./duckdb-client.js";
import { labelOf } from "../core/labels/labels.js";
import type { AtRisk, KmCurve } from "./km-chart.js";

/** A survival group as shown: "line 1" -> "Line 1", a regimen class code -> its label. */
export function survivalGroupLabel(group: string): string {
  const line = /^line (.+)$/.exec(group);
  return line ? `Line ${line[1]}` : labelOf(group, "regimenClass");
}

/** Days in a month (365.25 / 12). */
export const DAYS_PER_MONTH = 30.4375;

export interface GroupSurvival {
  group: string;
  counts: SurvivalCount[];
  km: KaplanMeier;
}

/** Runs the end point's SQL and fits one Kaplan-Meier curve per group (in days). */
export async function survivalByGroup(db: WorkspaceDatabase, options: SurvivalOptions): Promise<GroupSurvival[]> {
  return fitGroups(await db.query(survivalCountsSql(options)));
}

export interface SurvivalData {
  /** survivalByGroup's result, from the method's lines prepared once (`where` over the filter dimensions only). */
  byGroup(options: Omit<SurvivalOptions, "cohortTable" | "linesTable">): Promise<GroupSurvival[]>;
}

/** Survival by group over a table of every line's times and events, made once per method. */
export function survivalData(db: WorkspaceDatabase): SurvivalData {
  const prepared = new Map<string, Promise<string>>();
  const prepare = (method: string) => {
    let p = prepared.get(method);
    if (!p) {
      const name = `survival_${prepared.size + 1}`;
      p = db.query(prepareSurvivalSql({ method, name })).then(() => name);
      p.catch(() => prepared.delete(method));
      prepared.set(method, p);
    }
    return p;
  };
  return {
    async byGroup({ endpoint, grouping, method, where }) {
      const name = await prepare(method);
      return fitGroups(await db.query(preparedSurvivalCountsSql({ endpoint, grouping, name, where })));
    },
  };
}

/**
 * Aggregated mode (large cohorts, docs/workspace.md): the same counts added up
 * from the end point's aggregate file (counts by every combination of the
 * filters, line and regimen class, time and method). `load(endpoint)` adds it
 * to the database (once) as table `agg_survival_<endpoint>`.
 */
export function aggregatedSurvivalData(
  db: WorkspaceDatabase,
  load: (endpoint: Endpoint) => Promise<void>,
): SurvivalData {
  return {
    async byGroup({ endpoint, grouping, method, where }) {
      await load(endpoint);
      const table = `agg_survival_${endpoint}`;
      return fitGroups(await db.query(aggregatedSurvivalCountsSql({ table, method, grouping, where })));
    },
  };
}

/** One Kaplan-Meier curve per group from rows of ("group", time, events, censored) ordered by group and time. */
function fitGroups(rows: readonly PlainRow[]): GroupSurvival[] {
  const byGroup = new Map<string, SurvivalCount[]>();
  for (const r of rows) {
    const g = String(r.group);
    if (!byGroup.has(g)) byGroup.set(g, []);
    byGroup.get(g)!.push({ time: Number(r.time), events: Number(r.events), censored: Number(r.censored) });
  }
  return [...byGroup].map(([group, counts]) => ({ group, counts, km: kaplanMeierFromCounts(counts) }));
}

/** Months from days, rounded to one decimal (what the pages show). */
export function months(days: number | null): number | null {
  return days === null ? null : Math.round((10 * days) / DAYS_PER_MONTH) / 10;
}

/** Chart data in months: curves from time 0 and numbers at risk every `every` months up to `until`. */
export function kmChartData(
  groups: readonly GroupSurvival[],
  { every = 6, until = 36 }: { every?: number; until?: number } = {},
): { curves: KmCurve[]; atRisk: AtRisk[] } {
  const ticks = Array.from({ length: Math.floor(until / every) + 1 }, (_, i) => i * every);
  return {
    curves: groups.map(({ group, km }) => ({
      group,
      n: km.n,
      median: km.median === null ? null : km.median / DAYS_PER_MONTH,
      points: [
        { time: 0, survival: 1, lower: 1, upper: 1 },
        ...km.steps.map((s) => ({
          time: s.time / DAYS_PER_MONTH,
          survival: s.survival,
          lower: s.lower,
          upper: s.upper,
        })),
      ],
      censored: km.steps
        .filter((s) => s.nCensor > 0)
        .map((s) => ({ time: s.time / DAYS_PER_MONTH, survival: s.survival })),
    })),
    atRisk: groups.flatMap(({ group, km }) => {
      const n = numbersAtRisk(
        km,
        ticks.map((m) => m * DAYS_PER_MONTH),
      );
      return ticks.map((time, i) => ({ group, time, nRisk: n[i]! }));
    }),
  };
}

/** Log-rank test between the chosen groups (null when fewer than two). */
export function logRankBetween(groups: readonly GroupSurvival[], chosen: readonly string[]): LogRankResult | null {
  const picked = groups.filter((g) => chosen.includes(g.group) && g.km.n > 0);
  if (picked.length < 2) return null;
  return logRankFromCounts(picked.map((g) => ({ name: g.group, counts: g.counts })));
}
