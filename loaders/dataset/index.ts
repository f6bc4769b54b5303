/**
 * Reading a dataset folder (data contract section 1): discovery, loading into
 * DuckDB, validation. See docs/ingestion.md, "Reading a dataset".
 */
export { dropLoadedTable, openDataset, rejectionsQuery, tablesOf, typedUnionQuery } from "./open-dataset.js";
export type { Dataset, ExtraColumn, LoadedTable, OpenDatasetOptions } from "./open-dataset.js";
export { discoverDataset, REQUIRED_PMSI_TABLES, REQUIRED_TABLES } from "./discover.js";
export type { DatasetFile, DatasetFileFormat, DatasetListing, IgnoredFile } from "./discover.js";
export { REJECTION_REASONS, expectedForm } from "./column-rules.js";
export type { RejectionReason } from "./column-rules.js";
export type { Rejection } from "./validate.js";
export type { CsvDelimiter } from "./csv-header.js";
export { datasetReport } from "./report.js";
export type { DatasetReport, ProblemCount, TableReport } from "./report.js";
