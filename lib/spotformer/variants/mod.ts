/**
 * The variant switch: one builder per {@link Variant}, checked exhaustive by `satisfies`.
 *
 * @module
 */
import type { Variant } from "../options.ts";
import type { VariantBuilder } from "./common.ts";
import { buildGap } from "./gap.ts";
import { buildParalSt } from "./paral_st.ts";
import { buildParalStShared } from "./paral_st_shared.ts";
import { buildSeqSt } from "./seq_st.ts";
import { buildSimulSt } from "./simul_st.ts";
import { buildSimulTs } from "./simul_ts.ts";

export type { Network, VariantBuilder } from "./common.ts";

/** Builder of every variant. */
export const VARIANT_BUILDERS: Readonly<Record<Variant, VariantBuilder>> = Object.freeze(
  {
    "simul-st": buildSimulSt,
    "seq-st": buildSeqSt,
    "paral-st": buildParalSt,
    "paral-st-shared": buildParalStShared,
    "simul-ts": buildSimulTs,
    "gap": buildGap,
  } satisfies Record<Variant, VariantBuilder>,
);
