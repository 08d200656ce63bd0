/**
 * Building blocks shared by the variant assemblies: layout helpers, spatial/temporal stages and
 * a factory that creates named blocks with the model's widths.
 *
 * Layouts: time-major `(B, T, V, D)` for spatial attention, node-major `(B, V, T, D)` for temporal
 * attention, FLGP and temporal downsampling (as in the official `Transformer.forward`).
 *
 * @module
 */
import { tf } from "../../tf/backend.ts";
import { type Attention, createAttention } from "../attention.ts";
import type { ForwardContext } from "../context.ts";
import { createFeedForward, type FeedForward } from "../ffn.ts";
import { partRanges } from "../../graph/mod.ts";
import { createFlgp, type Flgp, type PoolMode } from "../flgp.ts";
import type { ParamStore } from "../init.ts";
import type { SpotFormerOptions } from "../options.ts";
import { type TemporalSchedule, temporalSchedule } from "../schedule.ts";
import { createTemporalDown, type TemporalDown } from "../temporal_down.ts";

/** The part of the model between the embedding and the head. */
export interface Network {
  /** `(B, T, V, D) -> (B, D)`: the final token (the contrastive feature). */
  forward(x: tf.Tensor, ctx: ForwardContext): tf.Tensor;
}

/** Builds a variant's network, creating its parameters in `store`. */
export type VariantBuilder = (store: ParamStore, o: SpotFormerOptions) => Network;

/** Attention + FFN pair (one "attention layer" of paper Eq. 2). */
export interface AttnFfn {
  /** Multi-head self-attention block. */
  attn: Attention;
  /** Feed-forward block. */
  ffn: FeedForward;
}

/** Factory for named blocks sized by the model options. */
export interface Blocks {
  /** Temporal schedule of the window. */
  readonly schedule: TemporalSchedule;
  /** Node ranges of the facial parts (first FLGP groups). */
  readonly partGroups: [number, number][];
  /** Attention + FFN named `name.attn`, `name.ffn`. */
  attnFfn(name: string): AttnFfn;
  /** FLGP over `groups` named `name`. */
  flgp(name: string, groups: [number, number][], mode?: PoolMode): Flgp;
  /** Temporal downsample with the padding of schedule stage `stage` (0-based), named `down{stage+1}`-like `name`. */
  down(name: string, stage: number): TemporalDown;
  /** One temporal attention + FFN (`temporal{j}`) and one downsample (`down{j}`) per schedule stage j = 1…. */
  temporalStages(): { t: AttnFfn[]; down: TemporalDown[] };
}

/** Creates the block factory for `o`. */
export function blocks(store: ParamStore, o: SpotFormerOptions): Blocks {
  const schedule = temporalSchedule(o.window, o.temporalPadding);
  const bn = { bnMomentum: o.bnMomentum, bnEpsilon: o.bnEpsilon };
  return {
    schedule,
    partGroups: partRanges(o.parts),
    attnFfn: (name) => ({
      attn: createAttention(store, `${name}.attn`, {
        dim: o.dim,
        heads: o.heads,
        dimHead: o.dimHead,
        dropout: o.dropout,
        ...bn,
      }),
      ffn: createFeedForward(store, `${name}.ffn`, { dim: o.dim, hidden: o.mlpDim, dropout: o.dropout, ...bn }),
    }),
    flgp: (name, groups, mode = "max") => createFlgp(store, name, { dim: o.dim, groups, mode, ...bn }),
    down: (name, stage) => createTemporalDown(store, name, { dim: o.dim, padding: schedule.padding[stage], ...bn }),
    temporalStages() {
      const n = schedule.padding.length;
      return {
        t: Array.from({ length: n }, (_, j) => this.attnFfn(`temporal${j + 1}`)),
        down: Array.from({ length: n }, (_, j) => this.down(`down${j + 1}`, j)),
      };
    },
  };
}

/** Swaps axes 1 and 2: `(B, T, V, D) <-> (B, V, T, D)` (a reshape when either axis has size 1). */
export function swapTV(x: tf.Tensor): tf.Tensor {
  const [b, a1, a2, d] = x.shape;
  return a1 === 1 || a2 === 1 ? x.reshape([b, a2, a1, d]) : tf.transpose(x, [0, 2, 1, 3]);
}

/** Spatial attention layer on `(B, T, V, D)`: attention among the V nodes of each (sample, t). */
export function spatial(x: tf.Tensor, layer: AttnFfn, ctx: ForwardContext): tf.Tensor {
  const [b, t, v, d] = x.shape;
  const y = layer.ffn.apply(layer.attn.apply(x.reshape([b * t, v, d]), ctx), ctx);
  return y.reshape([b, t, v, d]);
}

/** Temporal attention layer on `(B, V, T, D)`: attention among the T steps of each (sample, node). */
export function temporal(x: tf.Tensor, layer: AttnFfn, ctx: ForwardContext): tf.Tensor {
  const [b, v, t, d] = x.shape;
  const y = layer.ffn.apply(layer.attn.apply(x.reshape([b * v, t, d]), ctx), ctx);
  return y.reshape([b, v, t, d]);
}

/** Temporal downsample on `(B, V, T, D) -> (B, V, T', D)`. */
export function downsample(x: tf.Tensor, layer: TemporalDown, ctx: ForwardContext): tf.Tensor {
  const [b, v, t, d] = x.shape;
  const y = layer.apply(x.reshape([b * v, t, d]), ctx);
  return y.reshape([b, v, y.shape[1] as number, d]);
}

/** Reports a stage output to the context's tracer; returns `x`. */
export function traced(
  ctx: ForwardContext,
  stage: string,
  x: tf.Tensor,
  ...owners: { vars: readonly tf.Variable[] }[]
): tf.Tensor {
  ctx.trace?.(stage, x, owners.flatMap((o) => o.vars));
  return x;
}

/** Vars of an attention + FFN pair. */
export function vars(layer: AttnFfn): { vars: readonly tf.Variable[] } {
  return { vars: [...layer.attn.vars, ...layer.ffn.vars] };
}

/** `(B, 1, 1, D) -> (B, D)` with a shape check. */
export function finalToken(x: tf.Tensor): tf.Tensor {
  const [b, v, t, d] = x.shape;
  if (v !== 1 || t !== 1) throw new Error(`network must end at one node and one step; got (${x.shape.join(", ")})`);
  return x.reshape([b, d]);
}
