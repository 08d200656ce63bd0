/**
 * SW-MRO optical-flow features (paper §3.1): per-ROI MDMO Farneback flow in compact sliding windows, the
 * adjacent-frame and large-window baselines, dataset extraction with caching, and the Fig. 5 comparison.
 *
 * @module
 */
export * from "./options.ts";
export * from "./rois.ts";
export * from "./mdmo.ts";
export * from "./face_frame.ts";
export { PatchFlow } from "./patch_flow.ts";
export { COARSE_SCALE, FINE_SLACK, levelsFor, patchMargin } from "./patch_margins.ts";
export { MIN_LEVEL_SIZE, PyramidFarneback } from "./pyramid_farneback.ts";
export {
  extractFeatures,
  type ExtractHooks,
  extractRange,
  type PairGeometry,
  pairGeometry,
  windowPairs,
} from "./extract.ts";
export { type DatasetExtractOptions, extractDataset, loadFeatures, type VideoExtractResult } from "./dataset.ts";
export { hashFrames, hashLandmarks } from "./content_hash.ts";
export { DEFAULT_FIG5, fig5Data, type Fig5Options, type Fig5Row, fig5Spec, writeFig5 } from "./figure_fig5.ts";
