/**
 * Paral-ST without additional parameters (paper §4.4.1, Table 3 "Paral-ST (no addi. para.)"): the
 * Paral-ST data flow with one weight-shared temporal attention layer and downsampling layer per
 * temporal stage for all graph scales (applied to the node-concatenation G1 ‖ G2 ‖ G3, so its BatchNorm
 * sees the three scales together), and fusion by parameter-free part max-pooling + addition (no
 * fusion CNNs). Parameters are exactly those of Simul-ST.
 *
 * @module
 */
import { tf } from "../../tf/backend.ts";
import { poolNodes } from "../flgp.ts";
import {
  blocks,
  downsample,
  finalToken,
  spatial,
  swapTV,
  temporal,
  traced,
  type VariantBuilder,
  vars,
} from "./common.ts";

/** Paral-ST (shared) variant. */
export const buildParalStShared: VariantBuilder = (store, o) => {
  const f = blocks(store, o);
  const stages = f.schedule.padding.length;
  const v1 = o.nodes;
  const v2 = o.parts.length;
  const s1 = f.attnFfn("spatial1");
  const flgp1 = f.flgp("flgp1", f.partGroups);
  const s2 = f.attnFfn("spatial2");
  const flgp2 = f.flgp("flgp2", [[0, v2]]);
  const { t, down } = f.temporalStages();
  return {
    forward(x, ctx) {
      const z1 = traced(ctx, "graph1.spatial", spatial(x, s1, ctx), vars(s1));
      let z2 = traced(ctx, "graph2.flgp1", flgp1.apply(z1, ctx, 2), flgp1);
      z2 = traced(ctx, "graph2.spatial", spatial(z2, s2, ctx), vars(s2));
      const z3 = traced(ctx, "graph3.flgp2", flgp2.apply(z2, ctx, 2), flgp2);
      let y = tf.concat([swapTV(z1), swapTV(z2), swapTV(z3)], 1); // (B, V + P + 1, T, D)
      for (let j = 0; j < stages; j++) {
        const s = `stage${j + 1}`;
        y = traced(ctx, `${s}.shared.temporal`, temporal(y, t[j], ctx), vars(t[j]));
        const [b, , tt, d] = y.shape;
        const y1 = tf.slice(y, [0, 0, 0, 0], [b, v1, tt, d]);
        const y2 = tf.add(tf.slice(y, [0, v1, 0, 0], [b, v2, tt, d]), poolNodes(y1, f.partGroups, "max", 1));
        const y3 = tf.add(tf.slice(y, [0, v1 + v2, 0, 0], [b, 1, tt, d]), poolNodes(y2, [[0, v2]], "max", 1));
        y = traced(ctx, `${s}.fuse`, j < stages - 1 ? tf.concat([y1, y2, y3], 1) : y3);
        y = traced(ctx, `${s}.shared.down`, downsample(y, down[j], ctx), down[j]);
      }
      return finalToken(y);
    },
  };
};
