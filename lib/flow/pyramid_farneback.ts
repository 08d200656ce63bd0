/**
 * Farneback flow with an explicit image pyramid, for small patches. OpenCV builds its pyramid only while a level
 * is at least 32 px on its shorter side, so on a ROI patch of 20-60 px it silently runs a single scale and cannot
 * follow a displacement of more than a few pixels. This runs the same algorithm level by level (each level blurred
 * and resized from the original exactly as `calcOpticalFlowFarneback` does, the flow of the coarser level scaled up
 * and passed as the initial flow of the finer one) down to a smaller minimum size.
 *
 * @module
 */
import type { CV } from "../cv/opencv.ts";
import type { FarnebackOptions } from "./options.ts";

/** Shortest side (px) of the coarsest pyramid level. */
export const MIN_LEVEL_SIZE = 8;

/** OpenCV's `OPTFLOW_USE_INITIAL_FLOW`. */
const USE_INITIAL_FLOW = 4;

/** Pyramid Farneback of one OpenCV.js instance; owns its scratch Mats (call {@link PyramidFarneback.delete}). */
export class PyramidFarneback {
  readonly #cv: CV;
  readonly #f: FarnebackOptions;
  readonly #ia: CV;
  readonly #ib: CV;
  readonly #tmp: CV;
  readonly #prev: CV;
  /** Called with the two images and the flags before every `calcOpticalFlowFarneback` call (benchmarks). */
  onCall?: (a: CV, b: CV, flags: number) => void;

  constructor(cv: CV, f: FarnebackOptions) {
    this.#cv = cv;
    this.#f = f;
    this.#ia = new cv.Mat();
    this.#ib = new cv.Mat();
    this.#tmp = new cv.Mat();
    this.#prev = new cv.Mat();
  }

  /** Frees the OpenCV memory. */
  delete(): void {
    for (const m of [this.#ia, this.#ib, this.#tmp, this.#prev]) m.delete();
  }

  /** Extra pyramid levels actually used for an image of `w × h` when `levels` are asked for. */
  fit(w: number, h: number, levels: number): number {
    let k = 0, s = 1;
    while (k < levels) {
      s *= this.#f.pyrScale;
      if (w * s < MIN_LEVEL_SIZE || h * s < MIN_LEVEL_SIZE) break;
      k++;
    }
    return k;
  }

  /**
   * Levels 1..L of `src` (L = {@link PyramidFarneback.fit} of its size and `levels`) as new Mats, for
   * {@link PyramidFarneback.run} to reuse when `src` is the first image of several calls; the caller deletes them.
   */
  pyramid(src: CV, levels: number): CV[] {
    const L = this.fit(src.cols, src.rows, levels), out: CV[] = [];
    for (let k = 1; k <= L; k++) {
      const m = new this.#cv.Mat();
      this.#level(src, m, k);
      out.push(m);
    }
    return out;
  }

  /** Level `k` of `src` (blurred and resized as OpenCV does) into `dst`. */
  #level(src: CV, dst: CV, k: number): void {
    const cv = this.#cv, s = this.#f.pyrScale ** k;
    const sigma = (1 / s - 1) * 0.5;
    const ksize = Math.max(3, Math.round(sigma * 5) | 1);
    cv.GaussianBlur(src, this.#tmp, new cv.Size(ksize, ksize), sigma, sigma, cv.BORDER_DEFAULT);
    const size = new cv.Size(Math.round(src.cols * s), Math.round(src.rows * s));
    cv.resize(this.#tmp, dst, size, 0, 0, cv.INTER_LINEAR);
  }

  /**
   * Flow from 8-bit grey `a` to `b` (same size) into `flow` (CV_32FC2, `(rows, cols, 2)`), with `levels` extra
   * pyramid levels (OpenCV's meaning of `levels`), as many as fit down to {@link MIN_LEVEL_SIZE}. `aLevels`, when
   * given, are `a`'s levels from {@link PyramidFarneback.pyramid} with the same `levels` (the same pixels as the
   * ones computed here, so the flow is the same).
   */
  run(a: CV, b: CV, flow: CV, levels: number, aLevels?: readonly CV[]): void {
    const cv = this.#cv, f = this.#f;
    const L = this.fit(a.cols, a.rows, levels);
    if (aLevels && aLevels.length !== L) {
      throw new RangeError(`PyramidFarneback.run: ${aLevels.length} levels of the first image given, ${L} needed`);
    }
    const far = (x: CV, y: CV, out: CV, flags: number) => {
      this.onCall?.(x, y, flags);
      cv.calcOpticalFlowFarneback(x, y, out, f.pyrScale, 0, f.winsize, f.iterations, f.polyN, f.polySigma, flags);
    };
    if (L === 0) return far(a, b, flow, f.flags);
    for (let k = L; k >= 0; k--) {
      const x = k === 0 ? a : aLevels ? aLevels[k - 1] : (this.#level(a, this.#ia, k), this.#ia);
      const y = k === 0 ? b : (this.#level(b, this.#ib, k), this.#ib);
      if (k === L) {
        far(x, y, this.#prev, f.flags);
        continue;
      }
      const target = k === 0 ? flow : this.#tmp;
      cv.resize(this.#prev, target, new cv.Size(x.cols, x.rows), 0, 0, cv.INTER_LINEAR);
      const d = target.data32F as Float32Array, up = 1 / f.pyrScale;
      for (let i = 0; i < d.length; i++) d[i] *= up;
      far(x, y, target, f.flags | USE_INITIAL_FLOW);
      if (k > 0) target.copyTo(this.#prev);
    }
  }
}
