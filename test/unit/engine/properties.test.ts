// Properties of reconstruction on random patients (fast-check), for every preset.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import type { Exposure, PatientEvents, Session } from "../../../core/events/events.js";
import { reconstructPatient } from "../../../core/engine/reconstruct.js";
import type { PatientLines } from "../../../core/engine/types.js";
import { drugByMolecule } from "../../../core/reference/drugs.js";
import { listPresets, loadRuleSet } from "../../../loaders/rules/load-rule-set.js";
import { d } from "./patient-builder.js";

const MOLECULES = [
  "carboplatin",
  "cisplatin",
  "pemetrexed",
  "pembrolizumab",
  "paclitaxel",
  "nab-paclitaxel",
  "docetaxel",
  "gemcitabine",
  "nivolumab",
  "bevacizumab",
  "osimertinib",
  "alectinib",
  "investigational",
];
const ORAL = new Set(["osimertinib", "alectinib"]);
const BASE = d("2019-01-01");

const exposureArb = fc.record({
  offset: fc.integer({ min: 0, max: 900 }),
  molecule: fc.constantFrom(...MOLECULES),
  supply: fc.constantFrom(28, 30, 56),
});
const sessionArb = fc.record({
  offset: fc.integer({ min: 0, max: 900 }),
  span: fc.integer({ min: 0, max: 60 }),
  count: fc.integer({ min: 1, max: 4 }),
});

const patientArb = fc
  .record({
    advancedOffset: fc.option(fc.integer({ min: 0, max: 400 }), { nil: null }),
    deathOffset: fc.option(fc.integer({ min: 100, max: 1200 }), { nil: null }),
    exposures: fc.array(exposureArb, { maxLength: 40 }),
    sessions: fc.array(sessionArb, { maxLength: 12 }),
    // What the curative rules read: an inferred advanced date, a radiotherapy course, a lung resection.
    inferred: fc.boolean(),
    radiotherapyOffset: fc.option(fc.integer({ min: 0, max: 900 }), { nil: null }),
    surgeryOffset: fc.option(fc.integer({ min: 0, max: 900 }), { nil: null }),
  })
  .map(
    ({
      advancedOffset,
      deathOffset,
      exposures,
      sessions,
      inferred,
      radiotherapyOffset,
      surgeryOffset,
    }): PatientEvents => {
      const death = deathOffset === null ? null : BASE + deathOffset;
      const inLife = (day: number) => death === null || day <= death;
      const exp: Exposure[] = exposures
        .filter((e) => inLife(BASE + e.offset))
        .map((e, i) => ({
          patientId: "P",
          date: BASE + e.offset,
          molecule: e.molecule,
          atc: drugByMolecule(e.molecule)?.atc ?? null,
          drugClass: drugByMolecule(e.molecule)?.drugClass ?? "investigational",
          route: ORAL.has(e.molecule) ? "PO" : "IV",
          daysSupply: ORAL.has(e.molecule) ? e.supply : 1,
          provenance: [{ source: "pmsi_med", table: "T", row: i + 1 }],
        }));
      const ses: Session[] = sessions
        .filter((s) => inLife(BASE + s.offset + s.span))
        .map((s, i) => ({
          patientId: "P",
          kind: "chemotherapy",
          date: BASE + s.offset,
          endDate: BASE + s.offset + (s.count > 1 ? s.span : 0),
          count: s.count,
          hospital: "H",
          grouped: s.count > 1,
          provenance: [{ source: "pmsi_stay", table: "T", row: i + 1 }],
        }));
      const act = (kind: Session["kind"], date: number, i: number): Session => ({
        patientId: "P",
        kind,
        date,
        endDate: date,
        count: 1,
        hospital: "H",
        grouped: false,
        provenance: [{ source: "pmsi_act", table: "T", row: i + 1 }],
      });
      if (radiotherapyOffset !== null)
        for (let i = 0; i < 30; i++) {
          const day = BASE + radiotherapyOffset + i + 2 * Math.floor(i / 5);
          if (inLife(day)) ses.push(act("radiotherapy", day, i));
        }
      if (surgeryOffset !== null && inLife(BASE + surgeryOffset)) ses.push(act("surgery", BASE + surgeryOffset, 0));
      return {
        patient: {
          patientId: "P",
          birthYear: 1950,
          sex: "F",
          deathDate: death,
          followUpEnd: death ?? BASE + 1300,
          advancedDate: advancedOffset === null ? null : BASE + advancedOffset,
          advancedDateInferred: advancedOffset !== null && inferred,
          histology: "adenocarcinoma",
          biomarkers: {},
          pdl1Tps: null,
        },
        exposures: exp,
        sessions: ses,
      };
    },
  );

/** Contract fields only: what a predictions file holds. */
const contract = (r: PatientLines) =>
  r.lines.map((l) => ({ n: l.lineNumber, start: l.startDate, end: l.endDate, molecules: l.molecules.join(";") }));

function shuffle<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

for (const preset of listPresets()) {
  const rules = loadRuleSet(preset);
  describe(`properties of the ${preset} preset`, () => {
    test("lines are numbered 1..n, ordered, non-overlapping, end >= start, end <= death", () => {
      fc.assert(
        fc.property(patientArb, (events) => {
          const r = reconstructPatient(events, rules);
          r.lines.forEach((line, i) => {
            assert.equal(line.lineNumber, i + 1);
            if (line.endDate !== null) assert.ok(line.endDate >= line.startDate, "end before start");
            const next = r.lines[i + 1];
            if (next) {
              assert.ok(next.startDate > line.startDate, "starts not strictly increasing");
              assert.notEqual(line.endDate, null, "only the last line can be open");
              assert.ok(line.endDate! <= next.startDate, "overlap with the next line");
            }
            if (events.patient.deathDate !== null && line.endDate !== null) {
              assert.ok(line.endDate <= events.patient.deathDate, "end after death");
            }
            assert.deepEqual(line.molecules, [...new Set(line.molecules)].sort(), "molecules sorted and unique");
          });
        }),
        { numRuns: 300 },
      );
    });

    test("every administration on or after the index window is in exactly one line, or excluded with a reason", () => {
      fc.assert(
        fc.property(patientArb, (events) => {
          const r = reconstructPatient(events, rules);
          if (r.index === null) {
            assert.equal(r.lines.length, 0);
            return;
          }
          const lookback =
            r.indexSource === "inferred_advanced_date"
              ? (rules.index.inferredLookbackDays ?? rules.index.lookbackDays)
              : rules.index.lookbackDays;
          const threshold = r.index - lookback;
          const excluded = new Set(r.excluded.map((e) => `${e.date}|${e.molecule}`));
          for (const e of events.exposures) {
            const key = `${e.date}|${e.molecule}`;
            if (e.date < threshold) {
              assert.ok(excluded.has(key), `${key} is before the index window but not excluded`);
              continue;
            }
            const holders = r.lines.filter(
              (l, i) =>
                l.startDate <= e.date &&
                (r.lines[i + 1] === undefined || e.date < r.lines[i + 1]!.startDate) &&
                l.molecules.includes(e.molecule),
            );
            if (excluded.has(key)) {
              assert.equal(holders.length, 0, `${key} both excluded and in a line`);
            } else {
              assert.equal(holders.length, 1, `${key} is in ${holders.length} lines`);
            }
          }
        }),
        { numRuns: 300 },
      );
    });

    test("output is independent of input row order and of duplicated rows", () => {
      fc.assert(
        fc.property(patientArb, fc.integer({ min: 1, max: 1_000_000 }), (events, seed) => {
          const reference = reconstructPatient(events, rules);
          const shuffled = reconstructPatient(
            { ...events, exposures: shuffle(events.exposures, seed), sessions: shuffle(events.sessions, seed + 1) },
            rules,
          );
          assert.deepEqual(shuffled.lines, reference.lines);
          const doubled = reconstructPatient(
            { ...events, exposures: [...events.exposures, ...events.exposures] },
            rules,
          );
          assert.deepEqual(contract(doubled), contract(reference));
        }),
        { numRuns: 200 },
      );
    });

    test("idempotent: reconstructing from only the administrations kept in lines gives the same lines", () => {
      fc.assert(
        fc.property(patientArb, (withSessions) => {
          const events = { ...withSessions, sessions: [] };
          const first = reconstructPatient(events, rules);
          const excluded = new Set(first.excluded.map((e) => `${e.date}|${e.molecule}`));
          const keptEvents: PatientEvents = {
            ...events,
            patient: { ...events.patient, advancedDate: first.index },
            exposures: events.exposures.filter((e) => !excluded.has(`${e.date}|${e.molecule}`)),
          };
          const second = reconstructPatient(keptEvents, rules);
          assert.deepEqual(contract(second), contract(first));
          assert.deepEqual(contract(reconstructPatient(events, rules)), contract(first), "same input, same output");
        }),
        { numRuns: 200 },
      );
    });
  });
}
