/**
 * Farneback flow on small patches around each ROI and the nose-tip region, reduced to one MDMO vector per ROI
 * (paper §3.1, Eq. 1). Computing flow on patches (ROI + a margin that fits the Farneback window) instead of the
 * whole frame gives the same vectors inside the ROI up to border effects, at a fraction of the cost.
 *
 * @module
 */
import type { CV } from "../cv/opencv.ts";
import { mdmo, NOSE_SECTORS, ROI_SECTORS } from "./mdmo.ts";
import type { FlowOptions } from "./options.ts";
import type { Box, RoiGeometry } from "./rois.ts";

/** Pixel margin around a ROI so that the Farneback averaging window fits: ⌊winsize/2⌋ + 1. */
export function patchMargin(o: FlowOptions): number {
  return Math.floor(o.farneback.winsize / 2) + 1;
}

/**
 * Computes per-ROI MDMO vectors of one frame pair with one OpenCV.js instance. Owns three reusable Mats:
 * call {@link PatchFlow.delete} when done.
 */
export class PatchFlow {
  readonly #cv: CV;
  readonly #o: FlowOptions;
  readonly #pa: CV;
  readonly #pb: CV;
  readonly #flow: CV;
  /** Number of Farneback calls so far (for benchmarks). */
  calls = 0;
  /** Called with the two patches before every Farneback call (benchmarks record the work with it). */
  onPatch?: (a: CV, b: CV) => void;

  constructor(cv: CV, options: FlowOptions) {
    this.#cv = cv;
    this.#o = options;
    this.#pa = new cv.Mat();
    this.#pb = new cv.Mat();
    this.#flow = new cv.Mat();
  }

  /** Frees the OpenCV memory. */
  delete(): void {
    this.#pa.delete();
    this.#pb.delete();
    this.#flow.delete();
  }

  /** Farneback from patch A to patch B (both already in #pa/#pb) into #flow. */
  #flowFull(): void {
    const f = this.#o.farneback;
    this.onPatch?.(this.#pa, this.#pb);
    this.#cv.calcOpticalFlowFarneback(
      this.#pa,
      this.#pb,
      this.#flow,
      f.pyrScale,
      f.levels,
      f.winsize,
      f.iterations,
      f.polyN,
      f.polySigma,
      f.flags,
    );
    this.calls++;
  }

  /** Flow vectors of an inner box of the last flow field, `(ih, iw, 2)` flattened. */
  #inner(ix: number, iy: number, iw: number, ih: number): Float32Array {
    const data = this.#flow.data32F as Float32Array;
    const cols = this.#flow.cols as number;
    const out = new Float32Array(iw * ih * 2);
    for (let y = 0; y < ih; y++) {
      const row = ((iy + y) * cols + ix) * 2;
      out.set(data.subarray(row, row + iw * 2), y * iw * 2);
    }
    return out;
  }

  /** Extracts a `pw × ph` patch of `src` whose top-left pixel is at (x0, y0) (sub-pixel allowed) into `dst`. */
  #patch(src: CV, dst: CV, x0: number, y0: number, pw: number, ph: number): void {
    const cv = this.#cv;
    cv.getRectSubPix(src, new cv.Size(pw, ph), new cv.Point(x0 + (pw - 1) / 2, y0 + (ph - 1) / 2), dst);
  }

  /** Nose (global head-motion) vector between two frames: MDMO over the nose box (paper Eq. 1). */
  nose(a: CV, b: CV, box: Box): [number, number] {
    const m = patchMargin(this.#o);
    const bw = box.x1 - box.x0 + 1, bh = box.y1 - box.y0 + 1;
    this.#patch(a, this.#pa, box.x0 - m, box.y0 - m, bw + 2 * m, bh + 2 * m);
    this.#patch(b, this.#pb, box.x0 - m, box.y0 - m, bw + 2 * m, bh + 2 * m);
    this.#flowFull();
    const v = this.#inner(m, m, bw, bh);
    return mdmo(v, { sectors: NOSE_SECTORS, topPercent: this.#o.noseTopPercent });
  }

  /**
   * Per-ROI MDMO vectors of the pair a → b written to `out[offset + 2r], out[offset + 2r + 1]` (R ROIs).
   * `a` and `b` are 8-bit grey `cv.Mat`s of the same size. With `patches: "part"` the ROIs of one facial part
   * share one Farneback patch (their union + margin) when that is smaller than separate patches.
   */
  pair(a: CV, b: CV, geo: RoiGeometry, out: Float32Array, offset: number): void {
    const o = this.#o;
    const g: [number, number] = o.align === "none" ? [0, 0] : this.nose(a, b, geo.nose);
    const m = patchMargin(o), r = geo.radius, side = 2 * r + 1, p = side + 2 * m;
    const c = geo.centres;
    const dx = o.align === "realign" ? g[0] : 0, dy = o.align === "realign" ? g[1] : 0;
    const reduce = (v: Float32Array, k: number) => {
      const res = mdmo(v, {
        sectors: ROI_SECTORS,
        topPercent: o.topPercent,
        offset: o.align === "subtract" ? g : undefined,
      });
      out[offset + 2 * k] = res[0];
      out[offset + 2 * k + 1] = res[1];
    };
    let k0 = 0;
    for (const count of geo.parts) {
      let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
      for (let k = k0; k < k0 + count; k++) {
        x0 = Math.min(x0, c[2 * k] - r - m);
        y0 = Math.min(y0, c[2 * k + 1] - r - m);
        x1 = Math.max(x1, c[2 * k] + r + m);
        y1 = Math.max(y1, c[2 * k + 1] + r + m);
      }
      const uw = x1 - x0 + 1, uh = y1 - y0 + 1;
      if (o.patches === "part" && uw * uh <= count * p * p) {
        this.#patch(a, this.#pa, x0, y0, uw, uh);
        this.#patch(b, this.#pb, x0 + dx, y0 + dy, uw, uh);
        this.#flowFull();
        for (let k = k0; k < k0 + count; k++) {
          reduce(this.#inner(c[2 * k] - r - x0, c[2 * k + 1] - r - y0, side, side), k);
        }
      } else {
        for (let k = k0; k < k0 + count; k++) {
          const px = c[2 * k] - r - m, py = c[2 * k + 1] - r - m;
          this.#patch(a, this.#pa, px, py, p, p);
          this.#patch(b, this.#pb, px + dx, py + dy, p, p);
          this.#flowFull();
          reduce(this.#inner(m, m, side, side), k);
        }
      }
      k0 += count;
    }
  }
}
