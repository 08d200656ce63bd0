/**
 * The optimisation side of one fold (`train_fold.ts`): the model, its optimiser and the training steps, either in
 * this process or data-parallel over `train.replicas` workers (`data_parallel.ts`). Both keep the fold's dropout
 * schedule (a new seed per epoch) and hand out a local model holding the current weights for evaluation and
 * checkpoints.
 *
 * @module
 */
import { createSpotFormer, type ModelState, type SpotFormerModel, type SpotFormerOptions } from "../spotformer/mod.ts";
import type { LossOptions } from "../losses/mod.ts";
import type { BackendName } from "../tf/backend.ts";
import { AdamW, type AdamWOptions, type AdamWState } from "./adamw.ts";
import { createDataParallel } from "./data_parallel.ts";
import type { Batch } from "./sampling.ts";
import { trainStep } from "./step.ts";
import { predictProbs } from "../spotformer/predict.ts";
import type { FeatureArray } from "../data/types.ts";

/** Options of {@link createFoldStepper}. */
export interface FoldStepperOptions {
  /** Resolved model options (the seed gives the initial weights). */
  model: SpotFormerOptions;
  optimizer: AdamWOptions;
  loss: LossOptions;
  /** Windows per forward pass (0 = whole batch; one process only). */
  microBatch: number;
  /** Data-parallel replicas; 1 trains in this process. */
  replicas: number;
  /** tfjs backend of the replicas (the one this process runs). */
  backend: BackendName;
  /** Dropout seed of 0-based epoch `e`. */
  dropoutSeed: (e: number) => number;
  /** Epoch training starts at (0 = fresh; else resumed). */
  start: number;
}

/** Model, optimiser and steps of one fold. */
export interface FoldStepper {
  /** Replicas in use (1 = this process). */
  readonly replicas: number;
  /** Restores a checkpoint's model and optimiser state. */
  load(model: ModelState, optimizer: AdamWState): Promise<void>;
  /** Called before every epoch `e` (0-based): a new dropout seed after the first one. */
  beginEpoch(e: number): Promise<void>;
  /** One optimisation step; resolves to the batch loss. */
  step(batch: Batch, lr: number): Promise<number>;
  /**
   * Frame probabilities of `features` with the current weights (`predictProbs`); data-parallel replicas each
   * predict a contiguous share of the windows.
   */
  predict(features: FeatureArray, batch: number): Promise<Float32Array>;
  /** A model of this process holding the current weights (valid until the next step; do not dispose). */
  current(): Promise<SpotFormerModel>;
  /** The optimiser's state. */
  optimizerState(): Promise<AdamWState>;
  /** Frees models, optimiser and workers. */
  dispose(): void;
}

/** Creates the fold's stepper: in this process for `replicas` 1, else data-parallel workers. */
export async function createFoldStepper(o: FoldStepperOptions): Promise<FoldStepper> {
  const usesDropout = o.model.dropout > 0 || o.model.embDropout > 0;
  const epochModel = (e: number) => createSpotFormer({ ...o.model, dropoutSeed: o.dropoutSeed(e) });
  if (o.replicas <= 1) {
    let model = epochModel(o.start);
    const opt = new AdamW(model.paramGroups(), o.optimizer);
    return {
      replicas: 1,
      load(state, optimizer) {
        model.setState(state);
        opt.setState(optimizer);
        return Promise.resolve();
      },
      async beginEpoch(e) {
        if (e <= o.start || !usesDropout) return;
        const next = epochModel(e);
        next.setState(await model.readState());
        model.dispose();
        model = next;
        opt.rebind(model.paramGroups());
      },
      async step(batch, lr) {
        const loss = trainStep(model, batch, { optimizer: opt, loss: o.loss, lr, microBatch: o.microBatch });
        const v = (await loss.data())[0];
        loss.dispose();
        return v;
      },
      predict: (features, batch) => predictProbs(model, features, { batch }),
      current: () => Promise.resolve(model),
      optimizerState: () => opt.getState(),
      dispose() {
        opt.dispose();
        model.dispose();
      },
    };
  }
  const dp = await createDataParallel({
    replicas: o.replicas,
    model: { ...o.model, dropoutSeed: o.dropoutSeed(o.start) },
    optimizer: o.optimizer,
    loss: o.loss,
    backend: o.backend,
  });
  let local: SpotFormerModel | null = null;
  return {
    replicas: o.replicas,
    load: (state, optimizer) => dp.load(state, optimizer),
    async beginEpoch(e) {
      if (e > o.start && usesDropout) await dp.reseed(o.dropoutSeed(e));
    },
    step: (batch, lr) => dp.step(batch, lr),
    predict: (features, batch) => dp.predict(features, batch),
    async current() {
      local ??= createSpotFormer(o.model);
      local.setState(await dp.readState());
      return local;
    },
    optimizerState: () => dp.readOptimizerState(),
    dispose() {
      dp.dispose();
      local?.dispose();
    },
  };
}
