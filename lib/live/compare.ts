/**
 * Comparing a headless live run with `deno task spot` on the same clip: the page processes the frames the fake camera
 * delivers (it may drop some when it falls behind), each carrying its frame tag. {@link spotLandmarkRows} places the
 * page's landmarks at their frames for `spot --landmarks`, and {@link compareLiveWithSpot} compares the probabilities
 * of the windows whose 17 frames the page saw without a gap — there both ran the same SW-MRO on the same landmarks.
 *
 * @module
 */

/**
 * Landmark rows (`136` values each) for every frame of a `frameCount`-frame clip from the page's per-processed-frame
 * `landmarks` and `tags`: a frame the page did not process gets the landmarks of the nearest earlier processed frame
 * (the first processed one before it).
 */
export function spotLandmarkRows(
  landmarks: readonly (readonly number[])[],
  tags: readonly (number | null)[],
  frameCount: number,
): number[][] {
  const at = new Map<number, readonly number[]>();
  tags.forEach((t, k) => {
    if (t !== null && t < frameCount && !at.has(t)) at.set(t, landmarks[k]);
  });
  if (at.size === 0) throw new Error("compare: the live run has no tagged frame inside the clip");
  let last = at.get(Math.min(...at.keys()))!;
  const rows: number[][] = [];
  for (let f = 0; f < frameCount; f++) {
    last = at.get(f) ?? last;
    rows.push([...last]);
  }
  return rows;
}

/** Result of {@link compareLiveWithSpot}. */
export interface LiveSpotComparison {
  /** Windows compared (page frame index k ↔ clip frame tags[k]). */
  compared: number;
  /** Largest and mean absolute difference over the compared windows and all 10 columns. */
  maxAbs: number;
  meanAbs: number;
  /** The same for the apex and action columns (6-9) only. */
  maxAbsApexAction: number;
}

/**
 * Compares live probabilities (`T × 10`, page frame order) with spot's (`N × 10`, clip frame order) on windows whose
 * frames `tag − h … tag + h` were all processed consecutively by the page (h = ⌊window/2⌋) and lie inside the clip.
 */
export function compareLiveWithSpot(
  live: Float32Array,
  tags: readonly (number | null)[],
  spot: Float32Array,
  window: number,
): LiveSpotComparison {
  const h = window >> 1, N = spot.length / 10;
  let compared = 0, maxAbs = 0, sum = 0, maxAA = 0;
  for (let k = 0; k < tags.length; k++) {
    const t = tags[k];
    if (t === null || t + h >= N) continue;
    let ok = true;
    for (let d = -h; d <= h && ok; d++) {
      const j = k + d, want = t + d;
      if (want < 0) continue; // before the clip start: both pad with frame 0
      ok = j >= 0 && j < tags.length && tags[j] === want;
    }
    if (!ok) continue;
    compared++;
    for (let c = 0; c < 10; c++) {
      const d = Math.abs(live[k * 10 + c] - spot[t * 10 + c]);
      maxAbs = Math.max(maxAbs, d);
      sum += d;
      if (c >= 6) maxAA = Math.max(maxAA, d);
    }
  }
  return { compared, maxAbs, meanAbs: compared ? sum / (compared * 10) : NaN, maxAbsApexAction: maxAA };
}
