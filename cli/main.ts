/**
 * The `lotluca` command line. Each command lives in its own module under
 * `cli/commands/` and registers itself on the program; this file only sets the
 * frame shared by all of them: global options, help, and error handling (one
 * clear line and a non-zero exit; the stack trace only with `--verbose`).
 */
import { Command, CommanderError } from "commander";
import { isUserFacing } from "../core/errors/data-error.js";
import { restrictNewFiles } from "../loaders/output/private-files.js";
import { registerCommands } from "./commands/index.js";
import { PROJECT_VERSION } from "./version.js";

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

export function buildProgram(io: CliIo = processIo): Command {
  const program = new Command("lotluca")
    .description(
      "Lines of therapy of advanced NSCLC from French real-world data: simulate, ingest, reconstruct, evaluate.",
    )
    .version(PROJECT_VERSION, "-V, --version", "print the version")
    .option("-v, --verbose", "print stack traces and debugging detail on errors")
    .option("-q, --quiet", "no progress bars")
    .showHelpAfterError("(run with --help for usage)")
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride();
  registerCommands(program);
  for (const command of program.commands)
    command.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  return program;
}

/** Thrown by the pre-flight parse once the arguments are known to be well-formed. */
class ArgumentsChecked extends Error {}

/**
 * Commander checks required options before unknown ones, so `--patiens 10` used to
 * be reported as "required option '--patients <n>' not specified", without naming
 * the misspelling. This pre-flight parse (the pattern commander's maintainers
 * suggest: parse a separate copy of the program) has no required options and stops
 * before any action: when it finds an unknown option, its error (naming the option,
 * with commander's "Did you mean" suggestion) is the one shown.
 */
function unknownOptionError(argv: string[]): { code: number; text: string } | null {
  let text = "";
  const copy = buildProgram({ stdout: () => {}, stderr: (t) => void (text += t) });
  for (const command of [copy, ...copy.commands]) for (const option of command.options) option.mandatory = false;
  copy.hook("preAction", () => {
    throw new ArgumentsChecked();
  });
  try {
    copy.parse(argv, { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError && error.code === "commander.unknownOption") {
      return { code: error.exitCode, text };
    }
  }
  return null;
}

/** Runs the CLI; resolves to the process exit code. */
export async function runCli(argv: string[], io: CliIo = processIo, program = buildProgram(io)): Promise<number> {
  restrictNewFiles(); // private outputs: files 0600, folders 0700
  const unknown = unknownOptionError(argv);
  if (unknown) {
    io.stderr(unknown.text);
    return unknown.code;
  }
  try {
    await program.parseAsync(argv, { from: "user" });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version end through here with exit code 0; usage errors are already printed.
      return error.exitCode;
    }
    const verbose = Boolean(program.opts().verbose) || argv.includes("--verbose") || argv.includes("-v");
    if (verbose && error instanceof Error) io.stderr(`${error.stack ?? error.message}\n`);
    else if (isUserFacing(error)) io.stderr(`lotluca: error: ${error.message}\n`);
    else {
      const message = error instanceof Error ? error.message : String(error);
      io.stderr(`lotluca: unexpected error: ${message}\n(run again with --verbose for the stack trace)\n`);
    }
    return 1;
  }
}

const invokedDirectly = process.argv[1] !== undefined && /(lotluca(\.js)?|cli[\\/]main\.ts)$/.test(process.argv[1]);
if (invokedDirectly) {
  // `lotluca ... | head`: the reader closed the pipe; stop quietly, as Unix tools do (not a stack trace)
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
    process.exit(0);
  });
  process.exitCode = await runCli(process.argv.slice(2));
}
