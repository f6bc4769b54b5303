/** The workspace's categorical colours (Tableau 10, as d3.schemeTableau10), assigned in a fixed order. */
export const TABLEAU10 = [
  "#4e79a7",
  "#f28e2c",
  "#e15759",
  "#76b7b2",
  "#59a14f",
  "#edc949",
  "#af7aa1",
  "#ff9da7",
  "#9c755f",
  "#bab0ab",
] as const;

/** A colour per key, in the order of `keys` (cycling after ten). */
export function categoricalColor(keys: readonly string[]): (key: string) => string {
  const index = new Map(keys.map((k, i) => [k, i]));
  return (key) => TABLEAU10[(index.get(key) ?? 0) % TABLEAU10.length]!;
}
