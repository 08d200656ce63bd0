/**
 * Helpers of detect-then-track: the landmarks' extent (which places the tracked face box) and the jump test that
 * sends a tracked frame back to the detector.
 *
 * @module
 */
import type { Landmarks68 } from "../data/types.ts";

/** Bounding box of landmarks `[x0, y0, …]`. */
export function extent(lm: Landmarks68): { x: number; y: number; w: number; h: number } {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (let k = 0; k < lm.length; k += 2) {
    x0 = Math.min(x0, lm[k]);
    x1 = Math.max(x1, lm[k]);
    y0 = Math.min(y0, lm[k + 1]);
    y1 = Math.max(y1, lm[k + 1]);
  }
  return { x: x0, y: y0, w: Math.max(1, x1 - x0), h: Math.max(1, y1 - y0) };
}

/** Inter-ocular distance (eye-centre distance) of 68 landmarks. */
function iodOf(lm: Landmarks68): number {
  let dx = 0, dy = 0;
  for (let k = 36; k < 42; k++) {
    dx += (lm[2 * (k + 6)] - lm[2 * k]) / 6;
    dy += (lm[2 * (k + 6) + 1] - lm[2 * k + 1]) / 6;
  }
  return Math.hypot(dx, dy);
}

/**
 * Whether tracked landmarks `b` jumped from the previous `a`: mean point motion or IOD change above
 * `fraction` × IOD.
 */
export function landmarksJumped(a: Landmarks68, b: Landmarks68, fraction: number): boolean {
  const iod = iodOf(a);
  let m = 0;
  for (let k = 0; k < a.length; k += 2) m += Math.hypot(b[k] - a[k], b[k + 1] - a[k + 1]) / (a.length / 2);
  return m > fraction * iod || Math.abs(iodOf(b) - iod) > fraction * iod;
}
