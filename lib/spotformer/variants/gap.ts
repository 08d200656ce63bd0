/**
 * GAP ablation (paper §4.3, Table 2 "without FLGP"): Simul-ST with each FLGP replaced by BatchNorm +
 * global average pooling over the nodes, so the graph goes 10 → 1 at the first pooling; the second
 * scale's spatial layer then attends over a single node. Same parameters as Simul-ST.
 *
 * @module
 */
import type { VariantBuilder } from "./common.ts";
import { simulStNetwork } from "./simul_st.ts";

/** GAP variant. */
export const buildGap: VariantBuilder = (store, o) => simulStNetwork(store, o, "mean");
