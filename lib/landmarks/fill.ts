/**
 * Repair of frames without a face: reuse the last good landmarks (the first good ones before it), with one
 * warning naming the frames; a clear error when a video has no face at all.
 *
 * @module
 */
import type { Landmarks68 } from "../data/types.ts";

/** Compresses sorted frame indices into `3-5, 9` ranges. */
export function frameRanges(frames: readonly number[]): string {
  const parts: string[] = [];
  for (let k = 0; k < frames.length;) {
    let j = k;
    while (j + 1 < frames.length && frames[j + 1] === frames[j] + 1) j++;
    parts.push(j === k ? `${frames[k]}` : `${frames[k]}-${frames[j]}`);
    k = j + 1;
  }
  return parts.join(", ");
}

/**
 * Fills `null` entries (no face) with the last good landmarks (frames before the first face get the first good
 * ones). `what` names the video in messages.
 *
 * @throws Error when no frame has a face.
 * @example
 * ```ts
 * const a = new Float32Array(136);
 * const r = fillMissing([null, a, null], "v1");
 * r.warnings; // ["v1: no face in frames 0, 2 of 3; reused the nearest earlier (or first) good landmarks"]
 * ```
 */
export function fillMissing(
  list: readonly (Landmarks68 | null)[],
  what: string,
): { landmarks: Landmarks68[]; warnings: string[] } {
  const firstGood = list.findIndex((l) => l !== null);
  if (firstGood < 0) {
    throw new Error(
      `${what}: no face found in any of the ${list.length} frames checked; check that the video shows a frontal ` +
        `face, or give landmarks as an OpenFace-style CSV (x_0..x_67, y_0..y_67)`,
    );
  }
  const missing: number[] = [];
  let last = list[firstGood]!;
  const landmarks = list.map((l, i) => {
    if (l === null) {
      missing.push(i);
      return last;
    }
    last = l;
    return l;
  });
  const warnings = missing.length === 0 ? [] : [
    `${what}: no face in frames ${frameRanges(missing)} of ${list.length}; reused the nearest earlier (or first) ` +
    `good landmarks`,
  ];
  return { landmarks, warnings };
}
