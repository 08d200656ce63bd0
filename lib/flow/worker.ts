/**
 * Worker entry of parallel feature extraction: one OpenCV.js instance per worker. Receives
 * `{id, paths, landmarks, options, start, end}`, reopens the frames from their paths, computes windows
 * `[start, end)` and posts `{id, progress}` messages then `{id, data}` (or `{id, error}`).
 *
 * @module
 */
/// <reference lib="deno.worker" />
import { openFrames } from "../data/frame_source.ts";
import { extractRange } from "./extract.ts";
import type { FlowOptions } from "./options.ts";

/** A chunk of work for one worker. */
export interface FlowJob {
  id: number;
  paths: string[];
  landmarks: Float32Array[];
  options: FlowOptions;
  start: number;
  end: number;
}

self.onmessage = async (ev: MessageEvent<FlowJob>) => {
  const job = ev.data;
  try {
    let last = 0;
    const data = await extractRange(openFrames(job.paths, { cacheSize: 2 }), job.landmarks, {
      ...job.options,
      start: job.start,
      end: job.end,
      onProgress: (done) => {
        if (done - last >= 8) {
          self.postMessage({ id: job.id, progress: done - last });
          last = done;
        }
      },
    });
    self.postMessage({ id: job.id, progress: job.end - job.start - last });
    self.postMessage({ id: job.id, data }, [data.buffer as ArrayBuffer]);
  } catch (e) {
    self.postMessage({ id: job.id, error: (e as Error).message });
  }
};
