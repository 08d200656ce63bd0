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
 * Head-motion compensation from the nose-tip region (paper Eq. 1):
 * - `realign`: the ROI patch of c_i^s is taken at the ROI centre shifted by the nose vector (paper: the face box
 *   is re-aligned), so a pure head translation gives ≈ 0;
 * - `subtract`: the nose vector is subtracted from every ROI flow vector before MDMO (ABPN/AUW `tools.py`);
 * - `none`: no compensation.
 */
export type HeadAlign = "realign" | "subtract" | "none";

/** Patch grouping of the Farneback computation (see {@link FlowOptions.patches}). */
export type PatchMode = "part" | "roi";

/** Farneback parameters (`cv.calcOpticalFlowFarneback`). Defaults: the values of the ABPN/AUW pipeline. */
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
  /** Farneback parameters. */
  farneback: FarnebackOptions;
}

/** Default Farneback parameters. */
export const DEFAULT_FARNEBACK: Readonly<FarnebackOptions> = Object.freeze({
  pyrScale: 0.5,
  levels: 3,
  winsize: 15,
  iterations: 3,
  polyN: 5,
  polySigma: 1.2,
  flags: 0,
});

/** Default flow options (paper §3.1 with the ABPN/AUW numbers). */
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
  checkKeys("resolveFlow", partial, Object.keys(DEFAULT_FLOW));
  checkKeys("resolveFlow: farneback", partial.farneback ?? {}, Object.keys(DEFAULT_FARNEBACK));
  const out: FlowOptions = {
    ...DEFAULT_FLOW,
    ...partial,
    farneback: { ...DEFAULT_FARNEBACK, ...(partial.farneback ?? {}) },
  } as FlowOptions;
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
