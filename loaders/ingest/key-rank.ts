/**
 * Duplicate keys: which row of a relation is the first (least `__row`) of the
 * rows sharing a key, and which is a later duplicate. Same answer as
 * `row_number() OVER (PARTITION BY key ORDER BY __row)` compared with 1, but by
 * a hash aggregate of the key and `__row` joined back, instead of a window that
 * sorts every column of every row (NULL keys group together, as in a window).
 */

/**
 * SQL: the rows of `relation` (a parenthesised query or a table name, its
 * `__row` unique within each key) with every column plus `name`: 1 for the
 * first row of its key, 2 for a later one.
 */
export function withKeyRank(relation: string, keys: readonly string[], name: string): string {
  const on = keys.map((k) => `f.${k} IS NOT DISTINCT FROM r.${k}`).join(" AND ");
  return (
    `SELECT r.*, CASE WHEN r.__row = f.first_row THEN 1 ELSE 2 END AS ${name} FROM ${relation} r ` +
    `JOIN (SELECT ${keys.join(", ")}, min(__row) AS first_row FROM ${relation} GROUP BY ALL) f ON ${on}`
  );
}
