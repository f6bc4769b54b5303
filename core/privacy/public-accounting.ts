/**
 * The ingestion accounting as published: per table, rows read = used + merged +
 * rejected + out of scope, and each of the last three = the sum of its reasons;
 * the totals over tables (rejected rows, out-of-scope rows) are published too.
 * Small counts are hidden with their complements (small-cells.ts), so that no
 * hidden count comes back by subtraction.
 */
import { CellTable } from "./small-cells.js";

export interface AccountingCounts {
  table: string;
  rowsRead: number;
  used: number;
  mergedDuplicates: number;
  rejected: number;
  outOfScope: number;
}

export interface ReasonCount {
  table: string;
  status: string;
  reason: string;
  rows: number;
}

export type Published<T> = { [K in keyof T]: T[K] extends number ? number | null : T[K] };

const STATUS_COLUMN: Record<string, "mergedDuplicates" | "rejected" | "outOfScope"> = {
  merged_duplicate: "mergedDuplicates",
  rejected: "rejected",
  out_of_scope: "outOfScope",
};
const COLUMNS = ["rowsRead", "used", "mergedDuplicates", "rejected", "outOfScope"] as const;

export interface PublishedAccounting {
  tables: Published<AccountingCounts>[];
  reasons: Published<ReasonCount>[];
  totals: { rejectedRows: number | null; outOfScopeRows: number | null };
}

export function publishAccounting(
  tables: readonly AccountingCounts[],
  reasons: readonly ReasonCount[],
  threshold: number,
): PublishedAccounting {
  const cells = new CellTable();
  const key = (table: string, column: string) => `${table}\u0000${column}`;
  for (const t of tables) {
    for (const c of COLUMNS) cells.cell(key(t.table, c), t[c]);
    cells.relate(key(t.table, "rowsRead"), [
      key(t.table, "used"),
      key(t.table, "mergedDuplicates"),
      key(t.table, "rejected"),
      key(t.table, "outOfScope"),
    ]);
  }
  const byStatus = new Map<string, { parts: string[]; rows: number }>();
  reasons.forEach((r, i) => {
    const k = `reason\u0000${i}`;
    cells.cell(k, r.rows);
    const column = STATUS_COLUMN[r.status];
    if (!column || !cells.has(key(r.table, column))) return;
    const total = byStatus.get(key(r.table, column)) ?? { parts: [], rows: 0 };
    total.parts.push(k);
    total.rows += r.rows;
    byStatus.set(key(r.table, column), total);
  });
  for (const [total, { parts, rows }] of byStatus) {
    // The reasons of a status add up to its count (the accounting identity); a
    // relation is recorded only when they do, so that it is true.
    if (cells.valueOf(total) === rows) cells.relate(total, parts);
  }
  const totals = { rejectedRows: "total\u0000rejected", outOfScopeRows: "total\u0000outOfScope" } as const;
  cells.cell(
    totals.rejectedRows,
    tables.reduce((s, t) => s + t.rejected, 0),
  );
  cells.cell(
    totals.outOfScopeRows,
    tables.reduce((s, t) => s + t.outOfScope, 0),
  );
  cells.relate(
    totals.rejectedRows,
    tables.map((t) => key(t.table, "rejected")),
  );
  cells.relate(
    totals.outOfScopeRows,
    tables.map((t) => key(t.table, "outOfScope")),
  );
  const hidden = cells.suppress(threshold);
  const shown = (k: string, n: number) => (hidden.has(k) ? null : n);
  return {
    tables: tables.map((t) => ({
      ...t,
      ...Object.fromEntries(COLUMNS.map((c) => [c, shown(key(t.table, c), t[c])])),
    })) as Published<AccountingCounts>[],
    reasons: reasons.map((r, i) => ({ ...r, rows: shown(`reason\u0000${i}`, r.rows) })),
    totals: {
      rejectedRows: shown(
        totals.rejectedRows,
        tables.reduce((s, t) => s + t.rejected, 0),
      ),
      outOfScopeRows: shown(
        totals.outOfScopeRows,
        tables.reduce((s, t) => s + t.outOfScope, 0),
      ),
    },
  };
}
