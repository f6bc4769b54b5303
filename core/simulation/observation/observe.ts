/**
 * The observation layer: turns one patient's clinical truth into the rows of
 * every contract table. It draws from the patient's observation stream only, so
 * the same truth is observed identically whatever else changes.
 */
import type { SimulationProfile } from "../profiles.js";
import { Rng, STREAM_OBSERVATION } from "../random.js";
import type { PatientTruth } from "../truth.js";
import { observeBeneficiary } from "./beneficiary.js";
import type { ObservationContext } from "./context.js";
import { observeDcir } from "./dcir.js";
import { writeGoldRows } from "./gold.js";
import { mainHospital, otherHospital } from "./hospitals.js";
import { personIdentity } from "./identity.js";
import { observePmsi } from "./pmsi.js";
import { PatientTables } from "./table-rows.js";
import { observeWarehouse } from "./warehouse.js";

export function observePatient(truth: PatientTruth, seed: number, profile: SimulationProfile): PatientTables {
  const rng = new Rng(seed, truth.patient.index, STREAM_OBSERVATION);
  const rates = profile.observation;
  const main = mainHospital(rng, rates);
  const episodeHospitals = truth.episodes.map((episode) =>
    episode.trigger !== "restart_after_break" && rng.chance(rates.otherHospitalEpisode)
      ? otherHospital(main, rng)
      : main,
  );
  // A restart after a break happens where the episode before it was given.
  for (let i = 1; i < truth.episodes.length; i++) {
    if (truth.episodes[i]!.trigger === "restart_after_break") episodeHospitals[i] = episodeHospitals[i - 1]!;
  }
  const identity = personIdentity(
    seed,
    truth.patient.index,
    truth.patient.diagnosisDate,
    truth.followUpEnd,
    rates.secondNir,
    rng,
  );
  const ctx: ObservationContext = {
    truth,
    seed,
    rates,
    rng,
    identity,
    main,
    episodeHospitals,
    cancerCode: `C34${rng.pick(["1", "1", "1", "3", "3", "2", "8", "9"])}`,
    out: new PatientTables(),
  };
  observeBeneficiary(ctx);
  observeDcir(ctx);
  observePmsi(ctx);
  observeWarehouse(ctx);
  writeGoldRows(truth.goldLines, ctx.out);
  return ctx.out;
}
