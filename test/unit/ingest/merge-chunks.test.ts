import assert from "node:assert/strict";
import { test } from "node:test";
import { openDuckSession } from "../../../loaders/duckdb/session.js";
import { createEventTables } from "../../../loaders/ingest/contributions.js";
import { mergeEvents } from "../../../loaders/ingest/merge.js";

// Merging in chunks of patients (what bounds memory at 1M patients) gives the same tables as one pass.
test("merge by chunks of patients: same exposures, sessions and row roles as in one pass", async () => {
  const results: string[] = [];
  for (const rowsPerChunk of [1_000_000, 7]) {
    const session = await openDuckSession({ threads: 2 });
    try {
      await createEventTables(session);
      await session.run(
        `INSERT INTO ing_contributions SELECT 'P' || (i % 13), DATE '2020-01-01' + (i % 5)::INTEGER, ` +
          `['pemetrexed', 'carboplatin', 'osimertinib'][1 + i % 3], NULL, 'chemotherapy', ` +
          `CASE WHEN i % 4 = 0 THEN NULL ELSE 'IV' END, 1 + i % 2, ` +
          `['warehouse', 'pmsi_med', 'dcir_ucd'][1 + (i // 7) % 3], [1, 2, 6][1 + (i // 7) % 3], 'T', i, NULL ` +
          `FROM range(400) t(i)`,
      );
      await session.run(
        `INSERT INTO ing_session_rows SELECT 'P' || (i % 11), 'chemotherapy', DATE '2020-01-01' + (i % 4)::INTEGER, ` +
          `DATE '2020-01-01' + (i % 4)::INTEGER, 1, 'H' || (i % 2), false, ` +
          `CASE WHEN i % 3 = 0 THEN 'pmsi_act' ELSE 'pmsi_stay' END, 'S', i FROM range(300) t(i)`,
      );
      await mergeEvents(session, rowsPerChunk);
      const rows = await session.all(
        `SELECT (SELECT string_agg(x::VARCHAR, ';' ORDER BY x::VARCHAR) FROM ing_exposures x) AS e, ` +
          `(SELECT string_agg(s::VARCHAR, ';' ORDER BY s::VARCHAR) FROM ing_sessions s) AS s, ` +
          `(SELECT string_agg(r::VARCHAR, ';' ORDER BY r::VARCHAR) FROM ing_event_roles r) AS r`,
      );
      results.push(JSON.stringify(rows[0]));
    } finally {
      session.close();
    }
  }
  assert.ok(results[0]!.includes("pemetrexed"));
  assert.equal(results[1], results[0]);
});

// An exposure's source is read back from its primary row's key, whose rank bits must be its source's.
test("merge: a contribution whose source_rank is not its source's is an internal error", async () => {
  const session = await openDuckSession({ threads: 1 });
  try {
    await createEventTables(session);
    await session.run(
      `INSERT INTO ing_contributions VALUES ('P1', DATE '2020-01-01', 'pemetrexed', NULL, 'chemotherapy', 'IV', 1, ` +
        `'pmsi_med', 2, 'T', 1, NULL), ('P1', DATE '2020-01-08', 'pemetrexed', NULL, 'chemotherapy', 'IV', 1, ` +
        `'dcir_ucd', 3, 'T', 2, NULL)`,
    );
    await assert.rejects(mergeEvents(session), /1 contributions have a source_rank other than their source's/);
    await session.run(`UPDATE ing_contributions SET source_rank = 6 WHERE source = 'dcir_ucd'`);
    await mergeEvents(session);
    const rows = await session.all(`SELECT string_agg(source, ',' ORDER BY date) AS s FROM ing_exposures`);
    assert.equal(rows[0]?.s, "pmsi_med,dcir_ucd");
  } finally {
    session.close();
  }
});
