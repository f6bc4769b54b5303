/**
 * PMSI MCO tables (T_MCOaaB/C/D/A/MED/MEDATU), one set per year of stay exit.
 * - every day with an IV antineoplastic (curative or advanced, trial drugs
 *   included) is a chemotherapy séance (GHM 28Z07Z, DGN_PAL Z511, the cancer in
 *   DGN_REL); hospitals that group séances send one RSA per month
 *   (NBR_SEA > 1, entry..exit spanning the séances), and the MED rows keep
 *   their own DELAI;
 * - liste-en-sus drugs given in public hospitals show in MED (MEDATU during
 *   early access) with their UCD, except a profile's share left uncoded;
 *   cheap cytotoxics leave no molecule;
 * - radiotherapy séances (Z5101, CCAM act), surgery and port stays, the
 *   advanced-disease diagnosis stay with metastasis codes (T_MCOaaD), the death
 *   stay (SOR_MOD 9, its date possibly a day off the registry one);
 * - some stays do not link (a *_RET code other than "0").
 * GHM codes other than 28Z07Z are illustrative.
 */
import { PMSI_LINKAGE_RETURN_CODES, pmsiTableName } from "../../contract/tables.js";
import type { Day } from "../../time/day.js";
import { yearOfDay as yearOf } from "../calendar.js";
import type { Administration } from "../truth.js";
import { isEarlyAccess, LISTE_EN_SUS, ucd13, ucdFor, unitsPerAdministration } from "./codes.js";
import type { ObservationContext } from "./context.js";
import { groupsSeances, type Hospital } from "./hospitals.js";
import { nirAt } from "./identity.js";

const METASTASIS_CODES = ["C787", "C793", "C795", "C797", "C782", "C780", "C771"];
const RADIOTHERAPY_ACTS = ["ZZNL050", "ZZNL051", "ZZNL053", "ZZNL061", "ZZNL062"];

interface Stay {
  hospital: Hospital;
  entry: Day;
  exit: Day;
  dgnPal: string;
  dgnRel: string | null;
  ghm: string;
  lengthOfStay: number | null;
  seances: number;
  exitMode: string;
  drugs: Administration[];
  acts: { code: string; offset: number; count: number }[];
  diagnoses: string[];
}

function monthKey(day: Day): number {
  const d = new Date(day * 86_400_000);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}

/** Chemotherapy séances: one per (hospital, day), or one per (hospital, month) where the hospital groups. */
function chemotherapySeances(ctx: ObservationContext): Stay[] {
  const byKey = new Map<string, Stay>();
  ctx.truth.episodes.forEach((episode, e) => {
    const hospital = ctx.episodeHospitals[e] ?? ctx.main;
    const grouping = groupsSeances(hospital, ctx.rates);
    for (const a of episode.administrations) {
      if (a.route !== "IV") continue;
      const key = `${hospital.etaNum}:${grouping ? `m${monthKey(a.day)}` : a.day}`;
      let stay = byKey.get(key);
      if (!stay) {
        stay = {
          hospital,
          entry: a.day,
          exit: a.day,
          dgnPal: "Z511",
          dgnRel: ctx.cancerCode,
          ghm: "28Z07Z",
          lengthOfStay: null,
          seances: 0,
          exitMode: "8",
          drugs: [],
          acts: [],
          diagnoses: [],
        };
        byKey.set(key, stay);
      }
      if (!stay.drugs.some((d) => d.day === a.day)) stay.seances++;
      stay.entry = Math.min(stay.entry, a.day);
      stay.exit = Math.max(stay.exit, a.day);
      stay.drugs.push(a);
    }
  });
  return [...byKey.values()];
}

function careStays(ctx: ObservationContext): Stay[] {
  const stays: Stay[] = [];
  const { truth } = ctx;
  // Every stay has the same fields in the same order (one object shape).
  const stay = (
    day: Day,
    los: number,
    dgnPal: string,
    ghm: string,
    more: { dgnRel?: string; lengthOfStay?: null; seances?: number; exitMode?: string } = {},
    acts: Stay["acts"] = [],
    diagnoses: string[] = [],
  ): Stay => ({
    hospital: ctx.main,
    entry: day,
    exit: day + los,
    dgnPal,
    dgnRel: more.dgnRel ?? null,
    ghm,
    lengthOfStay: more.lengthOfStay === null ? null : los,
    seances: more.seances ?? 0,
    exitMode: more.exitMode ?? "8",
    drugs: [],
    acts,
    diagnoses,
  });
  for (const c of truth.care) {
    switch (c.kind) {
      case "diagnosis_stay": {
        const advanced = c.day >= truth.patient.advancedDate - 30;
        const count = advanced ? ctx.rng.int(1, 3) : 0;
        const diagnoses: string[] = [];
        for (let i = 0; i < count; i++) {
          const code = ctx.rng.pick(METASTASIS_CODES);
          if (!diagnoses.includes(code)) diagnoses.push(code);
        }
        stays.push(stay(c.day, c.lengthOfStay, ctx.cancerCode, "04M071", {}, [], diagnoses));
        break;
      }
      case "surgery":
        stays.push(
          stay(c.day, c.lengthOfStay, ctx.cancerCode, "04C022", {}, [{ code: "GFFA013", offset: 1, count: 1 }]),
        );
        break;
      case "port":
        stays.push(stay(c.day, 0, ctx.cancerCode, "09C14J", {}, [{ code: "EBLA003", offset: 0, count: 1 }]));
        break;
      case "radiotherapy":
        stays.push(
          stay(c.day, 0, "Z5101", "28Z11Z", { dgnRel: ctx.cancerCode, lengthOfStay: null, seances: 1 }, [
            { code: ctx.rng.pick(RADIOTHERAPY_ACTS), offset: 0, count: 1 },
          ]),
        );
        break;
      case "death_stay": {
        const death = truth.deathDate ?? c.day + c.lengthOfStay;
        const exit = ctx.rng.chance(ctx.rates.deathDateJitter) ? death + ctx.rng.pick([-1, 1]) : death;
        stays.push(stay(c.day, Math.max(0, exit - c.day), ctx.cancerCode, "04M073", { exitMode: "9" }));
        break;
      }
    }
  }
  return stays;
}

const tableNames = new Map<string, Map<number, string>>();
/** Physical PMSI table name, memoised (called for every row). */
function physicalName(logical: string, year: number): string {
  let names = tableNames.get(logical);
  if (!names) tableNames.set(logical, (names = new Map()));
  let name = names.get(year);
  if (name === undefined) {
    name = pmsiTableName(logical, year);
    names.set(year, name);
  }
  return name;
}

export function observePmsi(ctx: ObservationContext): void {
  const stays = careStays(ctx).concat(chemotherapySeances(ctx));
  stays.sort((a, b) => a.entry - b.entry || a.exit - b.exit);
  const { out, rates, rng, truth } = ctx;
  const variant = truth.patient.index;
  const prefix = String(truth.patient.index + 1).padStart(8, "0");
  for (let i = 0; i < stays.length; i++) {
    const stay = stays[i]!;
    const year = yearOf(stay.exit);
    const etaNum = stay.hospital.etaNum;
    const rsa = prefix + String(i + 1).padStart(4, "0");
    out.add("T_MCOaaB", physicalName("T_MCOaaB", year), {
      ETA_NUM: etaNum,
      RSA_NUM: rsa,
      DGN_PAL: stay.dgnPal,
      DGN_REL: stay.dgnRel,
      GRG_GHM: stay.ghm,
      SEJ_NBJ: stay.lengthOfStay,
      NBR_SEA: stay.seances,
      SOR_MOD: stay.exitMode,
    });
    const broken = rng.chance(rates.unlinkableStay) ? rng.pick(PMSI_LINKAGE_RETURN_CODES) : null;
    out.add("T_MCOaaC", physicalName("T_MCOaaC", year), {
      ETA_NUM: etaNum,
      RSA_NUM: rsa,
      NIR_ANO_17: nirAt(ctx.identity, stay.entry),
      EXE_SOI_DTD: stay.entry,
      EXE_SOI_DTF: stay.exit,
      NIR_RET: broken === "NIR_RET" ? "1" : "0",
      NAI_RET: broken === "NAI_RET" ? "1" : "0",
      SEX_RET: broken === "SEX_RET" ? "1" : "0",
      SEJ_RET: broken === "SEJ_RET" ? "1" : "0",
      FHO_RET: broken === "FHO_RET" ? "1" : "0",
      PMS_RET: broken === "PMS_RET" ? "1" : "0",
      DAT_RET: broken === "DAT_RET" ? "1" : "0",
    });
    for (const code of stay.diagnoses) {
      out.add("T_MCOaaD", physicalName("T_MCOaaD", year), { ETA_NUM: etaNum, RSA_NUM: rsa, ASS_DGN: code });
    }
    for (const act of stay.acts) {
      out.add("T_MCOaaA", physicalName("T_MCOaaA", year), {
        ETA_NUM: etaNum,
        RSA_NUM: rsa,
        CDC_ACT: act.code,
        ENT_DAT_DEL: act.offset,
        NBR_EXE_ACT: act.count,
      });
    }
    if (stay.hospital.kind === "private") continue; // liste en sus of private clinics goes through DCIR
    for (const a of stay.drugs) {
      if (!LISTE_EN_SUS.has(a.molecule)) continue;
      if (rng.chance(rates.medRowMissing)) continue; // coding habit: a séance without its molecule
      const ucd = ucdFor(a.molecule, variant);
      if (!ucd) continue;
      const logical = isEarlyAccess(a.molecule, a.day) ? "T_MCOaaMEDATU" : "T_MCOaaMED";
      out.add(logical, physicalName(logical, year), {
        ETA_NUM: etaNum,
        RSA_NUM: rsa,
        UCD_UCD_COD: ucd13(ucd.ucd7),
        ADM_NBR: unitsPerAdministration(a.molecule, a.dose),
        [logical === "T_MCOaaMEDATU" ? "DAT_DELAI" : "DELAI"]: a.day - stay.entry,
      });
    }
  }
}
