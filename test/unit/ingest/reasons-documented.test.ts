// The reasons ingestion gives (loaders/ingest/reasons.ts) are the reasons
// docs/ingestion.md lists, with the same status: no documented reason that is never
// given, no given reason left undocumented.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { INGEST_REASONS } from "../../../loaders/ingest/reasons.js";

const DOC = readFileSync(new URL("../../../docs/ingestion.md", import.meta.url), "utf8");

test("docs/ingestion.md lists exactly the ingestion reasons of reasons.ts, with their status", () => {
  const documented = Object.fromEntries(
    [...DOC.matchAll(/^\| `([a-z_]+)` +\| (rejected|out of scope) +\|/gm)].map((m) => [
      m[1]!,
      m[2]!.replaceAll(" ", "_"),
    ]),
  );
  const given = Object.fromEntries(Object.entries(INGEST_REASONS).map(([reason, r]) => [reason, r.status]));
  assert.deepEqual(documented, given);
});
