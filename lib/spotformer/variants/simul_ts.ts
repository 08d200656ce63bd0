/**
 * Simul-TS (paper §4.4.1, Fig. 6c): like Simul-ST but each graph scale runs the temporal attention layer
 * first, then the spatial one, then temporal downsampling and FLGP (in that order, as the paper words it).
 * Same blocks (and parameter count) as Simul-ST.
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

/** Simul-TS variant. */
export const buildSimulTs: VariantBuilder = (store, o) => {
  const f = blocks(store, o);
  const stages = f.schedule.padding.length;
  const s1 = f.attnFfn("spatial1");
  const { t, down } = f.temporalStages();
  const flgp1 = f.flgp("flgp1", f.partGroups);
  const s2 = f.attnFfn("spatial2");
  const flgp2 = f.flgp("flgp2", [[0, o.parts.length]]);
  return {
    forward(x, ctx) {
      let y = traced(ctx, "scale1.temporal", temporal(swapTV(x), t[0], ctx), vars(t[0])); // (B, V, T, D)
      let z = traced(ctx, "scale1.spatial", spatial(swapTV(y), s1, ctx), vars(s1)); // (B, T, V, D)
      y = traced(ctx, "down1", downsample(swapTV(z), down[0], ctx), down[0]);
      y = traced(ctx, "flgp1", flgp1.apply(y, ctx), flgp1);
      y = traced(ctx, "scale2.temporal", temporal(y, t[1], ctx), vars(t[1]));
      z = traced(ctx, "scale2.spatial", spatial(swapTV(y), s2, ctx), vars(s2));
      y = traced(ctx, "down2", downsample(swapTV(z), down[1], ctx), down[1]);
      y = traced(ctx, "flgp2", flgp2.apply(y, ctx), flgp2);
      for (let j = 2; j < stages; j++) {
        y = traced(ctx, `scale3.temporal${j - 1}`, temporal(y, t[j], ctx), vars(t[j]));
        y = traced(ctx, `down${j + 1}`, downsample(y, down[j], ctx), down[j]);
      }
      return finalToken(y);
    },
  };
};
