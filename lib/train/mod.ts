/**
 * SpotFormer training: sampling, AdamW, checkpoints, prediction, one-fold training and LOSO
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
  type Checkpoint,
  decodeCheckpoint,
  encodeCheckpoint,
  loadCheckpoint,
  saveCheckpoint,
  writeFileAtomic,
} from "./checkpoint.ts";
export { type FeatureLoader, featuresFromDir } from "./features.ts";
export { DEFAULT_TRAIN, isEvalEpoch, PAPER_BETAS, resolveTrain, type TrainOptions } from "./options.ts";
export { type ApplyModel, formatProbsJson, logitsToProbs, predictProbs, type VideoProbs } from "./predict.ts";
export { type TrainableModel, trainStep } from "./step.ts";
export {
  epochFileName,
  type EpochProgress,
  type FoldResult,
  type FoldUnit,
  type ResolvedTrainConfig,
  resolveTrainConfig,
  type TrainConfig,
  trainFold,
  type TrainFoldOptions,
  type TrainRecord,
} from "./train_fold.ts";
export {
  gitCommit,
  type LosoOptions,
  type LosoProgress,
  type LosoResult,
  losoUnits,
  runInnerLoso,
  runLoso,
} from "./loso.ts";
