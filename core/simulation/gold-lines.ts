/**
 * The gold standard: lines of therapy abstracted from the clinical truth under
 * the conventions of the data contract (section 4):
 * - only advanced disease counts: an episode is a line candidate when it starts
 *   on or after the advanced date, or up to 30 days before it; earlier treatment
 *   (adjuvant, chemoradiation, durvalumab consolidation) is no line;
 * - a new line starts at each new regimen decided after progression (including a
 *   re-challenge of an earlier regimen) or after toxicity; a restart of the same
 *   regimen after a planned break, without progression, continues the line;
 * - substitutions, dropped drugs, cycle delays and continuation or switch
 *   maintenance happen inside an episode and never start a line;
 * - molecules: every antineoplastic given in the line, INN (the gold knows the
 *   molecules even when SNDS shows only an anonymous séance), clinical-trial
 *   drugs as `investigational`, supportive drugs left out;
 * - end_date: last administration (oral: last covered day), never on or after the
 *   next line's start nor after death; null when the line is ongoing at the end
 *   of follow-up.
 */
import { drugByMolecule, INVESTIGATIONAL_PLACEHOLDER } from "../reference/drugs.js";
import { formatMolecules, type LineRecord } from "../lines/line-record.js";
import type { Day } from "../time/day.js";
import type { EpisodeEnd, TreatmentEpisode } from "./truth.js";

/** A regimen started up to this many days before the advanced date is line 1. */
export const LINE_ONE_LOOKBACK_DAYS = 30;

export interface GoldInput {
  patientId: string;
  advancedDate: Day;
  deathDate: Day | null;
  episodes: readonly TreatmentEpisode[];
}

function isAntineoplastic(molecule: string): boolean {
  if (molecule === INVESTIGATIONAL_PLACEHOLDER) return true;
  return drugByMolecule(molecule)?.antineoplastic ?? false;
}

function goldEndReason(end: EpisodeEnd): string {
  return end === "planned_break" ? "other" : end;
}

/** Start of an episode: its first antineoplastic administration. */
function episodeStart(episode: TreatmentEpisode): Day | undefined {
  let start: Day | undefined;
  for (const a of episode.administrations) {
    if (isAntineoplastic(a.molecule) && (start === undefined || a.day < start)) start = a.day;
  }
  return start;
}

export function goldLines(input: GoldInput): LineRecord[] {
  interface Draft {
    start: Day;
    lastCovered: Day;
    molecules: Set<string>;
    label: string;
    maintenance: boolean;
    end: EpisodeEnd;
  }
  const drafts: Draft[] = [];
  const threshold = input.advancedDate - LINE_ONE_LOOKBACK_DAYS;
  const episodes = input.episodes
    .map((episode) => ({ episode, start: episodeStart(episode) }))
    .filter((e): e is { episode: TreatmentEpisode; start: Day } => e.start !== undefined && e.start >= threshold)
    .sort((a, b) => a.start - b.start);
  for (const { episode, start } of episodes) {
    let lastCovered = start;
    const molecules = new Set<string>();
    for (const a of episode.administrations) {
      if (!isAntineoplastic(a.molecule)) continue;
      molecules.add(a.molecule);
      lastCovered = Math.max(lastCovered, a.day + a.daysCovered - 1);
    }
    const current = drafts[drafts.length - 1];
    if (current && episode.trigger === "restart_after_break") {
      for (const m of molecules) current.molecules.add(m);
      current.lastCovered = Math.max(current.lastCovered, lastCovered);
      current.maintenance ||= episode.maintenance;
      current.end = episode.end;
      continue;
    }
    drafts.push({
      start,
      lastCovered,
      molecules,
      label: episode.regimenLabel,
      maintenance: episode.maintenance,
      end: episode.end,
    });
  }
  return drafts.map((draft, i) => {
    const next = drafts[i + 1];
    let end: Day | null = draft.lastCovered;
    if (next) end = Math.min(end, next.start - 1);
    if (input.deathDate !== null) end = Math.min(end, input.deathDate);
    if (draft.end === "ongoing" && !next) end = null;
    return {
      patientId: input.patientId,
      lineNumber: i + 1,
      startDate: draft.start,
      endDate: end,
      molecules: formatMolecules(draft.molecules).split(";"),
      regimenLabel: draft.label,
      isMaintenancePhasePresent: draft.maintenance,
      endReason: goldEndReason(draft.end),
    };
  });
}
