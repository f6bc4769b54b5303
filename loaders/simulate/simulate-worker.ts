/** Worker thread of the simulation: simulates the patient ranges it is sent (simulate-range.ts). */
import { serveTasks, workerSetup } from "../threads/serve-tasks.js";
import { simulateRange, type PatientRange, type SimulationSetup } from "./simulate-range.js";

const setup = workerSetup<SimulationSetup>();
serveTasks((range: PatientRange) => simulateRange(setup, range));
