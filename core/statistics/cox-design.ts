/**
 * The design matrix of a Cox model from records, as R's model.matrix builds it
 * for `coxph(Surv(time, event) ~ a + b, data)`: a numeric covariate is one
 * column; a categorical one is coded with treatment contrasts, one 0/1 column
 * per level except the reference (the first level in sorted order, R's factor
 * default, unless given), named variable + level (e.g. `sexM`). Records with a
 * missing time, event or covariate are left out (R's na.omit), and counted.
 */
import type { CoxInput } from "./cox.js";

export type CovariateValue = number | string | boolean | null | undefined;

export type CovariateSpec =
  | { name: string; kind: "numeric" }
  | {
      name: string;
      kind: "categorical";
      /** The levels in order, the first being the reference; default: sorted distinct values. */
      levels?: readonly string[];
    };

export interface CoxDesign extends CoxInput {
  /** Records used (complete), in input order of their index. */
  used: number[];
  /** Records left out because a value was missing. */
  omitted: number;
  /** Per categorical covariate: its levels, the first being the reference. */
  levels: Record<string, string[]>;
}

const missing = (v: CovariateValue) => v === null || v === undefined || (typeof v === "number" && !Number.isFinite(v));

export function coxDesign<R>(
  records: readonly R[],
  outcome: (r: R) => { time: number | null; event: boolean | null },
  covariates: readonly CovariateSpec[],
  value: (r: R, name: string) => CovariateValue,
): CoxDesign {
  const used: number[] = [];
  records.forEach((r, i) => {
    const o = outcome(r);
    if (o.time === null || o.event === null || !Number.isFinite(o.time)) return;
    if (covariates.some((c) => missing(value(r, c.name)))) return;
    used.push(i);
  });
  const levels: Record<string, string[]> = {};
  const names: string[] = [];
  for (const c of covariates) {
    if (c.kind === "numeric") {
      names.push(c.name);
      continue;
    }
    const present = [...new Set(used.map((i) => String(value(records[i]!, c.name))))];
    const ordered = c.levels
      ? c.levels.filter((l) => present.includes(l))
      : present.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const unknown = present.filter((l) => !ordered.includes(l));
    if (unknown.length > 0)
      throw new RangeError(
        `Cox design: ${c.name} has values ${unknown.join(", ")} outside its levels ${ordered.join(", ")}`,
      );
    levels[c.name] = ordered;
    for (const l of ordered.slice(1)) names.push(`${c.name}${l}`);
  }
  const rows = used.map((i) => {
    const r = records[i]!;
    const row: number[] = [];
    for (const c of covariates) {
      const v = value(r, c.name);
      if (c.kind === "numeric") row.push(typeof v === "boolean" ? Number(v) : Number(v));
      else for (const l of levels[c.name]!.slice(1)) row.push(String(v) === l ? 1 : 0);
    }
    return row;
  });
  return {
    time: used.map((i) => outcome(records[i]!).time!),
    event: used.map((i) => outcome(records[i]!).event!),
    covariates: rows,
    names,
    used,
    omitted: records.length - used.length,
    levels,
  };
}
