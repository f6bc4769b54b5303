/** Worker thread of the simulation: simulates the patient ranges it is sent (simulate-range.ts) and moves the CSV bytes back. */
import { serveTasks, workerSetup } from "../threads/serve-tasks.js";
import { simulateRange, transferredBuffers, type PatientRange, type SimulationSetup } from "./simulate-range.js";

const setup = workerSetup<SimulationSetup>();
serveTasks((range: PatientRange) => simulateRange(setup, range), transferredBuffers);
