// Gold standard conventions (contract section 4) on hand-checkable constructed truths.
import assert from "node:assert/strict";
import { test } from "node:test";
import { goldLines } from "../../../core/simulation/gold-lines.js";
import type { Administration, EpisodeEnd, EpisodeTrigger, TreatmentEpisode } from "../../../core/simulation/truth.js";
import { dayOf, formatDay } from "../../../core/time/day.js";

const ADVANCED = dayOf(2021, 3, 1);

function iv(day: number, molecule: string): Administration {
  return { day, molecule, route: "IV", daysCovered: 1, boxes: 1, dose: "", phase: "induction", cycle: 1 };
}
function oral(day: number, molecule: string, days = 30): Administration {
  return { day, molecule, route: "PO", daysCovered: days, boxes: 1, dose: "", phase: "continuous", cycle: 1 };
}
function episode(
  trigger: EpisodeTrigger,
  administrations: Administration[],
  end: EpisodeEnd,
  extra: Partial<TreatmentEpisode> = {},
): TreatmentEpisode {
  return {
    trigger,
    regimenId: "x",
    regimenLabel: "x",
    administrations,
    variations: [],
    maintenance: false,
    inductionCycles: 0,
    end,
    ...extra,
  };
}
function summary(episodes: TreatmentEpisode[], deathDate: number | null = null) {
  return goldLines({ patientId: "P1", advancedDate: ADVANCED, deathDate, episodes }).map((l) => ({
    n: l.lineNumber,
    start: formatDay(l.startDate),
    end: l.endDate === null ? null : formatDay(l.endDate),
    molecules: l.molecules.join(";"),
    reason: l.endReason,
  }));
}
const d = (iso: string) => {
  const [y, m, dd] = iso.split("-").map(Number);
  return dayOf(y!, m!, dd!);
};

test("cisplatin -> carboplatin switch inside a line: one line listing both", () => {
  const e = episode(
    "first",
    [
      iv(d("2021-03-15"), "cisplatin"),
      iv(d("2021-03-15"), "pemetrexed"),
      iv(d("2021-04-05"), "cisplatin"),
      iv(d("2021-04-05"), "pemetrexed"),
      iv(d("2021-04-26"), "carboplatin"),
      iv(d("2021-04-26"), "pemetrexed"),
    ],
    "progression",
    { variations: ["platinum_substitution"] },
  );
  assert.deepEqual(summary([e]), [
    {
      n: 1,
      start: "2021-03-15",
      end: "2021-04-26",
      molecules: "carboplatin;cisplatin;pemetrexed",
      reason: "progression",
    },
  ]);
});

test("a planned break then restart without progression stays in the same line", () => {
  const before = episode(
    "first",
    [iv(d("2021-03-10"), "pembrolizumab"), iv(d("2021-03-31"), "pembrolizumab")],
    "planned_break",
  );
  const after = episode(
    "restart_after_break",
    [iv(d("2021-07-01"), "pembrolizumab"), iv(d("2021-07-22"), "pembrolizumab")],
    "progression",
  );
  assert.deepEqual(summary([before, after]), [
    { n: 1, start: "2021-03-10", end: "2021-07-22", molecules: "pembrolizumab", reason: "progression" },
  ]);
});

test("re-challenge of the same regimen after progression is a new line", () => {
  const first = episode("first", [iv(d("2021-03-10"), "carboplatin"), iv(d("2021-03-10"), "paclitaxel")], "completed");
  const second = episode(
    "progression",
    [iv(d("2021-09-01"), "carboplatin"), iv(d("2021-09-01"), "paclitaxel")],
    "progression",
  );
  const lines = summary([first, second]);
  assert.equal(lines.length, 2);
  assert.deepEqual(
    lines.map((l) => [l.n, l.start, l.molecules]),
    [
      [1, "2021-03-10", "carboplatin;paclitaxel"],
      [2, "2021-09-01", "carboplatin;paclitaxel"],
    ],
  );
});

test("chemoradiation and durvalumab consolidation before the advanced date give no line", () => {
  const crt = episode(
    "curative",
    [iv(d("2019-05-01"), "cisplatin"), iv(d("2019-05-01"), "etoposide"), iv(d("2019-05-29"), "cisplatin")],
    "completed",
  );
  const durvalumab = episode(
    "curative",
    [iv(d("2019-07-01"), "durvalumab"), iv(d("2020-06-15"), "durvalumab"), iv(d("2021-01-10"), "durvalumab")],
    "progression",
  );
  assert.deepEqual(summary([crt, durvalumab]), []);
  // ...and the first advanced treatment after them is line 1.
  const firstLine = episode("first", [iv(d("2021-03-20"), "docetaxel")], "progression");
  assert.deepEqual(
    summary([crt, durvalumab, firstLine]).map((l) => [l.n, l.start, l.molecules]),
    [[1, "2021-03-20", "docetaxel"]],
  );
});

test("a regimen started up to 30 days before the advanced date is line 1, 31 days is not", () => {
  const within = episode("first", [iv(ADVANCED - 30, "pembrolizumab")], "progression");
  assert.equal(summary([within]).length, 1);
  const outside = episode("first", [iv(ADVANCED - 31, "pembrolizumab")], "progression");
  assert.equal(summary([outside]).length, 0);
});

test("continuation maintenance stays in the induction line and marks it", () => {
  const induction = [d("2021-03-10"), d("2021-03-31"), d("2021-04-21"), d("2021-05-12")].flatMap((day) => [
    iv(day, "carboplatin"),
    iv(day, "pemetrexed"),
    iv(day, "pembrolizumab"),
  ]);
  const maintenance = [d("2021-06-02"), d("2021-06-23")].flatMap((day) => [
    iv(day, "pemetrexed"),
    iv(day, "pembrolizumab"),
  ]);
  const lines = goldLines({
    patientId: "P1",
    advancedDate: ADVANCED,
    deathDate: null,
    episodes: [episode("first", [...induction, ...maintenance], "progression", { maintenance: true })],
  });
  assert.equal(lines.length, 1);
  assert.equal(formatDay(lines[0]!.endDate!), "2021-06-23");
  assert.equal(lines[0]!.isMaintenancePhasePresent, true);
  assert.deepEqual(lines[0]!.molecules, ["carboplatin", "pembrolizumab", "pemetrexed"]);
});

test("oral end date is the last covered day, cut before the next line and at death", () => {
  const tki = episode(
    "first",
    [oral(d("2021-03-10"), "osimertinib"), oral(d("2021-04-09"), "osimertinib")],
    "progression",
  );
  assert.equal(summary([tki])[0]!.end, "2021-05-08"); // 2021-04-09 + 30 days - 1
  const next = episode("progression", [iv(d("2021-05-01"), "carboplatin")], "death");
  const lines = summary([tki, next], d("2021-05-20"));
  assert.equal(lines[0]!.end, "2021-04-30"); // never on or after the next line's start
  const alone = summary([tki], d("2021-05-01"));
  assert.equal(alone[0]!.end, "2021-05-01"); // never after death
});

test("supportive drugs are not molecules; trial drugs are investigational; ongoing lines have no end", () => {
  const e = episode(
    "first",
    [
      iv(d("2021-03-10"), "investigational"),
      iv(d("2021-03-10"), "dexamethasone"),
      iv(d("2021-03-31"), "investigational"),
    ],
    "ongoing",
  );
  const lines = summary([e]);
  assert.deepEqual(lines, [{ n: 1, start: "2021-03-10", end: null, molecules: "investigational", reason: "ongoing" }]);
});

test("a new regimen after toxicity starts a new line; a dropped drug does not", () => {
  const withDrop = episode(
    "first",
    [iv(d("2021-03-10"), "docetaxel"), oral(d("2021-03-11"), "nintedanib"), iv(d("2021-03-31"), "docetaxel")],
    "toxicity",
    { variations: ["drug_dropped_for_toxicity"] },
  );
  const switched = episode("toxicity", [iv(d("2021-05-01"), "gemcitabine")], "progression");
  assert.deepEqual(
    summary([withDrop, switched]).map((l) => [l.n, l.molecules, l.reason]),
    [
      [1, "docetaxel;nintedanib", "toxicity"],
      [2, "gemcitabine", "progression"],
    ],
  );
});
