/**
 * The landmarks of one video of a dataset for `extractDataset` (`dataset.ts`): the dataset's exact ones, a
 * `<subject>/<video>.csv` file, or a landmark provider (face-api) with its result cached beside the features.
 *
 * @module
 */
import type { Dataset, FrameSource, Landmarks68, VideoRecord } from "../data/types.ts";
import { readLandmarkCsv } from "../landmarks/csv.ts";
import { fillMissing } from "../landmarks/fill.ts";
import { LandmarkPool } from "../landmarks/pool.ts";
import type { LandmarkProvider, LandmarkSource } from "../landmarks/types.ts";
import { cachedLandmarks, detectVideoLandmarks } from "../landmarks/video.ts";
import { hashText } from "./content_hash.ts";
import type { FlowOptions } from "./options.ts";

/** What {@link datasetLandmarks} needs besides the video: the landmark options of the extraction and its state. */
export interface DatasetLandmarkOptions {
  /** Where landmarks come from. @default "auto" (the dataset's exact landmarks if it has them, else the provider) */
  landmarks?: LandmarkSource;
  /** Folder of `<subject>/<video>.csv` landmark files for `landmarks: "csv"`. */
  landmarkDir?: string;
  /** Path of the video's features without extension; the landmark cache lies beside it. */
  base: string;
  /** `hashFrames` of the video's frames (part of the landmark cache key). */
  framesHash: string;
  /** The provider for detected landmarks, made on first use. */
  getProvider: () => Promise<LandmarkProvider>;
  /** Called with the number of frames whose landmarks were just detected. */
  onFrames: (n: number) => void;
}

/** The landmarks of video `v` (one per frame), the provider's name, repair warnings and the detection count. */
export async function datasetLandmarks(
  ds: Dataset,
  v: VideoRecord,
  frames: FrameSource,
  o: FlowOptions,
  x: DatasetLandmarkOptions,
): Promise<{ landmarks: Landmarks68[]; provider: string; warnings: string[]; detections?: number }> {
  const what = `${v.subject}/${v.video}`;
  const source = x.landmarks ?? "auto";
  if (source === "dataset" || (source === "auto" && ds.landmarks)) {
    if (!ds.landmarks) throw new Error(`${what}: dataset "${ds.name}" has no exact landmarks; use face-api or csv`);
    return { landmarks: await ds.landmarks(v), provider: `${ds.name}-exact`, warnings: [] };
  }
  if (source === "csv") {
    if (!x.landmarkDir) throw new Error(`landmarks "csv" needs landmarkDir (a folder of <subject>/<video>.csv)`);
    const path = `${x.landmarkDir}/${v.subject}/${v.video}.csv`;
    const list = await readLandmarkCsv(path);
    if (list.length !== frames.length) {
      throw new Error(`${path}: ${list.length} landmark rows but the video has ${frames.length} frames`);
    }
    return { ...fillMissing(list, path), provider: "csv" };
  }
  const provider = await x.getProvider();
  const key = await hashText(`${x.framesHash}|${provider.name}|${o.landmarkRule}`);
  let detections: number | undefined;
  const r = await cachedLandmarks(x.base, key, async () => {
    if (provider instanceof LandmarkPool) {
      const p = await provider.video(frames, { rule: o.landmarkRule, what, onProgress: x.onFrames });
      detections = p.detections;
      return p;
    }
    let last = 0;
    return detectVideoLandmarks(frames, provider, {
      rule: o.landmarkRule,
      what,
      onProgress: (d) => {
        x.onFrames(d - last);
        last = d;
      },
    });
  });
  return { landmarks: r.landmarks, provider: provider.name, warnings: r.warnings, detections };
}
