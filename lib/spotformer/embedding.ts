/**
 * Token embedding (paper §3.2.1-3.2.3; official `MSSTGT.forward`, `model.py:405-428`):
 * graph-node embedding `Linear(2 → D)` on every (t, v) token, BatchNorm over all tokens, + learnable
 * temporal position embedding (shared by the nodes of a frame), + learnable facial-part token
 * (shared by the nodes of a part), then dropout.
 *
 * The position embedding is `(1, T+1, D)` like the official `randn(1, seq_len + 1, dim)`; only the first
 * T rows are used (the extra row keeps the parameter count equal to the official 3,168,778).
 *
 * @module
 */
import { tf } from "../tf/backend.ts";
import { createBatchNorm } from "./batch_norm.ts";
import type { ForwardContext } from "./context.ts";
import type { ParamStore } from "./init.ts";
import { checkpoint } from "./checkpoint.ts";
import { createLinear } from "./linear.ts";

/** Options of {@link createEmbedding}. */
export interface EmbeddingOptions {
  /** Token width D. */
  dim: number;
  /** Window length T. */
  window: number;
  /** Nodes per facial part, in node order (sums to V). */
  parts: readonly number[];
  /** Dropout on the embedded tokens. */
  embDropout: number;
  /** BatchNorm momentum. @default 0.1 */
  bnMomentum?: number;
  /** BatchNorm epsilon. @default 1e-5 */
  bnEpsilon?: number;
}

/** The embedding stage. */
export interface Embedding {
  /** Trainable parameters. */
  readonly vars: readonly tf.Variable[];
  /** `(B, T, V, 2) -> (B, T, V, D)`. */
  apply(x: tf.Tensor, ctx: ForwardContext): tf.Tensor;
}

/** Creates `embed.patch` (Linear 2→D), `embed.norm`, `embed.temporalPos` (1, T+1, D) and `embed.partTokens` (P, D). */
export function createEmbedding(store: ParamStore, name: string, opts: EmbeddingOptions): Embedding {
  const { dim, window, parts } = opts;
  const nodes = parts.reduce((a, b) => a + b, 0);
  const patch = createLinear(store, `${name}.patch`, { inDim: 2, outDim: dim });
  const norm = createBatchNorm(store, `${name}.norm`, { dim, momentum: opts.bnMomentum, epsilon: opts.bnEpsilon });
  const pos = store.add(`${name}.temporalPos`, [1, window + 1, dim], { kind: "normal" });
  const partTokens = store.add(`${name}.partTokens`, [parts.length, dim], { kind: "normal" });
  // (V, P) one-hot node → part membership; a matMul keeps the gradient flag-free and gather-free.
  const membership = new Float32Array(nodes * parts.length);
  let v = 0;
  for (const [p, count] of parts.entries()) for (let i = 0; i < count; i++) membership[(v++) * parts.length + p] = 1;
  const vars = [...patch.vars, ...norm.vars, pos, partTokens];
  return {
    vars,
    apply: (x, ctx) =>
      checkpoint(ctx, vars, x, (x, c) => {
        const [b, t, n] = x.shape;
        const z = norm.apply(patch.apply(x), c); // (B, T, V, D)
        const posT = tf.slice(pos, [0, 0, 0], [1, t, dim]).reshape([1, t, 1, dim]);
        const partV = tf.matMul(tf.tensor2d(membership, [n, parts.length]), partTokens).reshape([1, 1, n, dim]);
        return c.dropout(tf.add(tf.add(z, posT), partV), opts.embDropout).reshape([b, t, n, dim]);
      }),
  };
}
