/**
 * Spotting on one new video (`deno task spot VIDEO --model RUN`): frames (video file through ffmpeg, or a
 * folder of images) → 68 landmarks (face-api, or an OpenFace-style CSV) → SW-MRO features with the training
 * run's feature options → SpotFormer probabilities → proposals + NMS (paper §3.4) → `proposals.csv`,
 * `probs.json` (eval:probs format) and a timeline figure (`timeline.svg`/`.png`).
 *
 * @module
 */
import { openFrameFolders } from "../data/adapters/frames.ts";
import { openVideos } from "../data/adapters/video.ts";
import type { Dataset, Landmarks68, VideoRecord } from "../data/types.ts";
import { formatProposalsCsv } from "../eval/proposals_csv.ts";
import { extractFeatures } from "../flow/extract.ts";
import { resolveFlow } from "../flow/options.ts";
import { fillMissing } from "../landmarks/fill.ts";
import { readLandmarkCsv } from "../landmarks/csv.ts";
import { cachedLandmarks, detectVideoLandmarks } from "../landmarks/video.ts";
import { type Proposal, type SpotOptions, spotVideo } from "../postproc/mod.ts";
import { formatProbsFile } from "../data/probs_file.ts";
import { predictProbs } from "../spotformer/predict.ts";
import { writeFigure } from "../viz/render.ts";
import { timelineSpec } from "../viz/timeline.ts";
import { loadSpotModel } from "./spot_model.ts";

/** Options of {@link runSpot}. */
export interface SpotPipelineOptions {
  /** Training run folder (with `run.json`) or a `.ckpt` file inside it. Required. */
  model: string;
  /** Fold whose checkpoint is used. @default the first fold (sorted) with a checkpoint */
  fold: string | undefined;
  /** Output folder. @default "results/spot/<video name>" */
  out: string | undefined;
  /** Landmarks: `face-api`, or the path of an OpenFace-style CSV (`x_0..x_67, y_0..y_67`). @default "face-api" */
  landmarks: string;
  /** Frame rate override (else ffprobe for videos, 30 for image folders). @default undefined */
  fps: number | undefined;
  /** Decoded-frame cache for video files. @default ".cache/video-frames" */
  cache: string;
  /** Windows per model call. @default 256 */
  batch: number;
  /** Proposal and NMS options. @default {} (official settings) */
  spot: SpotOptions;
  /** Stage progress (`landmarks`, `features`), for a progress bar. @default undefined */
  onProgress: ((stage: "landmarks" | "features", done: number, total: number) => void) | undefined;
}

/** Default options (the model must still be given). */
export const DEFAULT_SPOT_PIPELINE: Readonly<SpotPipelineOptions> = Object.freeze({
  model: "",
  fold: undefined,
  out: undefined,
  landmarks: "face-api",
  fps: undefined,
  cache: ".cache/video-frames",
  batch: 256,
  spot: {},
  onProgress: undefined,
});

/** Resolves options; unknown keys → TypeError, a missing model or a bad batch → RangeError. */
export function resolveSpotPipeline(partial: Partial<SpotPipelineOptions>): SpotPipelineOptions {
  for (const k of Object.keys(partial)) {
    if (!(k in DEFAULT_SPOT_PIPELINE)) {
      throw new TypeError(`spot: unknown option "${k}"; known: ${Object.keys(DEFAULT_SPOT_PIPELINE).join(", ")}`);
    }
  }
  const o = { ...DEFAULT_SPOT_PIPELINE, ...partial };
  if (!o.model) throw new RangeError("spot: no model; train one (deno task train) and pass --model RUN_FOLDER");
  if (!Number.isInteger(o.batch) || o.batch < 1) {
    throw new RangeError(`spot: batch must be a positive integer, got ${o.batch}`);
  }
  return o;
}

/** What {@link runSpot} produced. */
export interface SpotResult {
  /** The video as read. */
  video: VideoRecord;
  /** Proposals after NMS, 0-based frames as read; ME first, each type by descending score. */
  proposals: Proposal[];
  /** Files written. */
  files: { proposals: string; probs: string; svg: string; png: string };
  /** Notes and repairs (landmark gaps, fallbacks). */
  warnings: string[];
}

/** Opens `input` (a video file, or a folder of images) as a one-video dataset. */
async function openInput(input: string, o: SpotPipelineOptions): Promise<Dataset> {
  const st = await Deno.stat(input).catch(() => undefined);
  if (!st) throw new Error(`spot: ${input} does not exist; give a video file or a folder of frames`);
  const ds = st.isDirectory
    ? await openFrameFolders(input, o.fps ? { fps: o.fps } : {})
    : await openVideos(input, { cache: o.cache, fps: o.fps });
  if (ds.videos.length !== 1) {
    throw new Error(`spot: ${input} holds ${ds.videos.length} videos; give one video file or one folder of frames`);
  }
  return ds;
}

/**
 * Spots micro- and macro-expressions in one video with a trained model and writes the results.
 *
 * @example
 * ```ts ignore
 * const r = await runSpot("clip.mp4", { model: "results/runs/demo" });
 * for (const p of r.proposals) console.log(p.type, p.onset, p.offset, p.score);
 * ```
 */
export async function runSpot(input: string, options: Partial<SpotPipelineOptions>): Promise<SpotResult> {
  const o = resolveSpotPipeline(options);
  const ds = await openInput(input, o);
  const video = ds.videos[0];
  const frames = ds.frames(video);
  const out = o.out ?? `results/spot/${video.video}`;
  await Deno.mkdir(out, { recursive: true });
  const { model, flow, notes } = await loadSpotModel(o.model, { fold: o.fold });
  const warnings = [...ds.warnings, ...notes];
  try {
    const rule = resolveFlow(flow).landmarkRule;
    let landmarks: Landmarks68[];
    if (o.landmarks === "face-api") {
      const key = `${frames.paths?.join("|") ?? input}|${frames.length}|face-api|${rule}`;
      const r = await cachedLandmarks(`${out}/${video.video}`, key, async () => {
        const { createFaceApiProvider } = await import("../landmarks/face_api.ts");
        const provider = await createFaceApiProvider();
        try {
          return await detectVideoLandmarks(frames, provider, {
            rule,
            what: video.video,
            onProgress: (d, n) => o.onProgress?.("landmarks", d, n),
          });
        } finally {
          await provider.dispose?.();
        }
      });
      landmarks = r.landmarks;
      warnings.push(...r.warnings);
    } else {
      const r = fillMissing(await readLandmarkCsv(o.landmarks), o.landmarks);
      if (r.landmarks.length !== frames.length) {
        throw new Error(
          `spot: ${o.landmarks} has ${r.landmarks.length} rows but the video has ${frames.length} frames`,
        );
      }
      landmarks = r.landmarks;
      warnings.push(...r.warnings);
    }
    const features = await extractFeatures(frames, landmarks, {
      ...flow,
      onProgress: (d, n) => o.onProgress?.("features", d, n),
    });
    const probs = await predictProbs(model, features, { batch: o.batch });
    const T = features.shape[0];
    const proposals = spotVideo(probs, T, o.spot);
    const files = {
      proposals: `${out}/proposals.csv`,
      probs: `${out}/probs.json`,
      ...(await writeFigure(
        `${out}/timeline`,
        timelineSpec({
          video: video.video,
          gt: video.events,
          proposals,
          frameCount: video.frameCount,
          fps: video.fps,
        }),
      )),
    };
    await Deno.writeTextFile(files.proposals, formatProposalsCsv(proposals.map((p) => ({ video: video.video, ...p }))));
    await Deno.writeTextFile(
      files.probs,
      formatProbsFile([{ video: video.video, subject: video.subject, T: probs.length / 10, probs }], 7),
    );
    return { video, proposals, files, warnings };
  } finally {
    model.dispose();
  }
}
