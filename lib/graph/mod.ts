/**
 * The facial graph: ROI nodes and their landmarks, facial parts, FLGP pooling groups and part names — the one
 * place every other module (features, model, figures, notebooks) reads them from.
 *
 * @module
 */
export {
  nodeCount,
  partOfNode,
  partRanges,
  ROI_LAYOUT_NAMES,
  ROI_LAYOUTS,
  type RoiLayout,
  type RoiLayoutSpec,
} from "./layout.ts";
