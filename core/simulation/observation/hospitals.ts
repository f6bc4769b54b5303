/**
 * Hospitals of the synthetic country and where each patient is treated.
 * ETA_NUM values are invented 9-character FINESS-like numbers starting with
 * `99` (no French department has that number). The participating centres (whose
 * warehouse feeds ODH tables) mirror ESME: 20 cancer centres and 18 public
 * hospitals. Whether a hospital sends grouped séances is a property of the
 * hospital, drawn from the profile rate by a hash of its number.
 */
import { hashIntegers, type Rng } from "../random.js";
import type { ObservationRates } from "../profiles.js";

export type HospitalKind = "cancer_centre" | "public" | "private";

export interface Hospital {
  etaNum: string;
  kind: HospitalKind;
  /** Feeds the ODH warehouse. */
  participating: boolean;
  /** ODH center_id of a participating hospital. */
  centerId: string | null;
}

function makeHospitals(): Hospital[] {
  const out: Hospital[] = [];
  const add = (kind: HospitalKind, count: number, participatingCount: number) => {
    for (let i = 0; i < count; i++) {
      const n = out.length + 1;
      const participating = i < participatingCount;
      out.push({
        etaNum: `99${String(n).padStart(7, "0")}`,
        kind,
        participating,
        centerId: participating ? `CTR${String(n).padStart(3, "0")}` : null,
      });
    }
  };
  add("cancer_centre", 20, 20);
  add("public", 160, 18);
  add("private", 80, 0);
  return out;
}

export const HOSPITALS: readonly Hospital[] = makeHospitals();
const participatingHospitals = HOSPITALS.filter((h) => h.participating);
const publicOthers = HOSPITALS.filter((h) => !h.participating && h.kind !== "private");
const privateClinics = HOSPITALS.filter((h) => h.kind === "private");

/** Whether a hospital sends one RSA per month for its chemotherapy séances. */
export function groupsSeances(hospital: Hospital, rates: ObservationRates): boolean {
  if (hospital.kind === "private" || rates.hospitalsGroupingSeances <= 0) return false;
  const u = (hashIntegers(Number(hospital.etaNum), 77) >>> 0) / 4294967296;
  return u < rates.hospitalsGroupingSeances;
}

/** A patient's main hospital: participating with the profile's coverage. */
export function mainHospital(rng: Rng, rates: ObservationRates): Hospital {
  if (rng.chance(rates.warehouseCoverage)) return rng.pick(participatingHospitals);
  const privateShare = rates.warehouseCoverage < 1 ? rates.privateClinic / (1 - rates.warehouseCoverage) : 0;
  return rng.chance(Math.min(1, privateShare)) ? rng.pick(privateClinics) : rng.pick(publicOthers);
}

/** Another hospital (second opinion, proximity care). */
export function otherHospital(main: Hospital, rng: Rng): Hospital {
  const pool = main.kind === "private" ? publicOthers : privateClinics.concat(publicOthers);
  return rng.pick(pool);
}
