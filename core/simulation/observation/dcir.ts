/**
 * DCIR tables (ER_PRS_F and its details ER_PHA_F, ER_UCD_F):
 * - oral antineoplastics and supportive drugs dispensed in community pharmacy:
 *   ER_PHA_F by CIP13 (benefit 3311), one box or more per dispensing;
 * - oral drugs under early access or retrocession: ER_UCD_F, UCD_TOP_UCD 0
 *   (benefit 3317);
 * - liste-en-sus drugs given in private clinics: ER_UCD_F, UCD_TOP_UCD 1
 *   (benefit 3320, 3351 under early access);
 * - traps: an erroneous duplicate dispensing cancelled by a reversal (negative
 *   quantity, same CIP13 and EXE_SOI_DTD, later FLX_TRT_DTD), and
 *   information-only lines (DPN_QLF 71) that carry no care.
 * Clinical-trial drugs never reach the DCIR (the sponsor supplies them).
 */

import type { Day } from "../../time/day.js";
import { cipFor, isEarlyAccess, isRetroceded, LISTE_EN_SUS, ucd13, ucdFor, unitsPerAdministration } from "./codes.js";
import type { ObservationContext } from "./context.js";
import { nirAt } from "./identity.js";

type Detail =
  | { table: "ER_PHA_F"; values: { PHA_PRS_C13: string; PHA_ACT_QSN: number } }
  | { table: "ER_UCD_F"; values: { UCD_UCD_COD: string; UCD_DLV_NBR: number; UCD_TOP_UCD: number } };

const nextMonthCache = new Map<Day, Day>();
function firstOfNextMonth(day: Day): Day {
  let first = nextMonthCache.get(day);
  if (first === undefined) {
    const d = new Date(day * 86_400_000);
    first = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) / 86_400_000;
    nextMonthCache.set(day, first);
  }
  return first;
}

export function observeDcir(ctx: ObservationContext): void {
  const { out, rng, rates, truth } = ctx;
  const variant = truth.patient.index;
  const prefix = String(truth.patient.index + 1).padStart(8, "0");
  let document = 0;
  const emit = (day: Day, benefit: number, qualifier: number, detail: Detail, processingDelay: number): void => {
    document++;
    const processed = day + processingDelay;
    const dispatched = firstOfNextMonth(processed);
    const documentNumber = prefix + String(document).padStart(5, "0");
    out.add("ER_PRS_F", "ER_PRS_F", {
      FLX_DIS_DTD: dispatched,
      FLX_TRT_DTD: processed,
      FLX_EMT_TYP: "1",
      FLX_EMT_NUM: "751",
      FLX_EMT_ORD: "0",
      ORG_CLE_NUM: "01C751000",
      DCT_ORD_NUM: documentNumber,
      PRS_ORD_NUM: "1",
      REM_TYP_AFF: "1",
      BEN_NIR_PSA: nirAt(ctx.identity, day),
      BEN_RNG_GEM: 1,
      EXE_SOI_DTD: day,
      PRS_NAT_REF: benefit,
      DPN_QLF: qualifier,
    });
    const keys = {
      FLX_DIS_DTD: dispatched,
      FLX_TRT_DTD: processed,
      FLX_EMT_TYP: "1",
      FLX_EMT_NUM: "751",
      FLX_EMT_ORD: "0",
      ORG_CLE_NUM: "01C751000",
      DCT_ORD_NUM: documentNumber,
      PRS_ORD_NUM: "1",
      REM_TYP_AFF: "1",
    };
    out.add(detail.table, detail.table, Object.assign(keys, detail.values));
  };
  const pharmacy = (day: Day, molecule: string, boxes: number): void => {
    const cip = cipFor(molecule, variant);
    if (!cip) return;
    if (rng.chance(rates.reversal)) {
      emit(day, 3311, 0, { table: "ER_PHA_F", values: { PHA_PRS_C13: cip.cip13, PHA_ACT_QSN: boxes } }, rng.int(2, 6));
      emit(
        day,
        3311,
        0,
        { table: "ER_PHA_F", values: { PHA_PRS_C13: cip.cip13, PHA_ACT_QSN: -boxes } },
        rng.int(20, 60),
      );
    }
    emit(day, 3311, 0, { table: "ER_PHA_F", values: { PHA_PRS_C13: cip.cip13, PHA_ACT_QSN: boxes } }, rng.int(2, 15));
    if (rng.chance(rates.informationLine)) {
      emit(
        day,
        3311,
        71,
        { table: "ER_PHA_F", values: { PHA_PRS_C13: cip.cip13, PHA_ACT_QSN: boxes } },
        rng.int(2, 15),
      );
    }
  };

  const items: { day: Day; run: () => void }[] = [];
  truth.episodes.forEach((episode, e) => {
    const hospital = ctx.episodeHospitals[e] ?? ctx.main;
    for (const a of episode.administrations) {
      if (a.molecule === "investigational") continue;
      if (a.route === "PO") {
        if (isRetroceded(a.molecule, a.day)) {
          const ucd = ucdFor(a.molecule, variant);
          if (!ucd) continue;
          items.push({
            day: a.day,
            run: () =>
              emit(
                a.day,
                3317,
                0,
                { table: "ER_UCD_F", values: { UCD_UCD_COD: ucd13(ucd.ucd7), UCD_DLV_NBR: a.boxes, UCD_TOP_UCD: 0 } },
                rng.int(2, 15),
              ),
          });
        } else items.push({ day: a.day, run: () => pharmacy(a.day, a.molecule, a.boxes) });
      } else if (a.route === "IV" && hospital.kind === "private" && LISTE_EN_SUS.has(a.molecule)) {
        const ucd = ucdFor(a.molecule, variant);
        if (!ucd) continue;
        const benefit = isEarlyAccess(a.molecule, a.day) ? 3351 : 3320;
        items.push({
          day: a.day,
          run: () =>
            emit(
              a.day,
              benefit,
              0,
              {
                table: "ER_UCD_F",
                values: {
                  UCD_UCD_COD: ucd13(ucd.ucd7),
                  UCD_DLV_NBR: unitsPerAdministration(a.molecule, a.dose),
                  UCD_TOP_UCD: 1,
                },
              },
              rng.int(5, 30),
            ),
        });
      }
    }
  });
  for (const s of truth.supportive) {
    if (s.where === "pharmacy") items.push({ day: s.day, run: () => pharmacy(s.day, s.molecule, 1) });
  }
  items.sort((a, b) => a.day - b.day);
  for (const item of items) item.run();
}
