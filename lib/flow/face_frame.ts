/**
 * The canonical face frame of SW-MRO: a similarity transform from video pixels to a face-aligned frame in which
 * the eye line is horizontal and the inter-ocular distance (IOD) is a fixed number of pixels. Flow computed in
 * this frame means the same on a small webcam face and on a large SAMM-LV face: the Farneback window, the pyramid
 * and the ROI size are fixed fractions of the face (the reference pipelines crop and resize the face before flow).
 *
 * @module
 */
import type { Landmarks68 } from "../data/types.ts";

/**
 * A similarity transform `p' = [a −b; b a]·p + (tx, ty)` from video pixels to face pixels. `scale = √(a² + b²)`.
 * The identity (`a = 1, b = 0, t = 0`) is the native frame.
 */
export interface FaceTransform {
  a: number;
  b: number;
  tx: number;
  ty: number;
}

/** The identity transform (native scale, no rotation). */
export const NATIVE_FRAME: Readonly<FaceTransform> = Object.freeze({ a: 1, b: 0, tx: 0, ty: 0 });

/** Where one frame pair is measured: the face transform of the window's first frame and the face's IOD in it. */
export interface PairFrame {
  /** Video px → face px (the canonical face frame, or the identity). */
  transform: FaceTransform;
  /** Inter-ocular distance in face px. */
  iod: number;
}

/** Eye centres (means of landmarks 36-41 and 42-47), `[lx, ly, rx, ry]` in image coordinates. */
export function eyeCentres(lm: Landmarks68): [number, number, number, number] {
  let lx = 0, ly = 0, rx = 0, ry = 0;
  for (let k = 36; k < 42; k++) {
    lx += lm[2 * k] / 6;
    ly += lm[2 * k + 1] / 6;
    rx += lm[2 * (k + 6)] / 6;
    ry += lm[2 * (k + 6) + 1] / 6;
  }
  return [lx, ly, rx, ry];
}

/**
 * The transform that rotates the eye line of `lm` to horizontal and scales its IOD to `iod` px, keeping the
 * midpoint of the eyes at `(2·iod, 1.5·iod)` (a face box of about 4·iod × 4·iod around it holds every ROI).
 * `iod = 0` gives {@link NATIVE_FRAME}.
 *
 * @example
 * ```ts ignore
 * const t = faceTransform(landmarks, 64); // IOD 64 px, eyes level
 * ```
 */
export function faceTransform(lm: Landmarks68, iod: number): FaceTransform {
  if (iod === 0) return { ...NATIVE_FRAME };
  const [lx, ly, rx, ry] = eyeCentres(lm);
  const dx = rx - lx, dy = ry - ly, d = Math.hypot(dx, dy);
  if (!(d > 1e-6)) throw new RangeError(`faceTransform: the eye centres coincide (IOD ${d}); check the landmarks`);
  const s = iod / d, c = dx / d, sn = dy / d;
  // rotate by −θ (θ = eye-line angle) and scale: a = s·cos θ, b = −s·sin θ
  const a = s * c, b = -s * sn;
  const mx = (lx + rx) / 2, my = (ly + ry) / 2;
  return { a, b, tx: 2 * iod - (a * mx - b * my), ty: 1.5 * iod - (b * mx + a * my) };
}

/** Applies `t` to every landmark: face-frame landmarks `[x0, y0, …]`. */
export function transformLandmarks(lm: Landmarks68, t: FaceTransform): Float32Array {
  const out = new Float32Array(lm.length);
  for (let k = 0; k < lm.length; k += 2) {
    out[k] = t.a * lm[k] - t.b * lm[k + 1] + t.tx;
    out[k + 1] = t.b * lm[k] + t.a * lm[k + 1] + t.ty;
  }
  return out;
}

/**
 * The 2×3 matrix (row-major) mapping a patch pixel `(u, v)` whose top-left corner is the face-frame point
 * `(x0, y0)` to video pixels: `T⁻¹(x0 + u, y0 + v)` (for `cv.warpAffine` with `WARP_INVERSE_MAP`).
 */
export function patchToVideo(t: FaceTransform, x0: number, y0: number): number[] {
  const k = 1 / (t.a * t.a + t.b * t.b);
  const ia = t.a * k, ib = -t.b * k; // T⁻¹ linear part is [ia −ib; ib ia]
  const px = x0 - t.tx, py = y0 - t.ty;
  return [ia, -ib, ia * px - ib * py, ib, ia, ib * px + ia * py];
}

/** True when `t` is a pure translation (native scale, no rotation). */
export function isTranslation(t: FaceTransform): boolean {
  return t.a === 1 && t.b === 0;
}
