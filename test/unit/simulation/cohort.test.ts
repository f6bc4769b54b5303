// Properties of simulated patients (fast-check over seeds and indexes) and profile differences.
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { KNOWN_LINE_MOLECULES } from "../../../core/reference/drugs.js";
import { LISTE_EN_SUS } from "../../../core/simulation/observation/codes.js";
import { PROFILES } from "../../../core/simulation/profiles.js";
import { simulatePatient, simulateTruth } from "../../../core/simulation/simulate-patient.js";
import { contractV2Rates, observeContractV2 } from "../../../core/simulation/observation/contract-v2.js";
import { contractColumns } from "../../../core/simulation/observation/table-rows.js";

test("gold lines are numbered 1..n, ordered, non-overlapping, end >= start, end <= death, molecules well-formed", () => {
  fc.assert(
    fc.property(
      fc.nat({ max: 2 ** 31 }),
      fc.nat({ max: 5_000_000 }),
      fc.constantFrom("clean", "realistic", "hard", "shifted" as const),
      (seed, index, name) => {
        const truth = simulateTruth(index, seed, PROFILES[name]);
        const lines = truth.goldLines;
        lines.forEach((line, i) => {
          assert.equal(line.lineNumber, i + 1);
          assert.ok(
            line.startDate >= truth.patient.advancedDate - 30,
            "line 1 starts at most 30 days before advanced date",
          );
          if (line.endDate !== null) {
            assert.ok(line.endDate >= line.startDate, "end >= start");
            if (truth.deathDate !== null) assert.ok(line.endDate <= truth.deathDate, "end <= death");
          } else {
            assert.equal(i, lines.length - 1, "only the last line may be ongoing");
            assert.equal(truth.deathDate, null, "an ongoing line means alive at the end of follow-up");
          }
          const next = lines[i + 1];
          if (next) {
            assert.ok(next.startDate > line.startDate, "ordered");
            assert.ok(line.endDate !== null && line.endDate < next.startDate, "non-overlapping");
          }
          assert.ok(line.molecules.length > 0);
          assert.deepEqual([...line.molecules].sort(), line.molecules);
          assert.equal(new Set(line.molecules).size, line.molecules.length);
          for (const m of line.molecules) {
            assert.ok(KNOWN_LINE_MOLECULES.has(m), `unknown molecule ${m}`);
            assert.notEqual(m, "chemotherapy", "the gold knows the molecules");
          }
        });
        if (truth.deathDate !== null) {
          for (const e of truth.episodes) for (const a of e.administrations) assert.ok(a.day < truth.deathDate);
        }
      },
    ),
    { numRuns: 400 },
  );
});

test("every row of a patient has the width of its simulated table, in contract versions 1 and 2", () => {
  fc.assert(
    fc.property(fc.nat({ max: 1000 }), fc.nat({ max: 100_000 }), (seed, index) => {
      const { truth, tables } = simulatePatient(index, seed, PROFILES.hard);
      const check = () => {
        for (const [, t] of tables.tables)
          for (const row of t.rows) assert.equal(row.length, contractColumns(t.logical).length);
      };
      check();
      observeContractV2(tables, truth, seed, contractV2Rates("hard"));
      check();
    }),
    { numRuns: 100 },
  );
});

function cohort(name: "clean" | "realistic" | "hard", n = 1500) {
  return Array.from({ length: n }, (_, i) => simulatePatient(i, 5, PROFILES[name]));
}

test("clean: every gold molecule is visible at molecule level somewhere; every stay links", () => {
  for (const { truth, tables } of cohort("clean", 800)) {
    const labels = tables.rowsOf("ODH_DRUG_ADMIN").map((r) => String(r[2]).toLowerCase());
    for (const line of truth.goldLines) {
      for (const m of line.molecules) {
        if (m === "investigational") {
          assert.ok(labels.some((l) => l.includes("essai clinique") || l.startsWith("protocole")));
          continue;
        }
        assert.ok(
          labels.some((l) => l.startsWith(m)),
          `${truth.patient.patientId}: ${m} not in the warehouse`,
        );
      }
    }
    for (const [name, t] of tables.tables) {
      if (t.logical !== "T_MCOaaC") continue;
      for (const row of t.rows)
        assert.deepEqual(row.slice(5, 12), ["0", "0", "0", "0", "0", "0", "0"], `${name} unlinkable`);
    }
    for (const [, t] of tables.tables)
      if (t.logical === "T_MCOaaB") for (const row of t.rows) assert.ok(Number(row[6]) <= 1);
  }
});

test("realistic: cheap cytotoxics of patients outside the warehouse leave only anonymous séances", () => {
  let anonymous = 0;
  for (const { truth, tables } of cohort("realistic")) {
    if (tables.rowsOf("ODH_DRUG_ADMIN").length > 0) continue;
    const line = truth.goldLines.find((l) => l.molecules.includes("carboplatin") || l.molecules.includes("cisplatin"));
    if (!line || line.molecules.some((m) => LISTE_EN_SUS.has(m))) continue;
    // Only séances in PMSI, no MED row, no DCIR: nothing names the molecules.
    let meds = 0;
    let seances = 0;
    for (const [, t] of tables.tables) {
      if (t.logical === "T_MCOaaMED" || t.logical === "T_MCOaaMEDATU") meds += t.rows.length;
      if (t.logical === "T_MCOaaB") seances += t.rows.filter((r) => r[4] === "28Z07Z").length;
    }
    if (meds === 0 && seances > 0) anonymous++;
  }
  assert.ok(anonymous > 20, `expected anonymous chemotherapy, found ${anonymous}`);
});

test("hard is noisier than realistic, which is noisier than clean", () => {
  const measure = (name: "clean" | "realistic" | "hard") => {
    let covered = 0;
    let grouped = 0;
    let unlinkable = 0;
    let stays = 0;
    let typos = 0;
    for (const { tables } of cohort(name, 1000)) {
      if (tables.rowsOf("ODH_PATIENT")[0]![1] !== null) covered++;
      for (const [, t] of tables.tables) {
        if (t.logical === "T_MCOaaB") grouped += t.rows.filter((r) => Number(r[6]) > 1).length;
        if (t.logical === "T_MCOaaC") {
          stays += t.rows.length;
          unlinkable += t.rows.filter((r) => r.slice(5, 12).some((c) => c !== "0")).length;
        }
      }
      typos += tables.rowsOf("ODH_DRUG_ADMIN").length;
    }
    return { covered, grouped, unlinkable: unlinkable / stays, rows: typos };
  };
  const clean = measure("clean");
  const realistic = measure("realistic");
  const hard = measure("hard");
  assert.equal(clean.covered, 1000);
  assert.ok(clean.covered > realistic.covered && realistic.covered > hard.covered);
  assert.equal(clean.grouped, 0);
  assert.ok(hard.grouped > realistic.grouped && realistic.grouped > 0);
  assert.equal(clean.unlinkable, 0);
  assert.ok(hard.unlinkable > realistic.unlinkable && realistic.unlinkable > 0);
});

test("same index and seed give the same patient; the truth does not depend on the observation profile's noise", () => {
  const a = simulatePatient(42, 9, PROFILES.realistic);
  const b = simulatePatient(42, 9, PROFILES.realistic);
  assert.deepEqual(a, b);
  const clean = simulateTruth(42, 9, PROFILES.clean);
  assert.deepEqual(clean.goldLines, a.truth.goldLines); // clean and realistic share pathway rates
});
