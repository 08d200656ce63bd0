/**
 * Landmarks of a whole video from a provider, computed once and cached: with the paper's rule
 * (`window-first`) every frame is detected (each may start a window); with `video-first` only frame 0.
 *
 * @module
 */
import type { FrameSource, Landmarks68 } from "../data/types.ts";
import type { LandmarkRule } from "./types.ts";
import { formatLandmarkCsv, readLandmarkCsv } from "./csv.ts";
import { fillMissing } from "./fill.ts";
import { interpolateLandmarks } from "./interpolate.ts";
import type { LandmarkProvider } from "./types.ts";

/** Options of {@link detectVideoLandmarks}. */
export interface VideoLandmarkOptions {
  /** Which frames need landmarks. @default "window-first" */
  rule: LandmarkRule;
  /** Names the video in messages. @default "video" */
  what: string;
  /** Called after each detected frame. */
  onProgress?: (done: number, total: number) => void;
  /**
   * `window-first`: the provider runs on every k-th frame (and the last); the frames between are interpolated
   * (`FaceApiOptions.every`). @default 1
   */
  every?: number;
}

/**
 * Detects landmarks of every frame (`window-first`, result length N) or of frame 0 only (`video-first`,
 * length 1). Frames without a face reuse the last good landmarks (a warning names them).
 *
 * @throws Error when no frame has a face, naming the video.
 */
export async function detectVideoLandmarks(
  frames: FrameSource,
  provider: LandmarkProvider,
  options: Partial<VideoLandmarkOptions> = {},
): Promise<{ landmarks: Landmarks68[]; warnings: string[] }> {
  const rule = options.rule ?? "window-first", what = options.what ?? "video";
  const n = rule === "video-first" ? 1 : frames.length;
  const every = options.every ?? 1;
  const skipped: (Landmarks68 | null | undefined)[] = [];
  for (let i = 0; i < n; i++) {
    const run = rule === "video-first" || i % every === 0 || i === n - 1;
    skipped.push(run ? await provider.detect(await frames.read(i)) : undefined);
    options.onProgress?.(i + 1, n);
  }
  const found = interpolateLandmarks(skipped);
  if (rule === "video-first" && found[0] === null) {
    // fall back to the first frame with a face
    for (let i = 1; i < frames.length && found[0] === null; i++) {
      const lm = await provider.detect(await frames.read(i));
      if (lm) {
        found[0] = lm;
        return { landmarks: [lm], warnings: [`${what}: no face in frame 0; used the landmarks of frame ${i}`] };
      }
    }
    throw new Error(
      `${what}: no face found in any of the ${frames.length} frames; check that the video shows a frontal face, ` +
        `or give landmarks as an OpenFace-style CSV (x_0..x_67, y_0..y_67)`,
    );
  }
  return fillMissing(found, what);
}

/**
 * Returns cached landmarks from `<base>.landmarks.csv` when `<base>.landmarks.json` holds the same `key`;
 * otherwise runs `compute` and writes both files.
 */
export async function cachedLandmarks(
  base: string,
  key: string,
  compute: () => Promise<{ landmarks: Landmarks68[]; warnings: string[] }>,
): Promise<{ landmarks: Landmarks68[]; warnings: string[]; cached: boolean }> {
  try {
    const meta = JSON.parse(await Deno.readTextFile(`${base}.landmarks.json`));
    if (meta.key === key) {
      const list = await readLandmarkCsv(`${base}.landmarks.csv`);
      if (list.every((l) => l !== null)) {
        return { landmarks: list as Landmarks68[], warnings: meta.warnings ?? [], cached: true };
      }
    }
  } catch { /* no usable cache */ }
  const r = await compute();
  await Deno.writeTextFile(`${base}.landmarks.csv`, formatLandmarkCsv(r.landmarks));
  await Deno.writeTextFile(`${base}.landmarks.json`, JSON.stringify({ key, warnings: r.warnings }, null, 1));
  return { ...r, cached: false };
}
