/** `lotluca reference`: prints the built-in drug dictionary (real codes only). */
import type { Command } from "commander";
import { DRUG_REFERENCE } from "../../core/reference/drugs.js";
import { outputOf } from "../output.js";

export function registerReference(program: Command): void {
  program
    .command("reference")
    .description(
      "print the built-in drug dictionary: every ATC L01 antineoplastic (the lung list first), its class, ATC (current and earlier), route, real UCD and CIP13 codes",
    )
    .option("--format <format>", "table or csv", "table")
    .option("--all", "also list the out-of-scope drugs: hormone therapies (ATC L02) and supportive care", false)
    .action((options: { format: string; all: boolean }, command: Command) => {
      const drugs = DRUG_REFERENCE.filter((d) => options.all || d.antineoplastic);
      const rows = drugs.map((d) => [
        d.molecule,
        d.list,
        d.drugClass,
        [d.atc ?? "", ...d.legacyAtc].join("|"),
        d.routes.join("|"),
        d.ucd7.join("|"),
        d.cip13.join("|"),
      ]);
      const header = ["molecule", "list", "class", "atc", "routes", "ucd7", "cip13"];
      let text: string;
      if (options.format === "csv") {
        text = [header, ...rows].map((r) => r.join(",")).join("\n") + "\n";
      } else if (options.format === "table") {
        const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
        text =
          [header, ...rows]
            .map((r) =>
              r
                .map((c, i) => c.padEnd(widths[i]!))
                .join("  ")
                .trimEnd(),
            )
            .join("\n") + "\n";
      } else {
        command.error(`error: option '--format <format>' must be table or csv, got ${JSON.stringify(options.format)}`);
        return;
      }
      outputOf(command).out(text);
    });
}
