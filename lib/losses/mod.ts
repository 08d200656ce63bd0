/**
 * SpotFormer training losses (paper §3.2.7 and §3.3; official-implementation §2 and §4).
 *
 * @module
 */
export { ACTION_FOCAL, binaryFocalLoss, DEFAULT_FOCAL, type FocalOptions, resolveFocal } from "./focal.ts";
export { crossEntropy, DEFAULT_MULTI_FOCAL, multiCEFocalLoss, type MultiFocalOptions } from "./cross_entropy.ts";
export { DEFAULT_SUPCON, resolveSupCon, supConLoss, type SupConOptions } from "./supcon.ts";
export {
  DEFAULT_LOSS,
  type LossOptions,
  type LossParts,
  type OnOffLoss,
  resolveLoss,
  spotFormerLoss,
} from "./total.ts";
export {
  buildFrameLabels,
  buildTargets,
  concatTargets,
  DEFAULT_TARGETS,
  type FrameLabels,
  type FrameTargets,
  LABEL_COLUMNS,
  resolveTargets,
  type TargetOptions,
  targetsFromLabels,
} from "./targets.ts";
