/**
 * Real face photos for SynthFace's `face: "photo"` option: frontal portraits that ship in the npm package
 * `@vladmandic/face-api@1.7.15` (`demo/sample3.jpg`, `demo/sample6.jpg`, 1920 px wide JPEGs), distributed under that
 * package's MIT licence (copyright Vladimir Mandic); the package states no other origin for them. Nothing is
 * downloaded: they are read from `node_modules`. Their neutral 68-point landmarks were detected once with the kit's
 * face-api provider (SSD MobileNet v1 detector, 68-point net, full-resolution grey image) and are stored here, so
 * that the exact landmarks of every rendered frame follow from the same warp as the pixels.
 *
 * @module
 */
import { type CV, loadOpenCV } from "../../cv/opencv.ts";
import { readGrayImage } from "../../io/image.ts";
import { FACE_PHOTOS } from "./face_photos.ts";

/** Inter-ocular distance of a photo face as a fraction of the frame's shorter side (≈ 44 px at 256²). */
export const PHOTO_IOD_FRACTION = 0.17;

const ROOT = new URL("../../../", import.meta.url);

/** Where photo `index` lands in a `width × height` frame: its source region (photo px) and frame landmarks. */
export interface PhotoPlacement {
  /** Index into {@link FACE_PHOTOS} (cycled). */
  photo: number;
  /** Top-left photo point and size (photo px) of the region that becomes the frame. */
  x0: number;
  y0: number;
  sw: number;
  sh: number;
  /** Neutral landmarks in frame px. */
  landmarks: Float64Array;
}

/**
 * Places photo `index` (cycled over {@link FACE_PHOTOS}) in the frame: scaled so that its IOD is
 * {@link PHOTO_IOD_FRACTION} of the shorter side, the eye midpoint at (width/2, 0.42·height).
 */
export function placePhoto(index: number, width: number, height: number): PhotoPlacement {
  const photo = index % FACE_PHOTOS.length, lm = FACE_PHOTOS[photo].landmarks;
  let lx = 0, ly = 0, rx = 0, ry = 0;
  for (let k = 36; k < 42; k++) {
    lx += lm[2 * k] / 6;
    ly += lm[2 * k + 1] / 6;
    rx += lm[2 * k + 12] / 6;
    ry += lm[2 * k + 13] / 6;
  }
  const s = (PHOTO_IOD_FRACTION * Math.min(width, height)) / Math.hypot(rx - lx, ry - ly);
  const mx = (lx + rx) / 2, my = (ly + ry) / 2;
  const sw = Math.round(width / s), sh = Math.round(height / s);
  const x0 = mx - width / 2 / s, y0 = my - 0.42 * height / s;
  const k = width / sw, kh = height / sh;
  // area resampling: frame pixel j covers region px [j/k, (j+1)/k), so region coordinate u ↦ (u + 0.5)·k − 0.5
  const landmarks = new Float64Array(136);
  for (let i = 0; i < 68; i++) {
    landmarks[2 * i] = (lm[2 * i] - x0 + 0.5) * k - 0.5;
    landmarks[2 * i + 1] = (lm[2 * i + 1] - y0 + 0.5) * kh - 0.5;
  }
  return { photo, x0, y0, sw, sh, landmarks };
}

/**
 * The pixels of a placement: float grey `(height, width)`, area-averaged from the full-resolution photo.
 *
 * @throws Error naming the file and what to do when the face-api package is not installed.
 */
export async function loadPhotoImage(p: PhotoPlacement, width: number, height: number): Promise<Float32Array> {
  const path = new URL(`node_modules/@vladmandic/face-api/${FACE_PHOTOS[p.photo].file}`, ROOT).pathname;
  let img;
  try {
    img = await readGrayImage(path);
  } catch (e) {
    throw new Error(
      `synth: cannot read the face photo ${path} (${(e as Error).message}); run \`deno task setup\` so that ` +
        `node_modules holds @vladmandic/face-api`,
      { cause: e },
    );
  }
  const cv: CV = await loadOpenCV();
  const src = cv.matFromArray(img.height, img.width, cv.CV_8UC1, img.data);
  const crop = new cv.Mat(), out = new cv.Mat(), f = new cv.Mat();
  try {
    const cx = p.x0 + (p.sw - 1) / 2, cy = p.y0 + (p.sh - 1) / 2;
    cv.getRectSubPix(src, new cv.Size(p.sw, p.sh), new cv.Point(cx, cy), crop);
    cv.resize(crop, out, new cv.Size(width, height), 0, 0, cv.INTER_AREA);
    out.convertTo(f, cv.CV_32F);
    return Float32Array.from(f.data32F as Float32Array);
  } finally {
    for (const m of [src, crop, out, f]) m.delete();
  }
}

/** Provenance line of photo `index` for manifests. */
export function photoSource(index: number): string {
  return `@vladmandic/face-api@1.7.15/${FACE_PHOTOS[index % FACE_PHOTOS.length].file} (MIT)`;
}
