/**
 * Landmarks of the frames between two landmark-net runs (`FaceApiOptions.every`): linear interpolation between the
 * nearest computed frames before and after, point by point.
 *
 * @module
 */
import type { Landmarks68 } from "../data/types.ts";

/**
 * Fills the `undefined` entries of `list` (frames the landmark net skipped) by linear interpolation between the
 * nearest computed entries before and after; `null` entries (computed, no face) stay `null`, and a skipped frame
 * next to one takes the other neighbour's landmarks (`null` when both have no face, for `fillMissing` to repair).
 * Skipped frames before the first or after the last computed entry take that entry. Returns a new array.
 *
 * @example
 * ```ts
 * const a = new Float32Array(136), b = new Float32Array(136).fill(3);
 * interpolateLandmarks([a, undefined, undefined, b])[1]![0]; // 1
 * ```
 */
export function interpolateLandmarks(
  list: readonly (Landmarks68 | null | undefined)[],
): (Landmarks68 | null)[] {
  const out: (Landmarks68 | null)[] = new Array(list.length);
  let prev = -1;
  for (let i = 0; i <= list.length; i++) {
    if (i < list.length && list[i] === undefined) continue;
    // fill the skipped frames (prev, i)
    const a = prev >= 0 ? list[prev]! : null, b = i < list.length ? list[i]! : null;
    for (let k = prev + 1; k < i; k++) {
      if (a && b) {
        const t = (k - prev) / (i - prev), lm = new Float32Array(136);
        for (let j = 0; j < 136; j++) lm[j] = a[j] + (b[j] - a[j]) * t;
        out[k] = lm;
      } else out[k] = a ?? b;
    }
    if (i < list.length) out[i] = list[i]!;
    prev = i;
  }
  return out;
}
