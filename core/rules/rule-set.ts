/**
 * A rule set: the parameters of line-of-therapy reconstruction, as data.
 *
 * Rule sets are JSON files (data/rules/*.json), versioned, validated on load by
 * the schema below, and documented field by field in data/rules/README.md. An
 * epidemiologist changes the rules by editing JSON or with `--set key=value`,
 * never by reading the engine.
 */
import { z } from "zod";
import { DataError } from "../errors/data-error.js";

export const RULE_SET_SCHEMA_VERSION = 1;

const molecule = z
  .string()
  .regex(/^[a-z0-9][a-z0-9 -]*$/, "a molecule name in lower case (INN as in the contract)")
  .describe("molecule (INN, lower case)");
const days = z.number().int().min(0).max(3650);
const lineNumbers = z.union([z.literal("all"), z.array(z.number().int().min(1)).min(1)]);

const maintenanceRule = z
  .object({
    molecules: z.array(molecule).describe("molecules this maintenance rule applies to"),
    lines: lineNumbers.describe('line numbers where it applies, or "all"'),
    inductionClasses: z
      .array(z.string())
      .describe("drug classes the induction must contain (e.g. platinum); empty = any induction"),
    minInductionDays: days.describe("the induction must have lasted at least this long (first to last administration)"),
    maxDaysAfterInduction: days.describe(
      "maintenance must follow the last induction administration within this many days",
    ),
  })
  .strict();

// Rules added in rule-set format 1 after its first release: optional in a file,
// absent = off, so that every earlier rule-set file keeps its meaning.

const drugClass = z.string().regex(/^[a-z0-9_]+$/, "a drug class (e.g. platinum)");

const chemoradiationRule = z
  .object({
    enabled: z.boolean(),
    minRadiotherapyFractions: z.number().int().min(1).max(100),
    concurrentWithinDays: days,
    chemotherapyClasses: z.array(drugClass),
    consolidationMolecules: z.array(molecule),
    consolidationStartWithinDays: days,
    consolidationMaxDays: days,
  })
  .strict();

const perioperativeRule = z
  .object({
    enabled: z.boolean(),
    neoadjuvantEndWithinDays: days,
    adjuvantStartWithinDays: days,
    chemotherapyClasses: z.array(drugClass),
    molecules: z.array(molecule),
    maxDays: days,
  })
  .strict();

const curativeRules = z
  .object({
    maxGapDays: days.min(1),
    chemoradiation: chemoradiationRule,
    perioperative: perioperativeRule,
  })
  .strict();

const CURATIVE_OFF: z.infer<typeof curativeRules> = {
  maxGapDays: 45,
  chemoradiation: {
    enabled: false,
    minRadiotherapyFractions: 20,
    concurrentWithinDays: 14,
    chemotherapyClasses: [],
    consolidationMolecules: [],
    consolidationStartWithinDays: 0,
    consolidationMaxDays: 0,
  },
  perioperative: {
    enabled: false,
    neoadjuvantEndWithinDays: 0,
    adjuvantStartWithinDays: 0,
    chemotherapyClasses: [],
    molecules: [],
    maxDays: 0,
  },
};

const plannedBreakRule = z
  .object({
    enabled: z.boolean(),
    molecules: z.array(molecule),
    maxDays: days,
  })
  .strict();
const PLANNED_BREAK_OFF: z.infer<typeof plannedBreakRule> = { enabled: false, molecules: [], maxDays: 0 };

const inCycleRule = z
  .object({
    enabled: z.boolean(),
    withinDaysAfterVisible: days,
    explainedByClasses: z.array(drugClass),
    withinDaysAfterVisibleCytotoxic: days,
  })
  .strict();
const IN_CYCLE_OFF: z.infer<typeof inCycleRule> = {
  enabled: false,
  withinDaysAfterVisible: 0,
  explainedByClasses: [],
  withinDaysAfterVisibleCytotoxic: 0,
};

const rhythmChangeRule = z
  .object({
    enabled: z.boolean(),
    intraCycleDays: days,
    minCycles: z.number().int().min(1).max(20),
    pauseDays: days,
  })
  .strict();
const RHYTHM_CHANGE_OFF: z.infer<typeof rhythmChangeRule> = {
  enabled: false,
  intraCycleDays: 10,
  minCycles: 2,
  pauseDays: 28,
};

const companionRule = z
  .object({
    enabled: z.boolean(),
    molecules: z.array(molecule),
    lowPdl1Molecules: z.array(molecule),
    pdl1Below: z.number().min(0).max(101),
    lines: lineNumbers,
    inductionDays: days,
    unlessLineHasClasses: z.array(drugClass),
  })
  .strict();
const COMPANION_OFF: z.infer<typeof companionRule> = {
  enabled: false,
  molecules: [],
  lowPdl1Molecules: [],
  pdl1Below: 0,
  lines: [1],
  inductionDays: 0,
  unlessLineHasClasses: [],
};

export const ruleSetSchema = z
  .object({
    schemaVersion: z.literal(RULE_SET_SCHEMA_VERSION),
    name: z.string().min(1),
    version: z.string().regex(/^\d+\.\d+\.\d+$/, "semantic version x.y.z"),
    description: z.string(),
    index: z
      .object({
        lookbackDays: days.describe("a regimen started up to this many days before the advanced date counts as line 1"),
        whenAdvancedDateMissing: z.enum(["first_treatment", "no_lines"]),
        preIndexRegimen: z.enum(["exclude_continuation", "ignore"]),
        preIndexContinuationMaxGapDays: days.describe(
          "a pre-index regimen continues past the index window only without a longer interruption",
        ),
        inferredLookbackDays: days
          .optional()
          .describe(
            "with an inferred advanced date (first metastasis code, first treatment), a regimen started up to this many days before it counts as line 1; absent = lookbackDays",
          ),
      })
      .strict(),
    curative: curativeRules.default(CURATIVE_OFF),
    regimenWindowDays: days,
    gap: z
      .object({
        days: days.min(1),
        measureFrom: z.enum(["coverage_end", "last_administration"]),
        exemptMolecules: z.array(molecule),
        plannedBreak: plannedBreakRule.default(PLANNED_BREAK_OFF),
        anonymousDays: days
          .min(1)
          .optional()
          .describe("a line of anonymous séances only ends after this many days without treatment; absent = gap.days"),
      })
      .strict(),
    substitutions: z.array(z.array(molecule).min(2)),
    maintenance: z.object({ continuation: maintenanceRule, switch: maintenanceRule }).strict(),
    droppedDrugs: z
      .object({
        afterDays: days.min(1),
        startsNewLine: z.boolean(),
        exemptContinuationMaintenance: z.boolean(),
      })
      .strict(),
    ignoreMolecules: z.array(molecule),
    sessions: z
      .object({
        use: z.boolean(),
        explainedWithinDays: days,
        spreadGrouped: z.boolean(),
        inCycle: inCycleRule.default(IN_CYCLE_OFF),
        rhythmChange: rhythmChangeRule.default(RHYTHM_CHANGE_OFF),
        companionChemotherapy: companionRule.default(COMPANION_OFF),
      })
      .strict(),
    ongoing: z.object({ withinDaysOfFollowUpEnd: days }).strict(),
    death: z.object({ withinDaysOfLastAdministration: days }).strict(),
  })
  .strict();

export type RuleSet = z.infer<typeof ruleSetSchema>;
export type MaintenanceRule = z.infer<typeof maintenanceRule>;
export type CurativeRules = z.infer<typeof curativeRules>;

/**
 * Validates a parsed JSON value as a rule set. Every problem is listed with its
 * path (e.g. `gap.days`), the value found and what is expected.
 */
export function parseRuleSet(value: unknown, source = "rule set"): RuleSet {
  const result = ruleSetSchema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const path = issue.path.length ? issue.path.join(".") : "(root)";
    return `${path}: ${issue.message}`;
  });
  throw new DataError(`invalid rule set: ${problems.join("; ")}`, { file: source });
}

function coerce(text: string, current: unknown, key: string): unknown {
  if (typeof current === "number") {
    const n = Number(text);
    if (text.trim() === "" || !Number.isFinite(n))
      throw new DataError(`--set ${key}: not a number`, {}, "a number", text);
    return n;
  }
  if (typeof current === "boolean") {
    if (text !== "true" && text !== "false")
      throw new DataError(`--set ${key}: not a boolean`, {}, "true or false", text);
    return text === "true";
  }
  if (Array.isArray(current) || (typeof current === "object" && current !== null)) {
    try {
      return JSON.parse(text);
    } catch {
      throw new DataError(`--set ${key}: not JSON`, {}, 'a JSON value, e.g. ["a","b"]', text);
    }
  }
  return text;
}

/** Short names for the parameters users change most. */
export const RULE_ALIASES: Readonly<Record<string, string>> = {
  gapDays: "gap.days",
  regimenWindow: "regimenWindowDays",
  lookbackDays: "index.lookbackDays",
};

/**
 * Applies `key=value` overrides (`--set gapDays=120`, `--set gap.exemptMolecules=["osimertinib"]`)
 * and revalidates. Unknown keys are an error naming the known ones.
 */
export function applyOverrides(rules: RuleSet, assignments: readonly string[]): RuleSet {
  if (assignments.length === 0) return rules;
  const copy = structuredClone(rules) as Record<string, unknown>;
  for (const assignment of assignments) {
    const eq = assignment.indexOf("=");
    if (eq <= 0) throw new DataError("--set expects key=value", {}, "key=value, e.g. gap.days=120", assignment);
    const rawKey = assignment.slice(0, eq).trim();
    const key = RULE_ALIASES[rawKey] ?? rawKey;
    const path = key.split(".");
    let target: Record<string, unknown> = copy;
    for (const part of path.slice(0, -1)) {
      const next = target[part];
      if (typeof next !== "object" || next === null || Array.isArray(next)) {
        throw new DataError(`--set: unknown rule ${rawKey}`, {}, `one of ${ruleKeys(rules).join(", ")}`, rawKey);
      }
      target = next as Record<string, unknown>;
    }
    const leaf = path[path.length - 1]!;
    if (!(leaf in target)) {
      throw new DataError(`--set: unknown rule ${rawKey}`, {}, `one of ${ruleKeys(rules).join(", ")}`, rawKey);
    }
    target[leaf] = coerce(assignment.slice(eq + 1), target[leaf], rawKey);
  }
  return parseRuleSet(copy, "rule set after --set");
}

/** Every settable leaf key of a rule set, dotted (`gap.days`, ...). */
export function ruleKeys(rules: RuleSet): string[] {
  const keys: string[] = [];
  const walk = (value: unknown, prefix: string) => {
    if (typeof value === "object" && value !== null && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) walk(v, prefix ? `${prefix}.${k}` : k);
    } else keys.push(prefix);
  };
  walk(rules, "");
  return keys;
}

export function lineIsIn(lines: MaintenanceRule["lines"], lineNumber: number): boolean {
  return lines === "all" || lines.includes(lineNumber);
}
