/**
 * Facial Local Graph Pooling (paper §3.2.5, Fig. 4b; official `GraphDownsample`, `model.py:230-262`):
 * BatchNorm, then a max over the nodes of each facial part — 10 nodes → 3 parts ([0:3], [3:6], [6:10])
 * → 1 node. With `mode: "mean"` over one group covering all nodes it is the global average pooling
 * of the `gap` ablation (paper §4.3, Table 2).
 *
 * @module
 */
import { tf } from "../tf/backend.ts";
import { createBatchNorm } from "./batch_norm.ts";
import type { ForwardContext } from "./context.ts";
import type { ParamStore } from "./init.ts";
import { checkpoint } from "./checkpoint.ts";

/** How nodes of a group are aggregated; `none` keeps every node (BatchNorm only, the `gap` ablation's first scale). */
export type PoolMode = "max" | "mean" | "none";

/**
 * Parameter-free node pooling: `(…, V, …) -> (…, G, …)` along `axis`, one output node per group.
 * The caller owns the result.
 */
export function poolNodes(x: tf.Tensor, groups: readonly [number, number][], mode: PoolMode, axis: number): tf.Tensor {
  if (mode === "none") return tf.clone(x);
  const outs = groups.map(([s, e]) => {
    if (s < 0 || e > x.shape[axis] || e <= s) {
      throw new RangeError(`node group [${s}, ${e}) does not fit axis ${axis} of shape (${x.shape.join(", ")})`);
    }
    const begin = x.shape.map((_, i) => (i === axis ? s : 0));
    const size = x.shape.map((d, i) => (i === axis ? e - s : d));
    const part = e - s === x.shape[axis] ? x : tf.slice(x, begin, size);
    return mode === "max" ? tf.max(part, axis, true) : tf.mean(part, axis, true);
  });
  return outs.length === 1 ? outs[0] : tf.concat(outs, axis);
}

/** Options of {@link createFlgp}. */
export interface FlgpOptions {
  /** Channels D. */
  dim: number;
  /** Node ranges pooled into one output node each. */
  groups: [number, number][];
  /** Aggregation. @default "max" */
  mode?: PoolMode;
  /** BatchNorm momentum. @default 0.1 */
  bnMomentum?: number;
  /** BatchNorm epsilon. @default 1e-5 */
  bnEpsilon?: number;
}

/** An FLGP layer. */
export interface Flgp {
  /** Trainable parameters (the BatchNorm γ, β). */
  readonly vars: readonly tf.Variable[];
  /** `(B, V, T, D) -> (B, G, T, D)` pooling along `nodeAxis` (default 1; use 2 for `(B, T, V, D)`). */
  apply(x: tf.Tensor, ctx: ForwardContext, nodeAxis?: number): tf.Tensor;
}

/** Creates `name.norm` and the pooling over `groups`. */
export function createFlgp(store: ParamStore, name: string, opts: FlgpOptions): Flgp {
  const norm = createBatchNorm(store, `${name}.norm`, {
    dim: opts.dim,
    momentum: opts.bnMomentum,
    epsilon: opts.bnEpsilon,
  });
  const groups = opts.groups.map(([s, e]) => [s, e] as [number, number]);
  return {
    vars: norm.vars,
    apply(x, ctx, nodeAxis = 1) {
      return checkpoint(ctx, norm.vars, x, (x, c) => poolNodes(norm.apply(x, c), groups, opts.mode ?? "max", nodeAxis));
    },
  };
}
