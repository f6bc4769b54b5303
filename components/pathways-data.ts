/**
 * The Pathways page's data: each patient's pathway is computed once per (method,
 * node type, line depth) into small tables counted by filter dimension
 * (core/workspace/pathways-sql.ts, preparePathwaysSql), so that a filter change
 * only adds up counts: the Sankey links and the top sequences of 100 000
 * patients in a few milliseconds of DuckDB-WASM instead of recomputing every
 * patient's lines, windows and strings.
 */
import {
  preparedFromAggregatesSql,
  preparedPathwayLinksSql,
  preparedTopSequencesSql,
  preparePathwaysSql,
  type PathwayKey,
  type PathwayOptions,
} from "../core/workspace/pathways-sql.js";
import type { WorkspaceDatabase, PlainRow } from "./duckdb-client.js";
import type { PathwayLink } from "./sankey-chart.js";

export interface PreparedPathways {
  key: PathwayKey;
  /** Prefix of the prepared tables. */
  name: string;
}

export interface PathwaysResult {
  links: PathwayLink[];
  /** Most frequent sequences: sequence, ending, patients, share, treated. */
  sequences: PlainRow[];
}

export interface PathwaysData {
  /** Prepares (once per method, key and depth; later calls reuse the tables) the pathways of every patient. */
  prepare(o: Pick<PathwayOptions, "method" | "key" | "depth">): Promise<PreparedPathways>;
  /** Links and top sequences under a filter (`where` over the filter dimensions). */
  query(p: PreparedPathways, o: { where: string; topRegimens?: number }, limit?: number): Promise<PathwaysResult>;
}

export function pathwaysData(db: WorkspaceDatabase): PathwaysData {
  const prepared = new Map<string, Promise<PreparedPathways>>();
  return {
    prepare({ method, key, depth }) {
      const id = JSON.stringify([method, key, depth]);
      let p = prepared.get(id);
      if (!p) {
        const name = `pathways_${prepared.size + 1}`;
        p = (async () => {
          for (const sql of preparePathwaysSql({ method, key, depth, name })) await db.query(sql);
          return { key, name };
        })();
        p.catch(() => prepared.delete(id));
        prepared.set(id, p);
      }
      return p;
    },
    async query({ key, name }, { where, topRegimens = 8 }, limit = 15) {
      const o = { key, name, where, topRegimens };
      const [links, sequences] = await Promise.all([
        db.query(preparedPathwayLinksSql(o)),
        db.query(preparedTopSequencesSql(o, limit)),
      ]);
      return {
        links: links.map((r) => ({ source: String(r.source), target: String(r.target), patients: Number(r.patients) })),
        sequences,
      };
    },
  };
}

/**
 * Aggregated mode (large cohorts, docs/workspace.md): the same queries over
 * prepared tables rebuilt from the aggregate files (every method and depth,
 * counted by every combination of the filters), not from patient rows.
 * `load(key)` adds the node type's aggregate tables to the database (once) as
 * `agg_<key>_<part>` (part: links, sequences, and lines for regimens).
 */
export function aggregatedPathwaysData(db: WorkspaceDatabase, load: (key: PathwayKey) => Promise<void>): PathwaysData {
  const base = pathwaysData(db);
  const prepared = new Map<string, Promise<PreparedPathways>>();
  return {
    prepare({ method, key, depth }) {
      const id = JSON.stringify([method, key, depth]);
      let p = prepared.get(id);
      if (!p) {
        const name = `pathways_agg_${prepared.size + 1}`;
        p = (async () => {
          await load(key);
          for (const sql of preparedFromAggregatesSql({ key, name, method, depth, source: `agg_${key}` }))
            await db.query(sql);
          return { key, name };
        })();
        p.catch(() => prepared.delete(id));
        prepared.set(id, p);
      }
      return p;
    },
    query: base.query,
  };
}
