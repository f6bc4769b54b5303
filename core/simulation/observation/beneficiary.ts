/**
 * IR_BEN_R: one row per BEN_NIR_PSA of the person. The death date is on every
 * row, or (a profile rate) only on the row of the NIR in use at death.
 */
import type { ObservationContext } from "./context.js";
import { nirAt } from "./identity.js";

export function observeBeneficiary(ctx: ObservationContext): void {
  const { truth, identity, out, rng, rates } = ctx;
  const p = truth.patient;
  const death = truth.deathDate;
  const deathNir = death !== null ? nirAt(identity, death) : null;
  const onOneOnly = identity.nirs.length > 1 && rng.chance(rates.deathOnOneNirOnly);
  for (const nir of identity.nirs) {
    out.add("IR_BEN_R", "IR_BEN_R", {
      BEN_IDT_ANO: p.patientId,
      BEN_NIR_PSA: nir,
      BEN_RNG_GEM: 1,
      BEN_NAI_ANN: p.birthYear,
      BEN_SEX_COD: p.sex === "M" ? 1 : 2,
      BEN_DCD_DTE: death !== null && (!onOneOnly || nir === deathNir) ? death : null,
    });
  }
}
