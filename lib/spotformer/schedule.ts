/**
 * Temporal downsampling schedule for any window length.
 *
 * Each temporal downsample is `Conv1d(D, D, k=3, s=2, padding=p)`, so `T' = floor((T + 2p − 3) / 2) + 1`.
 * The official code hard-codes `padding = [0, 0, 1, 1]` for T = 17 (`model.py:319`): 17 → 8 → 3 → 2 → 1.
 *
 * Derivation rule used for other windows (`"auto"`): while `T > 1`, use `p = 0` if `T ≥ 7` (the result
 * `floor((T − 1) / 2)` is still ≥ 3, so the layer halves without padding), otherwise `p = 1`
 * (`T' = ceil(T / 2)`, which always lands on 1 through …→ 3 → 2 → 1 or 4 → 2 → 1). It reproduces the
 * official schedule at 17 and gives, e.g.,
 * 9 → 4 → 2 → 1 (p 0,1,1), 11 → 5 → 3 → 2 → 1 (p 0,1,1,1), 15 → 7 → 3 → 2 → 1 (p 0,0,1,1),
 * 19 → 9 → 4 → 2 → 1, 21 → 10 → 4 → 2 → 1 (p 0,0,1,1), 25 → 12 → 5 → 3 → 2 → 1 (p 0,0,1,1,1).
 * The number of stages (and so of temporal attention blocks) depends on the window.
 *
 * @module
 */

/** Temporal schedule: padding of each downsample and the length after it. */
export interface TemporalSchedule {
  /** Window length T at the input. */
  window: number;
  /** Conv1d padding of each downsampling stage. */
  padding: number[];
  /** Temporal length after each stage; the last entry is 1. */
  lengths: number[];
}

/** Output length of one `Conv1d(k=3, s=2, padding)` on length `t`. */
export function downsampledLength(t: number, padding: number): number {
  return Math.floor((t + 2 * padding - 3) / 2) + 1;
}

/**
 * Derives (`"auto"`) or validates (explicit list) the temporal schedule for `window` frames.
 * At least two stages are needed (the two graph scales each end with a downsample), so `window ≥ 3`.
 *
 * @example
 * ```ts
 * temporalSchedule(17).padding; // [0, 0, 1, 1] (official)
 * temporalSchedule(17).lengths; // [8, 3, 2, 1]
 * ```
 */
export function temporalSchedule(window: number, padding: "auto" | readonly number[] = "auto"): TemporalSchedule {
  if (!Number.isInteger(window) || window < 3) {
    throw new RangeError(`window must be an integer ≥ 3 (two temporal downsamples are needed); got ${window}`);
  }
  const pads: number[] = [];
  const lengths: number[] = [];
  let t = window;
  if (padding === "auto") {
    while (t > 1) {
      const p = t >= 7 ? 0 : 1;
      pads.push(p);
      t = downsampledLength(t, p);
      lengths.push(t);
    }
  } else {
    for (const [i, p] of padding.entries()) {
      if (!Number.isInteger(p) || p < 0 || p > 2) {
        throw new RangeError(`temporalPadding[${i}] must be 0, 1 or 2; got ${p}`);
      }
      if (t <= 1) {
        throw new RangeError(
          `temporalPadding [${
            padding.join(", ")
          }] has more stages than window ${window} needs (T reaches 1 at stage ${i})`,
        );
      }
      if (t + 2 * p < 3) {
        throw new RangeError(`temporalPadding[${i}] = ${p} is too small for length ${t} (a k=3 conv needs T + 2p ≥ 3)`);
      }
      pads.push(p);
      t = downsampledLength(t, p);
      lengths.push(t);
    }
    if (t !== 1) {
      throw new RangeError(
        `temporalPadding [${padding.join(", ")}] takes window ${window} to ${t}, not 1: ` +
          `lengths ${[window, ...lengths].join(" → ")}; use "auto" or add/adjust stages`,
      );
    }
  }
  if (pads.length < 2) {
    throw new RangeError(`window ${window} needs at least two temporal downsampling stages; got ${pads.length}`);
  }
  return { window, padding: pads, lengths };
}
