/**
 * Identifiers: BEN_IDT_ANO is the patient id; BEN_NIR_PSA is a 17-character
 * pseudonymised NIR derived from (seed, patient index, rank). Some persons have
 * two NIRs (a change of insurance scheme): care before the switch date is billed
 * under the first, after it under the second; IR_BEN_R has one row per NIR.
 */
import type { Day } from "../../time/day.js";
import { hashIntegers, type Rng } from "../random.js";

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

export function nirOf(seed: number, index: number, rank: number): string {
  let out = "";
  for (let block = 0; out.length < 17; block++) {
    let h = hashIntegers(seed, index, rank, 9001 + block) >>> 0;
    for (let i = 0; i < 6 && out.length < 17; i++) {
      out += ALPHABET[h % 36];
      h = Math.floor(h / 36);
    }
  }
  return out;
}

export interface PersonIdentity {
  nirs: string[];
  /** Day from which the second NIR is used (when there are two). */
  switchDay: Day | null;
}

export function personIdentity(
  seed: number,
  index: number,
  from: Day,
  to: Day,
  secondNirRate: number,
  rng: Rng,
): PersonIdentity {
  const first = nirOf(seed, index, 1);
  if (!rng.chance(secondNirRate) || to - from < 60) return { nirs: [first], switchDay: null };
  return { nirs: [first, nirOf(seed, index, 2)], switchDay: rng.int(from + 30, to - 30) };
}

export function nirAt(identity: PersonIdentity, day: Day): string {
  return identity.switchDay !== null && day >= identity.switchDay ? identity.nirs[1]! : identity.nirs[0]!;
}
