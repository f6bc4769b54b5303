/** A small hand-made labelled cohort for the learning tests (no I/O). */
import type { EvaluationPatient } from "../../../core/evaluation/compare.js";
import type { PatientEvents } from "../../../core/events/events.js";
import type { LineRecord } from "../../../core/lines/line-record.js";
import type { LabelledCohort } from "../../../loaders/learning/labelled-cohort.js";
import { cycles, d, patient, seances } from "../engine/patient-builder.js";

const addDays = (iso: string, days: number) => new Date((d(iso) + days) * 86_400_000).toISOString().slice(0, 10);

/**
 * Patient i: line 1 = carboplatin + pemetrexed + pembrolizumab (carboplatin only
 * seen as séances the next day) or weekly anonymous séances (paclitaxel); line 2
 * after a gap = docetaxel seen only as 3-weekly séances. One patient in four
 * also gets bevacizumab from the third cycle: the rules start a line there, the
 * gold does not (a decision point that is not a boundary).
 */
export function toyPatient(i: number): { events: PatientEvents; gold: LineRecord[] } {
  const id = `P${String(i).padStart(3, "0")}`;
  const start = addDays("2020-01-06", (i * 11) % 300);
  const chemoIo = i % 3 !== 0;
  const exposures = chemoIo ? cycles(start, 21, 6, "pemetrexed", "pembrolizumab") : [];
  const bevacizumab = chemoIo && i % 4 === 1;
  if (bevacizumab) exposures.push(...cycles(addDays(start, 42), 21, 4, "bevacizumab"));
  const sessions = chemoIo ? seances(addDays(start, 1), 21, 4) : seances(start, 7, 12);
  const second = addDays(start, chemoIo ? 300 : 250);
  const withSecond = i % 2 === 0;
  if (withSecond) sessions.push(...seances(second, 21, 4));
  const events = patient({ advanced: start }, exposures, sessions);
  events.patient.patientId = id;
  for (const e of events.exposures) e.patientId = id;
  for (const s of events.sessions) s.patientId = id;
  const gold: LineRecord[] = [
    {
      patientId: id,
      lineNumber: 1,
      startDate: d(start),
      endDate: null,
      molecules: chemoIo
        ? ["carboplatin", "pembrolizumab", "pemetrexed", ...(bevacizumab ? ["bevacizumab"] : [])].sort()
        : ["paclitaxel"],
    },
  ];
  if (withSecond)
    gold.push({ patientId: id, lineNumber: 2, startDate: d(second), endDate: null, molecules: ["docetaxel"] });
  return { events, gold };
}

export function toyCohort(n: number, from = 0): LabelledCohort {
  const events: PatientEvents[] = [];
  const gold: LineRecord[] = [];
  const goldByPatient = new Map<string, LineRecord[]>();
  for (let i = from; i < from + n; i++) {
    const p = toyPatient(i);
    events.push(p.events);
    gold.push(...p.gold);
    goldByPatient.set(p.events.patient.patientId, p.gold);
  }
  const patients: EvaluationPatient[] = events.map((e) => ({
    patientId: e.patient.patientId,
    deathDate: null,
    followUpEnd: e.patient.followUpEnd,
    histology: "adenocarcinoma",
    biomarkerGroup: "no driver",
  }));
  return { dataset: "toy", workdir: "toy", seed: null, profile: null, events, patients, gold, goldByPatient };
}
