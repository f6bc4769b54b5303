/**
 * Property: on generated small datasets (random rows, corrupt cells, orphans,
 * reversals, unknown codes, unlinkable stays, persons outside the cohort), for
 * every input table rows read = used + merged duplicates + rejected + out of
 * scope, and every rejected or out-of-scope row is listed in rejections.parquet.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { CODES, DatasetBuilder, ingestBuilt, nir } from "./dataset-builder.js";

const LABELS = ["KEYTRUDA 200 mg", "carboplatine", "Pémétrexed 500", "XQZWV", "ESSAI CLINIQUE", "dexamethasone"];
const CIPS = [CODES.osimertinibCip, CODES.erlotinibCip, "3400999999999"];
const UCDS = [CODES.pembrolizumabUcd, CODES.nivolumabUcd, "0000009999999"];
const date = fc.integer({ min: 0, max: 400 }).map((d) => new Date(Date.UTC(2019, 0, 1 + d)).toISOString().slice(0, 10));
const corruptDate = fc.constantFrom("2019-02-30", "03/14/2019", "");

const arbitrary = fc.record({
  persons: fc.integer({ min: 1, max: 5 }),
  dispensings: fc.array(
    fc.record({
      person: fc.nat(6),
      date: fc.oneof({ weight: 5, arbitrary: date }, { weight: 1, arbitrary: corruptDate }),
      cip: fc.constantFrom(...CIPS),
      qty: fc.integer({ min: -2, max: 3 }),
      dpn: fc.constantFrom(0, 0, 0, 71),
      prs: fc.constantFrom(true, true, true, false),
    }),
    { maxLength: 12 },
  ),
  stays: fc.array(
    fc.record({
      person: fc.nat(6),
      date,
      seance: fc.boolean(),
      sorMod: fc.constantFrom("8", "8", "9"),
      badRet: fc.constantFrom(false, false, false, true),
      meds: fc.array(fc.record({ ucd: fc.constantFrom(...UCDS), delai: fc.nat(3) }), { maxLength: 2 }),
    }),
    { maxLength: 8 },
  ),
  orphanMeds: fc.nat(2),
  admins: fc.array(
    fc.record({
      person: fc.nat(6),
      date: fc.oneof({ weight: 5, arbitrary: date }, { weight: 1, arbitrary: corruptDate }),
      label: fc.constantFrom(...LABELS),
    }),
    { maxLength: 12 },
  ),
});

test("accounting identity and every rejected or out-of-scope row listed, on generated datasets", async () => {
  await fc.assert(
    fc.asyncProperty(arbitrary, async (g) => {
      const b = new DatasetBuilder();
      for (let i = 0; i < g.persons; i++) {
        b.person(`P${i}`, { nirs: [nir(i)], death: i === 0 ? "2019-10-01" : null, cohort: i !== 1 });
      }
      const nirOf = (p: number) => nir(p % (g.persons + 1));
      for (const d of g.dispensings) {
        b.dispense({ nir: nirOf(d.person), date: d.date, cip: d.cip, qty: d.qty, dpn: d.dpn, prs: d.prs });
      }
      for (const s of g.stays) {
        const rsa = s.seance
          ? b.seance({ nir: nirOf(s.person), date: s.date })
          : b.stay({
              nir: nirOf(s.person),
              entry: s.date,
              sorMod: s.sorMod,
              ...(s.badRet ? { ret: { SEX_RET: "2" } } : {}),
            });
        for (const m of s.meds) b.med({ rsa, ucd: m.ucd, delai: m.delai });
      }
      for (let i = 0; i < g.orphanMeds; i++) b.med({ rsa: `X${i}`, ucd: CODES.pembrolizumabUcd, delai: 0 });
      for (const a of g.admins) b.admin({ patient: `P${a.person}`, date: a.date, label: a.label });

      const r = await ingestBuilt(b, { endOfData: "2020-12-31" });
      try {
        const accounting = await r.read("accounting");
        const listed = await r.read("rejections", "true");
        for (const t of accounting) {
          const read = Number(t.rows_read);
          const sum = Number(t.used) + Number(t.merged_duplicates) + Number(t.rejected) + Number(t.out_of_scope);
          assert.equal(sum, read, `identity for ${String(t.table_name)}`);
          const rows = (status: string) =>
            new Set(listed.filter((x) => x.table_name === t.table_name && x.status === status).map((x) => x.source_row))
              .size;
          assert.equal(rows("rejected"), Number(t.rejected), `rejected rows listed for ${String(t.table_name)}`);
          assert.equal(
            rows("out_of_scope"),
            Number(t.out_of_scope),
            `out-of-scope rows listed for ${String(t.table_name)}`,
          );
        }
        const exposures = await r.read("exposures");
        const provenanceRows = exposures.reduce((s, e) => s + Number(e.row_count), 0);
        const eventTables = accounting.filter((t) =>
          /^(ER_PHA_F|ER_UCD_F|ODH_DRUG_ADMIN|T_MCO\d\dMED(ATU)?)$/.test(String(t.table_name)),
        );
        const usedOrMerged = eventTables.reduce((s, t) => s + Number(t.used) + Number(t.merged_duplicates), 0);
        assert.ok(provenanceRows >= usedOrMerged, "every used or merged drug row is in a provenance");
      } finally {
        await r.close();
      }
    }),
    { numRuns: 25, seed: 42 },
  );
});
