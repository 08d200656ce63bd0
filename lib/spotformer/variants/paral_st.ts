/**
 * Paral-ST (paper §4.4.1, Fig. 6b). The spatial path of Seq-ST (spatial layer → FLGP → spatial layer → FLGP)
 * gives the three graph scales G1 (V nodes), G2 (P parts), G3 (1 node), all at full temporal resolution.
 * Each graph scale then has its own temporal branch; at every temporal stage each branch runs a temporal
 * attention layer, the output of the finer scale is fused into the next coarser one (part max-pooling
 * to the coarser node set, a 1×1 convolution = `Linear(D, D)`, element-wise addition: G1 → G2, then the
 * fused G2 → G3), and every branch is downsampled. The G3 branch reaches T = 1 and feeds the head;
 * the G1/G2 branches stop after their last fusion (no unused downsampling layers).
 *
 * The G3 branch reuses the Simul-ST names (`temporal{j}`, `down{j}`); the additional parameters are
 * `branch1.*`, `branch2.*` and `fuse{j}.*`.
 *
 * @module
 */
import { tf } from "../../tf/backend.ts";
import { poolNodes } from "../flgp.ts";
import { createLinear } from "../linear.ts";
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

/** Paral-ST variant (more parameters than Simul-ST). */
export const buildParalSt: VariantBuilder = (store, o) => {
  const f = blocks(store, o);
  const stages = f.schedule.padding.length;
  const range = (n: number) => Array.from({ length: n }, (_, j) => j);
  const s1 = f.attnFfn("spatial1");
  const flgp1 = f.flgp("flgp1", f.partGroups);
  const s2 = f.attnFfn("spatial2");
  const flgp2 = f.flgp("flgp2", [[0, o.parts.length]]);
  const t3 = range(stages).map((j) => f.attnFfn(`temporal${j + 1}`));
  const d3 = range(stages).map((j) => f.down(`down${j + 1}`, j));
  const t1 = range(stages).map((j) => f.attnFfn(`branch1.temporal${j + 1}`));
  const t2 = range(stages).map((j) => f.attnFfn(`branch2.temporal${j + 1}`));
  const d1 = range(stages - 1).map((j) => f.down(`branch1.down${j + 1}`, j));
  const d2 = range(stages - 1).map((j) => f.down(`branch2.down${j + 1}`, j));
  const conv = (name: string) => createLinear(store, name, { inDim: o.dim, outDim: o.dim });
  const f12 = range(stages).map((j) => conv(`fuse${j + 1}.g1to2`));
  const f23 = range(stages).map((j) => conv(`fuse${j + 1}.g2to3`));
  const toG3: [number, number][] = [[0, o.parts.length]];
  return {
    forward(x, ctx) {
      const z1 = traced(ctx, "graph1.spatial", spatial(x, s1, ctx), vars(s1)); // (B, T, V, D)
      let z2 = traced(ctx, "graph2.flgp1", flgp1.apply(z1, ctx, 2), flgp1); // (B, T, P, D)
      z2 = traced(ctx, "graph2.spatial", spatial(z2, s2, ctx), vars(s2));
      const z3 = traced(ctx, "graph3.flgp2", flgp2.apply(z2, ctx, 2), flgp2); // (B, T, 1, D)
      let [y1, y2, y3] = [swapTV(z1), swapTV(z2), swapTV(z3)]; // (B, V_k, T, D)
      for (let j = 0; j < stages; j++) {
        const s = `stage${j + 1}`;
        y1 = traced(ctx, `${s}.graph1.temporal`, temporal(y1, t1[j], ctx), vars(t1[j]));
        y2 = traced(ctx, `${s}.graph2.temporal`, temporal(y2, t2[j], ctx), vars(t2[j]));
        y3 = traced(ctx, `${s}.graph3.temporal`, temporal(y3, t3[j], ctx), vars(t3[j]));
        y2 = traced(ctx, `${s}.fuse1to2`, tf.add(y2, f12[j].apply(poolNodes(y1, f.partGroups, "max", 1))), f12[j]);
        y3 = traced(ctx, `${s}.fuse2to3`, tf.add(y3, f23[j].apply(poolNodes(y2, toG3, "max", 1))), f23[j]);
        if (j < stages - 1) {
          y1 = traced(ctx, `${s}.graph1.down`, downsample(y1, d1[j], ctx), d1[j]);
          y2 = traced(ctx, `${s}.graph2.down`, downsample(y2, d2[j], ctx), d2[j]);
        }
        y3 = traced(ctx, `${s}.graph3.down`, downsample(y3, d3[j], ctx), d3[j]);
      }
      return finalToken(y3);
    },
  };
};
