/**
 * A page's loading notice: a static element of the page (so it shows before
 * any script runs) saying what is loading, e.g.
 *
 *     <p class="lotluca-loading" id="loading" role="status">Loading the cohort and lines tables…</p>
 *
 * The page's loading code reports its steps (with the seconds elapsed) and
 * removes the notice when done, or turns it into the error when it fails.
 */
export interface LoadingNotice {
  step(text: string): void;
  done(): void;
  fail(error: unknown): void;
}

export function loadingNotice(id: string | undefined): LoadingNotice {
  const element = id === undefined ? null : document.getElementById(id);
  if (!element) return { step() {}, done() {}, fail() {} };
  const started = performance.now();
  const detail = document.createElement("span");
  detail.className = "lotluca-loading-step";
  element.append(detail);
  let current = "";
  const render = () => {
    const seconds = Math.round((performance.now() - started) / 1000);
    detail.textContent = ` ${current}${current ? ", " : ""}${seconds} s`;
  };
  render();
  const timer = setInterval(render, 1000);
  return {
    step(text) {
      current = text;
      render();
    },
    done() {
      clearInterval(timer);
      element.remove();
    },
    fail(error) {
      clearInterval(timer);
      element.className = "lotluca-query-error";
      element.textContent = `Loading failed: ${error instanceof Error ? error.message : String(error)}`;
    },
  };
}
