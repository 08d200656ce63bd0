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

/** One shipped photo: file inside the face-api package and its neutral landmarks (full-resolution px). */
export interface FacePhoto {
  file: string;
  landmarks: readonly number[];
}

/** The photos, used by subjects in turn. */
export const FACE_PHOTOS: readonly FacePhoto[] = Object.freeze([
  {
    file: "demo/sample3.jpg",
    landmarks: [
      580.5,
      435,
      582.6,
      463.4,
      588.2,
      490.7,
      594.4,
      513.6,
      603.2,
      540.2,
      615.7,
      560.5,
      629.1,
      575.5,
      646.2,
      591.4,
      676.6,
      601.7,
      708.9,
      594.3,
      732.9,
      580.9,
      752.2,
      566.9,
      768.9,
      544.6,
      780.1,
      518.3,
      784.9,
      492.7,
      790.4,
      465.4,
      793.2,
      436.6,
      590.7,
      404.7,
      600.6,
      395.2,
      614.3,
      393.3,
      628.3,
      395.8,
      641.4,
      401,
      696.4,
      402.2,
      710.7,
      397.2,
      727.9,
      394.9,
      746.7,
      398,
      761,
      408.1,
      667.1,
      435,
      664.6,
      455.3,
      661.9,
      473.9,
      660.2,
      490.8,
      651.1,
      500.7,
      656.5,
      504.1,
      665.5,
      506.3,
      675.7,
      503.6,
      684.1,
      502.3,
      609.8,
      428.4,
      617.1,
      424.2,
      631,
      424.3,
      643.9,
      432.2,
      632.8,
      436.6,
      618.5,
      435.2,
      700.1,
      433.6,
      713.1,
      426,
      727.8,
      426.5,
      738.6,
      432.9,
      727.6,
      438.9,
      712.6,
      437.6,
      637.9,
      535.7,
      646.3,
      529.7,
      658.5,
      525.6,
      666.7,
      526.6,
      674.6,
      524.6,
      692.6,
      531.2,
      709.2,
      536.8,
      693,
      547.2,
      680.5,
      552.9,
      667.5,
      554,
      657.5,
      552.7,
      646.9,
      547.4,
      640,
      536.2,
      657.3,
      534.8,
      667.6,
      535,
      678.8,
      535,
      705.2,
      536.7,
      678.9,
      539,
      668.2,
      540.3,
      658.2,
      539.2,
    ],
  },
  {
    file: "demo/sample6.jpg",
    landmarks: [
      1168.4,
      410.9,
      1171.5,
      438.2,
      1177.3,
      464.8,
      1183.5,
      487.4,
      1192.7,
      512.1,
      1206.7,
      534,
      1221.9,
      552.4,
      1242.9,
      571,
      1272.8,
      579.1,
      1300,
      568.6,
      1316.7,
      549.6,
      1332.3,
      535.2,
      1346.9,
      514.8,
      1358.2,
      492.9,
      1366.8,
      471.1,
      1373.7,
      447.5,
      1376.2,
      420.7,
      1188.6,
      404,
      1204.7,
      397.6,
      1222.1,
      399.7,
      1239.3,
      403.9,
      1254,
      411.8,
      1306.5,
      411.1,
      1320.2,
      404.4,
      1336.5,
      399.4,
      1353.9,
      398.4,
      1364.6,
      403.4,
      1279.6,
      440,
      1280.4,
      462.3,
      1280.1,
      483.2,
      1278.9,
      501.2,
      1259.4,
      504.3,
      1267.7,
      508.5,
      1278,
      511.3,
      1287.7,
      507.9,
      1296,
      504.6,
      1209.5,
      425.8,
      1220.9,
      422.3,
      1235.5,
      423,
      1248.3,
      432.7,
      1236.7,
      436.7,
      1220.5,
      434.8,
      1307.7,
      432.7,
      1321.7,
      423.1,
      1336.8,
      423.3,
      1345.4,
      428.6,
      1336.1,
      437,
      1321.2,
      436.1,
      1237.1,
      531.5,
      1252.4,
      528.8,
      1268.5,
      527.1,
      1277.1,
      528.2,
      1285.2,
      526.2,
      1300.1,
      529.8,
      1310.1,
      531.3,
      1297,
      547,
      1285.5,
      555.2,
      1272.2,
      557.9,
      1261.1,
      556.2,
      1247.9,
      549.1,
      1239.7,
      533.1,
      1264.9,
      534.3,
      1276.8,
      534.7,
      1287.6,
      533.5,
      1305.9,
      532.1,
      1284.7,
      542.5,
      1273.6,
      544.6,
      1262.6,
      543.7,
    ],
  },
]);

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
