/**
 * The web export of a trained SpotFormer: `model.json` (format tag, SpotFormer options, the training features'
 * SW-MRO options, where the weights came from) and `model.ckpt` (the kit's checkpoint format holding only the model
 * state, no optimiser moments). The page builds the model with {@link createSpotFormer} and loads the state with
 * {@link decodeCheckpoint}: the same code as `deno task spot`.
 *
 * @module
 */
import type { FlowOptionsInput } from "../flow/options.ts";
import { createSpotFormer, type SpotFormerModel, type SpotFormerOptions } from "../spotformer/mod.ts";
import { type Checkpoint, decodeCheckpoint, encodeCheckpoint } from "../io/checkpoint.ts";

/** Format tag of `model.json`. */
export const WEB_MODEL_FORMAT = "spotkit-web-model/1";

/** Contents of `model.json`. */
export interface WebModelInfo {
  format: typeof WEB_MODEL_FORMAT;
  /** SpotFormer options (the run's `config.model`). */
  model: Partial<SpotFormerOptions>;
  /** SW-MRO options of the training features. */
  flow: FlowOptionsInput;
  /** Source run folder, checkpoint file and its SHA-256. */
  source: { run: string; checkpoint: string; sha256: string };
  /** Trainable parameters. */
  params: number;
}

/** `model.ckpt` bytes holding only `state` (epoch from the source checkpoint). */
export function encodeWebWeights(state: Checkpoint["model"], epoch: number): Uint8Array {
  return encodeCheckpoint({ epoch, rngState: 0, model: state, optimizer: { step: 0, m: [], v: [] }, meta: {} });
}

/**
 * Builds the model of an export (`info` = parsed `model.json`, `weights` = `model.ckpt` bytes). The caller disposes
 * the model. Errors name the export and what does not fit.
 */
export function loadWebModel(info: WebModelInfo, weights: Uint8Array, what = "model"): SpotFormerModel {
  if (info?.format !== WEB_MODEL_FORMAT) {
    throw new Error(`${what}/model.json: format "${info?.format}", expected "${WEB_MODEL_FORMAT}"; re-export it`);
  }
  const ck = decodeCheckpoint(weights, `${what}/model.ckpt`);
  const model = createSpotFormer(info.model);
  try {
    model.setState(ck.model);
  } catch (e) {
    model.dispose();
    throw new Error(`${what}/model.ckpt does not fit model.json: ${(e as Error).message}`);
  }
  return model;
}
