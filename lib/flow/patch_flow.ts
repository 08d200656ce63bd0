/**
 * Farneback flow on small patches around each ROI and the nose-tip region, reduced to one MDMO vector per ROI
 * (paper §3.1, Eq. 1), in the canonical face frame (see `face_frame.ts`). Computing flow on patches instead of the
 * whole face gives the same vectors inside the ROI up to border effects, at a fraction of the cost, as long as the
 * content stays inside the patch. Large motion is therefore tracked coarse-to-fine:
 * 1. coarse: one patch holding every ROI and the nose box plus a margin of `maxMotion`·IOD, at 1/4 resolution,
 *    with a pyramid deep enough for that displacement; its flow gives each ROI (and the nose box) a first
 *    displacement estimate;
 * 2. fine: each ROI (or facial part) and the nose box at full resolution, the later frame's patch shifted by that
 *    estimate, with a margin of the Farneback window plus {@link FINE_SLACK} px; the shift is added back.
 *
 * @module
 */
import { nativeCv } from "../cv/native_cv.ts";
import { loadNativeFlow } from "../cv/native_flow.ts";
import type { CV } from "../cv/opencv.ts";
import { type FaceTransform, isTranslation, NATIVE_FRAME, type PairFrame, patchToVideo } from "./face_frame.ts";
import { boxMeanFlow, type FlowField, innerFlow } from "./flow_boxes.ts";
import { mdmo, NOSE_SECTORS, ROI_SECTORS } from "./mdmo.ts";
import type { FlowOptions } from "./options.ts";
import { COARSE_SCALE, FINE_SLACK, levelsFor, patchMargin } from "./patch_margins.ts";
import { PyramidFarneback } from "./pyramid_farneback.ts";
import type { Box, RoiGeometry } from "./rois.ts";

const NATIVE: PairFrame = { transform: NATIVE_FRAME, iod: 0 };

/**
 * Computes per-ROI MDMO vectors of one frame pair with one OpenCV.js instance. Owns reusable Mats:
 * call {@link PatchFlow.delete} when done.
 */
export class PatchFlow {
  readonly #cv: CV;
  readonly #o: FlowOptions;
  readonly #pa: CV;
  readonly #pb: CV;
  readonly #big: CV;
  readonly #flow: CV;
  readonly #pyr: PyramidFarneback;
  readonly #affine: CV;
  /** The first frame's patches (and their pyramids) of the current first frame, by patch geometry. */
  readonly #first: { key: number[]; patch: CV; levels: CV[] }[] = [];
  #firstKey: { key: number; frame: PairFrame } | undefined;
  #scratch = new Float32Array(0);
  readonly #border: CV;
  #reuse = false;
  /** Number of patch pairs whose flow was computed so far (for benchmarks). */
  calls = 0;

  constructor(cv: CV, options: FlowOptions) {
    if (options.engine === "native") cv = nativeCv(cv, loadNativeFlow());
    this.#cv = cv;
    this.#o = options;
    this.#pa = new cv.Mat();
    this.#pb = new cv.Mat();
    this.#big = new cv.Mat();
    this.#flow = new cv.Mat();
    this.#pyr = new PyramidFarneback(cv, options.farneback);
    this.#affine = new cv.Mat(2, 3, cv.CV_64FC1);
    this.#border = new cv.Scalar();
  }

  /**
   * Called with the two images and the flags before every `calcOpticalFlowFarneback` call (each pyramid level
   * is one call with `levels = 0`; benchmarks record the work with it).
   */
  set onPatch(fn: ((a: CV, b: CV, flags: number) => void) | undefined) {
    this.#pyr.onCall = fn;
  }

  /** Frees the OpenCV memory. */
  delete(): void {
    this.#forget();
    for (const m of [this.#pa, this.#pb, this.#big, this.#flow, this.#affine]) m.delete();
    this.#pyr.delete();
  }

  /** Drops the cached patches of the first frame. */
  #forget(): void {
    for (const e of this.#first) for (const m of [e.patch, ...e.levels]) m.delete();
    this.#first.length = 0;
    this.#firstKey = undefined;
  }

  /**
   * The first frame's patch (face-frame box at (x0, y0), `pw × ph`, reduced to `scale`) and, when the pair's first
   * frame is cached ({@link PatchFlow.pair}'s `firstKey`), its pyramid for `levels`: computed once per first frame
   * and patch geometry, the same pixels as a fresh computation.
   */
  #firstPatch(
    src: CV,
    t: FaceTransform,
    x0: number,
    y0: number,
    pw: number,
    ph: number,
    levels: number,
    scale = 1,
  ): { patch: CV; levels?: CV[] } {
    if (!this.#reuse) {
      this.#patch(src, this.#pa, t, x0, y0, pw, ph, scale);
      return { patch: this.#pa };
    }
    const key = [x0, y0, pw, ph, scale, levels];
    let e = this.#first.find((c) => c.key.every((v, i) => v === key[i]));
    if (!e) {
      const patch = new this.#cv.Mat();
      this.#patch(src, patch, t, x0, y0, pw, ph, scale);
      e = { key, patch, levels: this.#pyr.pyramid(patch, levels) };
      this.#first.push(e);
    }
    return e;
  }

  /** Farneback from the first patch to patch B (in #pb) into #flow. */
  #flowFull(first: { patch: CV; levels?: CV[] }, levels: number): void {
    this.#pyr.run(first.patch, this.#pb, this.#flow, levels, first.levels);
    this.calls++;
  }

  /**
   * Flow vectors of an inner box of the last flow field, `(ih, iw, 2)` flattened, in a scratch buffer that the
   * next call overwrites.
   */
  #inner(ix: number, iy: number, iw: number, ih: number): Float32Array {
    if (this.#scratch.length < iw * ih * 2) this.#scratch = new Float32Array(iw * ih * 2);
    return innerFlow(this.#field(), ix, iy, iw, ih, this.#scratch);
  }

  /** The last flow field (#flow) as data, columns and rows. */
  #field(): FlowField {
    return {
      data: this.#flow.data32F as Float32Array,
      cols: this.#flow.cols as number,
      rows: this.#flow.rows as number,
    };
  }

  /**
   * Extracts the `pw × ph` face-frame patch whose top-left pixel is the face point (x0, y0) (sub-pixel allowed)
   * of video frame `src` into `dst`, bilinear; with `scale < 1` the patch is then reduced to `scale` (area mean).
   */
  #patch(src: CV, dst: CV, t: FaceTransform, x0: number, y0: number, pw: number, ph: number, scale = 1): void {
    const cv = this.#cv;
    const into = scale < 1 ? this.#big : dst;
    if (isTranslation(t)) {
      const cx = x0 - t.tx + (pw - 1) / 2, cy = y0 - t.ty + (ph - 1) / 2;
      cv.getRectSubPix(src, new cv.Size(pw, ph), new cv.Point(cx, cy), into);
    } else {
      (this.#affine.data64F as Float64Array).set(patchToVideo(t, x0, y0));
      const flags = cv.INTER_LINEAR | cv.WARP_INVERSE_MAP;
      cv.warpAffine(src, into, this.#affine, new cv.Size(pw, ph), flags, cv.BORDER_REPLICATE, this.#border);
    }
    if (scale < 1) {
      const size = new cv.Size(Math.max(1, Math.round(pw * scale)), Math.max(1, Math.round(ph * scale)));
      cv.resize(into, dst, size, 0, 0, cv.INTER_AREA);
    }
  }

  /**
   * Coarse stage: mean flow (face px) over each box of `boxes` from one 1/4-resolution patch holding them all plus
   * a margin of `maxMotion`·IOD. Returns `[dx0, dy0, dx1, dy1, …]`.
   */
  coarse(a: CV, b: CV, boxes: readonly Box[], frame: PairFrame): Float64Array {
    const o = this.#o, t = frame.transform, s = COARSE_SCALE;
    const m = patchMargin(o) + Math.ceil(o.maxMotion * frame.iod);
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (const bx of boxes) {
      x0 = Math.min(x0, bx.x0 - m);
      y0 = Math.min(y0, bx.y0 - m);
      x1 = Math.max(x1, bx.x1 + m);
      y1 = Math.max(y1, bx.y1 + m);
    }
    const pw = Math.ceil((x1 - x0 + 1) * s) / s, ph = Math.ceil((y1 - y0 + 1) * s) / s;
    const levels = levelsFor(o, o.maxMotion * frame.iod * s);
    const first = this.#firstPatch(a, t, x0, y0, pw, ph, levels, s);
    this.#patch(b, this.#pb, t, x0, y0, pw, ph, s);
    this.#flowFull(first, levels);
    return boxMeanFlow(this.#field(), boxes, x0, y0, s);
  }

  /**
   * Nose (global head-motion) vector between two frames over the nose box (face px), paper Eq. 1: MDMO (ABPN rule)
   * or the plain mean, per `noseVector`. `shift` is the later frame's patch offset (the coarse estimate, whole px).
   */
  nose(a: CV, b: CV, box: Box, frame: PairFrame = NATIVE, shift: readonly [number, number] = [0, 0]): [number, number] {
    const o = this.#o, t = frame.transform;
    const m = patchMargin(o) + (o.maxMotion > 0 ? FINE_SLACK : 0);
    const bw = box.x1 - box.x0 + 1, bh = box.y1 - box.y0 + 1;
    const first = this.#firstPatch(a, t, box.x0 - m, box.y0 - m, bw + 2 * m, bh + 2 * m, o.farneback.levels);
    this.#patch(b, this.#pb, t, box.x0 - m + shift[0], box.y0 - m + shift[1], bw + 2 * m, bh + 2 * m);
    this.#flowFull(first, o.farneback.levels);
    const v = this.#inner(m, m, bw, bh);
    for (let k = 0; k < v.length; k += 2) {
      v[k] += shift[0];
      v[k + 1] += shift[1];
    }
    if (o.noseVector === "mean") {
      let sx = 0, sy = 0;
      for (let k = 0; k < v.length; k += 2) {
        sx += v[k];
        sy += v[k + 1];
      }
      return [sx / (v.length / 2), sy / (v.length / 2)];
    }
    return mdmo(v, { sectors: NOSE_SECTORS, topPercent: o.noseTopPercent });
  }

  /**
   * Per-ROI MDMO vectors of the pair a → b written to `out[offset + 2r], out[offset + 2r + 1]` (R ROIs).
   * `a` and `b` are 8-bit grey `cv.Mat`s of the same size; `geo` is in the face frame of `frame`. With
   * `patches: "part"` the ROIs of one facial part share one Farneback patch (their union + margin) when that is
   * smaller than separate patches.
   *
   * `firstKey` identifies the first frame `a` (e.g. its frame index) when consecutive calls share it, as the pairs
   * of one SW-MRO window do: its patches and their pyramids are then computed once and reused while `firstKey`
   * and `frame` stay the same (same values, less work). The caller must not change `a`'s pixels in between.
   */
  pair(
    a: CV,
    b: CV,
    geo: RoiGeometry,
    out: Float32Array,
    offset: number,
    frame: PairFrame = NATIVE,
    firstKey?: number,
  ): void {
    if (firstKey === undefined) this.#forget();
    else if (this.#firstKey?.key !== firstKey || this.#firstKey.frame !== frame) {
      this.#forget();
      this.#firstKey = { key: firstKey, frame };
    }
    this.#reuse = firstKey !== undefined;
    try {
      this.#pair(a, b, geo, out, offset, frame);
    } finally {
      this.#reuse = false;
    }
  }

  #pair(a: CV, b: CV, geo: RoiGeometry, out: Float32Array, offset: number, frame: PairFrame): void {
    const o = this.#o, t = frame.transform;
    const r = geo.radius, side = 2 * r + 1, c = geo.centres, R = c.length / 2;
    const track = o.maxMotion > 0;
    const boxes: Box[] = [];
    for (let k = 0; k < R; k++) {
      boxes.push({ x0: c[2 * k] - r, y0: c[2 * k + 1] - r, x1: c[2 * k] + r, y1: c[2 * k + 1] + r });
    }
    boxes.push(geo.nose);
    const est = track ? this.coarse(a, b, boxes, frame) : new Float64Array(2 * R + 2);
    const g: [number, number] = o.align === "none"
      ? [0, 0]
      : this.nose(a, b, geo.nose, frame, [Math.round(est[2 * R]), Math.round(est[2 * R + 1])]);
    // the later frame's patch offset of ROI k: the re-aligned face box (g, sub-pixel) plus the whole-pixel rest of
    // the coarse estimate for realign; the whole-pixel coarse estimate otherwise
    const shift = (k: number): [number, number] =>
      o.align === "realign"
        ? [g[0] + Math.round(est[2 * k] - g[0]), g[1] + Math.round(est[2 * k + 1] - g[1])]
        : [Math.round(est[2 * k]), Math.round(est[2 * k + 1])];
    const m = patchMargin(o) + (track ? FINE_SLACK : 0);
    const reduce = (v: Float32Array, k: number, s: readonly [number, number]) => {
      // back to the motion of the content: + shift, − g for realign (the re-aligned face box)
      const bx = o.align === "realign" ? s[0] - g[0] : s[0], by = o.align === "realign" ? s[1] - g[1] : s[1];
      for (let j = 0; j < v.length; j += 2) {
        v[j] += bx;
        v[j + 1] += by;
      }
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
      // one patch for the part: the mean shift, the margin widened by the ROIs' deviation from it
      const shifts = Array.from({ length: count }, (_, j) => shift(k0 + j));
      const ps = shifts[0];
      let dev = 0;
      for (const sk of shifts) dev = Math.max(dev, Math.abs(sk[0] - ps[0]), Math.abs(sk[1] - ps[1]));
      const pm = m + Math.ceil(dev);
      let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
      for (let k = k0; k < k0 + count; k++) {
        x0 = Math.min(x0, c[2 * k] - r - pm);
        y0 = Math.min(y0, c[2 * k + 1] - r - pm);
        x1 = Math.max(x1, c[2 * k] + r + pm);
        y1 = Math.max(y1, c[2 * k + 1] + r + pm);
      }
      const uw = x1 - x0 + 1, uh = y1 - y0 + 1, p = side + 2 * m;
      if (o.patches === "part" && uw * uh <= count * p * p) {
        const first = this.#firstPatch(a, t, x0, y0, uw, uh, o.farneback.levels);
        this.#patch(b, this.#pb, t, x0 + ps[0], y0 + ps[1], uw, uh);
        this.#flowFull(first, o.farneback.levels);
        for (let k = k0; k < k0 + count; k++) {
          reduce(this.#inner(c[2 * k] - r - x0, c[2 * k + 1] - r - y0, side, side), k, ps);
        }
      } else {
        for (let k = k0; k < k0 + count; k++) {
          const px = c[2 * k] - r - m, py = c[2 * k + 1] - r - m, sk = shifts[k - k0];
          const first = this.#firstPatch(a, t, px, py, p, p, o.farneback.levels);
          this.#patch(b, this.#pb, t, px + sk[0], py + sk[1], p, p);
          this.#flowFull(first, o.farneback.levels);
          reduce(this.#inner(m, m, side, side), k, sk);
        }
      }
      k0 += count;
    }
  }
}
