/**
 * SW-MRO feature extraction of one video (paper §3.1): pad ⌊w/2⌋ copies of the first/last frame, take for every
 * frame i the clip c_i of w frames centred on i, and compute per-ROI MDMO flow from c_i^1 to every c_i^s
 * (o_i^1 = 0), with head motion from the nose-tip region, in the canonical face frame of c_i^1
 * (`faceIod`, see `face_frame.ts`). Streams frames: only the frames of the current window
 * (plus the large-window reference) are held, as `cv.Mat`s that are deleted as the window moves on.
 *
 * @module
 */
import { type CV, cvError, loadOpenCV } from "../cv/opencv.ts";
import type { FeatureArray, FrameSource, Landmarks68 } from "../data/types.ts";
import { type FlowOptions, type FlowOptionsInput, largeWindowLength, resolveFlow } from "./options.ts";
import { faceTransform, type PairFrame, transformLandmarks } from "./face_frame.ts";
import { PatchFlow } from "./patch_flow.ts";
import { ROI_LAYOUTS } from "../graph/mod.ts";
import { interOcular, landmarkProblem, type RoiGeometry, roiGeometry } from "./rois.ts";

/** Extra, non-feature options of {@link extractFeatures}. */
export interface ExtractHooks {
  /** Called after each window with the number of windows done so far. */
  onProgress?: (done: number, total: number) => void;
  /** First window (frame) to compute, inclusive. @default 0 */
  start?: number;
  /** Last window, exclusive. @default N */
  end?: number;
}

/**
 * The flow pairs `[a, b]` (0-based video frames) of window i: o_i^s = OF(a → b) for s = 1..w.
 * Padding is the clamping of `i − h + s − 1` to [0, N−1] (h = ⌊w/2⌋).
 */
export function windowPairs(i: number, n: number, o: FlowOptions): [number, number][] {
  const w = o.window, h = w >> 1;
  const idx = (s: number) => Math.min(n - 1, Math.max(0, i - h + s - 1));
  const out: [number, number][] = [];
  switch (o.strategy) {
    case "sw-mro":
      for (let s = 1; s <= w; s++) out.push([idx(1), idx(s)]);
      break;
    case "adjacent":
      for (let s = 1; s <= w; s++) out.push([idx(s === 1 ? 1 : s - 1), idx(s)]);
      break;
    case "large-window": {
      const L = largeWindowLength(o);
      const ref = Math.floor(idx(1) / L) * L;
      for (let s = 1; s <= w; s++) out.push([ref, idx(s)]);
      break;
    }
  }
  return out;
}

/** ROI geometry of a pair in the face frame of its first frame, and that frame. */
export type PairGeometry = RoiGeometry & { frame: PairFrame };

/**
 * Where the flow of a pair whose first frame has landmarks `lm` is measured: the canonical face transform
 * (`faceIod`, or the identity at 0) and the ROI geometry in that frame.
 */
export function pairGeometry(lm: Landmarks68, options: FlowOptions): PairGeometry {
  const transform = faceTransform(lm, options.faceIod);
  const face = options.faceIod > 0 ? transformLandmarks(lm, transform) : lm;
  return { ...roiGeometry(face, options.rois, options), frame: { transform, iod: interOcular(face) } };
}

function checkLandmarks(landmarks: readonly Landmarks68[], n: number): void {
  if (landmarks.length !== n && landmarks.length !== 1) {
    throw new RangeError(
      `extractFeatures: got landmarks for ${landmarks.length} frames but the video has ${n}; give one set per frame ` +
        `(or a single set for a static face)`,
    );
  }
  landmarks.forEach((lm, k) => {
    const p = landmarkProblem(lm, `extractFeatures: landmarks of frame ${k}`);
    if (p) throw new RangeError(p);
  });
}

/**
 * Computes the features of windows `[start, end)` of a video with an already resolved `options`.
 * Returns `(end − start, w, R, 2)` float32 row-major.
 */
export async function extractRange(
  frames: FrameSource,
  landmarks: readonly Landmarks68[],
  options: FlowOptions & ExtractHooks,
): Promise<Float32Array> {
  const n = frames.length;
  const start = options.start ?? 0, end = options.end ?? n;
  const w = options.window, h = w >> 1, R = ROI_LAYOUTS[options.rois].landmarks.length;
  const out = new Float32Array(Math.max(0, end - start) * w * R * 2);
  if (end <= start) return out;
  const cv: CV = await loadOpenCV();
  const flow = new PatchFlow(cv, options);
  const mats = new Map<number, CV>();
  const geos = new Map<number, PairGeometry>();
  const pairCache = new Map<number, Float32Array>();
  let size: { width: number; height: number } | undefined;
  const mat = async (j: number): Promise<CV> => {
    let m = mats.get(j);
    if (m) return m;
    let f;
    try {
      f = await frames.read(j);
    } catch (e) {
      throw new Error(`extractFeatures: cannot read frame ${j} of ${n}: ${(e as Error).message}`, { cause: e });
    }
    if (!size) size = { width: f.width, height: f.height };
    else if (f.width !== size.width || f.height !== size.height) {
      throw new Error(
        `extractFeatures: frame ${j} (${
          frames.describe(j)
        }) is ${f.width}×${f.height}, expected ${size.width}×${size.height}`,
      );
    }
    m = new cv.Mat(f.height, f.width, cv.CV_8UC1);
    (m.data as Uint8Array).set(f.data);
    mats.set(j, m);
    return m;
  };
  const lmIndex = (a: number) => (options.landmarkRule === "video-first" || landmarks.length === 1 ? 0 : a);
  const geo = (a: number): PairGeometry => {
    const k = lmIndex(a);
    let g = geos.get(k);
    if (!g) {
      g = pairGeometry(landmarks[k], options);
      geos.set(k, g);
    }
    return g;
  };
  try {
    for (let i = start; i < end; i++) {
      const pairs = windowPairs(i, n, options);
      const lo = Math.max(0, i - h), hi = Math.min(n - 1, i + h);
      const keep = new Set<number>();
      for (const [a, b] of pairs) keep.add(a).add(b);
      for (const [j, m] of mats) {
        if (!keep.has(j) && (j < lo || j > hi)) {
          m.delete();
          mats.delete(j);
        }
      }
      for (const key of pairCache.keys()) if (key % n < lo && Math.floor(key / n) < lo) pairCache.delete(key);
      for (const k of geos.keys()) if (k < lo && k !== 0 && !keep.has(k)) geos.delete(k);
      const base = (i - start) * w * R * 2;
      for (let s = 0; s < w; s++) {
        const [a, b] = pairs[s];
        if (a === b) continue; // identical (padded) frames: zero flow
        const key = a * n + b;
        let v = pairCache.get(key);
        if (!v) {
          v = new Float32Array(R * 2);
          const ma = await mat(a), mb = await mat(b);
          try {
            const g = geo(a);
            flow.pair(ma, mb, g, v, 0, g.frame, a);
          } catch (e) {
            throw cvError(cv, e, `extractFeatures: flow ${frames.describe(a)} → ${frames.describe(b)}`);
          }
          pairCache.set(key, v);
        }
        out.set(v, base + s * R * 2);
      }
      options.onProgress?.(i - start + 1, end - start);
    }
  } finally {
    for (const m of mats.values()) m.delete();
    flow.delete();
  }
  return out;
}

/**
 * SW-MRO features of one video: `(N, w, R, 2)` float32 (paper §3.1, the layout of the official
 * `<subject>/<video>.npy`). `landmarks` holds one 68-point set per frame (or one set for all frames).
 *
 * @example
 * ```ts ignore
 * const f = await extractFeatures(openFrames(paths), landmarks, { window: 17 });
 * f.shape; // [N, 17, 10, 2]
 * ```
 */
export async function extractFeatures(
  frames: FrameSource,
  landmarks: readonly Landmarks68[],
  options: FlowOptionsInput & ExtractHooks = {},
): Promise<FeatureArray> {
  const { onProgress, start, end, ...flowOpts } = options;
  const o = resolveFlow(flowOpts);
  const n = frames.length;
  if (n === 0) throw new RangeError("extractFeatures: the video has no frames");
  checkLandmarks(landmarks, n);
  const data = await extractRange(frames, landmarks, { ...o, onProgress, start, end });
  const rows = (end ?? n) - (start ?? 0);
  return { data, shape: [rows, o.window, ROI_LAYOUTS[o.rois].landmarks.length, 2] };
}
