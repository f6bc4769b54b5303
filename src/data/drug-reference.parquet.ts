// Data loader: the built-in drug dictionary as Parquet (one row per molecule).
import { writeDrugReferenceParquet } from "../../loaders/reference/drug-reference-parquet.js";

await writeDrugReferenceParquet(process.stdout);
