/**
 * SpotFormer training: sampling, AdamW, one training step and one LOSO fold (the run engine, lib/experiment/engine,
 * runs the folds)
 * (official-implementation §2 and §5).
 *
 * @module
 */
export { deriveSeed, Rng } from "./rng.ts";
export {
  type Batch,
  batchUnits,
  buildSampleUnits,
  makeBatch,
  type SampleUnit,
  type Sampling,
  shuffleUnits,
  sliceBatch,
  type TrainVideo,
} from "./sampling.ts";
export { AdamW, type AdamWOptions, type AdamWState, DEFAULT_ADAMW, exponentialLr } from "./adamw.ts";
export {
  DEFAULT_TRAIN,
  isEvalEpoch,
  MAX_AUTO_REPLICAS,
  PAPER_BETAS,
  replicaCount,
  resolveTrain,
  type RunPlacement,
  type TrainOptions,
} from "./options.ts";
export { type TrainableModel, trainStep } from "./step.ts";
export {
  epochFileName,
  type EpochProgress,
  type FoldResult,
  type FoldUnit,
  trainFold,
  type TrainFoldOptions,
  type TrainRecord,
} from "./train_fold.ts";
export { type ResolvedTrainConfig, resolveTrainConfig, type TrainConfig } from "./train_config.ts";
