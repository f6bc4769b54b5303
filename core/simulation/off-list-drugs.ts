/**
 * Antineoplastics outside the lung list in the clinical truth: patients also
 * receive drugs that lung-cancer dictionaries miss (off-label or second-cancer
 * cetuximab, trastuzumab deruxtecan for HER2-mutant tumours, and datopotamab
 * deruxtecan, a trial drug that reached early access), and the gold standard
 * records them. Here a later-line single-agent chemotherapy episode (docetaxel,
 * pemetrexed or gemcitabine after progression) is, at a profile rate, given
 * with one of these drugs instead, on the same schedule; a restart of it after a
 * planned break keeps the same drug. The draw comes from its own random stream
 * (STREAM_OFF_LIST_DRUGS), so every other patient's truth is unchanged by it.
 */
import { dayOf, type Day } from "../time/day.js";
import { Rng, STREAM_OFF_LIST_DRUGS } from "./random.js";
import type { TreatmentEpisode } from "./truth.js";

/** Per eligible episode, by profile (a profile without its own uses the realistic rate). */
const RATES: Readonly<Record<string, number>> = { clean: 0.1, realistic: 0.1, hard: 0.2 };

const ELIGIBLE = new Set(["docetaxel", "pemetrexed", "gemcitabine"]);

const DOSES: Readonly<Record<string, string>> = {
  cetuximab: "500 mg/m2",
  "trastuzumab-deruxtecan": "5.4 mg/kg",
  "datopotamab-deruxtecan": "6 mg/kg",
};

/** The molecules this module may give (observation declares codes for them). */
export const OFF_LIST_MOLECULES: readonly string[] = Object.keys(DOSES);

const TDXD_FROM = dayOf(2022, 7, 1);
const DATO_FROM = dayOf(2025, 1, 1);

function pick(day: Day, rng: Rng): string {
  if (day >= DATO_FROM)
    return rng.weighted({ "datopotamab-deruxtecan": 0.4, "trastuzumab-deruxtecan": 0.4, cetuximab: 0.2 });
  if (day >= TDXD_FROM) return rng.weighted({ "trastuzumab-deruxtecan": 0.6, cetuximab: 0.4 });
  return "cetuximab";
}

function singleAgent(episode: TreatmentEpisode): string | undefined {
  const molecules = new Set(episode.administrations.map((a) => a.molecule));
  const [only] = molecules;
  return molecules.size === 1 && only !== undefined && ELIGIBLE.has(only) ? only : undefined;
}

function give(episode: TreatmentEpisode, molecule: string): void {
  episode.regimenLabel = molecule;
  for (const a of episode.administrations) {
    a.molecule = molecule;
    a.route = "IV";
    a.dose = DOSES[molecule]!;
    a.daysCovered = 1;
    a.boxes = 1;
  }
}

/** Rewrites eligible episodes of one patient in place. */
export function giveOffListDrugs(episodes: TreatmentEpisode[], index: number, seed: number, profile: string): void {
  const rate = RATES[profile] ?? RATES.realistic!;
  const rng = new Rng(seed, index, STREAM_OFF_LIST_DRUGS);
  let previous: { episode: TreatmentEpisode; molecule: string } | undefined;
  for (const episode of episodes) {
    const first = episode.administrations[0];
    if (previous && episode.trigger === "restart_after_break" && episode.regimenId === previous.episode.regimenId) {
      give(episode, previous.molecule);
      previous = { episode, molecule: previous.molecule };
      continue;
    }
    previous = undefined;
    if (episode.trigger !== "progression" || !first || !singleAgent(episode) || !rng.chance(rate)) continue;
    const molecule = pick(first.day, rng);
    give(episode, molecule);
    previous = { episode, molecule };
  }
}
