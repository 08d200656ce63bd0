/**
 * Simul-ST — SpotFormer as published (paper §3.2.6, Fig. 4a; official `Transformer.forward`,
 * `model.py:329-371`). Per graph scale: spatial attention layer, then temporal attention layer, then
 * FLGP and temporal downsampling; once one node is left, temporal layers + downsampling until T = 1.
 *
 * Window 17, `(V, T)`: (10, 17) → FLGP (3, 17) → down (3, 8) → … → FLGP (1, 8) → down (1, 3) → (1, 2) → (1, 1).
 *
 * @module
 */
import type { PoolMode } from "../flgp.ts";
import type { ParamStore } from "../init.ts";
import type { SpotFormerOptions } from "../options.ts";
import {
  blocks,
  downsample,
  finalToken,
  type Network,
  spatial,
  swapTV,
  temporal,
  traced,
  type VariantBuilder,
  vars,
} from "./common.ts";

/**
 * Simul-ST network with a choice of graph pooling: `"max"` over facial parts (FLGP: 10 → 3 → 1 nodes) or `"mean"`,
 * the `gap` ablation: no local pooling (the first pooling layer is its BatchNorm only, so the second scale's spatial
 * and temporal layers run over all 10 nodes) and one global average over the nodes where FLGP 2 pools 3 → 1.
 * Both have the same parameters.
 */
export function simulStNetwork(store: ParamStore, o: SpotFormerOptions, pool: PoolMode): Network {
  const f = blocks(store, o);
  const stages = f.schedule.padding.length;
  const s1 = f.attnFfn("spatial1");
  const { t, down } = f.temporalStages();
  const flgp1 = pool === "max" ? f.flgp("flgp1", f.partGroups) : f.flgp("flgp1", [[0, o.nodes]], "none");
  const groups2: [number, number][] = [[0, pool === "max" ? o.parts.length : o.nodes]];
  const s2 = f.attnFfn("spatial2");
  const flgp2 = f.flgp("flgp2", groups2, pool);
  const poolName = pool === "max" ? "flgp" : "gap";
  return {
    forward(x, ctx) {
      // scale 1: (B, T, V, D)
      let z = traced(ctx, "scale1.spatial", spatial(x, s1, ctx), vars(s1));
      let y = traced(ctx, "scale1.temporal", temporal(swapTV(z), t[0], ctx), vars(t[0])); // (B, V, T, D)
      y = traced(ctx, `${poolName}1`, flgp1.apply(y, ctx), flgp1);
      y = traced(ctx, "down1", downsample(y, down[0], ctx), down[0]);
      // scale 2
      z = traced(ctx, "scale2.spatial", spatial(swapTV(y), s2, ctx), vars(s2));
      y = traced(ctx, "scale2.temporal", temporal(swapTV(z), t[1], ctx), vars(t[1]));
      y = traced(ctx, `${poolName}2`, flgp2.apply(y, ctx), flgp2);
      y = traced(ctx, "down2", downsample(y, down[1], ctx), down[1]);
      // scale 3: one node, temporal layers until T = 1
      for (let j = 2; j < stages; j++) {
        y = traced(ctx, `scale3.temporal${j - 1}`, temporal(y, t[j], ctx), vars(t[j]));
        y = traced(ctx, `down${j + 1}`, downsample(y, down[j], ctx), down[j]);
      }
      return finalToken(y);
    },
  };
}

/** Simul-ST (SpotFormer). */
export const buildSimulSt: VariantBuilder = (store, o) => simulStNetwork(store, o, "max");
