/**
 * Frame probabilities of a whole video (official `abfcm.py:829-869`: the video's windows go through the model
 * in eval mode; softmax over columns 0-2 and 3-5, sigmoid on 6-9), and the eval:probs file format.
 *
 * @module
 */
import { tf } from "../tf/backend.ts";
import type { FeatureArray } from "../data/types.ts";

/** What prediction needs from a model. */
export interface ApplyModel {
  /** `(B, T, V, 2) -> logits (B, 10), feature (B, D)`. */
  apply(x: tf.Tensor, training: boolean): { logits: tf.Tensor; feature: tf.Tensor };
}

/**
 * Probabilities of every frame: `(N, w, R, 2)` features → `N × 10` row-major Float32Array
 * (0-2 ME onset/offset/none, 3-5 MaE onset/offset/none, 6 ME apex, 7 MaE apex, 8 ME action, 9 MaE action).
 * Async so that it works on webgpu (reads with `await data()`). Leaves no tensors behind. `batch` (default 64)
 * windows go through the model at once.
 *
 * @example
 * ```ts
 * // const probs = await predictProbs(model, features, { batch: 256 });
 * ```
 */
export async function predictProbs(
  model: ApplyModel,
  features: FeatureArray,
  options: { batch?: number } = {},
): Promise<Float32Array> {
  const batch = options.batch ?? 64;
  if (!Number.isInteger(batch) || batch < 1) {
    throw new RangeError(`predictProbs: batch must be a positive integer, got ${batch}`);
  }
  const [N, w, R, C] = features.shape;
  if (features.data.length !== N * w * R * C) {
    throw new RangeError(
      `predictProbs: features hold ${features.data.length} values, shape [${features.shape}] needs ${N * w * R * C}`,
    );
  }
  const row = w * R * C;
  const out = new Float32Array(N * 10);
  for (let s = 0; s < N; s += batch) {
    const b = Math.min(batch, N - s);
    const probs = tf.tidy(() => {
      const x = tf.tensor4d(features.data.subarray(s * row, (s + b) * row), [b, w, R, C]);
      const { logits } = model.apply(x, false);
      return logitsToProbs(logits);
    });
    out.set(await probs.data() as Float32Array, s * 10);
    probs.dispose();
  }
  return out;
}

/** `(B, 10)` logits → probabilities (softmax 0-2 and 3-5, sigmoid 6-9). The caller disposes the result. */
export function logitsToProbs(logits: tf.Tensor): tf.Tensor2D {
  return tf.tidy(() => {
    const B = logits.shape[0];
    return tf.concat([
      tf.softmax(logits.slice([0, 0], [B, 3])),
      tf.softmax(logits.slice([0, 3], [B, 3])),
      tf.sigmoid(logits.slice([0, 6], [B, 4])),
    ], 1) as tf.Tensor2D;
  });
}
