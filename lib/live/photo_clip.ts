/**
 * A short test clip with a real face and known events, for the live page's tests: one photo (e.g. face-api's
 * `demo/sample1.jpg` in node_modules) cropped around its face, animated by smooth local warps around landmarks
 * (SynthFace's Gaussian displacement bumps with its raised-cosine profile: a brow raise as a macro-expression, a
 * small mouth-corner pull as a micro-expression), written as a `.y4m` (the format Chromium's fake camera reads and
 * ffmpeg decodes) with a frame tag in the bottom-left corner. SynthFace's own drawn faces are not found by MediaPipe's
 * BlazeFace detector, hence a photo.
 *
 * @module
 */
import { type CV, loadOpenCV } from "../cv/opencv.ts";
import type { GrayFrame, Landmarks68 } from "../data/types.ts";
import { type Bump, bumpField, profile } from "../data/synthface/motion.ts";
import { writeTag } from "./frame_tag.ts";

/** One animated event: landmarks moved by (dx, dy) px (output frame) at the apex. */
export interface ClipEvent {
  type: "ME" | "MaE";
  onset: number;
  apex: number;
  offset: number;
  landmarks: readonly number[];
  dx: number;
  dy: number;
}

/** Options of {@link makePhotoClip}. */
export interface PhotoClipOptions {
  /** Side of the square output frames. @default 320 */
  size: number;
  /** Frame count. @default 60 */
  frames: number;
  /** Frame rate written in the header (the fake camera delivers at this rate). @default 3 */
  fps: number;
  /** Events (defaults: a MaE brow raise at 8-38, an ME mouth-corner pull at 42-54). */
  events: ClipEvent[];
}

/** Default events of a 60-frame clip. */
export const DEFAULT_CLIP_EVENTS: readonly ClipEvent[] = Object.freeze([
  { type: "MaE", onset: 8, apex: 22, offset: 38, landmarks: [17, 18, 19, 20, 21, 22, 23, 24, 25, 26], dx: 0, dy: -5 },
  { type: "ME", onset: 42, apex: 48, offset: 54, landmarks: [48, 54], dx: 0, dy: -1.5 },
]);

/** The clip: `.y4m` bytes, the crop's landmarks of the photo (output px) and the events. */
export interface PhotoClip {
  y4m: Uint8Array;
  landmarks: Landmarks68;
  events: ClipEvent[];
  frames: number;
  size: number;
}

/**
 * Builds the clip from a grey `photo` and its 68 landmarks (`photoLandmarks`, photo px). The crop is a square of
 * 2.4 × the landmarks' width centred on them, scaled to `size`.
 */
export async function makePhotoClip(
  photo: GrayFrame,
  photoLandmarks: Landmarks68,
  options: Partial<PhotoClipOptions> = {},
): Promise<PhotoClip> {
  const o: PhotoClipOptions = { size: 320, frames: 60, fps: 3, events: [...DEFAULT_CLIP_EVENTS], ...options };
  const cv: CV = await loadOpenCV();
  let x0 = Infinity, x1 = -Infinity, cx = 0, cy = 0;
  for (let k = 0; k < 68; k++) {
    x0 = Math.min(x0, photoLandmarks[2 * k]);
    x1 = Math.max(x1, photoLandmarks[2 * k]);
    cx += photoLandmarks[2 * k] / 68;
    cy += photoLandmarks[2 * k + 1] / 68;
  }
  const side = 2.4 * (x1 - x0), scale = side / o.size;
  const left = cx - side / 2, top = cy - side / 2 - 0.05 * side;
  const landmarks = new Float32Array(136);
  for (let k = 0; k < 68; k++) {
    landmarks[2 * k] = (photoLandmarks[2 * k] - left) / scale;
    landmarks[2 * k + 1] = (photoLandmarks[2 * k + 1] - top) / scale;
  }
  const S = o.size, plane = S * S, chroma = (S / 2) * (S / 2);
  const header = new TextEncoder().encode(`YUV4MPEG2 W${S} H${S} F${o.fps}:1 Ip A1:1 C420jpeg\n`);
  const frameHeader = new TextEncoder().encode("FRAME\n");
  const out = new Uint8Array(header.length + o.frames * (frameHeader.length + plane + 2 * chroma));
  out.set(header, 0);
  let pos = header.length;
  const full = cv.matFromArray(photo.height, photo.width, cv.CV_8UC1, photo.data);
  const src = new cv.Mat();
  cv.resize(
    full,
    src,
    new cv.Size(Math.round(photo.width / scale), Math.round(photo.height / scale)),
    0,
    0,
    cv.INTER_AREA,
  );
  full.delete();
  const mapX = new cv.Mat(S, S, cv.CV_32FC1), mapY = new cv.Mat(S, S, cv.CV_32FC1), dst = new cv.Mat();
  try {
    for (let f = 0; f < o.frames; f++) {
      const bumps: Bump[] = [];
      for (const ev of o.events) {
        const s = profile(f, ev.onset, ev.apex, ev.offset);
        if (s === 0) continue;
        const sigma = ev.type === "MaE" ? 0.35 * (x1 - x0) / scale / 4 : 0.2 * (x1 - x0) / scale / 4;
        for (const k of ev.landmarks) {
          bumps.push({ cx: landmarks[2 * k], cy: landmarks[2 * k + 1], dx: s * ev.dx, dy: s * ev.dy, sigma });
        }
      }
      const mx = mapX.data32F as Float32Array, my = mapY.data32F as Float32Array;
      for (let y = 0; y < S; y++) {
        for (let x = 0; x < S; x++) {
          const [ux, uy] = bumps.length ? bumpField(bumps, x, y) : [0, 0];
          mx[y * S + x] = left / scale + x - ux;
          my[y * S + x] = top / scale + y - uy;
        }
      }
      cv.remap(src, dst, mapX, mapY, cv.INTER_LINEAR, cv.BORDER_REPLICATE);
      const grey: GrayFrame = { width: S, height: S, data: Uint8Array.from(dst.data as Uint8Array) };
      writeTag(grey, f, 0, 255);
      out.set(frameHeader, pos);
      pos += frameHeader.length;
      for (let k = 0; k < plane; k++) out[pos + k] = 16 + Math.round((grey.data[k] * 219) / 255);
      pos += plane;
      out.fill(128, pos, pos + 2 * chroma);
      pos += 2 * chroma;
    }
  } finally {
    src.delete();
    mapX.delete();
    mapY.delete();
    dst.delete();
  }
  return { y4m: out, landmarks, events: o.events, frames: o.frames, size: S };
}
