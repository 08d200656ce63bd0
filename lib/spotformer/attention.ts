/**
 * Pre-norm multi-head self-attention block with BatchNorm and residual (paper §3.2.4 Eq. 2,
 * official `GraphAttention` / `TemporalAttention`, `model.py:112-227`):
 * `x + Dropout(Linear(softmax(Q·Kᵀ·dimHead^-½) dropout · V))` with `Q, K, V = BN(x)·W_qkv` (no bias).
 * Spatial and temporal attention are the same block applied to `(B·T, V, D)` or `(B·V, T, D)`.
 *
 * @module
 */
import { tf } from "../tf/backend.ts";
import { type BatchNorm, createBatchNorm } from "./batch_norm.ts";
import type { ForwardContext } from "./context.ts";
import type { ParamStore } from "./init.ts";
import { checkpoint } from "./checkpoint.ts";
import { createLinear, type Linear } from "./linear.ts";

/** Options of {@link createAttention}. */
export interface AttentionOptions {
  /** Token width D. */
  dim: number;
  /** Heads H. */
  heads: number;
  /** Head width (inner width = heads · dimHead). */
  dimHead: number;
  /** Dropout on the attention weights and after the output projection. */
  dropout: number;
  /** BatchNorm momentum. @default 0.1 */
  bnMomentum?: number;
  /** BatchNorm epsilon. @default 1e-5 */
  bnEpsilon?: number;
}

/** An attention block (residual included). */
export interface Attention {
  /** Trainable parameters. */
  readonly vars: readonly tf.Variable[];
  /** `(N, L, D) -> (N, L, D)`: attention among the L tokens of each of the N sequences. */
  apply(x: tf.Tensor, ctx: ForwardContext): tf.Tensor;
}

/**
 * Creates `name.norm`, `name.toQkv` (D → 3·H·dimHead, no bias) and `name.toOut` (H·dimHead → D), the latter
 * omitted when `heads = 1` and `dimHead = dim` (official `project_out`).
 */
export function createAttention(store: ParamStore, name: string, opts: AttentionOptions): Attention {
  const { dim, heads, dimHead, dropout } = opts;
  const inner = heads * dimHead;
  const scale = dimHead ** -0.5;
  const norm: BatchNorm = createBatchNorm(store, `${name}.norm`, {
    dim,
    momentum: opts.bnMomentum,
    epsilon: opts.bnEpsilon,
  });
  const toQkv = createLinear(store, `${name}.toQkv`, { inDim: dim, outDim: 3 * inner, bias: false });
  const toOut: Linear | null = heads === 1 && dimHead === dim
    ? null
    : createLinear(store, `${name}.toOut`, { inDim: inner, outDim: dim });
  const vars = [...norm.vars, ...toQkv.vars, ...(toOut?.vars ?? [])];
  return {
    vars,
    apply: (x, ctx) => checkpoint(ctx, vars, x, body),
  };
  function body(x: tf.Tensor, ctx: ForwardContext): tf.Tensor {
    const [n, l] = x.shape;
    const flat = norm.apply(x, ctx).reshape([n * l, dim]);
    // (N·L, D) · (D, inner) for each of q, k, v (column blocks of W_qkv, official `chunk(3)`) -> (N·H, L, dh)
    const split = (i: number) => {
      const w = tf.slice(toQkv.weight, [0, i * inner], [dim, inner]);
      return tf.matMul(flat, w).reshape([n, l, heads, dimHead]).transpose([0, 2, 1, 3]).reshape([
        n * heads,
        l,
        dimHead,
      ]);
    };
    const q = split(0).mul(scale);
    const k = split(1);
    const v = split(2);
    const attn = ctx.dropout(tf.softmax(tf.matMul(q, k, false, true)), dropout); // (N·H, L, L)
    const out = tf.matMul(attn, v).reshape([n, heads, l, dimHead]).transpose([0, 2, 1, 3]).reshape([n * l, inner]);
    const y = toOut ? ctx.dropout(toOut.apply(out), dropout) : out;
    return tf.add(x, y.reshape([n, l, dim]));
  }
}
