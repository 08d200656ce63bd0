/**
 * Learned temporal downsampling (paper §3.2.5, following ActionFormer; official `TemporalDownsample`,
 * `model.py:265-287`): BatchNorm, then `Conv1d(D, D, k=3, s=2, padding=p, bias=False)`,
 * `T' = floor((T + 2p − 3)/2) + 1`.
 *
 * The convolution is computed as an im2col `matMul` ((N·T', 3D) · (3D, D)) built from pads, slices and
 * reshapes, which is fast on wasm and differentiable on every backend (tfjs-backend-wasm has no
 * Conv2DBackpropFilter kernel).
 *
 * @module
 */
import { tf } from "../tf/backend.ts";
import { createBatchNorm } from "./batch_norm.ts";
import type { ForwardContext } from "./context.ts";
import { fanInBound, type ParamStore } from "./init.ts";
import { checkpoint } from "./checkpoint.ts";
import { downsampledLength } from "./schedule.ts";

/** Options of {@link createTemporalDown}. */
export interface TemporalDownOptions {
  /** Channels D. */
  dim: number;
  /** Zero padding on both sides. */
  padding: number;
  /** BatchNorm momentum. @default 0.1 */
  bnMomentum?: number;
  /** BatchNorm epsilon. @default 1e-5 */
  bnEpsilon?: number;
}

/** A temporal downsampling layer. */
export interface TemporalDown {
  /** Trainable parameters: BN γ, β and the conv weight `(3, D, D)` = (tap, in, out). */
  readonly vars: readonly tf.Variable[];
  /** `(N, T, D) -> (N, T', D)`. */
  apply(x: tf.Tensor, ctx: ForwardContext): tf.Tensor;
}

/** Creates `name.norm` and `name.conv.weight` (U(±1/√(3D)), PyTorch Conv1d default). */
export function createTemporalDown(store: ParamStore, name: string, opts: TemporalDownOptions): TemporalDown {
  const { dim, padding } = opts;
  const norm = createBatchNorm(store, `${name}.norm`, { dim, momentum: opts.bnMomentum, epsilon: opts.bnEpsilon });
  const weight = store.add(`${name}.conv.weight`, [3, dim, dim], fanInBound(3 * dim), { decay: true });
  const vars = [...norm.vars, weight];
  return {
    vars,
    apply(x, ctx) {
      const [n, t] = x.shape;
      const to = downsampledLength(t, padding);
      if (to < 1) throw new RangeError(`temporal downsample ${name}: length ${t} with padding ${padding} is too short`);
      return checkpoint(ctx, vars, x, (x, c) => conv(x, c, n, to));
    },
  };
  function conv(x: tf.Tensor, ctx: ForwardContext, n: number, to: number): tf.Tensor {
    let xp = norm.apply(x, ctx);
    if (padding > 0) xp = tf.pad(xp, [[0, 0], [padding, padding], [0, 0]]);
    // taps 0,1 of output i are frames 2i, 2i+1; tap 2 is frame 2i+2 = odd entry of frames [1, 2·to+1)
    const ab = tf.slice(xp, [0, 0, 0], [n, 2 * to, dim]).reshape([n, to, 2 * dim]);
    const c = tf.slice(xp, [0, 1, 0], [n, 2 * to, dim]).reshape([n, to, 2, dim]);
    const c2 = tf.slice(c, [0, 0, 1, 0], [n, to, 1, dim]).reshape([n, to, dim]);
    const cols = tf.concat([ab, c2], 2).reshape([n * to, 3 * dim]);
    return tf.matMul(cols, weight.reshape([3 * dim, dim])).reshape([n, to, dim]);
  }
}
