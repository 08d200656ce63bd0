/**
 * SpotFormer (paper §3.2) and its variants (§4.3-4.4, Fig. 6) in TensorFlow.js.
 *
 * @example
 * ```ts
 * import { createSpotFormer } from "./mod.ts";
 * const model = createSpotFormer({ variant: "simul-st", preset: "paper", window: 17 });
 * model.paramCount(); // 3168778
 * ```
 *
 * @module
 */
export { createSpotFormer, type ModelState, type SpotFormerModel, type SummaryRow } from "./model.ts";
export { DEFAULT_SPOTFORMER, resolveSpotFormer, type SpotFormerOptions, type Variant, VARIANTS } from "./options.ts";
export { type ModelDims, PRESET_NAMES, type PresetName, PRESETS } from "./presets.ts";
export { downsampledLength, type TemporalSchedule, temporalSchedule } from "./schedule.ts";
export { type DropoutImpl, type ForwardContext, forwardContext, maskDropout } from "./context.ts";
export { initValues, mulberry32, type Param, ParamStore, splitmix32 } from "./init.ts";
export { createAttention } from "./attention.ts";
export { createFeedForward, gelu } from "./ffn.ts";
export { createBatchNorm } from "./batch_norm.ts";
export { createFlgp, poolNodes } from "./flgp.ts";
export { createTemporalDown } from "./temporal_down.ts";
export { createEmbedding } from "./embedding.ts";
export { createLinear } from "./linear.ts";
export { VARIANT_BUILDERS } from "./variants/mod.ts";
export { type ApplyModel, logitsToProbs, predictProbs } from "./predict.ts";
