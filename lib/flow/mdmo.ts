/**
 * Main Directional Mean Optical flow (MDMO, Liu et al. 2015) as computed by the ABPN/AUW pipeline
 * (`tools.py:128-268`): keep the most populated angular sector, then the largest `topPercent` of its vectors
 * by magnitude, and return unit(sum) × mean magnitude.
 *
 * @module
 */

/** Sector edges of ROI MDMO: π/6, 5π/6, 7π/6, 11π/6 (sectors of 120°, 60°, 120°, 60°). */
export const ROI_SECTORS: readonly number[] = Object.freeze([
  Math.PI / 6,
  5 * Math.PI / 6,
  7 * Math.PI / 6,
  11 * Math.PI / 6,
]);

/** Sector edges of the nose (global) vector: π/4, 3π/4, 5π/4, 7π/4. */
export const NOSE_SECTORS: readonly number[] = Object.freeze([
  Math.PI / 4,
  3 * Math.PI / 4,
  5 * Math.PI / 4,
  7 * Math.PI / 4,
]);

const TWO_PI = 2 * Math.PI;

/**
 * MDMO of `n` flow vectors `xy = [x0, y0, x1, y1, …]` (image axes, y down) → `[x, y]`.
 *
 * Sectors are `[e0,e1), [e1,e2), [e2,e3), [e3,2π)∪[0,e0)` of the angle in [0, 2π) (`cv2.cartToPolar`); ties go
 * to the first sector. `top = ⌊n_sector · topPercent⌋` vectors with the largest magnitudes are kept (all of them
 * when that is 0, where the reference would divide by zero). `offset` is subtracted from every vector first
 * (the reference's head-motion subtraction).
 *
 * @example
 * ```ts
 * const v = mdmo(new Float32Array([1, 0, 1, 0, 1, 0]), { sectors: ROI_SECTORS, topPercent: 0.6 });
 * // v ≈ [1, 0]
 * ```
 */
export function mdmo(
  xy: Float32Array,
  options: { sectors: readonly number[]; topPercent: number; offset?: readonly [number, number] },
): [number, number] {
  const n = xy.length >> 1;
  if (n === 0) return [0, 0];
  const [e0, e1, e2, e3] = options.sectors;
  const ox = options.offset?.[0] ?? 0, oy = options.offset?.[1] ?? 0;
  const sector = new Uint8Array(n);
  const counts = [0, 0, 0, 0];
  for (let i = 0; i < n; i++) {
    const x = xy[2 * i] - ox, y = xy[2 * i + 1] - oy;
    let a = Math.atan2(y, x);
    if (a < 0) a += TWO_PI;
    const s = a >= e0 && a < e1 ? 0 : a >= e1 && a < e2 ? 1 : a >= e2 && a < e3 ? 2 : 3;
    sector[i] = s;
    counts[s]++;
  }
  let best = 0;
  for (let s = 1; s < 4; s++) if (counts[s] > counts[best]) best = s;
  const m = counts[best];
  const mags = new Float64Array(m);
  const ids = new Int32Array(m);
  for (let i = 0, j = 0; i < n; i++) {
    if (sector[i] !== best) continue;
    mags[j] = Math.hypot(xy[2 * i] - ox, xy[2 * i + 1] - oy);
    ids[j++] = i;
  }
  let top = Math.trunc(m * options.topPercent);
  if (top === 0) top = m;
  const order = Array.from(ids.keys()).sort((a, b) => mags[a] - mags[b]);
  let sx = 0, sy = 0, sm = 0;
  for (let j = m - top; j < m; j++) {
    const k = order[j];
    const i = ids[k];
    sx += xy[2 * i] - ox;
    sy += xy[2 * i + 1] - oy;
    sm += mags[k];
  }
  const norm = Math.hypot(sx, sy) + 1e-6;
  const mean = sm / top;
  return [(sx / norm) * mean, (sy / norm) * mean];
}
