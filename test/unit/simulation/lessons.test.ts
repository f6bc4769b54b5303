// The simulator's clinical-truth lessons from independent data (issue 13):
// metastasis codes that lag line 1, day-8 / day-15 séances, chemoradiation with
// and without consolidation, treatment around lung surgery, long planned breaks,
// and the `shifted` practice.
import assert from "node:assert/strict";
import { test } from "node:test";
import { tableSpec } from "../../../core/contract/tables.js";
import { PROFILES, type ProfileName } from "../../../core/simulation/profiles.js";
import { simulatePatient, simulateTruth } from "../../../core/simulation/simulate-patient.js";
import type { PatientTruth } from "../../../core/simulation/truth.js";

const truths = new Map<ProfileName, PatientTruth[]>();
function cohort(name: ProfileName, n = 6000): PatientTruth[] {
  let found = truths.get(name);
  if (!found) {
    found = Array.from({ length: n }, (_, i) => simulateTruth(i, 11, PROFILES[name]));
    truths.set(name, found);
  }
  return found;
}

/** Day of the stay that codes the metastasis (the one the index is inferred from), as the truth places it. */
function metastasisStayDay(truth: PatientTruth): number | undefined {
  return truth.care.find((c) => c.kind === "diagnosis_stay" && c.day >= truth.patient.advancedDate - 30)?.day;
}

function lagShare(name: ProfileName): number {
  let treated = 0;
  let lagged = 0;
  for (const truth of cohort(name)) {
    const first = truth.goldLines[0];
    const stay = metastasisStayDay(truth);
    if (!first || stay === undefined) continue;
    treated++;
    if (stay - first.startDate > 30) lagged++;
  }
  return lagged / treated;
}

test("metastasis codes lag the start of line 1 for a profile-dependent share of treated patients", () => {
  const realistic = lagShare("realistic");
  const shifted = lagShare("shifted");
  assert.ok(realistic > 0.08 && realistic < 0.3, `realistic ${realistic}`);
  assert.ok(shifted > realistic + 0.1, `shifted ${shifted} vs realistic ${realistic}`);
});

test("the lagged stay is the one PMSI codes with a metastasis, after line 1 started", () => {
  let checked = 0;
  for (let index = 0; index < 400 && checked < 10; index++) {
    const { truth, tables } = simulatePatient(index, 11, PROFILES.realistic);
    const first = truth.goldLines[0];
    const stay = metastasisStayDay(truth);
    if (!first || stay === undefined || stay - first.startDate <= 30) continue;
    const rsaDates = new Map<string, number>();
    const coded: number[] = [];
    const columns = (logical: string) => tableSpec(logical).columns.map((c) => c.name);
    for (const [, t] of tables.tables) {
      if (t.logical !== "T_MCOaaC") continue;
      const cols = columns("T_MCOaaC");
      for (const row of t.rows)
        rsaDates.set(
          `${row[cols.indexOf("ETA_NUM")]}:${row[cols.indexOf("RSA_NUM")]}`,
          Number(row[cols.indexOf("EXE_SOI_DTD")]),
        );
    }
    for (const [, t] of tables.tables) {
      if (t.logical !== "T_MCOaaD") continue;
      const cols = columns("T_MCOaaD");
      for (const row of t.rows)
        coded.push(rsaDates.get(`${row[cols.indexOf("ETA_NUM")]}:${row[cols.indexOf("RSA_NUM")]}`)!);
    }
    assert.ok(coded.length > 0, `${truth.patient.patientId}: the advanced stay codes a metastasis`);
    assert.ok(Math.min(...coded) > first.startDate + 30, `${truth.patient.patientId}: first code after line 1`);
    checked++;
  }
  assert.equal(checked, 10);
});

test("day-8 / day-15 séances: weekly nab-paclitaxel with day-1 pembrolizumab stays one line", () => {
  let episodes = 0;
  for (const truth of cohort("shifted")) {
    for (const episode of truth.episodes) {
      if (episode.regimenId !== "carbo_nabpac_pembro") continue;
      const byDay = new Map<number, string[]>();
      for (const a of episode.administrations) byDay.set(a.day, [...(byDay.get(a.day) ?? []), a.molecule]);
      const nabOnly = [...byDay.values()].filter((m) => m.length === 1 && m[0] === "nab-paclitaxel").length;
      if (episode.inductionCycles >= 2) assert.ok(nabOnly >= 1, "days 8 and 15 give nab-paclitaxel alone");
      const start = episode.administrations[0]!.day;
      const line = truth.goldLines.find((l) => l.startDate === start);
      if (!line) continue;
      assert.ok(line.molecules.includes("nab-paclitaxel") && line.molecules.includes("pembrolizumab"));
      for (const day of byDay.keys())
        if (day !== start) assert.ok(!truth.goldLines.some((l) => l.startDate === day), "no line starts on day 8/15");
      episodes++;
    }
  }
  assert.ok(episodes > 20, `weekly nab-paclitaxel episodes ${episodes}`);
});

test("chemoradiation with and without durvalumab consolidation, never a line", () => {
  let withConsolidation = 0;
  let without = 0;
  for (const truth of cohort("realistic")) {
    const crt = truth.episodes.find((e) => e.regimenId.endsWith("_rt"));
    if (!crt) continue;
    const durvalumab = truth.episodes.some((e) => e.regimenId.startsWith("durvalumab_consolidation"));
    if (durvalumab) withConsolidation++;
    else without++;
    for (const e of truth.episodes.filter((x) => x.trigger === "curative"))
      for (const line of truth.goldLines) assert.ok(e.administrations.every((a) => a.day < line.startDate));
  }
  assert.ok(withConsolidation > 30 && without > 30, `with ${withConsolidation}, without ${without}`);
});

test("adjuvant and peri-operative treatment after lung surgery comes in its era and is never a line", () => {
  const seen = new Map<string, number>();
  for (const name of ["realistic", "shifted"] as const) {
    for (const truth of cohort(name)) {
      const surgery = truth.care.find((c) => c.kind === "surgery");
      for (const e of truth.episodes) {
        if (e.trigger !== "curative" || e.regimenId.endsWith("_rt") || e.regimenId.startsWith("durvalumab")) continue;
        seen.set(e.regimenId, (seen.get(e.regimenId) ?? 0) + 1);
        assert.ok(surgery, "treatment around surgery implies surgery");
        const first = e.administrations[0]!.day;
        if (e.regimenId.startsWith("neoadjuvant")) assert.ok(first < surgery.day, "neoadjuvant before surgery");
        else assert.ok(first > surgery.day, "adjuvant after surgery");
        if (e.regimenId === "adjuvant_osimertinib") {
          assert.equal(truth.patient.driver, "egfr");
          assert.ok(first >= Date.UTC(2021, 0, 1) / 86_400_000);
          assert.ok(e.administrations.every((a) => a.day - first < 3 * 365));
        }
        for (const line of truth.goldLines) assert.ok(e.administrations.every((a) => a.day < line.startDate));
        assert.ok(e.administrations.every((a) => a.day < truth.patient.advancedDate - 30));
      }
    }
  }
  for (const id of ["adjuvant_cis_vino", "adjuvant_osimertinib", "adjuvant_atezo", "neoadjuvant_nivo_chemo"])
    assert.ok((seen.get(id) ?? 0) >= 3, `${id}: ${seen.get(id) ?? 0}`);
});

test("planned breaks longer than the rules' 120-day gap happen and stay in the line", () => {
  let long = 0;
  for (const truth of cohort("shifted")) {
    truth.episodes.forEach((episode, i) => {
      if (episode.trigger !== "restart_after_break") return;
      const before = truth.episodes[i - 1]!;
      const gap = episode.administrations[0]!.day - before.administrations[before.administrations.length - 1]!.day;
      if (gap <= 120) return;
      long++;
      const start = before.administrations[0]!.day;
      assert.ok(!truth.goldLines.some((l) => l.startDate === episode.administrations[0]!.day), "a restart is no line");
      assert.ok(truth.goldLines.some((l) => l.startDate <= start));
    });
  }
  assert.ok(long > 10, `long breaks ${long}`);
});

test("shifted is another practice: other regimen choices and coding habits, same determinism", () => {
  const share = (name: ProfileName, test: (id: string) => boolean) => {
    let n = 0;
    let hit = 0;
    for (const truth of cohort(name))
      for (const e of truth.episodes) {
        if (e.trigger === "curative") continue;
        n++;
        if (test(e.regimenId)) hit++;
      }
    return hit / n;
  };
  assert.ok(share("shifted", (id) => id === "pembro_q6w") > 1.3 * share("realistic", (id) => id === "pembro_q6w"));
  assert.ok(share("shifted", (id) => id === "cis_pem_pembro") < share("realistic", (id) => id === "cis_pem_pembro"));
  assert.ok(
    share("shifted", (id) => id === "carbo_pac_weekly") > share("realistic", (id) => id === "carbo_pac_weekly"),
  );
  assert.ok(PROFILES.shifted.observation.medRowMissing > PROFILES.realistic.observation.medRowMissing);
  assert.deepEqual(simulatePatient(7, 3, PROFILES.shifted), simulatePatient(7, 3, PROFILES.shifted));
});
