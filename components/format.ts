/** Number formatting shared by the pages. */

/** A published count: grouped digits, or "<10" when masked (null) by the small-cell rule. */
export function formatCount(n: number | null | undefined): string {
  if (n === null || n === undefined) return "<10";
  return n.toLocaleString("en-US");
}

/** A proportion in [0, 1] as a percentage with `digits` decimals; "—" when missing. */
export function formatPercent(p: number | null | undefined, digits = 1): string {
  return p === null || p === undefined ? "—" : `${(100 * p).toFixed(digits)} %`;
}

/** An amount in euros, rounded to the euro with grouped digits ("12,345 €"); "—" when missing. */
export function formatEuros(eur: number | null | undefined): string {
  return eur === null || eur === undefined ? "—" : `${Math.round(eur).toLocaleString("en-US")} €`;
}
