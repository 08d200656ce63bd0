/**
 * Seq-ST (paper §4.4.1, Fig. 6a): two spatial attention layers, each followed by FLGP, take the graph to one
 * node at full temporal resolution; then temporal attention layers, each followed by temporal
 * downsampling, until T = 1. Same blocks (and parameter count) as Simul-ST.
 *
 * @module
 */
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

/** Seq-ST variant. */
export const buildSeqSt: VariantBuilder = (store, o) => {
  const f = blocks(store, o);
  const stages = f.schedule.padding.length;
  const s1 = f.attnFfn("spatial1");
  const { t, down } = f.temporalStages();
  const flgp1 = f.flgp("flgp1", f.partGroups);
  const s2 = f.attnFfn("spatial2");
  const flgp2 = f.flgp("flgp2", [[0, o.parts.length]]);
  return {
    forward(x, ctx) {
      let z = traced(ctx, "spatial1", spatial(x, s1, ctx), vars(s1)); // (B, T, V, D)
      z = traced(ctx, "flgp1", flgp1.apply(z, ctx, 2), flgp1); // (B, T, P, D)
      z = traced(ctx, "spatial2", spatial(z, s2, ctx), vars(s2));
      z = traced(ctx, "flgp2", flgp2.apply(z, ctx, 2), flgp2); // (B, T, 1, D)
      let y = swapTV(z); // (B, 1, T, D)
      for (let j = 0; j < stages; j++) {
        y = traced(ctx, `temporal${j + 1}`, temporal(y, t[j], ctx), vars(t[j]));
        y = traced(ctx, `down${j + 1}`, downsample(y, down[j], ctx), down[j]);
      }
      return finalToken(y);
    },
  };
};
