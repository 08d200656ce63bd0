/**
 * A progress bar with rate and ETA for long jobs. Writes to stderr; on a terminal it redraws one
 * line, otherwise (CI, notebooks, pipes) it prints a line at most every `logEveryMs`.
 *
 * @module
 */

/** Options of {@link Progress}. */
export interface ProgressOptions {
  /** Label printed before the bar. */
  label?: string;
  /** Silence all output. @default false */
  quiet?: boolean;
  /** Minimum interval between non-TTY lines. @default 5000 */
  logEveryMs?: number;
  /** Unit shown in the rate. @default "it" */
  unit?: string;
}

/** Formats seconds as `1h02m`, `3m05s` or `12s`. */
export function formatDuration(sec: number): string {
  if (!Number.isFinite(sec) || sec < 0) return "?";
  const s = Math.round(sec);
  if (s >= 3600) return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
  if (s >= 60) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
  return `${s}s`;
}

/**
 * Tracks `done / total` and prints a bar with ETA.
 *
 * @example
 * ```ts
 * const p = new Progress(10, { label: "features", quiet: true });
 * for (let i = 0; i < 10; i++) p.tick();
 * p.done();
 * ```
 */
export class Progress {
  readonly total: number;
  #done = 0;
  #skipped = 0;
  #start = performance.now();
  #lastLog = 0;
  #opts: Required<ProgressOptions>;
  #tty: boolean;
  #enc = new TextEncoder();

  constructor(total: number, options: ProgressOptions = {}) {
    this.total = Math.max(0, total);
    this.#opts = { label: "", quiet: false, logEveryMs: 5000, unit: "it", ...options };
    let tty = false;
    try {
      tty = Deno.stderr.isTerminal();
    } catch { /* not a terminal */ }
    this.#tty = tty;
  }

  /** Number of finished items. */
  get count(): number {
    return this.#done;
  }

  /** Estimated seconds left from the rate of the work done so far (skipped items excluded; NaN before any). */
  eta(): number {
    const el = (performance.now() - this.#start) / 1000;
    const worked = this.#done - this.#skipped;
    return worked <= 0 ? NaN : (el / worked) * (this.total - this.#done);
  }

  /** Marks `n` more items done without work (cached, resumed): counted, but not in the rate or the ETA. */
  skip(n = 1, note = ""): void {
    const k = Math.min(this.total - this.#done, Math.max(0, n));
    this.#skipped += k;
    this.#done += k;
    this.#render(note, false);
  }

  /** Marks `n` more items done and redraws. */
  tick(n = 1, note = ""): void {
    this.#done = Math.min(this.total, this.#done + n);
    this.#render(note, false);
  }

  /** Sets the absolute count (of which `skipped` were done without work, see {@link skip}) and redraws. */
  set(done: number, note = "", skipped?: number): void {
    this.#done = Math.min(this.total, Math.max(0, done));
    if (skipped !== undefined) this.#skipped = Math.min(this.#done, Math.max(0, skipped));
    this.#render(note, false);
  }

  /** Prints the final line. */
  done(note = ""): void {
    this.#render(note, true);
  }

  /** The current status line (without control characters). */
  line(note = ""): string {
    const el = (performance.now() - this.#start) / 1000;
    const frac = this.total === 0 ? 1 : this.#done / this.total;
    const width = 24;
    const fill = Math.round(frac * width);
    const bar = "█".repeat(fill) + "░".repeat(width - fill);
    const rate = el > 0 ? (this.#done - this.#skipped) / el : 0;
    const eta = this.#done >= this.total ? "done" : `ETA ${formatDuration(this.eta())}`;
    const label = this.#opts.label ? `${this.#opts.label} ` : "";
    return `${label}${bar} ${this.#done}/${this.total} ${(frac * 100).toFixed(0)}% ` +
      `${rate.toFixed(rate < 10 ? 2 : 0)} ${this.#opts.unit}/s ${formatDuration(el)} elapsed, ${eta}` +
      (note ? ` ${note}` : "");
  }

  #render(note: string, final: boolean): void {
    if (this.#opts.quiet) return;
    const now = performance.now();
    if (this.#tty) {
      if (!final && now - this.#lastLog < 100) return;
      this.#lastLog = now;
      Deno.stderr.writeSync(this.#enc.encode(`\r\x1b[2K${this.line(note)}${final ? "\n" : ""}`));
    } else if (final || now - this.#lastLog >= this.#opts.logEveryMs || this.#done === 1) {
      this.#lastLog = now;
      console.error(this.line(note));
    }
  }
}
