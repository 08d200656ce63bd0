/**
 * Training samples of one fold. Official sampling (SF `datasets.py:187-210`, ABPN `new_feature_segment.py`):
 * each training video is cut into consecutive, non-overlapping segments of 16 frames starting at frame 0
 * (`[0,15], [16,31], …`); the last one is zero-padded past the video end (features 0, labels 0). Only
 * segments with at least one ME or MaE action frame are kept. Targets are built per segment from its 16
 * label rows, so onset/offset and apex spreads stop at segment edges. Each sample of a batch is the window
 * `(w, R, 2)` of one frame; a batch of 32 segments is 512 windows. The `all-windows` option instead uses
 * every frame of every training video, with targets built over the whole video.
 *
 * @module
 */
import type { FeatureArray, VideoRecord } from "../data/types.ts";
import type { Rng } from "./rng.ts";
import {
  buildFrameLabels,
  concatTargets,
  type FrameTargets,
  LABEL_COLUMNS,
  type TargetOptions,
  targetsFromLabels,
} from "../losses/targets.ts";

/** How training windows are drawn. */
export type Sampling = "action-segments" | "all-windows";

/** A training video: its record and its features `(N, w, R, 2)`. */
export interface TrainVideo {
  record: Pick<VideoRecord, "subject" | "video" | "events">;
  features: FeatureArray;
}

/** One sample unit: `length` consecutive frames of video `video` from `start`, targets at `targets[offset…]`. */
export interface SampleUnit {
  video: number;
  start: number;
  length: number;
  targets: FrameTargets;
  offset: number;
}

/** A batch ready for the model. */
export interface Batch {
  /** `(B, w, R, 2)` row-major windows. */
  x: Float32Array;
  shape: [number, number, number, 2];
  targets: FrameTargets;
}

/**
 * Builds the sample units of a fold.
 *
 * @returns the units and the label repairs (warnings naming video and event).
 */
export function buildSampleUnits(
  videos: readonly TrainVideo[],
  options: { sampling: Sampling; segmentLength: number; targets: Partial<TargetOptions> },
): { units: SampleUnit[]; warnings: string[] } {
  const units: SampleUnit[] = [];
  const warnings: string[] = [];
  const S = options.segmentLength;
  videos.forEach((v, vi) => {
    const N = v.features.shape[0];
    const { labels, warnings: w } = buildFrameLabels(v.record.events, N, { video: v.record.video });
    warnings.push(...w);
    if (options.sampling === "all-windows") {
      const targets = targetsFromLabels(labels, options.targets);
      for (let f = 0; f < N; f++) units.push({ video: vi, start: f, length: 1, targets, offset: f });
      return;
    }
    for (let s = 0; s < N; s += S) {
      const rows = new Uint8Array(S * LABEL_COLUMNS);
      const len = Math.min(S, N - s);
      rows.set(labels.subarray(s * LABEL_COLUMNS, (s + len) * LABEL_COLUMNS));
      let action = false;
      for (let i = 0; i < len && !action; i++) {
        action = rows[i * LABEL_COLUMNS + 3] === 1 || rows[i * LABEL_COLUMNS + 7] === 1;
      }
      if (!action) continue;
      units.push({ video: vi, start: s, length: S, targets: targetsFromLabels(rows, options.targets), offset: 0 });
    }
  });
  return { units, warnings };
}

/** Splits a (shuffled) unit list into batches of `perBatch` units; the last batch may be smaller. */
export function batchUnits(units: readonly SampleUnit[], perBatch: number): SampleUnit[][] {
  const out: SampleUnit[][] = [];
  for (let i = 0; i < units.length; i += perBatch) out.push(units.slice(i, i + perBatch));
  return out;
}

/** Shuffles units with the fold's generator (one call per epoch). */
export function shuffleUnits(units: readonly SampleUnit[], rng: Rng): SampleUnit[] {
  return rng.shuffled(units);
}

/** Gathers the windows and targets of some units; frames past a video end are zeros. */
export function makeBatch(videos: readonly TrainVideo[], units: readonly SampleUnit[]): Batch {
  const [, w, R] = videos[0].features.shape;
  const row = w * R * 2;
  const B = units.reduce((a, u) => a + u.length, 0);
  const x = new Float32Array(B * row);
  const parts: FrameTargets[] = [];
  let at = 0;
  for (const u of units) {
    const f = videos[u.video].features;
    const N = f.shape[0];
    const n = Math.max(0, Math.min(u.length, N - u.start));
    x.set(f.data.subarray(u.start * row, (u.start + n) * row), at * row);
    at += u.length;
    parts.push(sliceTargets(u.targets, u.offset, u.length));
  }
  return { x, shape: [B, w, R, 2], targets: concatTargets(parts) };
}

/** Windows `[start, start + count)` of a batch (views, no copy). */
export function sliceBatch(batch: Batch, start: number, count: number): Batch {
  const [, w, R] = batch.shape;
  const row = w * R * 2;
  return {
    x: batch.x.subarray(start * row, (start + count) * row),
    shape: [count, w, R, 2],
    targets: sliceTargets(batch.targets, start, count),
  };
}

function sliceTargets(t: FrameTargets, offset: number, length: number): FrameTargets {
  if (offset === 0 && length === t.length) return t;
  const s = <A extends Int32Array | Float32Array>(a: A) => a.subarray(offset, offset + length) as A;
  return {
    length,
    meOnOff: s(t.meOnOff),
    maeOnOff: s(t.maeOnOff),
    meApex: s(t.meApex),
    maeApex: s(t.maeApex),
    meAction: s(t.meAction),
    maeAction: s(t.maeAction),
    contrast: s(t.contrast),
  };
}
