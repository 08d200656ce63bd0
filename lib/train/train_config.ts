/**
 * The configuration of a training run: the model, loss and train slices, each resolved by its module's own
 * resolver.
 *
 * @module
 */
import { type LossOptions, resolveLoss } from "../losses/mod.ts";
import { resolveSpotFormer, type SpotFormerOptions } from "../spotformer/mod.ts";
import { resolveTrain, type TrainOptions } from "./options.ts";

/** Configuration slices of a training run (each is its module's own options). */
export interface TrainConfig {
  model?: Partial<SpotFormerOptions>;
  loss?: Partial<LossOptions>;
  train?: Partial<TrainOptions>;
}

/** A fully resolved {@link TrainConfig}. */
export interface ResolvedTrainConfig {
  model: SpotFormerOptions;
  loss: LossOptions;
  train: TrainOptions;
}

/** Resolves every slice; the model seed defaults to the run seed (`train.seed`). */
export function resolveTrainConfig(config: TrainConfig = {}): ResolvedTrainConfig {
  for (const k of Object.keys(config)) {
    if (!["model", "loss", "train"].includes(k)) {
      throw new TypeError(`unknown training config section "${k}"; known: model, loss, train`);
    }
  }
  const train = resolveTrain(config.train ?? {});
  const model = resolveSpotFormer({ ...config.model, seed: config.model?.seed ?? train.seed });
  return { model, loss: resolveLoss(config.loss ?? {}), train };
}
