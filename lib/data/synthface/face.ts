/**
 * Per-subject face geometry of SynthFace: a procedural 68-point iBUG layout (jaw 0-16, brows 17-26,
 * nose 27-35, eyes 36-47, mouth 48-67; index 17-21/36-41/48 on the image left = the subject's right)
 * scaled and varied per subject, plus the face outline ellipse and the tones and seed of its texture.
 *
 * @module
 */
import { placePhoto } from "./photo.ts";
import { hashSeed, Rng } from "./prng.ts";

/** Neutral face of one subject, in pixels of the output frame. */
export interface SynthSubject {
  /** Subject id (`synth_01`). */
  id: string;
  width: number;
  height: number;
  /** Half the distance between the eye centres in pixels (the face's length unit). */
  unit: number;
  /** Face outline ellipse (centre and radii, pixels). */
  ellipse: { cx: number; cy: number; rx: number; ry: number };
  /** Neutral landmarks `[x0, y0, …, x67, y67]` (68×2, pixels). */
  landmarks: Float64Array;
  /** Mean skin grey level. */
  skinTone: number;
  /** Mean background grey level. */
  backgroundTone: number;
  /** Seed of the skin and background textures. */
  textureSeed: number;
  /** With `face: "photo"`: the photo (index into `FACE_PHOTOS`) and its source region; no drawn features. */
  photo?: { index: number; x0: number; y0: number; sw: number; sh: number };
}

/** Landmark indices of the facial parts (iBUG 68 order). */
export const PARTS = Object.freeze(
  {
    jaw: [0, 16],
    browRight: [17, 21],
    browLeft: [22, 26],
    noseBridge: [27, 30],
    nostrils: [31, 35],
    eyeRight: [36, 41],
    eyeLeft: [42, 47],
    mouthOuter: [48, 59],
    mouthInner: [60, 67],
  } as const,
);

/** Subject id of a 0-based index: `synth_01`, `synth_02`, … */
export function subjectId(index: number): string {
  return `synth_${String(index + 1).padStart(2, "0")}`;
}

/**
 * Builds the neutral face of subject `index` for frames of `width × height`, deterministic in
 * `seed`. The face fills most of the frame: the eye-centre distance is 0.30–0.33 of the shorter
 * side (≈ 40 px at 128²), the face ellipse about 0.63 × 0.85 of it.
 */
export function makeSubject(
  seed: number,
  index: number,
  width: number,
  height: number,
  face: "drawn" | "photo" = "drawn",
): SynthSubject {
  if (face === "photo") return photoSubject(seed, index, width, height);
  const rng = new Rng(hashSeed(seed, 0x5b1ec7, index));
  const side = Math.min(width, height);
  const e = side * rng.uniform(0.15, 0.165);
  const ox = width / 2 + rng.uniform(-0.02, 0.02) * side;
  const oy = height / 2 - 0.55 * e + rng.uniform(-0.02, 0.02) * side;
  const rx = e * rng.uniform(1.9, 2.1);
  const ry = e * rng.uniform(2.55, 2.75);
  const faceCy = 0.55;
  const browY = rng.uniform(-0.08, 0.08);
  const eyeW = rng.uniform(0.38, 0.46);
  const eyeH = rng.uniform(0.15, 0.19);
  const noseLen = rng.uniform(-0.08, 0.08);
  const mouthY = rng.uniform(-0.1, 0.1);
  const mouthW = rng.uniform(0.68, 0.82);
  const pts: [number, number][] = [];
  // Jaw 0-16: along the lower part of the outline ellipse, from the right temple round the chin.
  const delta = 0.25;
  for (let k = 0; k <= 16; k++) {
    const phi = Math.PI + delta - (k * (Math.PI + 2 * delta)) / 16;
    pts.push([(rx / e) * Math.cos(phi), faceCy + (ry / e) * Math.sin(phi)]);
  }
  // Brows 17-21 (subject's right, image left, outer → inner) and 22-26 (inner → outer).
  const browX = [-1.55, -1.25, -0.95, -0.65, -0.35];
  const browYs = [-0.62, -0.8, -0.86, -0.82, -0.72];
  for (let k = 0; k < 5; k++) pts.push([browX[k], browYs[k] + browY]);
  for (let k = 4; k >= 0; k--) pts.push([-browX[k], browYs[k] + browY]);
  // Nose bridge 27-30 and nostrils 31-35.
  for (let k = 0; k < 4; k++) pts.push([0, -0.35 + k * (0.4 + noseLen / 3)]);
  const nb = 1.05 + noseLen;
  pts.push([-0.42, nb], [-0.22, nb + 0.04], [0, nb + 0.07], [0.22, nb + 0.04], [0.42, nb]);
  // Eyes 36-41 and 42-47, each in image order: left corner, upper lid ×2, right corner, lower lid ×2
  // (36 = outer corner of the subject's right eye, 42 = inner corner of the left eye).
  for (const c of [-1, 1]) {
    pts.push(
      [c - eyeW, 0],
      [c - eyeW * 0.36, -eyeH],
      [c + eyeW * 0.36, -eyeH],
      [c + eyeW, 0],
      [c + eyeW * 0.36, eyeH],
      [c - eyeW * 0.36, eyeH],
    );
  }
  // Mouth outer 48-59 and inner 60-67.
  const my = 1.75 + mouthY + noseLen;
  const m = mouthW;
  const outer: [number, number][] = [
    [-1, 0],
    [-0.67, -0.15],
    [-0.27, -0.23],
    [0, -0.19],
    [0.27, -0.23],
    [0.67, -0.15],
    [1, 0],
    [0.67, 0.17],
    [0.27, 0.25],
    [0, 0.27],
    [-0.27, 0.25],
    [-0.67, 0.17],
  ];
  for (const [x, y] of outer) pts.push([x * m, my + y]);
  const inner: [number, number][] = [
    [-0.83, 0],
    [-0.27, -0.05],
    [0, -0.04],
    [0.27, -0.05],
    [0.83, 0],
    [0.27, 0.05],
    [0, 0.06],
    [-0.27, 0.05],
  ];
  for (const [x, y] of inner) pts.push([x * m, my + y]);
  const landmarks = new Float64Array(136);
  pts.forEach(([x, y], i) => {
    landmarks[2 * i] = ox + e * x;
    landmarks[2 * i + 1] = oy + e * y;
  });
  return {
    id: subjectId(index),
    width,
    height,
    unit: e,
    ellipse: { cx: ox, cy: oy + faceCy * e, rx, ry },
    landmarks,
    skinTone: rng.uniform(125, 165),
    backgroundTone: rng.uniform(50, 90),
    textureSeed: hashSeed(seed, 0x7e47, index),
  };
}

/** A subject on a real face photo (`face: "photo"`): photo `index` (cycled), landmarks from its placement. */
function photoSubject(seed: number, index: number, width: number, height: number): SynthSubject {
  const p = placePhoto(index, width, height);
  const lm = p.landmarks;
  const eye = (a: number) => [0, 1].map((c) => [0, 1, 2, 3, 4, 5].reduce((s, k) => s + lm[2 * (a + k) + c] / 6, 0));
  const [lx, ly] = eye(36), [rx, ry] = eye(42);
  const unit = Math.hypot(rx - lx, ry - ly) / 2;
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
  for (let k = 0; k < 68; k++) {
    x0 = Math.min(x0, lm[2 * k]);
    x1 = Math.max(x1, lm[2 * k]);
    y0 = Math.min(y0, lm[2 * k + 1]);
    y1 = Math.max(y1, lm[2 * k + 1]);
  }
  return {
    id: subjectId(index),
    width,
    height,
    unit,
    ellipse: { cx: (x0 + x1) / 2, cy: (y0 + y1) / 2, rx: (x1 - x0) / 2, ry: (y1 - y0) / 2 },
    landmarks: lm,
    skinTone: 0,
    backgroundTone: 0,
    textureSeed: hashSeed(seed, 0x7e47, index),
    photo: { index: p.photo, x0: p.x0, y0: p.y0, sw: p.sw, sh: p.sh },
  };
}
