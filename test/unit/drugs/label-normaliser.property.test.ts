// Property tests of the label normaliser over every name of the dictionary:
// case, dose text and one typo never turn a drug into another drug.
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { distance } from "fastest-levenshtein";
import { editBound, normaliseLabelAll } from "../../../core/drugs/label-normaliser.js";
import { buildNameIndex, targetName, type NameEntry } from "../../../core/drugs/name-index.js";
import { OTHER_DRUGS } from "../../../core/drugs/other-drugs.js";
import { DRUG_REFERENCE } from "../../../core/reference/drugs.js";
import { describeMatches } from "./label-table.js";

const index = buildNameIndex();
const moleculeNames = index.entries.filter((e) => e.target.type === "molecule");

const randomCase = (text: string, flips: readonly boolean[]) =>
  [...text].map((ch, i) => (flips[i % flips.length] ? ch.toUpperCase() : ch.toLowerCase())).join("");

const DOSES = [
  "",
  " 100 mg",
  " 25 MG/ML",
  " 80mg cp",
  " 500 mg/m2 IV J1",
  ", sol. inj. 10 mg/ml",
  " (4 mg)",
  " 1g pdre",
];
const entryArb = fc.constantFrom(...moleculeNames);
const doseArb = fc.constantFrom(...DOSES);
const flipsArb = fc.array(fc.boolean(), { minLength: 1, maxLength: 7 });

test("every dictionary name, in any case, with any dose text, maps to its molecule exactly", () => {
  fc.assert(
    fc.property(entryArb, doseArb, flipsArb, (entry, dose, flips) => {
      const label = randomCase(entry.name, flips) + dose;
      const got = normaliseLabelAll(label);
      assert.deepEqual(describeMatches(got), [targetName(entry.target)], label);
      assert.equal(got[0]?.kind === "molecule" && got[0].distance, 0, label);
    }),
    { numRuns: 2000 },
  );
});

/** Positions of letters that sit in a word of at least 5 letters. */
function substitutablePositions(name: string): number[] {
  const positions: number[] = [];
  for (const m of name.matchAll(/\p{L}+/gu)) {
    const word = m[0];
    if (word.length < 5) continue;
    for (let i = 0; i < word.length; i++) positions.push(m.index + i);
  }
  return positions;
}

const typoEntries = moleculeNames.filter((e) => substitutablePositions(e.name).length > 0);

test("one substitution in a word of >= 5 letters: same molecule, or refused as ambiguous, never another drug", () => {
  fc.assert(
    fc.property(
      fc.constantFrom(...typoEntries),
      fc.nat(),
      fc.integer({ min: 0, max: 25 }),
      doseArb,
      flipsArb,
      (entry: NameEntry, where, letter, dose, flips) => {
        const positions = substitutablePositions(entry.name);
        const at = positions[where % positions.length]!;
        let replacement = String.fromCharCode(97 + letter);
        if (replacement === entry.name[at]!.toLowerCase())
          replacement = replacement === "z" ? "a" : String.fromCharCode(98 + letter);
        const typo = entry.name.slice(0, at) + replacement + entry.name.slice(at + 1);
        const label = randomCase(typo, flips) + dose;
        const got = describeMatches(normaliseLabelAll(label));
        const expected = targetName(entry.target);
        assert.ok(
          got.length === 1 && (got[0] === expected || got[0] === "unmapped:ambiguous"),
          `${JSON.stringify(label)} (typo of ${entry.name}) gave ${got.join(",")}`,
        );
      },
    ),
    { numRuns: 5000 },
  );
});

/** Pairs of names of different drugs within reach of one typo of each other. */
function closePairs(): [NameEntry, NameEntry, number][] {
  const singles = index.entries.filter((e) => e.tokens.length === 1 && e.target.type !== "investigational");
  const pairs: [NameEntry, NameEntry, number][] = [];
  for (let i = 0; i < singles.length; i++) {
    for (let j = i + 1; j < singles.length; j++) {
      const a = singles[i]!;
      const b = singles[j]!;
      if (targetName(a.target) === targetName(b.target)) continue;
      const d = distance(a.key, b.key);
      const bound = Math.min(editBound(a.key.length), editBound(b.key.length));
      if (d <= 2 * bound) pairs.push([a, b, d]);
    }
  }
  return pairs;
}

test("names of different drugs are never within one bound of each other, so an exact name always wins", () => {
  for (const [a, b, d] of closePairs()) {
    assert.ok(d > 1, `${a.key} and ${b.key} are ${d} edit apart`);
    for (const e of [a, b]) {
      const own = e.target.type === "molecule" ? targetName(e.target) : "unmapped:other_drug";
      assert.deepEqual(describeMatches(normaliseLabelAll(e.name)), [own], e.name);
    }
  }
});

test("a typo half-way between two close names of different drugs is reported as ambiguous", () => {
  const pairs = closePairs().filter(([a, b, d]) => d === 2 && a.key.length === b.key.length);
  assert.ok(
    pairs.some(([a, b]) => [a.key, b.key].sort().join() === "ceritinib,gefitinib"),
    "gefitinib/ceritinib",
  );
  for (const [a, b] of pairs) {
    const diffs = [...a.key].map((ch, i) => (ch === b.key[i] ? -1 : i)).filter((i) => i >= 0);
    if (diffs.length !== 2) continue; // two substitutions: the midpoint takes one of them
    const k = diffs[0]!;
    const mid = a.key.slice(0, k) + b.key[k] + a.key.slice(k + 1);
    const got = describeMatches(normaliseLabelAll(mid));
    assert.deepEqual(got, ["unmapped:ambiguous"], `${mid} between ${a.key} and ${b.key}`);
  }
});

test("other drugs: real names outside the dictionary, each within the bound of a dictionary name", () => {
  const dictionaryKeys = new Set(moleculeNames.map((e) => e.key));
  for (const other of OTHER_DRUGS) {
    assert.ok(!DRUG_REFERENCE.some((d) => d.molecule === other.name), other.name);
    const own = index.entries.filter((e) => e.target.type === "other_drug" && e.target.drug === other);
    for (const e of own) assert.ok(!dictionaryKeys.has(e.key), `${e.key} is a dictionary name`);
    const reach = own.some((o) =>
      moleculeNames.some((m) => {
        if (m.tokens.length !== o.tokens.length) return false;
        return (
          m.tokens.every((t, i) => {
            const u = o.tokens[i]!;
            return distance(t, u) <= Math.min(editBound(t.length), editBound(u.length));
          }) || distance(m.key, o.key) <= Math.min(editBound(m.key.length), editBound(o.key.length))
        );
      }),
    );
    assert.ok(reach, `${other.name} is not within reach of any dictionary name: it does not belong in OTHER_DRUGS`);
    assert.deepEqual(describeMatches(normaliseLabelAll(other.name)), ["unmapped:other_drug"], other.name);
  }
});

test("any text: never throws, never empty, only known molecules", () => {
  const known = new Set(DRUG_REFERENCE.map((d) => d.molecule));
  fc.assert(
    fc.property(fc.string({ maxLength: 60 }), (text) => {
      const got = normaliseLabelAll(text);
      assert.ok(got.length > 0);
      for (const m of got) if (m.kind === "molecule") assert.ok(known.has(m.molecule));
    }),
    { numRuns: 2000 },
  );
});
