/**
 * The eligibility form of one line-start cohort (core/studies/line-cohort.ts):
 * a plain HTML form whose `value` is a CohortCriteria and which sends an
 * `input` event on every change (so a page can `view()` it). Each field is a
 * native input named after the criterion (`[name=regimen]`, ...), and the
 * study definition travels in the URL (`?study=<JSON>`).
 */
import { html } from "htl";
import { labelOf } from "../core/labels/labels.js";
import {
  cohortCriteriaSchema,
  parseStudy,
  studyJson,
  type CohortCriteria,
  type StudyDefinition,
} from "../core/studies/line-cohort.js";

export interface EditorChoices {
  regimenClasses: readonly string[];
  histologies: readonly string[];
  biomarkerGroups: readonly string[];
  maxLine: number;
}

const splitList = (text: string) =>
  text
    .split(/[+,;]/)
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s.length > 0);

function checkboxes(name: string, options: readonly string[], checked: readonly string[]): HTMLElement {
  return html`<span class="lotluca-choices"
    >${options.map(
      (o) =>
        html`<label
          ><input type="checkbox" name=${name} value=${o} checked=${checked.includes(o)} /> ${labelOf(o)}</label
        >`,
    )}</span
  >`;
}

/** The form of one cohort, starting from `initial`. */
export function cohortEditor(
  id: string,
  initial: CohortCriteria,
  choices: EditorChoices,
): HTMLElement & { value: CohortCriteria } {
  const c = initial;
  const lines = Array.from({ length: choices.maxLine }, (_, i) => i + 1);
  const form = html`<form class="lotluca-cohort-editor" id=${id} onsubmit=${(e: Event) => e.preventDefault()}>
    <label>Name <input name="name" value=${c.name} /></label>
    <label
      >Line
      <select name="lineNumber">
        <option value="" selected=${c.lineNumber === null}>any (first eligible)</option>
        ${lines.map((n) => html`<option value=${n} selected=${c.lineNumber === n}>${n}</option>`)}
      </select></label
    >
    <label
      >Regimen of this line (molecules, + separated)
      <input name="regimen" value=${c.regimen.join(" + ")} placeholder="e.g. docetaxel + nintedanib"
    /></label>
    <label
      ><select name="regimenMatch">
        <option value="exact" selected=${c.regimenMatch === "exact"}>exactly these molecules</option>
        <option value="includes" selected=${c.regimenMatch === "includes"}>at least these molecules</option>
      </select></label
    >
    <fieldset>
      <legend>Regimen class of this line</legend>
      ${checkboxes("regimenClasses", choices.regimenClasses, c.regimenClasses)}
    </fieldset>
    <label
      >Earlier lines gave (molecules, + separated)
      <input name="previousMolecules" value=${c.previousMolecules.join(" + ")} placeholder="e.g. pembrolizumab"
    /></label>
    <fieldset>
      <legend>Earlier lines include the classes</legend>
      ${checkboxes("previousClasses", choices.regimenClasses, c.previousClasses)}
    </fieldset>
    <fieldset>
      <legend>Histology</legend>
      ${checkboxes("histologies", choices.histologies, c.histologies)}
    </fieldset>
    <fieldset>
      <legend>Biomarker group</legend>
      ${checkboxes("biomarkerGroups", choices.biomarkerGroups, c.biomarkerGroups)}
    </fieldset>
    <label>Age from <input name="ageMin" type="number" value=${c.ageMin ?? ""} /></label>
    <label>to <input name="ageMax" type="number" value=${c.ageMax ?? ""} /></label>
    <label
      >ECOG at most
      <select name="ecogMax">
        <option value="" selected=${c.ecogMax === null}>any</option>
        ${[0, 1, 2, 3, 4].map((n) => html`<option value=${n} selected=${c.ecogMax === n}>${n}</option>`)}
      </select></label
    >
    <label><input type="checkbox" name="ecogUnknown" checked=${c.ecogUnknown} /> keep unknown ECOG</label>
    <label
      >Line started from
      <input name="startFrom" value=${c.startFrom ?? ""} placeholder="YYYY-MM-DD" pattern="\\d{4}-\\d{2}-\\d{2}"
    /></label>
    <label
      >to <input name="startTo" value=${c.startTo ?? ""} placeholder="YYYY-MM-DD" pattern="\\d{4}-\\d{2}-\\d{2}"
    /></label>
  </form>` as HTMLFormElement;

  const field = (name: string) => form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement;
  const checked = (name: string) =>
    [...form.querySelectorAll<HTMLInputElement>(`input[name=${name}]:checked`)].map((i) => i.value);
  const numberOrNull = (name: string) => (field(name).value.trim() === "" ? null : Number(field(name).value));
  const dateOrNull = (name: string) =>
    /^\d{4}-\d{2}-\d{2}$/.test(field(name).value.trim()) ? field(name).value.trim() : null;
  let value = c;
  const read = (): CohortCriteria =>
    cohortCriteriaSchema.parse({
      name: field("name").value.trim() || c.name,
      lineNumber: numberOrNull("lineNumber"),
      regimen: splitList(field("regimen").value),
      regimenMatch: field("regimenMatch").value,
      regimenClasses: checked("regimenClasses"),
      previousMolecules: splitList(field("previousMolecules").value),
      previousClasses: checked("previousClasses"),
      histologies: checked("histologies"),
      biomarkerGroups: checked("biomarkerGroups"),
      ageMin: numberOrNull("ageMin"),
      ageMax: numberOrNull("ageMax"),
      ecogMax: numberOrNull("ecogMax"),
      ecogUnknown: (field("ecogUnknown") as HTMLInputElement).checked,
      startFrom: dateOrNull("startFrom"),
      startTo: dateOrNull("startTo"),
    });
  // The fields' own events stop at the form; the form sends one `input` event per
  // real change of its value (text fields on change: leaving the field or Enter).
  form.addEventListener(
    "input",
    (event) => {
      if (event.target !== form) event.stopPropagation();
    },
    true,
  );
  form.addEventListener(
    "change",
    (event) => {
      if (event.target === form) return;
      event.stopPropagation();
      const next = read();
      if (JSON.stringify(next) === JSON.stringify(value)) return;
      value = next;
      form.dispatchEvent(new Event("input", { bubbles: true }));
    },
    true,
  );
  Object.defineProperty(form, "value", { get: () => value });
  return form as HTMLFormElement & { value: CohortCriteria };
}

/** The study in the page's URL (`?study=`), or null. */
export function studyFromUrl(location: { search: string } = window.location): StudyDefinition | null {
  const text = new URLSearchParams(location.search).get("study");
  return text === null ? null : parseStudy(text);
}

/** Writes the study into the URL without reloading (so the address can be shared or bookmarked). */
export function saveStudyToUrl(study: StudyDefinition): void {
  const url = new URL(window.location.href);
  url.searchParams.set("study", studyJson(study));
  window.history.replaceState(null, "", url);
}

/** A button that downloads the study as study.json. */
export function exportStudyButton(study: StudyDefinition): HTMLElement {
  const text = JSON.stringify(parseStudy(study), null, 2) + "\n";
  const href = URL.createObjectURL(new Blob([text], { type: "application/json" }));
  return html`<a id="study-export" class="lotluca-button" href=${href} download="study.json"
    >Export the definition (JSON)</a
  >`;
}

/** A file input that loads a study JSON file into the URL and reloads the page; errors are shown beside it. */
export function importStudyInput(): HTMLElement {
  const message = html`<span class="lotluca-import-message"></span>`;
  const input = html`<input type="file" id="study-import" accept=".json,application/json" />` as HTMLInputElement;
  input.addEventListener("change", async () => {
    const file = input.files?.[0];
    if (!file) return;
    try {
      const study = parseStudy(await file.text());
      const url = new URL(window.location.href);
      url.searchParams.set("study", studyJson(study));
      window.location.assign(url.toString());
    } catch (error) {
      message.textContent = (error as Error).message;
    }
  });
  return html`<label>Import a definition (JSON) ${input} ${message}</label>`;
}
