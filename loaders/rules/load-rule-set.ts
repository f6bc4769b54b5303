/**
 * Loads a rule set by preset name (data/rules/NAME.json) or from a JSON file, and
 * applies `--set key=value` overrides. Validation is the core's (parseRuleSet).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { DataError } from "../../core/errors/data-error.js";
import { applyOverrides, parseRuleSet, type RuleSet } from "../../core/rules/rule-set.js";

export const RULES_DIR = fileURLToPath(new URL("../../data/rules/", import.meta.url));

/** Names of the presets shipped in data/rules/. */
export function listPresets(): string[] {
  return readdirSync(RULES_DIR)
    .filter((f) => f.endsWith(".json"))
    .map((f) => f.slice(0, -".json".length))
    .sort();
}

export function loadRuleSet(presetOrPath = "default", overrides: readonly string[] = []): RuleSet {
  const presetPath = `${RULES_DIR}${presetOrPath}.json`;
  const path = /^[a-z0-9-]+$/.test(presetOrPath) && existsSync(presetPath) ? presetPath : presetOrPath;
  if (!existsSync(path)) {
    throw new DataError(
      `rule set not found`,
      { file: presetOrPath },
      `a preset (${listPresets().join(", ")}) or a path to a rule-set JSON file`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new DataError(`not valid JSON: ${(error as Error).message}`, { file: path }, "a rule-set JSON file");
  }
  return applyOverrides(parseRuleSet(json, path), overrides);
}
