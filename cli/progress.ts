/**
 * Progress reporting for long CLI work, on standard error so that standard output
 * stays clean for data. On a terminal: a cli-progress bar with rate and ETA. Off a
 * terminal (CI, logs, pipes): one line every few seconds, never a flood, and never
 * the same state twice.
 */
import cliProgress from "cli-progress";

export interface Progress {
  /** Advance by `n` units (default 1). */
  tick(n?: number): void;
  /** Set the absolute number of units done. */
  update(done: number): void;
  /** Finish: print the final state and release the terminal. */
  stop(): void;
  /** The work failed: release the terminal and print nothing more (the error is the only message). */
  abort(): void;
}

export interface ProgressOptions {
  /** What is counted, e.g. "patients". */
  unit: string;
  /** Force the bar off (e.g. `--quiet`). */
  silent?: boolean;
  stream?: NodeJS.WriteStream;
  /** Minimum milliseconds between plain-text lines when not on a terminal. */
  plainIntervalMs?: number;
  /**
   * When the counted work started (`Date.now()` milliseconds; default: now), for a
   * bar created at the first count: times and rates then include the wait for it.
   */
  startedAt?: number;
}

export function createProgress(label: string, total: number, options: ProgressOptions): Progress {
  const stream = options.stream ?? process.stderr;
  if (options.silent) return { tick() {}, update() {}, stop() {}, abort() {} };
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        stream,
        format: `${label} [{bar}] {percentage}% | {value}/{total} ${options.unit} | {rate}/s | ETA {eta_formatted}`,
        hideCursor: true,
        clearOnComplete: false,
        etaBuffer: 50,
      },
      cliProgress.Presets.shades_classic,
    );
    const started = options.startedAt ?? Date.now();
    let done = 0;
    bar.start(total, 0, { rate: 0 });
    const set = (value: number) => {
      done = value;
      const seconds = (Date.now() - started) / 1000;
      bar.update(done, { rate: seconds > 0 ? Math.round(done / seconds) : 0 });
    };
    const abort = () => {
      // Clear the bar's line instead of leaving its last state above the error.
      (bar as unknown as { options: { clearOnComplete: boolean } }).options.clearOnComplete = true;
      bar.stop();
    };
    return { tick: (n = 1) => set(done + n), update: set, stop: () => bar.stop(), abort };
  }
  const interval = options.plainIntervalMs ?? 5000;
  const started = options.startedAt ?? Date.now();
  let last = started;
  let done = 0;
  /** Units done when the last line was written (-1: none yet). */
  let printed = -1;
  const line = () => {
    const seconds = (Date.now() - started) / 1000;
    const pct = total > 0 ? ((100 * done) / total).toFixed(1) : "100.0";
    stream.write(`${label}: ${done}/${total} ${options.unit} (${pct} %, ${seconds.toFixed(1)} s)\n`);
    printed = done;
  };
  const set = (value: number) => {
    done = value;
    const now = Date.now();
    if (now - last >= interval && done !== printed) {
      last = now;
      line();
    }
  };
  // The final state, unless the last line already showed it.
  const stop = () => {
    if (done !== printed) line();
  };
  return { tick: (n = 1) => set(done + n), update: set, stop, abort: () => {} };
}
