/**
 * ROI geometry from 68 iBUG landmarks (paper Fig. 3; ABPN/AUW `tools.py:180-249`); the layouts are in lib/graph.
 *
 * @module
 */
import type { Landmarks68 } from "../data/types.ts";
import { ROI_LAYOUTS, type RoiLayout } from "../graph/mod.ts";

/** An integer pixel box, inclusive bounds. */
export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Where to measure flow for one pair: ROI centres (integer px), ROI radius and the nose box. */
export interface RoiGeometry {
  /** Integer ROI centres `[x0, y0, x1, y1, …]`, R entries. */
  centres: Int32Array;
  /** ROI half-size r: each ROI is the (2r+1)² square around its centre. */
  radius: number;
  /** ROI counts of the facial parts, in ROI order (e.g. [3, 3, 4]). */
  parts: readonly number[];
  /** Nose-tip box (landmarks 29-30 enlarged by ⌊0.35·(x42 − x39)/2⌋, ABPN `cal_global_optflow_vector`). */
  nose: Box;
}

/** Inter-ocular distance: distance between the mean of landmarks 36-41 and of 42-47, in px. */
export function interOcular(lm: Landmarks68): number {
  let lx = 0, ly = 0, rx = 0, ry = 0;
  for (let k = 36; k < 42; k++) {
    lx += lm[2 * k];
    ly += lm[2 * k + 1];
    rx += lm[2 * (k + 6)];
    ry += lm[2 * (k + 6) + 1];
  }
  return Math.hypot(rx - lx, ry - ly) / 6;
}

/**
 * ROI geometry of a layout on one face. The radius is `roiRadius · IOD / referenceIod` rounded (≥ 2),
 * or `roiRadius` itself when `referenceIod` is 0.
 *
 * @example
 * ```ts ignore
 * const g = roiGeometry(landmarks, "spotformer-10", { roiRadius: 5, referenceIod: 90 });
 * g.centres.length; // 20
 * ```
 */
export function roiGeometry(
  lm: Landmarks68,
  layout: RoiLayout,
  options: { roiRadius: number; referenceIod: number },
): RoiGeometry {
  const idx = ROI_LAYOUTS[layout].landmarks;
  const centres = new Int32Array(idx.length * 2);
  idx.forEach((k, r) => {
    centres[2 * r] = Math.round(lm[2 * k]);
    centres[2 * r + 1] = Math.round(lm[2 * k + 1]);
  });
  const radius = options.referenceIod > 0
    ? Math.max(2, Math.round(options.roiRadius * interOcular(lm) / options.referenceIod))
    : Math.max(1, Math.round(options.roiRadius));
  const b = Math.max(1, Math.trunc(0.35 * (lm[2 * 42] - lm[2 * 39]) / 2));
  const xs = [lm[58], lm[60]].map(Math.trunc);
  const ys = [lm[59], lm[61]].map(Math.trunc);
  const nose = {
    x0: Math.min(...xs) - b,
    y0: Math.min(...ys) - b,
    x1: Math.max(...xs) + b,
    y1: Math.max(...ys) + b,
  };
  return { centres, radius, nose, parts: ROI_LAYOUTS[layout].parts };
}

/**
 * Checks one landmark set: 136 finite values. Returns an error message naming `what`, or undefined.
 */
export function landmarkProblem(lm: Landmarks68 | undefined, what: string): string | undefined {
  if (!lm || lm.length !== 136) return `${what}: expected 136 values (68 × (x, y)), got ${lm?.length ?? "none"}`;
  for (let k = 0; k < 136; k++) {
    if (!Number.isFinite(lm[k])) return `${what}: value ${k} (landmark ${k >> 1}) is ${lm[k]}`;
  }
  return undefined;
}
