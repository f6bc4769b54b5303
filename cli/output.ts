/**
 * Where a command writes: the output configured on it by the CLI frame (standard
 * output and error by default; captured in tests). Commands never write to
 * process.stdout directly, so `runCli(argv, io)` sees everything they print.
 */
import type { Command } from "commander";

export interface CommandOutput {
  out(text: string): void;
  err(text: string): void;
}

export function outputOf(command: Command): CommandOutput {
  const config = command.configureOutput() as { writeOut?: (t: string) => void; writeErr?: (t: string) => void };
  return {
    out: config.writeOut ?? ((t) => process.stdout.write(t)),
    err: config.writeErr ?? ((t) => process.stderr.write(t)),
  };
}
