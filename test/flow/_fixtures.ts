/**
 * Small deterministic fixtures for the flow tests: blurred-noise textures, sub-pixel shifts with
 * `cv.warpAffine`, an in-memory frame source and a rough 68-point face layout.
 *
 * @module
 */
import { type CV, loadOpenCV } from "../../lib/cv/opencv.ts";
import type { Dataset, FrameSource, GrayFrame, Landmarks68 } from "../../lib/data/types.ts";
import { openFrames } from "../../lib/data/frame_source.ts";
import { generateSynthFace, type SynthManifest } from "../../lib/data/synthface/mod.ts";
import { writeGrayPng } from "../../lib/io/image.ts";

/** Deterministic PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A `width × height` float texture: white noise blurred with sigma, mapped to about [30, 225]. */
export async function texture(width: number, height: number, seed = 1, sigma = 2): Promise<Float32Array> {
  const cv: CV = await loadOpenCV();
  const r = rng(seed);
  const src = cv.matFromArray(height, width, cv.CV_32FC1, Float32Array.from({ length: width * height }, () => r()));
  const dst = new cv.Mat();
  try {
    cv.GaussianBlur(src, dst, new cv.Size(0, 0), sigma, sigma, cv.BORDER_REFLECT_101);
    const d = Float32Array.from(dst.data32F as Float32Array);
    let mean = 0;
    for (const v of d) mean += v / d.length;
    let sd = 0;
    for (const v of d) sd += (v - mean) ** 2 / d.length;
    sd = Math.sqrt(sd);
    return d.map((v) => 128 + 45 * (v - mean) / sd);
  } finally {
    src.delete();
    dst.delete();
  }
}

/**
 * Warps a float texture by a per-pixel displacement `(dx, dy)` (content moves by +d) with bilinear
 * interpolation and returns an 8-bit grey frame.
 */
export async function warp(
  tex: Float32Array,
  width: number,
  height: number,
  disp: (x: number, y: number) => [number, number],
): Promise<GrayFrame> {
  const cv: CV = await loadOpenCV();
  const src = cv.matFromArray(height, width, cv.CV_32FC1, tex);
  const mx = new cv.Mat(height, width, cv.CV_32FC1);
  const my = new cv.Mat(height, width, cv.CV_32FC1);
  const dst = new cv.Mat();
  try {
    const fx = mx.data32F as Float32Array, fy = my.data32F as Float32Array;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const [dx, dy] = disp(x, y);
        fx[y * width + x] = x - dx;
        fy[y * width + x] = y - dy;
      }
    }
    cv.remap(src, dst, mx, my, cv.INTER_LINEAR, cv.BORDER_REFLECT_101);
    const data = new Uint8Array(width * height);
    const d = dst.data32F as Float32Array;
    for (let k = 0; k < data.length; k++) data[k] = Math.max(0, Math.min(255, Math.round(d[k])));
    return { width, height, data };
  } finally {
    src.delete();
    mx.delete();
    my.delete();
    dst.delete();
  }
}

/** An in-memory frame source (tests only). */
export function memorySource(frames: GrayFrame[], name = "mem"): FrameSource {
  return {
    length: frames.length,
    read: (i) =>
      i >= 0 && i < frames.length
        ? Promise.resolve(frames[i])
        : Promise.reject(new Error(`${name}/${i}.png: no such frame`)),
    describe: (i) => `${name}/${i}.png`,
  };
}

/**
 * A rough frontal 68-point iBUG layout centred at (cx, cy) with inter-ocular distance `iod` px.
 */
export function faceLandmarks(cx: number, cy: number, iod: number): Landmarks68 {
  const p: [number, number][] = [];
  const u = iod / 2;
  for (let k = 0; k < 17; k++) {
    const t = Math.PI * (k / 16);
    p.push([-2 * u * Math.cos(t), -0.6 * u + 2.2 * u * Math.sin(t)]);
  }
  for (let k = 0; k < 5; k++) p.push([-1.6 * u + 0.3 * u * k, -1.0 * u - 0.15 * u * Math.sin(Math.PI * k / 4)]);
  for (let k = 0; k < 5; k++) p.push([0.4 * u + 0.3 * u * k, -1.0 * u - 0.15 * u * Math.sin(Math.PI * k / 4)]);
  for (let k = 0; k < 4; k++) p.push([0, -0.4 * u + 0.3 * u * k]);
  for (let k = 0; k < 5; k++) p.push([-0.4 * u + 0.2 * u * k, 0.65 * u]);
  for (const side of [-1, 1]) {
    for (let k = 0; k < 6; k++) {
      const t = 2 * Math.PI * k / 6;
      p.push([side * u - 0.3 * u * Math.cos(t), -0.2 * u * Math.sin(t)]);
    }
  }
  for (let k = 0; k < 12; k++) {
    const t = Math.PI - 2 * Math.PI * k / 12;
    p.push([0.8 * u * Math.cos(t), 1.3 * u - 0.35 * u * Math.sin(t)]);
  }
  for (let k = 0; k < 8; k++) {
    const t = Math.PI - 2 * Math.PI * k / 8;
    p.push([0.5 * u * Math.cos(t), 1.3 * u - 0.15 * u * Math.sin(t)]);
  }
  const out = new Float32Array(136);
  p.forEach(([x, y], k) => {
    out[2 * k] = cx + x;
    out[2 * k + 1] = cy + y;
  });
  return out;
}

/** Frames of {@link tinyDataset}'s one video. */
export const TINY_FRAMES = 12;
const TW = 80, TH = 80, N = TINY_FRAMES;

/** A one-video dataset of 80² frames (a smile-like motion and a slow drift) with exact landmarks, written under `root`. */
export async function tinyDataset(root: string): Promise<{ ds: Dataset; lms: Landmarks68[] }> {
  const tex = await texture(TW, TH, 5);
  const paths: string[] = [];
  const lms: Landmarks68[] = [];
  await Deno.mkdir(`${root}/s1/v1`, { recursive: true });
  for (let i = 0; i < N; i++) {
    // a smile-like local motion near the mouth plus a slow drift of the whole face
    const amp = Math.sin((Math.PI * i) / (N - 1));
    const frame = await warp(tex, TW, TH, (x, y) => {
      const g = Math.exp(-((x - 40) ** 2 + (y - 55) ** 2) / 60);
      return [0.05 * i, -1.5 * amp * g];
    });
    const p = `${root}/s1/v1/${String(i).padStart(3, "0")}.png`;
    await writeGrayPng(p, frame);
    paths.push(p);
    lms.push(faceLandmarks(40 + 0.05 * i, 40, 30));
  }
  const ds: Dataset = {
    name: "tiny",
    root,
    videos: [{ subject: "s1", video: "v1", fps: 30, frameCount: N, events: [] }],
    frames: () => openFrames(paths),
    landmarks: () => Promise.resolve(lms),
    warnings: [],
  };
  return { ds, lms };
}

/**
 * Generates a tiny SynthFace dataset under `root`: one subject, one 3 s video at 10 fps (30 frames of 64²,
 * `synth_01/synth_01_1/img_00000.png…` with `landmarks.csv`), one micro-expression and nothing else that moves.
 */
export function tinySynth(root: string): Promise<SynthManifest> {
  return generateSynthFace(root, {
    subjects: 1,
    durationSeconds: 3,
    fps: 10,
    width: 64,
    height: 64,
    mePerVideo: 1,
    maePerVideo: 0,
    headTurnsPerVideo: 0,
    blinkEverySeconds: 100,
    marginSeconds: 0.5,
  });
}
