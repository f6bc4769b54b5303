// The README's jury workflow, run command by command as the README writes it
// (the block after `<!-- jury-workflow`), on a smaller cohort and in a temporary
// folder; then a submission for another cohort, refused by `lotluca evaluate`.
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, test } from "node:test";
import { runCli, type CliIo } from "../../../cli/main.js";

const README = readFileSync(fileURLToPath(new URL("../../../README.md", import.meta.url)), "utf8");
const TMP = mkdtempSync(join(tmpdir(), "lotluca-jury-"));
after(() => rmSync(TMP, { recursive: true, force: true }));

/** The commands of the README's jury workflow block. */
function juryCommands(): string[] {
  const block = /<!-- jury-workflow[^>]*-->\s*```sh\n([\s\S]*?)```/.exec(README);
  assert.ok(block, "the README has no jury-workflow block");
  return block[1]!
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "" && !l.startsWith("#"));
}

async function lotluca(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = { out: "", err: "" };
  const cli: CliIo = { stdout: (t) => void (io.out += t), stderr: (t) => void (io.err += t) };
  const code = await runCli(["--quiet", ...args], cli);
  return { code, ...io };
}

/** The README's paths moved under TMP, and a smaller cohort (the commands are otherwise unchanged). */
const localise = (line: string) =>
  line
    .replaceAll("work/jury", join(TMP, "jury"))
    .replaceAll("data/submissions", join(TMP, "submissions"))
    .replace("--patients 3000", "--patients 300");

test("the README's jury workflow makes, checks and ranks a submission", async () => {
  const commands = juryCommands();
  assert.deepEqual(
    commands.map((c) => c.split(" ").slice(0, 3).join(" ")),
    [
      "npx lotluca simulate",
      "npx lotluca run",
      "npx lotluca reconstruct",
      "npx lotluca evaluate",
      "cp work/jury/my-method.csv data/submissions/",
      "npx lotluca leaderboard",
    ],
  );
  mkdirSync(join(TMP, "submissions"));
  const outputs: Record<string, string> = {};
  for (const command of commands.map(localise)) {
    const words = command.split(/\s+/);
    if (words[0] === "cp") {
      copyFileSync(words[1]!, join(words[2]!, basename(words[1]!)));
      continue;
    }
    assert.deepEqual(words.slice(0, 2), ["npx", "lotluca"]);
    const { code, out, err } = await lotluca(words.slice(2));
    assert.equal(code, 0, `${command}\n${err}`);
    outputs[words[2]!] = out;
  }
  assert.match(outputs.evaluate!, /Evaluation of .*my-method\.csv/);
  assert.match(outputs.leaderboard!, /my-method/);
  assert.doesNotMatch(outputs.leaderboard!, /not ranked|invalid/i);
});

test("a submission for another cohort is refused by lotluca evaluate, saying so", async () => {
  const other = join(TMP, "other");
  const simulate = await lotluca([
    "simulate",
    "--patients",
    "300",
    "--seed",
    "7",
    "--format",
    "parquet",
    "--out",
    other,
  ]);
  assert.equal(simulate.code, 0, simulate.err);
  const demo = join(TMP, "jury", "demo");
  const { code, err } = await lotluca([
    "evaluate",
    "--dataset",
    demo,
    "--workdir",
    join(TMP, "jury", "run"),
    "--pred",
    join(other, "GOLD_LINES.parquet"),
    "--lenient",
  ]);
  assert.equal(code, 1);
  assert.match(err, /lotluca: error: .*this looks like a submission for another cohort: \d+ of its \d+ patients/);
  assert.match(err, /more than 10 % \(at least 10 patients\) is refused/);

  // The cohort's own gold standard, as a submission, is accepted.
  const own = await lotluca([
    "evaluate",
    "--dataset",
    demo,
    "--pred",
    join(demo, "GOLD_LINES.parquet"),
    "--replicates",
    "20",
  ]);
  assert.equal(own.code, 0, own.err);
});
