/**
 * Learned features of a trained fold (paper Fig. 7): the model's `feature` output `(B, D)` for windows of the
 * held-out subject's videos, labelled by the class of the window's centre frame.
 *
 * @module
 */
import type { ExpressionEvent, FeatureArray } from "../../data/types.ts";
import { createSpotFormer, type SpotFormerOptions } from "../../spotformer/mod.ts";
import { tf } from "../../tf/backend.ts";
import { loadCheckpoint } from "../../io/checkpoint.ts";
import type { FeatureClass, FeatureSet } from "../../viz/fig_pca.ts";

/** One video to embed: its features `(N, w, R, 2)` and ground truth. */
export interface EmbedVideo {
  features: FeatureArray;
  events: readonly ExpressionEvent[];
}

/** Options of {@link learnedFeatures}. */
export interface LearnedOptions {
  /** Row label of the figure (e.g. `λ = 0.005`). */
  condition: string;
  /** At most this many vectors per class (evenly spaced). @default 200 */
  maxPerClass?: number;
}

/** Class of frame `i`: the type of the event covering it, else `neutral`. */
export function frameClass(events: readonly ExpressionEvent[], i: number): FeatureClass {
  const e = events.find((x) => x.onset <= i && i <= x.offset);
  return e ? e.type : "neutral";
}

/**
 * Loads `<foldDir>/ckpt/latest.ckpt` into a model built from `model` and returns the feature vectors of the
 * selected windows. Leaves no tensors behind.
 *
 * @throws Error naming the checkpoint when the fold has not been trained.
 */
export async function learnedFeatures(
  foldDir: string,
  model: Partial<SpotFormerOptions>,
  videos: readonly EmbedVideo[],
  options: LearnedOptions,
): Promise<FeatureSet> {
  const path = `${foldDir}/ckpt/latest.ckpt`;
  const ck = await loadCheckpoint(path);
  if (!ck) throw new Error(`no checkpoint at ${path}; run the sweep first (deno task sweep …)`);
  const max = options.maxPerClass ?? 200;
  const picks: { v: number; i: number; label: FeatureClass }[] = [];
  const byClass: Record<FeatureClass, { v: number; i: number }[]> = { MaE: [], ME: [], neutral: [] };
  videos.forEach((vid, v) => {
    for (let i = 0; i < vid.features.shape[0]; i++) byClass[frameClass(vid.events, i)].push({ v, i });
  });
  for (const label of ["MaE", "ME", "neutral"] as const) {
    const all = byClass[label];
    const step = Math.max(1, all.length / max);
    for (let k = 0; k < Math.min(max, all.length); k++) picks.push({ ...all[Math.floor(k * step)], label });
  }
  const m = createSpotFormer(model);
  try {
    m.setState(ck.model);
    const features: number[][] = [];
    const batch = 256;
    for (let s = 0; s < picks.length; s += batch) {
      const part = picks.slice(s, s + batch);
      const [, w, R, C] = videos[0].features.shape;
      const row = w * R * C;
      const data = new Float32Array(part.length * row);
      part.forEach((p, j) => data.set(videos[p.v].features.data.subarray(p.i * row, (p.i + 1) * row), j * row));
      const f = tf.tidy(() => m.apply(tf.tensor4d(data, [part.length, w, R, C]), false).feature);
      const arr = await f.data() as Float32Array;
      f.dispose();
      const d = arr.length / part.length;
      for (let j = 0; j < part.length; j++) features.push(Array.from(arr.subarray(j * d, (j + 1) * d)));
    }
    return { condition: options.condition, features, labels: picks.map((p) => p.label) };
  } finally {
    m.dispose();
  }
}
