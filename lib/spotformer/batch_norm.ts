/**
 * BatchNorm over every token: per-channel statistics over all axes but the last, PyTorch semantics
 * (official code uses `BatchNorm1d/2d(dim)` on `(N, C, L)` / `(N, C, V, T)`, i.e. the same statistics).
 * Training normalises with the batch mean and biased variance and updates the running statistics as
 * `r ← (1 − m)·r + m·s` with the unbiased variance; eval uses the running statistics.
 *
 * @module
 */
import { tf } from "../tf/backend.ts";
import type { ForwardContext } from "./context.ts";
import type { ParamStore } from "./init.ts";

/** Options of {@link createBatchNorm}. */
export interface BatchNormOptions {
  /** Channels D (last axis). */
  dim: number;
  /** Running-stat momentum. @default 0.1 */
  momentum?: number;
  /** Variance epsilon. @default 1e-5 */
  epsilon?: number;
}

/** A BatchNorm layer. */
export interface BatchNorm {
  /** Trainable γ, β (no weight decay). */
  readonly vars: readonly tf.Variable[];
  /** Running mean and variance (non-trainable buffers). */
  readonly buffers: readonly tf.Variable[];
  /** `(..., D) -> (..., D)`; in training mode also updates the running statistics (when `ctx.updateStats`). */
  apply(x: tf.Tensor, ctx: ForwardContext): tf.Tensor;
}

/** Creates `name.gamma` (1), `name.beta` (0), `name.runningMean` (0) and `name.runningVar` (1). */
export function createBatchNorm(store: ParamStore, name: string, opts: BatchNormOptions): BatchNorm {
  const { dim } = opts;
  const momentum = opts.momentum ?? 0.1;
  const epsilon = opts.epsilon ?? 1e-5;
  const gamma = store.add(`${name}.gamma`, [dim], { kind: "constant", value: 1 });
  const beta = store.add(`${name}.beta`, [dim], { kind: "constant", value: 0 });
  const runningMean = store.add(`${name}.runningMean`, [dim], { kind: "constant", value: 0 }, { trainable: false });
  const runningVar = store.add(`${name}.runningVar`, [dim], { kind: "constant", value: 1 }, { trainable: false });
  return {
    vars: [gamma, beta],
    buffers: [runningMean, runningVar],
    apply(x, ctx) {
      if (x.shape[x.rank - 1] !== dim) {
        throw new Error(`BatchNorm ${name} expects last axis ${dim}; got shape (${x.shape.join(", ")})`);
      }
      if (!ctx.training) return tf.batchNorm(x, runningMean, runningVar, beta, gamma, epsilon);
      const flat = x.reshape([-1, dim]);
      const { mean, variance, n } = ctx.replicaSum ? replicaMoments(flat, ctx.replicaSum) : {
        ...tf.moments(flat, 0),
        n: flat.shape[0],
      };
      if (ctx.updateStats) {
        tf.tidy(() => {
          const v = variance.mul(n > 1 ? n / (n - 1) : 1);
          runningMean.assign(runningMean.mul(1 - momentum).add(mean.mul(momentum)));
          runningVar.assign(runningVar.mul(1 - momentum).add(v.mul(momentum)));
        });
      }
      return tf.batchNorm(x, mean, variance, beta, gamma, epsilon);
    },
  };
}

/** Mean and biased variance over the rows of `flat` on every replica (two passes, like `tf.moments`). */
function replicaMoments(flat: tf.Tensor, sum: (t: tf.Tensor) => tf.Tensor) {
  const [rows, dim] = flat.shape;
  const s1 = sum(tf.concat([tf.sum(flat, 0), tf.fill([1], rows)]));
  const n = s1.slice([dim], [1]).dataSync()[0];
  const mean = tf.div(s1.slice([0], [dim]), n);
  const variance = tf.div(sum(tf.sum(tf.square(tf.sub(flat, mean)), 0)), n);
  return { mean, variance, n };
}
