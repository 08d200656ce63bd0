/**
 * Landmarks of a video on every core: a pool of face-api workers, each running detect-then-track over one
 * contiguous part of the video (each part starts with a detection), the frames read from their files inside the
 * workers. Missing faces are filled as in {@link detectVideoLandmarks}.
 *
 * @module
 */
import type { FrameSource, Landmarks68 } from "../data/types.ts";
import type { LandmarkRule } from "./types.ts";
import { createFaceApiProvider, type FaceApiWorker } from "./face_api.ts";
import { type FaceApiOptions, providerName, resolveFaceApi } from "./face_api_options.ts";
import { fillMissing } from "./fill.ts";
import type { LandmarkProvider } from "./types.ts";
import { detectVideoLandmarks } from "./video.ts";

/** Landmarks of one video and what it took. */
export interface PoolResult {
  landmarks: Landmarks68[];
  warnings: string[];
  /** Face-detector runs (the rest of the frames were tracked). */
  detections: number;
  /** Workers used. */
  workers: number;
}

/** A pool of `size` face-api workers, started on first use; {@link LandmarkPool.dispose} ends them. */
export class LandmarkPool implements LandmarkProvider {
  readonly size: number;
  readonly options: FaceApiOptions;
  readonly name: string;
  #workers: Promise<FaceApiWorker[]> | undefined;

  constructor(size: number, options: Partial<FaceApiOptions> = {}) {
    if (!Number.isInteger(size) || size < 1) {
      throw new RangeError(`LandmarkPool: size must be an integer ≥ 1, got ${size}`);
    }
    this.size = size;
    this.options = resolveFaceApi(options);
    this.name = providerName(this.options);
  }

  #get(): Promise<FaceApiWorker[]> {
    this.#workers ??= Promise.all(Array.from({ length: this.size }, () => createFaceApiProvider(this.options)));
    return this.#workers;
  }

  /** One frame on the first worker (the {@link LandmarkProvider} interface). */
  async detect(frame: Parameters<LandmarkProvider["detect"]>[0]): Promise<Landmarks68 | null> {
    return (await this.#get())[0].detect(frame);
  }

  /**
   * Landmarks of every frame (`window-first`) or of the first frame with a face (`video-first`, one set).
   * Parts go to the workers in parallel when the frames have file paths.
   *
   * @throws Error naming the video when no frame has a face.
   */
  async video(
    frames: FrameSource,
    options: { rule?: LandmarkRule; what?: string; onProgress?: (n: number) => void } = {},
  ): Promise<PoolResult> {
    const workers = await this.#get();
    const rule = options.rule ?? "window-first", what = options.what ?? "video";
    const n = frames.length;
    if (rule === "video-first" || !frames.paths || n < 2 * this.size) {
      let last = 0;
      const r = await detectVideoLandmarks(frames, workers[0], {
        rule,
        what,
        every: this.options.every,
        onProgress: (d) => {
          options.onProgress?.(d - last);
          last = d;
        },
      });
      if (rule === "video-first") options.onProgress?.(n - last);
      return { ...r, detections: workers[0].detections ?? 0, workers: 1 };
    }
    const before = workers.map((w) => w.detections ?? 0);
    const part = Math.ceil(n / this.size);
    const parts = await Promise.all(workers.map((w, k) => {
      const start = k * part, end = Math.min(n, start + part);
      return start < end ? w.detectRange(frames.paths!, start, end, options.onProgress) : Promise.resolve([]);
    }));
    const detections = workers.reduce((s, w, k) => s + (w.detections ?? 0) - before[k], 0);
    return { ...fillMissing(parts.flat(), what), detections, workers: this.size };
  }

  /** Ends the workers. */
  async dispose(): Promise<void> {
    const w = this.#workers;
    this.#workers = undefined;
    if (w) { for (const p of await w) await p.dispose?.(); }
  }
}
