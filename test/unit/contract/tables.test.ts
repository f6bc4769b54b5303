// The contract as data: table recognition and the lines format.
import assert from "node:assert/strict";
import { test } from "node:test";
import { CONTRACT_TABLES, identifyTable, pmsiTableName, tableSpec } from "../../../core/contract/tables.js";
import { formatMolecules, parseMolecules } from "../../../core/lines/line-record.js";

test("file stems are recognised case-insensitively, PMSI with their year", () => {
  assert.equal(identifyTable("ir_ben_r")?.spec.name, "IR_BEN_R");
  assert.deepEqual((({ spec, year }) => ({ name: spec.name, year }))(identifyTable("t_mco19med")!), {
    name: "T_MCOaaMED",
    year: 2019,
  });
  assert.equal(identifyTable("T_MCO21MEDATU")?.spec.name, "T_MCOaaMEDATU");
  assert.equal(identifyTable("T_MCOaaB"), undefined, "the logical name is not a file name");
  assert.equal(identifyTable("notes"), undefined);
  assert.equal(pmsiTableName("T_MCOaaC", 2005), "T_MCO05C");
});

test("every table of the contract is described, with the required ones marked", () => {
  const required = CONTRACT_TABLES.filter((t) => !t.optional).map((t) => t.name);
  assert.deepEqual(required.sort(), [
    "ER_PHA_F",
    "ER_PRS_F",
    "IR_BEN_R",
    "ODH_DRUG_ADMIN",
    "ODH_PATIENT",
    "T_MCOaaB",
    "T_MCOaaC",
  ]);
  assert.equal(tableSpec("ER_PHA_F").columns.length, 11, "9 join keys + CIP13 + quantity");
  assert.deepEqual(
    tableSpec("GOLD_LINES")
      .columns.slice(0, 5)
      .map((c) => c.name),
    ["patient_id", "line_number", "start_date", "end_date", "molecules"],
  );
});

test("molecules cells are lower case, sorted, unique, ;-joined", () => {
  assert.equal(
    formatMolecules(["Pemetrexed", "carboplatin", "pembrolizumab", "carboplatin"]),
    "carboplatin;pembrolizumab;pemetrexed",
  );
  assert.deepEqual(parseMolecules("carboplatin; pemetrexed;"), ["carboplatin", "pemetrexed"]);
});
