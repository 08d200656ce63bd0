/**
 * In-memory renderer of one SynthFace video. A static, band-limited noise skin texture with face
 * shading carries the facial features (brows, eyes, nose, mouth) drawn with OpenCV.js as a darkening
 * mask, so texture stays visible inside them and optical flow is well defined everywhere on the
 * face. Each frame warps this face image with `cv.remap` (bilinear) through the frame's motion
 * (see `motion.ts`), blends it over a static background with a soft face outline and adds seeded
 * Gaussian sensor noise. A photo subject (`face: "photo"`) warps the photo instead (no outline, blinks as lid
 * motion). Frames are random access: frame `i` depends only on the spec and `i`.
 *
 * @module
 */
import { type CV, cvError, loadOpenCV } from "../../cv/opencv.ts";
import type { GrayFrame, Landmarks68 } from "../types.ts";
import type { SynthSubject } from "./face.ts";
import { applyBlink, type Bump, frameLandmarks, type FrameMotion, motionAt } from "./motion.ts";
import { loadPhotoImage } from "./photo.ts";
import type { SynthVideoPlan } from "./plan.ts";
import { hashSeed, Rng } from "./prng.ts";

/** What to render: a subject's face, a video plan and the sensor noise level. */
export interface SynthVideoSpec {
  subject: SynthSubject;
  plan: SynthVideoPlan;
  /** Standard deviation of the per-frame Gaussian noise, grey levels. */
  noiseSigma: number;
}

/** A rendered video: frames and exact landmarks on demand. Call `dispose()` to free OpenCV memory. */
export interface SynthVideo {
  readonly spec: SynthVideoSpec;
  readonly frameCount: number;
  /** Frame `i` as 8-bit grey `(height, width)`. */
  frame(i: number): GrayFrame;
  /** Exact landmarks of frame `i`, `(68, 2)` as `[x0, y0, …]`. */
  landmarks(i: number): Landmarks68;
  /** Motion state of frame `i` (bumps, head pose, lid closure). */
  motion(i: number): FrameMotion;
  dispose(): void;
}

/** Seeded white noise blurred with a Gaussian of `sigma` px, scaled to unit standard deviation. */
function blurredNoise(cv: CV, w: number, h: number, rng: Rng, sigma: number): Float32Array {
  const src = cv.matFromArray(h, w, cv.CV_32FC1, rng.fillNormal(new Float32Array(w * h), 1));
  const dst = new cv.Mat();
  try {
    cv.GaussianBlur(src, dst, new cv.Size(0, 0), sigma, sigma, cv.BORDER_REFLECT_101);
    const out = Float32Array.from(dst.data32F as Float32Array);
    let ss = 0;
    for (const v of out) ss += v * v;
    const k = 1 / Math.sqrt(ss / out.length || 1);
    for (let i = 0; i < out.length; i++) out[i] *= k;
    return out;
  } finally {
    src.delete();
    dst.delete();
  }
}

/** Static skin (shaded, textured) and background images of a subject, float grey levels. */
function textures(cv: CV, subject: SynthSubject): { skin: Float32Array; background: Float32Array } {
  const { width: w, height: h, ellipse: el } = subject;
  const rng = new Rng(subject.textureSeed);
  const fine = blurredNoise(cv, w, h, rng, 1.0);
  const medium = blurredNoise(cv, w, h, rng, 3.0);
  const bgCoarse = blurredNoise(cv, w, h, rng, 5.0);
  const skin = new Float32Array(w * h);
  const background = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      const nx = (x - el.cx) / el.rx, ny = (y - el.cy) / el.ry;
      const r2 = Math.min(1.5, nx * nx + ny * ny);
      skin[i] = subject.skinTone * (1 - 0.2 * r2) + 10 * nx + 13 * fine[i] + 8 * medium[i];
      background[i] = subject.backgroundTone + 12 * bgCoarse[i] + 4 * fine[(i * 7) % fine.length] - 10 * (y / h);
    }
  }
  return { skin, background };
}

/** `points` (pixels) as an int32 contour in 1/16 px for sub-pixel drawing with `shift = 4`. */
function contour(cv: CV, lm: Float64Array, idx: readonly number[], extra: [number, number][] = []): CV {
  const flat: number[] = [];
  for (const i of idx) flat.push(Math.round(lm[2 * i] * 16), Math.round(lm[2 * i + 1] * 16));
  for (const [x, y] of extra) flat.push(Math.round(x * 16), Math.round(y * 16));
  return cv.matFromArray(flat.length / 2, 1, cv.CV_32SC2, flat);
}

const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, k) => a + k);

/**
 * Draws the feature mask (0 = skin, 255 = darkest) of face-space landmarks `lm` into `mask`
 * (CV_8UC1): filled brows, eye openings with pupils, nose bridge and nostrils, lips and lip line.
 */
function drawFeatures(cv: CV, mask: CV, lm: Float64Array, unit: number): void {
  mask.setTo(new cv.Scalar(0));
  const AA = cv.LINE_AA, SHIFT = 4;
  const withPoly = (c: CV, draw: (polys: CV) => void) => {
    const polys = new cv.MatVector();
    try {
      polys.push_back(c);
      draw(polys);
    } finally {
      polys.delete();
      c.delete();
    }
  };
  const fill = (c: CV, v: number) => withPoly(c, (p) => cv.fillPoly(mask, p, new cv.Scalar(v), AA, SHIFT));
  const line = (c: CV, v: number, closed: boolean, thick: number) =>
    withPoly(c, (p) => cv.polylines(mask, p, closed, new cv.Scalar(v), thick, AA, SHIFT));
  const pt = (x: number, y: number) => new cv.Point(Math.round(x * 16), Math.round(y * 16));
  {
    for (const [a, b, innerFirst] of [[17, 21, false], [22, 26, true]] as const) {
      const idx = range(a, b);
      const lower: [number, number][] = idx.slice().reverse().map((i, k) => {
        const inner = innerFirst ? 1 - k / 4 : k / 4; // 1 at the inner end of the brow
        return [lm[2 * i], lm[2 * i + 1] + unit * (0.1 + 0.08 * inner)];
      });
      fill(contour(cv, lm, idx, lower), 190);
    }
    for (const e of [36, 42]) {
      const idx = range(e, e + 5);
      const open = (lm[2 * (e + 4) + 1] - lm[2 * (e + 1) + 1]) / 2;
      fill(contour(cv, lm, idx), 150);
      if (open > 0.05 * unit) {
        const cx = (lm[2 * e] + lm[2 * (e + 3)]) / 2;
        const cy = (lm[2 * (e + 1) + 1] + lm[2 * (e + 4) + 1]) / 2;
        const r = 0.17 * unit;
        const axes = new cv.Size(Math.round(r * 16), Math.round(Math.min(r, open) * 16));
        cv.ellipse(mask, pt(cx, cy), axes, 0, 0, 360, new cv.Scalar(235), -1, AA, SHIFT);
      }
    }
    line(contour(cv, lm, range(27, 30)), 70, false, 1);
    line(contour(cv, lm, range(31, 35)), 90, false, 1);
    for (const n of [32, 34]) {
      const axes = new cv.Size(Math.round(0.09 * unit * 16), Math.round(0.05 * unit * 16));
      cv.ellipse(mask, pt(lm[2 * n], lm[2 * n + 1] - 0.03 * unit), axes, 0, 0, 360, new cv.Scalar(170), -1, AA, SHIFT);
    }
    fill(contour(cv, lm, range(48, 59)), 115);
    line(contour(cv, lm, range(60, 67)), 220, true, Math.max(1, Math.round(0.06 * unit)));
  }
}

/**
 * Blink of a photo face as motion: each upper lid (centre of landmarks 37-38 / 43-44) slides down by
 * `closure` × 0.9 of the lid gap (a drawn face redraws its lids instead; a photo can only be warped).
 */
function lidBumps(lm: Float64Array, closure: readonly [number, number], unit: number): Bump[] {
  const out: Bump[] = [];
  [36, 42].forEach((e, k) => {
    if (closure[k] <= 0) return;
    const ux = (lm[2 * (e + 1)] + lm[2 * (e + 2)]) / 2, uy = (lm[2 * (e + 1) + 1] + lm[2 * (e + 2) + 1]) / 2;
    const ly = (lm[2 * (e + 4) + 1] + lm[2 * (e + 5) + 1]) / 2;
    const dy = closure[k] * 0.9 * Math.max(0, ly - uy);
    out.push({ cx: ux, cy: uy + dy, dx: 0, dy, sigma: Math.max(0.3 * unit, dy) });
  });
  return out;
}

/**
 * Prepares a video for rendering: loads OpenCV.js, builds the textures and the neutral face image.
 * Frames are rendered on demand by the returned object; they are deterministic in the spec.
 *
 * @example
 * ```ts ignore
 * const video = await renderSynthVideo({ subject, plan, noiseSigma: 1.5 });
 * const f0 = video.frame(0); // GrayFrame
 * video.dispose();
 * ```
 */
export async function renderSynthVideo(spec: SynthVideoSpec): Promise<SynthVideo> {
  const cv = await loadOpenCV();
  const { subject, plan, noiseSigma } = spec;
  const { width: w, height: h, ellipse: el, unit } = subject;
  const n = w * h;
  const { skin, background } = textures(cv, subject);
  const mask = new cv.Mat(h, w, cv.CV_8UC1);
  const face = new cv.Mat(h, w, cv.CV_32FC1);
  const neutral = new cv.Mat(h, w, cv.CV_32FC1);
  const mapX = new cv.Mat(h, w, cv.CV_32FC1);
  const mapY = new cv.Mat(h, w, cv.CV_32FC1);
  const warped = new cv.Mat();
  const alpha = new Float32Array(n);
  const noise = new Float32Array(n);
  let disposed = false;

  const photo = subject.photo;
  const compose = (dst: CV, closure: readonly [number, number]) => {
    drawFeatures(cv, mask, applyBlink(subject.landmarks, closure), unit);
    const m = mask.data as Uint8Array, out = dst.data32F as Float32Array;
    for (let i = 0; i < n; i++) out[i] = skin[i] * (1 - (0.78 / 255) * m[i]);
  };
  try {
    if (photo) {
      (neutral.data32F as Float32Array).set(
        await loadPhotoImage({ ...photo, photo: photo.index, landmarks: subject.landmarks }, w, h),
      );
    } else compose(neutral, [0, 0]);
  } catch (e) {
    for (const m of [mask, face, neutral, mapX, mapY, warped]) m.delete();
    throw cvError(cv, e, `synth: drawing the face of ${subject.id}`);
  }

  const check = (i: number) => {
    if (disposed) throw new Error(`synth: video ${plan.video} was disposed`);
    if (!Number.isInteger(i) || i < 0 || i >= plan.frameCount) {
      throw new RangeError(`synth: frame ${i} out of range [0, ${plan.frameCount}) of ${plan.video}`);
    }
  };

  const frame = (i: number): GrayFrame => {
    check(i);
    const mo = motionAt(subject, plan, i);
    let src = neutral;
    const bumps = photo ? [...mo.bumps, ...lidBumps(subject.landmarks, mo.closure, unit)] : mo.bumps;
    if (!photo && (mo.closure[0] > 0 || mo.closure[1] > 0)) {
      compose(face, mo.closure);
      src = face;
    }
    const { angle, ox, oy, tx, ty } = mo.head;
    const c = Math.cos(angle), s = Math.sin(angle);
    const mx = mapX.data32F as Float32Array, my = mapY.data32F as Float32Array;
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        // face-space point q = H⁻¹(p): undo translation, then rotate by −angle about (ox, oy)
        const px = x - ox - tx, py = y - oy - ty;
        const qx = c * px + s * py + ox, qy = -s * px + c * py + oy;
        const k = y * w + x;
        let ux = 0, uy = 0;
        for (const b of bumps) {
          const r2 = (qx - b.cx) ** 2 + (qy - b.cy) ** 2;
          if (r2 > 25 * b.sigma * b.sigma) continue; // same cut-off as bumpField()
          const g = Math.exp(-r2 / (2 * b.sigma * b.sigma));
          ux += b.dx * g;
          uy += b.dy * g;
        }
        mx[k] = qx - ux;
        my[k] = qy - uy;
        const ex = (qx - el.cx) / el.rx, ey = (qy - el.cy) / el.ry;
        const d = (Math.sqrt(ex * ex + ey * ey) - 1) * Math.min(el.rx, el.ry);
        alpha[k] = photo ? 1 : d <= -1 ? 1 : d >= 1 ? 0 : 0.5 - 0.5 * d;
      }
    }
    try {
      cv.remap(src, warped, mapX, mapY, cv.INTER_LINEAR, cv.BORDER_REFLECT_101);
    } catch (e) {
      throw cvError(cv, e, `synth: warping frame ${i} of ${plan.video}`);
    }
    new Rng(hashSeed(plan.noiseSeed, i)).fillNormal(noise, noiseSigma);
    const fw = warped.data32F as Float32Array;
    const data = new Uint8Array(n);
    for (let k = 0; k < n; k++) {
      const v = alpha[k] * fw[k] + (1 - alpha[k]) * background[k] + noise[k];
      data[k] = v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v);
    }
    return { width: w, height: h, data };
  };

  return {
    spec,
    frameCount: plan.frameCount,
    frame,
    landmarks(i: number): Landmarks68 {
      check(i);
      return frameLandmarks(subject, motionAt(subject, plan, i));
    },
    motion(i: number): FrameMotion {
      check(i);
      return motionAt(subject, plan, i);
    },
    dispose(): void {
      if (disposed) return;
      disposed = true;
      for (const m of [mask, face, neutral, mapX, mapY, warped]) m.delete();
    },
  };
}
