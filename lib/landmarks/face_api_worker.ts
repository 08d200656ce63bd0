/**
 * Worker entry of the face-api provider: `{id, init}` loads face-api in this worker, `{id, frame}` detects the
 * landmarks of one frame, `{id, range: {paths, start, end}}` reads frames `[start, end)` of a video from their
 * files and detects them in order (detect-then-track), posting `{id, progress}` on the way. Replies
 * `{id, result}` (with `detections`, the detector runs so far) or `{id, error}`.
 *
 * @module
 */
/// <reference lib="deno.worker" />
import { openFrames } from "../data/frame_source.ts";
import type { Landmarks68 } from "../data/types.ts";
import type { LandmarkProvider } from "./types.ts";
import { createFaceApiLocal } from "./face_api.ts";
import type { FaceApiOptions } from "./face_api_options.ts";
import { interpolateLandmarks } from "./interpolate.ts";

let provider: LandmarkProvider | undefined;
let every = 1;

/** A range job: frames `[start, end)` of the video whose frame files are `paths`. */
export interface LandmarkRange {
  paths: string[];
  start: number;
  end: number;
}

self.onmessage = async (
  ev: MessageEvent<{ id: number; init?: FaceApiOptions; frame?: never; range?: LandmarkRange }>,
) => {
  const { id, init, frame, range } = ev.data;
  try {
    if (init) {
      provider = await createFaceApiLocal(init);
      every = init.every ?? 1;
      self.postMessage({ id, result: true });
      return;
    }
    if (!provider) throw new Error("face-api worker: not initialised");
    if (range) {
      const frames = openFrames(range.paths, { cacheSize: 2 });
      const found: (Landmarks68 | null | undefined)[] = [];
      let told = 0;
      for (let i = range.start; i < range.end; i++) {
        const run = (i - range.start) % every === 0 || i === range.end - 1;
        found.push(run ? await provider.detect(await frames.read(i)) : undefined);
        if (found.length - told >= 4) {
          self.postMessage({ id, progress: found.length - told });
          told = found.length;
        }
      }
      if (found.length > told) self.postMessage({ id, progress: found.length - told });
      self.postMessage({ id, result: interpolateLandmarks(found), detections: provider.detections });
      return;
    }
    self.postMessage({ id, result: await provider.detect(frame!), detections: provider.detections });
  } catch (e) {
    self.postMessage({ id, error: (e as Error).message });
  }
};
