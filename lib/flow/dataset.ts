/**
 * Feature extraction of a whole dataset: `<out>/<subject>/<video>.npy` float32 `(N, w, R, 2)` (the layout the
 * official code reads) plus a `.json` sidecar with the resolved options, the landmark provider and a content hash
 * (frame bytes + landmarks + options). A video whose sidecar hash matches is not recomputed. Work is spread
 * over Deno workers (one OpenCV.js instance each) that reopen the frames from `FrameSource.paths`.
 *
 * @module
 */
import type { Dataset, FeatureArray, VideoRecord } from "../data/types.ts";
import { readNpy, writeNpy } from "../io/npy.ts";
import type { FaceApiOptions } from "../landmarks/face_api_options.ts";
import { LandmarkPool } from "../landmarks/pool.ts";
import type { LandmarkProvider, LandmarkSource } from "../landmarks/types.ts";
import { hashFrames, hashLandmarks, hashText } from "./content_hash.ts";
import { datasetLandmarks } from "./dataset_landmarks.ts";
import { extractFeatures } from "./extract.ts";
import { type FlowOptionsInput, resolveFlow } from "./options.ts";
import { ROI_LAYOUTS } from "../graph/mod.ts";
import { runChunks } from "./run_chunks.ts";
import type { FlowJob } from "./worker.ts";

/** Options of {@link extractDataset} besides the flow options. */
export interface DatasetExtractOptions {
  /** Worker threads; 1 computes in this thread. @default navigator.hardwareConcurrency */
  workers?: number;
  /** Where landmarks come from. @default "auto" (the dataset's exact landmarks if it has them, else face-api) */
  landmarks?: LandmarkSource;
  /** Folder of `<subject>/<video>.csv` landmark files for `landmarks: "csv"`. */
  landmarkDir?: string;
  /**
   * A ready provider for `face-api` (else a pool of `workers` face-api workers is created when a video needs
   * landmarks and ended once they are found, before its flow; it splits each video between them).
   */
  provider?: LandmarkProvider;
  /** Options of the face-api workers created here (e.g. `{ redetectEvery: 8 }`). */
  faceApi?: Partial<FaceApiOptions>;
  /** Recompute even when the sidecar hash matches. @default false */
  force?: boolean;
  /**
   * Progress over the whole extraction in frame-steps: each video counts its frames once for landmarks (when
   * they are detected here) and once for flow, so `total` is known up front; cached work is counted when skipped.
   */
  onProgress?: (done: number, total: number, note: string, skipped: number) => void;
  /** Only these videos (by `video` id). */
  videos?: readonly string[];
  /**
   * Extra windows past the last frame (clamped like the padding at the start), so that every smaller window size
   * can be read off these features (`multi_window.ts`); the arrays then have `N + padEnd` rows. @default 0
   */
  padEnd?: number;
}

/** What happened to one video. */
export interface VideoExtractResult {
  subject: string;
  video: string;
  path: string;
  shape: [number, number, number, 2];
  cached: boolean;
  provider: string;
  warnings: string[];
  seconds: number;
  /** Seconds per phase: hashing the frame files, landmarks, flow (decode included), writing. */
  phases?: Record<string, number>;
}

/**
 * The dataset's precomputed features of `v` (official `.npy` files through the `abpn-csv` adapter), or undefined
 * when the video is to be computed from its frames.
 */
async function precomputed(ds: Dataset, v: VideoRecord): Promise<FeatureArray | undefined> {
  if (!ds.features) return undefined;
  try {
    return await ds.features(v);
  } catch (e) {
    try {
      ds.frames(v);
    } catch {
      throw e; // neither features nor frames: the adapter's message says why
    }
    return undefined;
  }
}

/**
 * Extracts features of every video of `ds` into `outDir` and returns what was done per video.
 * Videos the dataset has precomputed features for (official `.npy` files, `abpn-csv`) are copied, not computed.
 *
 * @example
 * ```ts ignore
 * const r = await extractDataset(await openSynth("data/synth"), "features/synth", { window: 17, workers: 2 });
 * ```
 */
export async function extractDataset(
  ds: Dataset,
  outDir: string,
  options: FlowOptionsInput & DatasetExtractOptions = {},
): Promise<VideoExtractResult[]> {
  const { workers, landmarks, landmarkDir, provider, faceApi, force, onProgress, videos, padEnd, ...flowOpts } =
    options;
  const pad = padEnd ?? 0;
  if (!Number.isInteger(pad) || pad < 0) {
    throw new RangeError(`extractDataset: padEnd must be an integer >= 0, got ${pad}`);
  }
  const o = resolveFlow(flowOpts);
  const nWorkers = Math.max(1, Math.floor(workers ?? navigator.hardwareConcurrency ?? 1));
  const list = ds.videos.filter((v) => !videos || videos.includes(v.video));
  const detects = (landmarks ?? "auto") === "face-api" || ((landmarks ?? "auto") === "auto" && !ds.landmarks);
  const total = list.reduce((s, v) => s + v.frameCount * (detects ? 2 : 1) + pad, 0);
  let done = 0, skipped = 0;
  const tick = (n: number, note: string, cached = false) => {
    done += n;
    if (cached) skipped += n;
    onProgress?.(done, total, note, skipped);
  };
  let made: LandmarkPool | undefined;
  const getProvider = (): Promise<LandmarkProvider> => {
    if (provider) return Promise.resolve(provider);
    made ??= new LandmarkPool(nWorkers, faceApi);
    return Promise.resolve(made);
  };
  const pool: Worker[] = [];
  const results: VideoExtractResult[] = [];
  try {
    for (const v of list) {
      const t0 = performance.now();
      const f = await precomputed(ds, v);
      if (f) { // precomputed features (official .npy files): copied with the official ROI selection
        const dir = `${outDir}/${v.subject}`;
        await Deno.mkdir(dir, { recursive: true });
        await writeNpy(`${dir}/${v.video}.npy`, f.data, f.shape);
        const sidecar = {
          format: "spotkit-features/1",
          subject: v.subject,
          video: v.video,
          shape: f.shape,
          source: ds.name,
          dataset: { name: ds.name, options: ds.options ?? {} },
        };
        await Deno.writeTextFile(`${dir}/${v.video}.json`, JSON.stringify(sidecar, null, 1) + "\n");
        tick(v.frameCount * (detects ? 2 : 1) + pad, `${v.video} (precomputed)`);
        results.push({
          subject: v.subject,
          video: v.video,
          path: `${dir}/${v.video}.npy`,
          shape: f.shape,
          cached: false,
          provider: "precomputed",
          warnings: [],
          seconds: (performance.now() - t0) / 1000,
        });
        continue;
      }
      const frames = ds.frames(v);
      const dir = `${outDir}/${v.subject}`;
      const base = `${dir}/${v.video}`;
      await Deno.mkdir(dir, { recursive: true });
      const phases: Record<string, number> = {};
      let tp = performance.now();
      const phase = (name: string) => {
        const now = performance.now();
        phases[name] = (now - tp) / 1000;
        tp = now;
      };
      const framesHash = await hashFrames(frames);
      phase("hash");
      let lmTicks = 0;
      const onFrames = (n: number) => {
        lmTicks += n;
        tick(n, `${v.video} landmarks`);
      };
      const lm = await datasetLandmarks(ds, v, frames, o, {
        landmarks,
        landmarkDir,
        base,
        framesHash,
        getProvider,
        onFrames,
      });
      if (detects) tick(frames.length - lmTicks, `${v.video} landmarks`); // cached or video-first
      // the face-api workers (≈ 250 MiB each) end before the flow workers run, so that the peak memory is that of
      // one phase, not of both; the next video starts them again (about a second)
      await made?.dispose();
      phase("landmarks");
      const padded = pad ? `|padEnd ${pad}` : "";
      const hash = await hashText(`${framesHash}|${await hashLandmarks(lm.landmarks)}|${JSON.stringify(o)}${padded}`);
      const R = ROI_LAYOUTS[o.rois].landmarks.length;
      const rows = frames.length + pad;
      const shape: [number, number, number, 2] = [rows, o.window, R, 2];
      const res = { subject: v.subject, video: v.video, path: `${base}.npy`, shape, provider: lm.provider };
      if (!force) {
        try {
          const side = JSON.parse(await Deno.readTextFile(`${base}.json`));
          await Deno.stat(`${base}.npy`);
          if (side.hash === hash) {
            tick(rows, `${v.video} (cached)`, true);
            results.push({ ...res, cached: true, warnings: lm.warnings, seconds: 0 });
            continue;
          }
        } catch { /* no valid cache */ }
      }
      let data: Float32Array;
      const onWin = (n: number) => tick(n, `${v.video} flow`);
      if (nWorkers > 1 && frames.paths && frames.length > 1) {
        while (pool.length < nWorkers) {
          pool.push(new Worker(new URL("./worker.ts", import.meta.url).href, { type: "module" }));
        }
        const chunk = Math.max(32, Math.ceil(rows / nWorkers));
        const jobs: Omit<FlowJob, "id">[] = [];
        for (let s = 0; s < rows; s += chunk) {
          jobs.push({
            paths: [...frames.paths],
            landmarks: lm.landmarks,
            options: o,
            start: s,
            end: Math.min(rows, s + chunk),
          });
        }
        data = await runChunks(pool, jobs, shape.reduce((a, b) => a * b, 1), onWin);
      } else {
        let last = 0;
        data = (await extractFeatures(frames, lm.landmarks, {
          ...flowOpts,
          end: rows,
          onProgress: (d) => {
            onWin(d - last);
            last = d;
          },
        })).data;
      }
      phase("flow");
      await writeNpy(`${base}.npy`, data, shape);
      phase("write");
      const seconds = (performance.now() - t0) / 1000;
      const sidecar = {
        format: "spotkit-features/1",
        subject: v.subject,
        video: v.video,
        shape,
        layout: "(N, w, R, 2): frame, window step s = 1..w, ROI, (x, y) flow in px",
        rois: { layout: o.rois, landmarks: ROI_LAYOUTS[o.rois].landmarks, parts: ROI_LAYOUTS[o.rois].parts },
        dataset: { name: ds.name, options: ds.options ?? {} },
        options: o,
        landmarks: { provider: lm.provider, rule: o.landmarkRule, warnings: lm.warnings, detections: lm.detections },
        hash,
        seconds,
        phases,
      };
      await Deno.writeTextFile(`${base}.json`, JSON.stringify(sidecar, null, 1) + "\n");
      results.push({ ...res, cached: false, warnings: lm.warnings, seconds, phases });
    }
  } finally {
    for (const w of pool) w.terminate();
    await made?.dispose?.();
  }
  return results;
}

/**
 * Loads `<outDir>/<subject>/<video>.npy` as a {@link FeatureArray}.
 *
 * @throws Error naming the file when it is missing or not 4-D `(N, w, R, 2)`.
 */
export async function loadFeatures(outDir: string, subject: string, video: string): Promise<FeatureArray> {
  const path = `${outDir}/${subject}/${video}.npy`;
  const a = await readNpy(path);
  if (a.shape.length !== 4 || a.shape[3] !== 2) {
    throw new Error(`${path}: expected shape (N, w, R, 2), got (${a.shape.join(", ")}); re-run deno task features`);
  }
  return { data: a.data, shape: a.shape as [number, number, number, 2] };
}
