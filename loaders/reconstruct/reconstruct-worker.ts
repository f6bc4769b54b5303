/** Worker thread of a parallel reconstruction: reconstructs the patient ranges it is sent (reconstruct-range.ts). */
import { serveTasks, workerSetup } from "../threads/serve-tasks.js";
import { reconstructRange, type PatientIdRange, type ReconstructionSetup } from "./reconstruct-range.js";

const setup = workerSetup<ReconstructionSetup>();
serveTasks((range: PatientIdRange) => reconstructRange(setup, range));
