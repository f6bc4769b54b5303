/**
 * The note a page shows in the workspace's aggregated mode (large cohorts,
 * loaders/workspace/workspace-mode.ts; summary.json's `workspace`), so that
 * nobody takes a sample's counts for the cohort's:
 * - on Pathways and Survival ("aggregates"): the figures are the whole cohort's,
 *   from pre-aggregated files, and what is limited to a sample;
 * - on a page that reads patient rows ("sample"): the page works on a sample,
 *   which one, and where the whole cohort's figures are.
 * In patient-level mode (or for an older summary without `workspace`) it is an
 * empty text node.
 */
import { html } from "htl";

export interface WorkspaceModeSummary {
  mode: "patient" | "aggregated";
  patients: number;
  aggregateAbove: number;
  samplePatients: number | null;
  sampleRule: string | null;
}

/** The summary's mode, patient-level when absent. */
export function workspaceModeOf(summary: { workspace?: WorkspaceModeSummary | null }): WorkspaceModeSummary {
  return (
    summary.workspace ?? { mode: "patient", patients: 0, aggregateAbove: 0, samplePatients: null, sampleRule: null }
  );
}

const count = (n: number | null) => (n ?? 0).toLocaleString("en-US");

const SAMPLE_VIEWS = "Timeline, Error explorer, SQL over patients, Cohort, Line-start cohorts and the submission check";

export function workspaceModeNote(mode: WorkspaceModeSummary, page: "aggregates" | "sample"): Node {
  if (mode.mode !== "aggregated") return document.createTextNode("");
  const head = html`<strong>Aggregated mode: ${count(mode.patients)} patients</strong>`;
  const sample = `a sample of ${count(mode.samplePatients)} patients (${mode.sampleRule ?? "deterministic"})`;
  const why = `the cohort has more than ${count(mode.aggregateAbove)} patients, too many for patient-level files in a browser tab`;
  return page === "aggregates"
    ? html`<p class="lotluca-warning lotluca-mode-note" id="mode-note" data-mode="aggregated">
        ${head} (${why}). This page reads pre-aggregated counts by every combination of the filters: its figures are the
        whole cohort's, the same as patient-level computation would give. Patient-level views (${SAMPLE_VIEWS}) are
        limited to ${sample}.
      </p>`
    : html`<p class="lotluca-warning lotluca-mode-note" id="mode-note" data-mode="sample">
        ${head} (${why}). This page works on ${sample}: its counts are the sample's, not the cohort's. Pathways and Time
        to next treatment and survival show the whole cohort, from pre-aggregated files.
      </p>`;
}
