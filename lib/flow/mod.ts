/**
 * SW-MRO optical-flow features (paper §3.1): per-ROI MDMO Farneback flow in compact sliding windows, the
 * adjacent-frame and large-window baselines, dataset extraction with caching, and the Fig. 5 comparison.
 *
 * @module
 */
export * from "./options.ts";
export * from "./rois.ts";
export * from "./mdmo.ts";
export { PatchFlow, patchMargin } from "./patch_flow.ts";
export { extractFeatures, type ExtractHooks, extractRange, windowPairs } from "./extract.ts";
export {
  type DatasetExtractOptions,
  extractDataset,
  hashFrames,
  hashLandmarks,
  loadFeatures,
  type VideoExtractResult,
} from "./dataset.ts";
export { DEFAULT_FIG5, fig5Data, type Fig5Options, type Fig5Row, fig5Spec, writeFig5 } from "./figure_fig5.ts";
