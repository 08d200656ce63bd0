/**
 * GAP ablation (paper §4.3, Table 2 "without FLGP": "global average pooling over facial graphs instead of facial
 * local graph pooling for multi-scale spatial feature learning"). Reading (documented choice): without FLGP there is
 * no multi-scale graph, so both spatial scales attend over all 10 ROI nodes and the graph is reduced to one node
 * by a single global average where Simul-ST's FLGP 2 pools 3 → 1. The first pooling layer keeps its BatchNorm, so
 * the parameters equal Simul-ST's. (An earlier reading averaged 10 → 1 at the first pooling, which left the second
 * spatial attention a single token to attend over: not a comparison of pooling schemes.)
 *
 * Window 17, `(V, T)`: (10, 17) → BN (10, 17) → down (10, 8) → … → GAP (1, 8) → down (1, 3) → (1, 2) → (1, 1).
 *
 * @module
 */
import type { VariantBuilder } from "./common.ts";
import { simulStNetwork } from "./simul_st.ts";

/** GAP variant. */
export const buildGap: VariantBuilder = (store, o) => simulStNetwork(store, o, "mean");
