// The CLI frame: help for every command, clear errors with a non-zero exit, stack
// traces only with --verbose.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { test } from "node:test";
import { buildProgram, runCli, type CliIo } from "../../../cli/main.js";
import { DataError } from "../../../core/errors/data-error.js";
import { RULE_ALIASES } from "../../../core/rules/rule-set.js";
import { listPresets, loadRuleSet } from "../../../loaders/rules/load-rule-set.js";

function capture(): CliIo & { out: string; err: string } {
  const io = {
    out: "",
    err: "",
    stdout: (t: string) => void (io.out += t),
    stderr: (t: string) => void (io.err += t),
  };
  return io;
}

test("--help lists every command and exits 0", async () => {
  const io = capture();
  assert.equal(await runCli(["--help"], io), 0);
  for (const command of buildProgram(io).commands) assert.match(io.out, new RegExp(`\\b${command.name()}\\b`));
});

test("every command has its own --help", async () => {
  const names = buildProgram(capture()).commands.map((c) => c.name());
  assert.ok(names.length > 0);
  for (const name of names) {
    const io = capture();
    assert.equal(await runCli([name, "--help"], io), 0, `${name} --help`);
    assert.match(io.out, new RegExp(`Usage: lotluca ${name}`));
  }
});

test("the --set examples of `reconstruct --help` and `run --help` are accepted by every preset", async () => {
  for (const name of ["reconstruct", "run"]) {
    const io = capture();
    assert.equal(await runCli([name, "--help"], io), 0);
    const examples = [...(/e\.g\. (--set .*)/.exec(io.out)?.[1] ?? "").matchAll(/--set (\S+)/g)].map((m) => m[1]!);
    assert.ok(examples.length >= 2, `${name} --help shows --set examples`);
    const aliases = [...io.out.matchAll(/(\w+) = ([\w.]+)/g)].map((m) => [m[1]!, m[2]!]);
    assert.deepEqual(Object.fromEntries(aliases), RULE_ALIASES, `${name} --help lists the short names`);
    for (const preset of listPresets()) {
      const rules = loadRuleSet(preset, examples);
      assert.equal(rules.gap.days, 120, `${preset} with ${examples.join(" ")}`);
      assert.equal(rules.droppedDrugs.startsNewLine, true);
      for (const [alias, key] of aliases) assert.doesNotThrow(() => loadRuleSet(preset, [`${alias}=1`]), key);
    }
  }
});

test("an unknown command is a usage error with a non-zero exit", async () => {
  const io = capture();
  const code = await runCli(["no-such-command"], io);
  assert.notEqual(code, 0);
  assert.match(io.err, /unknown command 'no-such-command'/);
});

test("a data error prints one line naming the place, and the stack only with --verbose", async () => {
  const run = async (argv: string[]) => {
    const io = capture();
    const program = buildProgram(io);
    program
      .command("explode")
      .exitOverride()
      .action(() => {
        throw new DataError(
          "unparseable date",
          { table: "ER_PHA_F", column: "EXE_SOI_DTD", row: 12 },
          "YYYY-MM-DD",
          "2021-13-01",
        );
      });
    return { code: await runCli(argv, io, program), io };
  };
  const quiet = await run(["explode"]);
  assert.equal(quiet.code, 1);
  assert.equal(
    quiet.io.err,
    'lotluca: error: table ER_PHA_F, column EXE_SOI_DTD, row 12: unparseable date; found "2021-13-01"; expected YYYY-MM-DD\n',
  );
  const verbose = await run(["--verbose", "explode"]);
  assert.equal(verbose.code, 1);
  assert.match(verbose.io.err, /DataError: table ER_PHA_F/);
  assert.match(verbose.io.err, /\n\s+at /);
});

test("an unexpected error says so and points to --verbose", async () => {
  const io = capture();
  const program = buildProgram(io);
  program
    .command("bug")
    .exitOverride()
    .action(() => {
      throw new TypeError("x is undefined");
    });
  assert.equal(await runCli(["bug"], io, program), 1);
  assert.match(io.err, /unexpected error: x is undefined/);
  assert.match(io.err, /--verbose/);
  assert.doesNotMatch(io.err, /\n\s+at /);
});

test("the installed bin prints a clear error, exits non-zero, and prints its version", () => {
  const bin = fileURLToPath(new URL("../../../bin/lotluca.js", import.meta.url));
  const plain = spawnSync(process.execPath, [bin, "reference", "--format", "xml"], { encoding: "utf8" });
  assert.equal(plain.status, 1);
  assert.match(plain.stderr, /must be table or csv, got "xml"/);
  assert.doesNotMatch(plain.stderr, /\n\s+at /);
  const version = spawnSync(process.execPath, [bin, "--version"], { encoding: "utf8" });
  assert.equal(version.status, 0);
  assert.match(version.stdout, /^\d+\.\d+\.\d+/);
});

test("output piped to a reader that stops early (`lotluca ... | head`) ends quietly, exit 0", async () => {
  const bin = fileURLToPath(new URL("../../../bin/lotluca.js", import.meta.url));
  const child = spawn(process.execPath, [bin, "run", "--help"], { stdio: ["ignore", "pipe", "pipe"] });
  child.stdout.destroy(); // closed before the CLI (a second to start) writes its help
  let err = "";
  child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
  const [code] = (await once(child, "close")) as [number | null];
  assert.doesNotMatch(err, /EPIPE|Unhandled/);
  assert.equal(err, "");
  assert.equal(code, 0);
});
