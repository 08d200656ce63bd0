/**
 * One data-parallel training step on one replica (a worker holding a full model copy and a shard of the
 * batch), with the semantics of one step on the whole batch:
 * - BatchNorm statistics over all replicas' windows (`ForwardContext.replicaSum`);
 * - SupCon over the whole batch: features of every shard are gathered (zero-padded to the batch and summed
 *   over replicas), every replica evaluates the same full-batch SupCon and weights it 1/R;
 * - the other loss terms are means over the shard, weighted by shard/batch size;
 * - gradients summed over replicas (all-reduce), then the same AdamW update everywhere.
 * What differs from one process: float summation order, and dropout masks (each replica draws its own).
 *
 * @module
 */
import { tf } from "../tf/backend.ts";
import { leanVariableGrads } from "../tf/grad.ts";
import { type LossOptions, spotFormerLoss, supConLoss } from "../losses/mod.ts";
import type { AdamW } from "./adamw.ts";
import type { Collective } from "./collective.ts";
import type { Batch } from "./sampling.ts";
import type { TrainableModel } from "./step.ts";

/** Where a replica's shard sits in the whole batch. */
export interface ShardInfo {
  /** First window of the shard in the batch. */
  offset: number;
  /** Windows in the whole batch. */
  total: number;
  /** Contrastive classes of the whole batch `(total)`. */
  contrast: Int32Array;
}

/** A model whose forward accepts a replica reducer (the SpotFormer model does). */
export interface ReplicaModel extends TrainableModel {
  apply(
    x: tf.Tensor,
    training: boolean,
    options?: { replicaSum?: (t: tf.Tensor) => tf.Tensor },
  ): { logits: tf.Tensor; feature: tf.Tensor };
}

/** Differentiable all-reduce sum over the replicas of `comm` (its gradient is the all-reduced gradient). */
export function replicaSum(comm: Collective): (t: tf.Tensor) => tf.Tensor {
  // deno-lint-ignore no-explicit-any
  const op = tf.customGrad(
    ((t: tf.Tensor, _save: unknown) => ({
      value: tf.tensor(comm.allReduce(t.dataSync() as Float32Array), t.shape, "float32"),
      gradFunc: (dy: tf.Tensor) => tf.tensor(comm.allReduce(dy.dataSync() as Float32Array), dy.shape, "float32"),
    })) as any,
  ) as (t: tf.Tensor) => tf.Tensor;
  return (t) => op(t);
}

/**
 * Runs the step on this replica's `shard`; every replica must call it with shards of the same batch.
 * @returns the loss of the whole batch (identical on every replica).
 */
export function replicaStep(
  model: ReplicaModel,
  shard: Batch,
  info: ShardInfo,
  options: { optimizer: AdamW; loss: LossOptions; lr: number; comm: Collective },
): number {
  const { comm, loss } = options;
  const sum = replicaSum(comm);
  const n = shard.shape[0];
  const x = tf.tensor4d(shard.x, shard.shape);
  const vars = options.optimizer.vars;
  let step: { value: tf.Scalar; grads: Record<string, tf.Tensor> };
  try {
    step = leanVariableGrads(() => {
      const out = model.apply(x, true, { replicaSum: sum });
      const local = tf.mul(spotFormerLoss(out, shard.targets, { ...loss, lambda: 0 }).total, n / info.total);
      if (loss.lambda === 0) return local as tf.Scalar;
      const all = sum(tf.pad(out.feature, [[info.offset, info.total - info.offset - n], [0, 0]]));
      const labels = tf.tensor1d(info.contrast, "int32");
      const sc = supConLoss(all, labels, loss.supcon);
      return tf.add(local, tf.mul(sc, loss.lambda / comm.size)) as tf.Scalar;
    }, vars);
  } finally {
    x.dispose();
  }
  try {
    // one all-reduce over every gradient, in the optimiser's variable order (the same on every replica)
    const sizes = vars.map((v) => v.size);
    const flat = new Float32Array(sizes.reduce((a, b) => a + b, 0) + 1);
    let at = 0;
    for (const v of vars) {
      const g = step.grads[v.name];
      if (g) flat.set(g.dataSync() as Float32Array, at);
      at += v.size;
    }
    flat[at] = step.value.dataSync()[0];
    const reduced = comm.allReduce(flat);
    const grads: Record<string, tf.Tensor> = {};
    at = 0;
    for (const v of vars) {
      grads[v.name] = tf.tensor(reduced.subarray(at, at + v.size), v.shape, "float32");
      at += v.size;
    }
    options.optimizer.apply(grads, options.lr);
    tf.dispose(Object.values(grads));
    return reduced[at];
  } finally {
    tf.dispose([step.value, ...Object.values(step.grads)]);
  }
}
