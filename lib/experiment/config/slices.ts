/**
 * Config slices of the other modules: each module's own frozen defaults and resolver, in one table.
 * Numbers are never redefined here.
 *
 * @module
 */
import { DEFAULT_SPOTFORMER, resolveSpotFormer, type SpotFormerOptions } from "../../spotformer/mod.ts";
import { DEFAULT_LOSS, type LossOptions, resolveLoss } from "../../losses/mod.ts";
import {
  DEFAULT_NMS,
  DEFAULT_PROPOSALS,
  type NmsOptions,
  type ProposalOptions,
  resolveNms,
  resolveProposals,
} from "../../postproc/mod.ts";
import { DEFAULT_MATCH, type MatchOptions, resolveMatch } from "../../eval/mod.ts";
import { DEFAULT_TRAIN, resolveTrain, type TrainOptions } from "../../train/mod.ts";
import { DEFAULT_SYNTHFACE, resolveSynthFace, type SynthFaceOptions } from "../../data/synthface/mod.ts";
import { DEFAULT_FLOW, type FlowOptions, resolveFlow } from "../../flow/mod.ts";
import { ROI_LAYOUTS } from "../../graph/mod.ts";
import type { SpotKitConfig } from "./types.ts";

/** One module's slice: its frozen defaults and its resolver (rejects unknown keys, range-checks). */
export interface Slice {
  defaults: Readonly<Record<string, unknown>>;
  resolve(partial: Record<string, unknown>): Record<string, unknown>;
}

type SliceName = "synth" | "features" | "model" | "loss" | "train" | "postproc" | "eval";

function slice<T extends object>(defaults: Readonly<T>, resolve: (p: Partial<T>) => T): Slice {
  return {
    defaults: defaults as unknown as Readonly<Record<string, unknown>>,
    resolve: (p) => resolve(p as Partial<T>) as unknown as Record<string, unknown>,
  };
}

/** Post-processing slice: proposal generation and NMS (lib/postproc). */
export interface PostprocSlice {
  proposals: ProposalOptions;
  nms: NmsOptions;
}

const UNKNOWN_POSTPROC = (k: string) => new TypeError(`unknown config key "postproc.${k}"; known keys: nms, proposals`);

/** Slice table (typed exhaustively over the slice names). */
export const SLICES = {
  synth: slice<SynthFaceOptions>(DEFAULT_SYNTHFACE, resolveSynthFace),
  features: slice<FlowOptions>(DEFAULT_FLOW, resolveFlow),
  model: slice<SpotFormerOptions>(DEFAULT_SPOTFORMER, resolveSpotFormer),
  loss: slice<LossOptions>(DEFAULT_LOSS, resolveLoss),
  train: slice<TrainOptions>(DEFAULT_TRAIN, resolveTrain),
  postproc: slice<PostprocSlice>(
    Object.freeze({ proposals: DEFAULT_PROPOSALS as ProposalOptions, nms: DEFAULT_NMS as NmsOptions }),
    (p) => {
      for (const k of Object.keys(p)) if (k !== "proposals" && k !== "nms") throw UNKNOWN_POSTPROC(k);
      return { proposals: resolveProposals(p.proposals ?? {}), nms: resolveNms(p.nms ?? {}) };
    },
  ),
  eval: slice<MatchOptions>(DEFAULT_MATCH, resolveMatch),
} satisfies Record<SliceName, Slice>;

/**
 * Ties slices that must agree: the model's window `T` follows the features' window, and its node count and facial
 * parts follow the ROI layout, unless the experiment sets them explicitly (then they must match).
 *
 * @throws RangeError when an explicit model value contradicts the features.
 */
export function linkSlices(cfg: SpotKitConfig, patched: Record<string, Record<string, unknown>>): SpotKitConfig {
  const f = cfg.features as unknown as FlowOptions;
  const layout = ROI_LAYOUTS[f.rois];
  const want = { window: f.window, nodes: layout.parts.reduce((a, b) => a + b, 0), parts: [...layout.parts] };
  const model = { ...patched.model };
  for (const [k, v] of Object.entries(want)) {
    if (k in model && JSON.stringify(model[k]) !== JSON.stringify(v)) {
      throw new RangeError(
        `config "model.${k}" (${JSON.stringify(model[k])}) contradicts the features (${JSON.stringify(v)} from ` +
          `features.window / features.rois); set only the features`,
      );
    }
    model[k] = v;
  }
  return { ...cfg, model: SLICES.model.resolve(model) };
}
