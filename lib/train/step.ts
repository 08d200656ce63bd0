/**
 * One optimisation step: forward in training mode, total loss, gradients of every trainable variable,
 * AdamW update. Shared by `trainFold` and the training benchmark.
 *
 * @module
 */
import { tf } from "../tf/backend.ts";
import { type LossOptions, spotFormerLoss } from "../losses/mod.ts";
import type { AdamW } from "./adamw.ts";
import type { Batch } from "./sampling.ts";

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
 * Runs one step on `batch` with learning rate `lr`.
 *
 * @returns the total loss as a scalar tensor (the caller reads it with `await data()` and disposes it);
 *   every other tensor of the step is freed.
 */
export function trainStep(
  model: TrainableModel,
  batch: Batch,
  options: { optimizer: AdamW; loss: LossOptions; lr: number },
): tf.Scalar {
  const x = tf.tensor4d(batch.x, batch.shape);
  try {
    const { value, grads } = tf.variableGrads(() => {
      const out = model.apply(x, true);
      return spotFormerLoss(out, batch.targets, options.loss).total;
    }, options.optimizer.vars);
    options.optimizer.apply(grads, options.lr);
    tf.dispose(grads);
    return value;
  } finally {
    x.dispose();
  }
}
