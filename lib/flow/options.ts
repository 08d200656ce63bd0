/**
 * Options of SW-MRO feature extraction (paper §3.1) and its ablation baselines.
 *
 * @module
 */
import { ROI_LAYOUT_NAMES, type RoiLayout } from "../graph/mod.ts";
import type { LandmarkRule } from "../landmarks/types.ts";

/**
 * How the flow vectors of a window are taken (paper §3.1, Table 2, Fig. 5):
 * - `sw-mro`: o_i^s = OF(c_i^1 → c_i^s), s = 1..w, o_i^1 = 0 (the paper's feature);
 * - `adjacent`: o_i^s = OF(c_i^{s-1} → c_i^s), o_i^1 = 0 (Table 2 "without SW-MRO");
 * - `large-window`: o_i^s = OF(v_ref → c_i^s), v_ref the first frame of the length-L segment
 *   (segments `[kL, (k+1)L)` of the padded-then-clipped video) holding c_i^1 (Fig. 5 c).
 */
export type FlowStrategy = "sw-mro" | "adjacent" | "large-window";

/**
 * Head-motion compensation from the nose-tip region (paper Eq. 1). In every mode the later frame's ROI patches
 * follow a coarse estimate of each ROI's displacement (coarse-to-fine tracking, see `patch_flow.ts`, so motion
 * larger than the Farneback window is still measured); the modes differ in what is reported:
 * - `realign`: flow between the ROI patch of c_i^1 and the patch of c_i^s re-aligned by the nose vector g
 *   (sub-pixel; paper: the face box of c_i^s is adjusted by the nose-tip flow), so a pure head translation gives ≈ 0;
 * - `subtract`: the ROI flow in video (or canonical-face) coordinates with g subtracted from every vector before
 *   MDMO (ABPN/AUW `tools.py`);
 * - `none`: the ROI flow, head motion included (no nose vector is computed).
 */
export type HeadAlign = "realign" | "subtract" | "none";

/** Patch grouping of the Farneback computation (see {@link FlowOptions.patches}). */
export type PatchMode = "part" | "roi";

/**
 * How the nose-tip region's flow becomes the head-motion vector:
 * - `mdmo`: the ABPN/AUW rule (`tools.py:180-231`): most populated of four 90° sectors, top 88 % by magnitude,
 *   unit(sum) × mean magnitude (the reference pipeline's code);
 * - `mean`: the plain mean of the flow over the nose-tip area, paper Eq. 1.
 */
export type NoseVector = "mdmo" | "mean";

/**
 * Farneback parameters (`cv.calcOpticalFlowFarneback`). The paper names Farneback [51] without parameters and the
 * ABPN/AUW reference pipeline computes TV-L1 flow (`denseflow -a=tvl1`), so neither fixes them: the defaults are
 * the values of OpenCV's dense optical-flow tutorial and `calcOpticalFlowFarneback` examples
 * (0.5, 3, 15, 3, 5, 1.2, 0).
 */
export interface FarnebackOptions {
  /** Pyramid scale. @default 0.5 */
  pyrScale: number;
  /** Pyramid levels. @default 3 */
  levels: number;
  /** Averaging window size (px). @default 15 */
  winsize: number;
  /** Iterations per level. @default 3 */
  iterations: number;
  /** Polynomial expansion neighbourhood. @default 5 */
  polyN: number;
  /** Gaussian sigma of the polynomial expansion. @default 1.2 */
  polySigma: number;
  /** OpenCV flags (0, or OPTFLOW_FARNEBACK_GAUSSIAN = 256). @default 0 */
  flags: number;
}

/**
 * Where Farneback runs: `opencv-js` (OpenCV.js, WebAssembly, everywhere) or `native` (Debian's OpenCV through Deno
 * FFI, `lib/cv/native_flow.ts`; built by `scripts/setup.sh`). Everything else (patches, pyramids, MDMO) is the same
 * code. They agree to float rounding (bit for bit on the tested patches), but features are keyed by engine.
 */
export type FlowEngine = "opencv-js" | "native";

/** The flow engines. */
export const FLOW_ENGINES: readonly FlowEngine[] = ["opencv-js", "native"];

/** Options of {@link extractFeatures}. */
export interface FlowOptions {
  /** Window length w (odd, ≥ 3). @default 17 */
  window: number;
  /** Flow strategy. @default "sw-mro" */
  strategy: FlowStrategy;
  /** Segment length L of `large-window`; 0 means 4·w. @default 0 */
  largeWindow: number;
  /** ROI layout. @default "spotformer-10" */
  rois: RoiLayout;
  /** Head-motion compensation. @default "realign" */
  align: HeadAlign;
  /** Landmarks placing the ROIs. @default "window-first" */
  landmarkRule: LandmarkRule;
  /** ROI half-size r in px at `referenceIod` (patch (2r+1)², ABPN `radius=5` → 11×11). @default 5 */
  roiRadius: number;
  /**
   * Inter-ocular distance (eye centres, px) at which `roiRadius` applies; the radius scales with the
   * face's IOD. 0 keeps `roiRadius` fixed in pixels. 90 px ≈ a CAS(ME)² face (640×480 frames, no resize,
   * the face scale of the ABPN pipeline). @default 90
   */
  referenceIod: number;
  /**
   * Farneback patches: `part` computes one patch per facial part (the union of its ROIs + margin) when that is
   * smaller than one patch per ROI, `roi` always one patch per ROI. @default "part"
   */
  patches: PatchMode;
  /** Fraction of the main-direction vectors kept (largest magnitudes) for ROI MDMO. @default 0.6 */
  topPercent: number;
  /** Same for the nose (global) vector. @default 0.88 */
  noseTopPercent: number;
  /**
   * Canonical face scale: flow is computed on the face rotated so the eyes are level and resized so that the
   * inter-ocular distance is `faceIod` px (the transform of each window's first frame, applied to every frame of
   * the window); flow vectors are then in px of that canonical face. 0 keeps the video's native scale and
   * orientation (vectors in video px). The ROI radius follows `referenceIod` in either case. 44 px is the face of
   * a 256×256 webcam frame and of SynthFace at 128²; on real-photo SynthFace videos it kept the micro-expression
   * peaks highest over the neutral level (median 8.0× vs 4.4× at 64 px and 7.7× native). @default 44
   */
  faceIod: number;
  /**
   * Largest head displacement tracked between the first and any frame of a window, as a fraction of the IOD: the
   * nose-tip patch gets this much margin (and enough pyramid levels) before the ROI patches follow it. @default 0.35
   */
  maxMotion: number;
  /**
   * Largest local (expression) displacement tracked inside a ROI after the head motion is followed, as a fraction
   * of the IOD: the ROI patches get this much margin. @default 0.2
   */
  localMotion: number;
  /** Head-motion vector of the nose-tip region. @default "mdmo" */
  noseVector: NoseVector;
  /** Farneback parameters. */
  farneback: FarnebackOptions;
  /**
   * Flow engine ({@link FlowEngine}). Absent means `opencv-js`, and {@link resolveFlow} drops an explicit
   * `opencv-js`, so that configs, feature caches and published results written before the option existed keep
   * their hashes. @default "opencv-js"
   */
  engine?: FlowEngine;
}

/** Default Farneback parameters: OpenCV's tutorial values (see {@link FarnebackOptions}). */
export const DEFAULT_FARNEBACK: Readonly<FarnebackOptions> = Object.freeze({
  pyrScale: 0.5,
  levels: 3,
  winsize: 15,
  iterations: 3,
  polyN: 5,
  polySigma: 1.2,
  flags: 0,
});

/** Default flow options (paper §3.1 with the ABPN/AUW ROI and MDMO numbers). */
export const DEFAULT_FLOW: Readonly<FlowOptions> = Object.freeze({
  window: 17,
  strategy: "sw-mro",
  largeWindow: 0,
  rois: "spotformer-10",
  align: "realign",
  landmarkRule: "window-first",
  roiRadius: 5,
  referenceIod: 90,
  patches: "part",
  topPercent: 0.6,
  noseTopPercent: 0.88,
  faceIod: 44,
  maxMotion: 0.35,
  localMotion: 0.2,
  noseVector: "mdmo",
  farneback: DEFAULT_FARNEBACK,
}) as Readonly<FlowOptions>;

/** Options for {@link resolveFlow}: every field optional, `farneback` partial too. */
export type FlowOptionsInput = Partial<Omit<FlowOptions, "farneback">> & { farneback?: Partial<FarnebackOptions> };

const CHOICES = {
  strategy: ["sw-mro", "adjacent", "large-window"],
  rois: ROI_LAYOUT_NAMES,
  align: ["realign", "subtract", "none"],
  landmarkRule: ["window-first", "video-first"],
  patches: ["part", "roi"],
  noseVector: ["mdmo", "mean"],
} as const;

function checkKeys(what: string, obj: object, known: readonly string[]): void {
  for (const k of Object.keys(obj)) {
    if (!known.includes(k)) throw new TypeError(`${what}: unknown option "${k}"; known: ${known.join(", ")}`);
  }
}

function checkNum(name: string, v: unknown, lo: number, hi: number, integer: boolean): void {
  if (typeof v !== "number" || !Number.isFinite(v)) {
    throw new TypeError(`resolveFlow: ${name} must be a finite number, got ${JSON.stringify(v)}`);
  }
  if (v < lo || v > hi || (integer && !Number.isInteger(v))) {
    throw new RangeError(
      `resolveFlow: ${name} must be ${integer ? "an integer" : "a number"} in [${lo}, ${hi}], got ${v}`,
    );
  }
}

/**
 * Merges partial options over {@link DEFAULT_FLOW} and validates them (unknown keys → TypeError,
 * out-of-range values → RangeError). Never mutates its input or the defaults.
 *
 * @example
 * ```ts
 * const o = resolveFlow({ window: 9, farneback: { levels: 2 } });
 * o.farneback.winsize; // 15
 * ```
 */
export function resolveFlow(partial: FlowOptionsInput = {}): FlowOptions {
  checkKeys("resolveFlow", partial, [...Object.keys(DEFAULT_FLOW), "engine"]);
  checkKeys("resolveFlow: farneback", partial.farneback ?? {}, Object.keys(DEFAULT_FARNEBACK));
  const out: FlowOptions = {
    ...DEFAULT_FLOW,
    ...partial,
    farneback: { ...DEFAULT_FARNEBACK, ...(partial.farneback ?? {}) },
  } as FlowOptions;
  if (out.engine !== undefined && !FLOW_ENGINES.includes(out.engine)) {
    throw new TypeError(
      `resolveFlow: engine must be one of ${FLOW_ENGINES.join(", ")}; got ${JSON.stringify(out.engine)}`,
    );
  }
  if (out.engine === "opencv-js") delete out.engine;
  for (const [k, choices] of Object.entries(CHOICES)) {
    const v = (out as unknown as Record<string, unknown>)[k];
    if (!(choices as readonly unknown[]).includes(v)) {
      throw new TypeError(`resolveFlow: ${k} must be one of ${choices.join(", ")}; got ${JSON.stringify(v)}`);
    }
  }
  checkNum("window", out.window, 3, 1001, true);
  if (out.window % 2 !== 1) throw new RangeError(`resolveFlow: window must be odd (centre frame), got ${out.window}`);
  checkNum("largeWindow", out.largeWindow, 0, 1e6, true);
  if (out.largeWindow !== 0 && out.largeWindow < 2) {
    throw new RangeError(`resolveFlow: largeWindow must be 0 (= 4·window) or ≥ 2, got ${out.largeWindow}`);
  }
  checkNum("roiRadius", out.roiRadius, 1, 64, false);
  checkNum("referenceIod", out.referenceIod, 0, 10000, false);
  checkNum("topPercent", out.topPercent, 0.01, 1, false);
  checkNum("noseTopPercent", out.noseTopPercent, 0.01, 1, false);
  checkNum("faceIod", out.faceIod, 0, 1000, false);
  if (out.faceIod !== 0 && out.faceIod < 16) {
    throw new RangeError(`resolveFlow: faceIod must be 0 (native scale) or ≥ 16 px, got ${out.faceIod}`);
  }
  checkNum("maxMotion", out.maxMotion, 0, 2, false);
  checkNum("localMotion", out.localMotion, 0, 1, false);
  const f = out.farneback;
  checkNum("farneback.pyrScale", f.pyrScale, 0.05, 0.95, false);
  checkNum("farneback.levels", f.levels, 1, 10, true);
  checkNum("farneback.winsize", f.winsize, 3, 101, true);
  checkNum("farneback.iterations", f.iterations, 1, 50, true);
  checkNum("farneback.polyN", f.polyN, 3, 11, true);
  checkNum("farneback.polySigma", f.polySigma, 0.1, 5, false);
  if (f.flags !== 0 && f.flags !== 256) {
    throw new RangeError(`resolveFlow: farneback.flags must be 0 or 256 (OPTFLOW_FARNEBACK_GAUSSIAN), got ${f.flags}`);
  }
  return out;
}

/** Effective segment length L of `large-window` (0 → 4·w). */
export function largeWindowLength(o: FlowOptions): number {
  return o.largeWindow === 0 ? 4 * o.window : o.largeWindow;
}
