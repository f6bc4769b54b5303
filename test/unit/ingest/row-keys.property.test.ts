/**
 * Properties of the set-based shortcuts of ingestion, against the window
 * functions they replace, on random rows (NULL keys, ties, several tables):
 * - key-rank.ts: the first row of a key is the one a row_number window over
 *   `__row` numbers 1;
 * - merge.ts: an exposure's primary row, route and provenance follow the
 *   order (date, source rank, table, row) that an ORDER BY gives.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { openDuckSession } from "../../../loaders/duckdb/session.js";
import { createEventTables } from "../../../loaders/ingest/contributions.js";
import { withKeyRank } from "../../../loaders/ingest/key-rank.js";
import { mergeEvents } from "../../../loaders/ingest/merge.js";

const sqlText = (v: string | null) => (v === null ? "NULL" : `'${v}'`);

test("withKeyRank: first row of a key (NULL keys included) as row_number() = 1", async () => {
  const session = await openDuckSession({ threads: 2 });
  try {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ a: fc.constantFrom("A", "B", null), b: fc.constantFrom(1, 2, null) }), {
          minLength: 1,
          maxLength: 40,
        }),
        async (rows) => {
          const values = rows.map((r, i) => `(${i * 7 + 3}, ${sqlText(r.a)}, ${r.b ?? "NULL"})`).join(", ");
          await session.run(`CREATE OR REPLACE TABLE t AS SELECT * FROM (VALUES ${values}) v(__row, a, b)`);
          const got = await session.all(
            `SELECT string_agg(__row || ':' || k, ',' ORDER BY __row) AS s FROM (${withKeyRank("t", ["a", "b"], "k")})`,
          );
          const want = await session.all(
            `SELECT string_agg(__row || ':' || CASE WHEN n = 1 THEN 1 ELSE 2 END, ',' ORDER BY __row) AS s FROM ` +
              `(SELECT __row, row_number() OVER (PARTITION BY a, b ORDER BY __row) AS n FROM t)`,
          );
          assert.equal(got[0]?.s, want[0]?.s);
        },
      ),
      { numRuns: 60, seed: 17 },
    );
  } finally {
    session.close();
  }
});

test("merge: primary row, route and provenance in (date, source rank, table, row) order, as ORDER BY gives", async () => {
  const sources = [
    ["warehouse", 1],
    ["pmsi_med", 2],
    ["dcir_pharmacy", 7],
  ] as const;
  await fc.assert(
    fc.asyncProperty(
      fc.array(
        fc.record({
          patient: fc.constantFrom("P1", "P2"),
          day: fc.integer({ min: 0, max: 3 }),
          source: fc.integer({ min: 0, max: 2 }),
          table: fc.constantFrom("T_MCO19MED", "ER_PHA_F", "ODH_DRUG_ADMIN", "T_MCO20MED"),
          row: fc.integer({ min: 1, max: 5000 }),
          route: fc.constantFrom("IV", "PO", null),
        }),
        { minLength: 1, maxLength: 30 },
      ),
      async (rows) => {
        const session = await openDuckSession({ threads: 2 });
        try {
          await createEventTables(session);
          const values = rows
            .map((r, i) => {
              const [source, rank] = sources[r.source]!;
              return (
                `('${r.patient}', DATE '2020-01-01' + ${r.day}, 'pemetrexed', NULL, 'chemotherapy', ${sqlText(r.route)}, ` +
                `1, '${source}', ${rank}, '${r.table}', ${r.row * 100 + i}, NULL)`
              );
            })
            .join(", ");
          await session.run(`INSERT INTO ing_contributions VALUES ${values}`);
          await mergeEvents(session);
          // (a source row is one contribution here: row * 100 + its index)
          // each exposure's rows, found back by its provenance, ordered as the former row_number window did
          const check = await session.all(
            `WITH e AS (SELECT patient_id, date, provenance, route, source FROM ing_exposures), ` +
              `r AS (SELECT e.date AS exposure_date, c.*, c.table_name || ':' || c.source_row AS p FROM e ` +
              `JOIN ing_contributions c ON c.patient_id = e.patient_id ` +
              `AND list_contains(string_split(e.provenance, '|'), c.table_name || ':' || c.source_row)) ` +
              `SELECT e.provenance, e.route, e.source, ` +
              `(SELECT string_agg(p, '|' ORDER BY date, source_rank, table_name, source_row) FROM r ` +
              `WHERE r.patient_id = e.patient_id AND r.exposure_date = e.date) AS want_provenance, ` +
              `(SELECT arg_min(source, (date, source_rank, table_name, source_row)) FROM r ` +
              `WHERE r.patient_id = e.patient_id AND r.exposure_date = e.date) AS want_source, ` +
              `(SELECT arg_min(route, (route IS NULL, source_rank, date, source_rank, table_name, source_row)) FROM r ` +
              `WHERE r.patient_id = e.patient_id AND r.exposure_date = e.date) AS want_route FROM e`,
          );
          for (const x of check) {
            assert.equal(x.provenance, x.want_provenance);
            assert.equal(x.source, x.want_source);
            assert.equal(x.route, x.want_route);
          }
          // one primary per exposure, and it is the first row of its provenance
          const primaries = await session.all(
            `SELECT count(*)::INTEGER AS n, (SELECT count(*)::INTEGER FROM ing_exposures) AS e, ` +
              `count(*) FILTER (WHERE p IN (SELECT split_part(provenance, '|', 1) FROM ing_exposures))::INTEGER AS first ` +
              `FROM (SELECT o.table_name || ':' || (row_key & ${2 ** 40 - 1}) AS p FROM ing_event_roles ` +
              `JOIN ing_table_order o ON o.tidx = row_key >> 40 WHERE is_primary)`,
          );
          assert.equal(primaries[0]?.n, primaries[0]?.e);
          assert.equal(primaries[0]?.first, primaries[0]?.n);
        } finally {
          session.close();
        }
      },
    ),
    { numRuns: 25, seed: 17 },
  );
});
