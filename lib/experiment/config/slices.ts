/**
 * Config slices of the other modules: each module's own frozen defaults and resolver, in one table.
 * Numbers are never redefined here.
 *
 * @module
 */
import { DEFAULT_SPOTFORMER, resolveSpotFormer, type SpotFormerOptions } from "../../spotformer/mod.ts";
import { DEFAULT_LOSS, type LossOptions, resolveLoss } from "../../losses/mod.ts";
import { DEFAULT_NMS, DEFAULT_PROPOSALS, resolveNms, resolveProposals } from "../../postproc/mod.ts";
import { DEFAULT_MATCH, type MatchOptions, resolveMatch } from "../../eval/mod.ts";
import { DEFAULT_TRAIN, resolveTrain, type TrainOptions } from "../../train/mod.ts";
import { DEFAULT_SYNTHFACE, resolveSynthFace, type SynthFaceOptions } from "../../data/synthface/mod.ts";
import { DEFAULT_FLOW, type FlowOptions, resolveFlow } from "../../flow/mod.ts";
import { nodeCount, ROI_LAYOUTS } from "../../graph/mod.ts";
import type { PostprocConfig } from "./types.ts";

/** One module's slice: its frozen defaults and its resolver (rejects unknown keys, range-checks). */
export interface Slice<T> {
  defaults: Readonly<T>;
  resolve(partial: Partial<T>): T;
}

const UNKNOWN_POSTPROC = (k: string) => new TypeError(`unknown config key "postproc.${k}"; known keys: nms, proposals`);

/** Defaults of the post-processing slice. */
const DEFAULT_POSTPROC: Readonly<PostprocConfig> = Object.freeze({
  proposals: DEFAULT_PROPOSALS,
  nms: DEFAULT_NMS,
}) as Readonly<PostprocConfig>;

/** The slice table: SynthFace generator, features, model, loss, training, post-processing, matching. */
export const SLICES: {
  synth: Slice<SynthFaceOptions>;
  features: Slice<FlowOptions>;
  model: Slice<SpotFormerOptions>;
  loss: Slice<LossOptions>;
  train: Slice<TrainOptions>;
  postproc: Slice<PostprocConfig>;
  eval: Slice<MatchOptions>;
} = {
  synth: { defaults: DEFAULT_SYNTHFACE, resolve: resolveSynthFace },
  features: { defaults: DEFAULT_FLOW, resolve: resolveFlow },
  model: { defaults: DEFAULT_SPOTFORMER, resolve: resolveSpotFormer },
  loss: { defaults: DEFAULT_LOSS, resolve: (p) => resolveLoss(p) },
  train: { defaults: DEFAULT_TRAIN, resolve: (p) => resolveTrain(p) },
  postproc: {
    defaults: DEFAULT_POSTPROC,
    resolve: (p) => {
      for (const k of Object.keys(p)) if (k !== "proposals" && k !== "nms") throw UNKNOWN_POSTPROC(k);
      return { proposals: resolveProposals(p.proposals ?? {}), nms: resolveNms(p.nms ?? {}) };
    },
  },
  eval: { defaults: DEFAULT_MATCH, resolve: resolveMatch },
};

/**
 * Ties slices that must agree: the model's window `T` follows the features' window, and its node count and facial
 * parts follow the ROI layout, unless the experiment sets them explicitly (then they must match).
 *
 * @param modelPatch the merged model patch (only what experiments and the CLI set).
 * @throws RangeError when an explicit model value contradicts the features.
 */
export function linkModel(features: FlowOptions, modelPatch: Partial<SpotFormerOptions>): SpotFormerOptions {
  const layout = ROI_LAYOUTS[features.rois];
  const want: Partial<SpotFormerOptions> = {
    window: features.window,
    nodes: nodeCount(features.rois),
    parts: [...layout.parts],
  };
  const model: Partial<SpotFormerOptions> = { ...modelPatch };
  for (const [k, v] of Object.entries(want) as [keyof SpotFormerOptions, unknown][]) {
    if (k in model && JSON.stringify(model[k]) !== JSON.stringify(v)) {
      throw new RangeError(
        `config "model.${k}" (${JSON.stringify(model[k])}) contradicts the features (${JSON.stringify(v)} from ` +
          `features.window / features.rois); set only the features`,
      );
    }
  }
  return SLICES.model.resolve({ ...model, ...want });
}
