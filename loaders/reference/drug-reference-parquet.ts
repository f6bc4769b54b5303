/** Writes the built-in drug dictionary as a Parquet table (for the workspace). */
import { DRUG_REFERENCE } from "../../core/reference/drugs.js";
import { copyQueryToParquetStream, openDuckSession, sqlString } from "../duckdb/session.js";

export async function writeDrugReferenceParquet(out: NodeJS.WritableStream): Promise<void> {
  const session = await openDuckSession();
  try {
    const values = DRUG_REFERENCE.map(
      (d) =>
        `(${[d.molecule, d.drugClass, d.atc ?? "", d.legacyAtc.join("|"), d.routes.join("|"), d.list].map(sqlString).join(", ")}, ${d.antineoplastic}, ${d.ucd7.length}, ${d.cip13.length})`,
    ).join(",\n");
    await copyQueryToParquetStream(
      session,
      `SELECT * FROM (VALUES ${values}) AS t(molecule, drug_class, atc, legacy_atc, routes, list, antineoplastic, n_ucd7, n_cip13)`,
      out,
    );
  } finally {
    session.close();
  }
}
