/**
 * The exposure dates of merge.ts (only the day groups of islands go through
 * window functions) against the plain formulation they replace: per (patient,
 * molecule), the day groups in date order, a running island number and each
 * day group's place in its island by row_number (three windows over every day
 * group), on random contributions (runs of consecutive days, shared and
 * disjoint sources, several patients and molecules).
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { openDuckSession } from "../../../loaders/duckdb/session.js";
import { createEventTables } from "../../../loaders/ingest/contributions.js";
import { mergeEvents } from "../../../loaders/ingest/merge.js";

const SOURCES = [
  ["warehouse", 1],
  ["pmsi_med", 2],
  ["dcir_ucd", 6],
  ["dcir_pharmacy", 7],
] as const;

/** The former statement: every day group through three windows (lag, running island number, row_number). */
const REFERENCE =
  `WITH d AS (SELECT patient_id, molecule, date, bit_or(CASE source WHEN 'warehouse' THEN 1 WHEN 'pmsi_med' THEN 2 ` +
  `WHEN 'dcir_ucd' THEN 4 WHEN 'dcir_pharmacy' THEN 8 END) AS sources FROM ing_contributions GROUP BY ALL), ` +
  `l AS (SELECT *, lag(date) OVER w AS prev_date, lag(sources) OVER w AS prev_sources FROM d ` +
  `WINDOW w AS (PARTITION BY patient_id, molecule ORDER BY date)), ` +
  `k AS (SELECT *, coalesce(prev_date = date - 1 AND (sources & prev_sources) = 0, false) AS link FROM l), ` +
  `i AS (SELECT *, sum(CASE WHEN link THEN 0 ELSE 1 END) OVER (PARTITION BY patient_id, molecule ORDER BY date ` +
  `ROWS UNBOUNDED PRECEDING) AS island FROM k), ` +
  `p AS (SELECT *, row_number() OVER (PARTITION BY patient_id, molecule, island ORDER BY date) - 1 AS pos FROM i), ` +
  `g AS (SELECT patient_id, molecule, date, CAST(CASE WHEN pos % 2 = 0 THEN date ELSE date - 1 END AS DATE) AS exposure_date FROM p) ` +
  `SELECT string_agg(x, ';' ORDER BY x) AS s FROM (SELECT c.patient_id || '/' || c.molecule || '/' || g.exposure_date || '/' || ` +
  `string_agg(c.table_name || ':' || c.source_row, '|' ORDER BY c.table_name || ':' || c.source_row) AS x ` +
  `FROM ing_contributions c JOIN g USING (patient_id, molecule, date) GROUP BY c.patient_id, c.molecule, g.exposure_date)`;

const MERGED =
  `SELECT string_agg(x, ';' ORDER BY x) AS s FROM (SELECT patient_id || '/' || molecule || '/' || date || '/' || ` +
  `array_to_string(list_sort(string_split(provenance, '|')), '|') AS x FROM ing_exposures)`;

test("merge: exposure dates of day groups as the three-window formulation gives", async () => {
  const session = await openDuckSession({ threads: 2 });
  try {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            patient: fc.constantFrom("P1", "P2"),
            molecule: fc.constantFrom("pemetrexed", "osimertinib"),
            // dense days, so that long runs of consecutive days (islands of 3 and more) are common
            day: fc.integer({ min: 0, max: 9 }),
            source: fc.integer({ min: 0, max: SOURCES.length - 1 }),
          }),
          { minLength: 1, maxLength: 60 },
        ),
        async (rows) => {
          await createEventTables(session);
          const values = rows
            .map((r, i) => {
              const [source, rank] = SOURCES[r.source]!;
              return (
                `('${r.patient}', DATE '2020-01-30' + ${r.day}, '${r.molecule}', NULL, 'chemotherapy', 'IV', 1, ` +
                `'${source}', ${rank}, 'T', ${i + 1}, NULL)`
              );
            })
            .join(", ");
          await session.run(`INSERT INTO ing_contributions VALUES ${values}`);
          const want = await session.all(REFERENCE);
          await mergeEvents(session);
          const got = await session.all(MERGED);
          assert.equal(got[0]?.s, want[0]?.s);
        },
      ),
      { numRuns: 150, seed: 41 },
    );
  } finally {
    session.close();
  }
});
