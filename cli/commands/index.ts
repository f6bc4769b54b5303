/**
 * The list of `lotluca` commands. A command module exports one `register`
 * function that adds the command (with its options, help text and action) to the
 * program; adding a command is one import and one line here.
 */
import type { Command } from "commander";
import { registerEvaluate } from "./evaluate.js";
import { registerExport } from "./export.js";
import { registerIngest } from "./ingest.js";
import { registerLeaderboard } from "./leaderboard.js";
import { registerPurge } from "./purge.js";
import { registerReconstruct } from "./reconstruct.js";
import { registerReference } from "./reference.js";
import { registerSimulate } from "./simulate.js";
import { registerTrain } from "./train.js";
import { registerValidate } from "./validate.js";

export function registerCommands(program: Command): void {
  registerEvaluate(program);
  registerExport(program);
  registerIngest(program);
  registerLeaderboard(program);
  registerPurge(program);
  registerReconstruct(program);
  registerReference(program);
  registerSimulate(program);
  registerTrain(program);
  registerValidate(program);
}
