/** `lotluca purge`: removes the patient-level folders derived from a dataset (see loaders/output/purge.ts). */
import type { Command } from "commander";
import { join } from "node:path";
import { UsageError } from "../../core/errors/data-error.js";
import { removeTargets, workFolderTarget, workspaceFoldersOf, type PurgeTarget } from "../../loaders/output/purge.js";
import { PROJECT_ROOT } from "../../loaders/workspace/workspace-workdir.js";
import { outputOf } from "../output.js";

interface PurgeOptions {
  demo: boolean;
  all: boolean;
  workdir: string[];
  work: string;
  dryRun: boolean;
}

const megabytes = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

export function registerPurge(program: Command): void {
  program
    .command("purge")
    .description(
      "remove the folders derived from a dataset (workspace caches under work/, work folders); --dry-run lists them",
    )
    .argument("[dataset]", "dataset folder whose workspace caches to remove")
    .option("--demo", "the demo cohort's workspace caches", false)
    .option("--all", "every workspace cache under work/", false)
    .option(
      "--workdir <dir>",
      "also a work folder written by lotluca run/ingest (repeatable)",
      (v, p: string[]) => [...p, v],
      [],
    )
    .option("--work <dir>", "the workspace cache folder", join(PROJECT_ROOT, "work"))
    .option("--dry-run", "list what would be removed, remove nothing", false)
    .action(async (dataset: string | undefined, options: PurgeOptions, command: Command) => {
      const io = outputOf(command);
      if (!dataset && !options.demo && !options.all && options.workdir.length === 0)
        throw new UsageError("purge needs a dataset folder, --demo, --all or --workdir DIR");
      const targets: PurgeTarget[] = [
        ...workspaceFoldersOf(options.work, {
          ...(dataset ? { dataset } : {}),
          demo: options.demo,
          all: options.all,
        }),
        ...options.workdir.map(workFolderTarget),
      ];
      if (targets.length === 0) {
        io.out("nothing to remove\n");
        return;
      }
      for (const t of targets)
        io.out(`${options.dryRun ? "would remove" : "removing"} ${t.path} (${t.why}, ${megabytes(t.bytes)})\n`);
      if (!options.dryRun) await removeTargets(targets);
      const total = targets.reduce((n, t) => n + t.bytes, 0);
      io.out(`${options.dryRun ? "would free" : "freed"} ${megabytes(total)} in ${targets.length} folder(s)\n`);
    });
}
