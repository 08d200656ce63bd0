/**
 * One optimisation step: forward in training mode, total loss, gradients of every trainable variable,
 * AdamW update. Shared by `trainFold` and the training benchmark.
 *
 * @module
 */
import { tf } from "../tf/backend.ts";
import { leanVariableGrads } from "../tf/grad.ts";
import { type LossOptions, spotFormerLoss } from "../losses/mod.ts";
import type { AdamW } from "./adamw.ts";
import { type Batch, sliceBatch } from "./sampling.ts";

/** What training needs from a model (the `SpotFormerModel` contract). */
export interface TrainableModel {
  /** `(B, T, V, 2) -> logits (B, 10), feature (B, D)`. */
  apply(x: tf.Tensor, training: boolean): { logits: tf.Tensor; feature: tf.Tensor };
  /** Trainable variables, split by weight decay. */
  paramGroups(): { decay: tf.Variable[]; noDecay: tf.Variable[] };
  /** Parameters and buffers as plain arrays. */
  getState():
    | Record<string, { shape: number[]; data: Float32Array }>
    | Promise<Record<string, { shape: number[]; data: Float32Array }>>;
  /** Restores {@link getState} output. */
  setState(state: Record<string, { shape: number[]; data: Float32Array }>): void;
  /** Frees every variable. */
  dispose(): void;
}

/**
 * Runs one step on `batch` with learning rate `lr`, the whole batch in one forward/backward pass (BatchNorm
 * statistics and the SupCon set over all windows, as the official code). Gradients come from
 * `leanVariableGrads` (memory freed along the backward pass). With `microBatch` smaller than the batch — a
 * deviation, see `TrainOptions.microBatch` — the batch is processed in chunks whose losses (weighted by chunk
 * size / batch size) and gradients are summed before one update; BatchNorm and SupCon then see one chunk.
 *
 * @returns the total loss as a scalar tensor (the caller reads it with `await data()` and disposes it);
 *   every other tensor of the step is freed.
 */
export function trainStep(
  model: TrainableModel,
  batch: Batch,
  options: { optimizer: AdamW; loss: LossOptions; lr: number; microBatch?: number },
): tf.Scalar {
  const B = batch.shape[0];
  const mb = options.microBatch && options.microBatch < B ? options.microBatch : B;
  let total: tf.Scalar | null = null;
  let acc: Record<string, tf.Tensor> = {};
  try {
    for (let s = 0; s < B; s += mb) {
      const part = mb === B ? batch : sliceBatch(batch, s, Math.min(mb, B - s));
      const n = part.shape[0];
      const x = tf.tensor4d(part.x, part.shape);
      let step: { value: tf.Scalar; grads: Record<string, tf.Tensor> };
      try {
        step = leanVariableGrads(() => {
          const l = spotFormerLoss(model.apply(x, true), part.targets, options.loss).total;
          return (n === B ? l : tf.mul(l, n / B)) as tf.Scalar;
        }, options.optimizer.vars);
      } finally {
        x.dispose();
      }
      total = total ? addDispose(total, step.value) as tf.Scalar : step.value;
      for (const [k, g] of Object.entries(step.grads)) acc[k] = acc[k] ? addDispose(acc[k], g) : g;
    }
    options.optimizer.apply(acc, options.lr);
    return total!;
  } catch (e) {
    total?.dispose();
    throw e;
  } finally {
    tf.dispose(Object.values(acc));
    acc = {};
  }
}

function addDispose(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  const s = tf.add(a, b);
  a.dispose();
  b.dispose();
  return s;
}
