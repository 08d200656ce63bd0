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
  if (sector.length < n) grow(n);
  let c0 = 0, c1 = 0, c2 = 0, c3 = 0;
  for (let i = 0; i < n; i++) {
    const x = xy[2 * i] - ox, y = xy[2 * i + 1] - oy;
    let a = Math.atan2(y, x);
    if (a < 0) a += TWO_PI;
    const s = a >= e0 && a < e1 ? 0 : a >= e1 && a < e2 ? 1 : a >= e2 && a < e3 ? 2 : 3;
    sector[i] = s;
    if (s === 0) c0++;
    else if (s === 1) c1++;
    else if (s === 2) c2++;
    else c3++;
  }
  // the first most populated sector
  let best = 0, m = c0;
  if (c1 > m) best = 1, m = c1;
  if (c2 > m) best = 2, m = c2;
  if (c3 > m) best = 3, m = c3;
  let finite = true;
  for (let i = 0, j = 0; i < n; i++) {
    if (sector[i] !== best) continue;
    const g = Math.hypot(xy[2 * i] - ox, xy[2 * i + 1] - oy);
    if (!Number.isFinite(g)) finite = false;
    mags[j] = g;
    ids[j++] = i;
  }
  let top = Math.trunc(m * options.topPercent);
  if (top === 0) top = m;
  sortByMagnitude(m, finite);
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

// Scratch of mdmo, grown on demand (mdmo is synchronous, so one set per thread is enough).
let sector = new Uint8Array(0);
let mags = new Float64Array(0);
let ids = new Int32Array(0);
let order = new Int32Array(0);

function grow(n: number): void {
  sector = new Uint8Array(n);
  mags = new Float64Array(n);
  ids = new Int32Array(n);
  order = new Int32Array(n);
}

/**
 * `order[0..m)` = `0..m−1` sorted by `mags` ascending, ties by index: the permutation of a stable sort with the
 * comparator `mags[a] − mags[b]` (what `Array.prototype.sort` gives), by binary insertion. With a non-finite
 * magnitude that comparator is not a consistent order, so `Array.prototype.sort` itself decides; it also sorts
 * long runs (insertion moves grow with m²).
 */
function sortByMagnitude(m: number, finite: boolean): void {
  if (!finite || m > 256) {
    const o = Array.from({ length: m }, (_, k) => k).sort((a, b) => mags[a] - mags[b]);
    order.set(o);
    return;
  }
  for (let k = 0; k < m; k++) {
    const g = mags[k];
    // first position whose magnitude is greater than g (after every equal one: stable)
    let lo = 0, hi = k;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (mags[order[mid]] > g) hi = mid;
      else lo = mid + 1;
    }
    for (let j = k; j > lo; j--) order[j] = order[j - 1];
    order[lo] = k;
  }
}
