/**
 * Pre-norm feed-forward block with BatchNorm and residual (paper §3.2.4 Eq. 2, official `FeedForward`,
 * `model.py:82-107`): `x + Dropout(Linear(Dropout(GELU(Linear(BN(x))))))`, exact (erf) GELU as `nn.GELU()`.
 *
 * @module
 */
import { tf } from "../tf/backend.ts";
import { createBatchNorm } from "./batch_norm.ts";
import type { ForwardContext } from "./context.ts";
import type { ParamStore } from "./init.ts";
import { checkpoint } from "./checkpoint.ts";
import { createLinear } from "./linear.ts";

/** Options of {@link createFeedForward}. */
export interface FeedForwardOptions {
  /** Token width D. */
  dim: number;
  /** Hidden width. */
  hidden: number;
  /** Dropout after the GELU and after the second linear. */
  dropout: number;
  /** BatchNorm momentum. @default 0.1 */
  bnMomentum?: number;
  /** BatchNorm epsilon. @default 1e-5 */
  bnEpsilon?: number;
}

/** A feed-forward block (residual included). */
export interface FeedForward {
  /** Trainable parameters. */
  readonly vars: readonly tf.Variable[];
  /** `(..., D) -> (..., D)`, token-wise. */
  apply(x: tf.Tensor, ctx: ForwardContext): tf.Tensor;
}

/** Exact GELU `0.5·x·(1 + erf(x/√2))` (PyTorch `nn.GELU()` default). */
export function gelu(x: tf.Tensor): tf.Tensor {
  return tf.mul(tf.mul(x, 0.5), tf.add(tf.erf(tf.mul(x, Math.SQRT1_2)), 1));
}

/** Creates `name.norm`, `name.fc1` (D → hidden) and `name.fc2` (hidden → D). */
export function createFeedForward(store: ParamStore, name: string, opts: FeedForwardOptions): FeedForward {
  const { dim, hidden, dropout } = opts;
  const norm = createBatchNorm(store, `${name}.norm`, { dim, momentum: opts.bnMomentum, epsilon: opts.bnEpsilon });
  const fc1 = createLinear(store, `${name}.fc1`, { inDim: dim, outDim: hidden });
  const fc2 = createLinear(store, `${name}.fc2`, { inDim: hidden, outDim: dim });
  const vars = [...norm.vars, ...fc1.vars, ...fc2.vars];
  return {
    vars,
    apply: (x, ctx) =>
      checkpoint(ctx, vars, x, (x, c) => {
        const h = c.dropout(gelu(fc1.apply(norm.apply(x, c))), dropout);
        return tf.add(x, c.dropout(fc2.apply(h), dropout));
      }),
  };
}
