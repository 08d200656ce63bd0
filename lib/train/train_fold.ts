/**
 * Training of one unit: one (evaluation subject, seed) fold of leave-one-subject-out, or an inner fold of
 * nested selection. Implements the official loop (official-implementation §5): AdamW, ExponentialLR per
 * epoch, official segment sampling, a checkpoint every epoch, and test-subject probabilities per evaluated
 * epoch (`<outDir>/epoch_<EEE>.json`, eval:probs format). With `train.replicas` > 1 the steps run data-parallel
 * in workers (`fold_stepper.ts`), and so does evaluation (each replica predicts a share of a video's windows);
 * checkpoints read the weights into a model of this process.
 *
 * @module
 */
import { activeBackend } from "../tf/backend.ts";
import type { ExpressionEvent, FeatureArray, VideoRecord } from "../data/types.ts";
import type { SpotFormerOptions } from "../spotformer/mod.ts";
import { exponentialLr } from "./adamw.ts";
import { createFoldStepper } from "./fold_stepper.ts";
import { writeFileAtomic } from "../io/atomic.ts";
import { loadCheckpoint, saveCheckpoint } from "../io/checkpoint.ts";
import { type FeatureLoader, featuresFromDir } from "../data/features.ts";
import { isEvalEpoch, replicaCount } from "./options.ts";
import { formatProbsFile, type ProbsVideo } from "../data/probs_file.ts";
import { deriveSeed, Rng } from "./rng.ts";
import { batchUnits, buildSampleUnits, makeBatch, type TrainVideo } from "./sampling.ts";
import { resolveTrainConfig, type TrainConfig } from "./train_config.ts";

/** The video fields training uses (a structured-clone-safe subset of `VideoRecord`). */
export type TrainRecord = Pick<VideoRecord, "subject" | "video"> & { events: ExpressionEvent[] };

/** One unit of training. */
export interface FoldUnit {
  /**
   * Subject whose videos are predicted and written (the test subject, or the inner validation subject); with
   * `evalSubjects`, the name of that group of subjects (a subject-grouped fold, lib/data/folds.ts).
   */
  evalSubject: string;
  /** Every subject predicted and held out of training, when the fold is a group. @default [evalSubject] */
  evalSubjects?: string[];
  /** Further subjects kept out of training entirely (the outer test subject of a nested fold). */
  exclude?: string[];
}

/** Progress after each epoch. */
export interface EpochProgress {
  evalSubject: string;
  exclude: string[];
  /** 1-based epoch just finished. */
  epoch: number;
  epochs: number;
  /** Mean training loss of the epoch. */
  loss: number;
  /** Whether probabilities were written. */
  evaluated: boolean;
}

/** Options of {@link trainFold}. */
export interface TrainFoldOptions {
  /** Every video of the dataset (training and evaluation videos are picked by subject). */
  videos: readonly TrainRecord[];
  /** Features folder or loader. */
  features: string | FeatureLoader;
  /** Training configuration (resolved or partial). */
  config: TrainConfig;
  /** Folder of this unit's `epoch_<EEE>.json` files and `ckpt/`. */
  outDir: string;
  /** Called after every epoch. */
  onEpoch?: (p: EpochProgress) => void;
  /** Called once before training with the epoch the unit resumes from (0 = fresh). */
  onStart?: (resumedFrom: number) => void;
  /** Stop after this 1-based epoch (checkpoint kept; a later call resumes). @default epochs */
  stopAfterEpoch?: number;
  /**
   * Trainings running at once on this machine (the sweep's workers), for `train.replicas` (`replicaCount`):
   * `"auto"` uses the cores left per run; an explicit count > 1 is refused when several runs train at once.
   * @default 1
   */
  concurrentRuns?: number;
}

/** Summary of a finished (or stopped) unit. */
export interface FoldResult {
  evalSubject: string;
  trainSubjects: string[];
  /** Last finished epoch. */
  epochsDone: number;
  /** Epoch the run resumed from (0 = fresh start). */
  resumedFrom: number;
  /** Mean training loss per finished epoch. */
  losses: number[];
  /** Evaluated epochs (1-based). */
  evaluated: number[];
  /** Training samples (segments or windows) per epoch. */
  samples: number;
  /** Label repairs of the training videos. */
  warnings: string[];
  /** Data-parallel replicas the unit trained with (1 = this process). */
  replicas: number;
}

/** Epoch file name `epoch_<EEE>.json` (1-based, zero-padded to 3 digits). */
export function epochFileName(epoch: number): string {
  return `epoch_${String(epoch).padStart(3, "0")}.json`;
}

function unitLabel(u: FoldUnit): string {
  return [...(u.exclude ?? [])].sort().join("+") + ">" + u.evalSubject;
}

/**
 * Trains one unit, resuming from `<outDir>/ckpt/latest.ckpt` when it exists (and `train.resume`).
 * The unit never reads the annotations of `evalSubject` or of `exclude` subjects: their videos are not
 * used for training, and evaluation only predicts. The same config, seed and backend give the same
 * weights whether or not the run was interrupted: the sample order comes from a seeded generator stored
 * in the checkpoint, and dropout masks from a seed derived from (seed, unit, epoch).
 */
export async function trainFold(unit: FoldUnit, options: TrainFoldOptions): Promise<FoldResult> {
  const cfg = resolveTrainConfig(options.config);
  const t = cfg.train;
  const load = typeof options.features === "string" ? featuresFromDir(options.features) : options.features;
  const evalSet = new Set(unit.evalSubjects ?? [unit.evalSubject]);
  const held = new Set([...evalSet, ...(unit.exclude ?? [])]);
  const trainRecs = options.videos.filter((v) => !held.has(v.subject));
  const evalRecs = options.videos.filter((v) => evalSet.has(v.subject));
  if (evalRecs.length === 0) throw new Error(`no videos of evaluation subject "${unit.evalSubject}" in the dataset`);
  if (trainRecs.length === 0) throw new Error(`no training videos left after holding out ${[...held].join(", ")}`);

  const ckptDir = `${options.outDir}/ckpt`;
  const ckptPath = `${ckptDir}/latest.ckpt`;
  await Deno.mkdir(ckptDir, { recursive: true });
  // Settings that do not change the weights may differ on resume (e.g. more epochs, other eval epochs).
  // `replicas` changes the rounding, not the config: the resolved count is checked on its own (checkpoint meta).
  const {
    epochs: _e,
    epochBegin: _b,
    evalEvery: _v,
    evalBatch: _eb,
    probDigits: _p,
    resume: _r,
    replicas: _n,
    ...weightTrain
  } = t;
  const { recompute: _rc, ...weightModel } = cfg.model; // recomputation changes memory and time, not weights
  const configKey = JSON.stringify({ model: weightModel, loss: cfg.loss, train: weightTrain, unit: unitLabel(unit) });
  const label = unitLabel(unit);
  const dropoutBase = cfg.model.dropoutSeed ?? t.seed;

  const ck = t.resume ? await loadCheckpoint(ckptPath) : null;
  if (ck && ck.meta.configKey !== configKey) {
    throw new Error(
      `${ckptPath} was written with another configuration or fold; delete ${ckptDir} or use another run folder`,
    );
  }
  const start = ck?.epoch ?? 0;
  const last = Math.min(t.epochs, options.stopAfterEpoch ?? t.epochs);
  const trainSubjects = [...new Set(trainRecs.map((r) => r.subject))].sort();
  if (ck && start >= last) { // nothing left to train: report from the checkpoint without loading features
    return {
      evalSubject: unit.evalSubject,
      trainSubjects,
      epochsDone: start,
      resumedFrom: start,
      losses: [...(ck.meta.losses as number[])],
      evaluated: [...(ck.meta.evaluated as number[])],
      samples: ck.meta.samples as number,
      warnings: [...(ck.meta.warnings as string[])],
      replicas: (ck.meta.replicas as number | undefined) ?? 1,
    };
  }
  const trainVideos: TrainVideo[] = [];
  for (const r of trainRecs) trainVideos.push({ record: r, features: checkShape(await load(r), r, cfg.model) });
  const { units, warnings } = buildSampleUnits(trainVideos, {
    sampling: t.sampling,
    segmentLength: t.segmentLength,
    targets: t.targets,
  });
  if (units.length === 0) {
    throw new Error(`no training segments with an expression for fold ${unitLabel(unit)}; check the annotations`);
  }
  const perBatch = t.sampling === "action-segments" ? t.batch / t.segmentLength : t.batch;

  const batchWindows = (b: readonly { length: number }[]) => b.reduce((a, u) => a + u.length, 0);
  const replicas = replicaCount(t, {
    concurrentRuns: options.concurrentRuns,
    backend: activeBackend(),
    smallestBatch: Math.min(...batchUnits(units, perBatch).map(batchWindows)),
  });
  if (ck && (ck.meta.replicas ?? 1) !== replicas) {
    throw new Error(
      `${ckptPath} was trained with ${ck.meta.replicas ?? 1} data-parallel replica(s) but this run resolves ` +
        `train.replicas to ${replicas} (the float rounding differs); set train.replicas=${
          ck.meta.replicas ?? 1
        } to resume, or delete ${ckptDir}`,
    );
  }
  const stepper = await createFoldStepper({
    model: cfg.model,
    optimizer: { lr: t.lr, beta1: t.beta1, beta2: t.beta2, eps: t.eps, weightDecay: t.weightDecay },
    loss: cfg.loss,
    microBatch: t.microBatch,
    replicas,
    backend: activeBackend(),
    dropoutSeed: (e) => deriveSeed(dropoutBase, "dropout", label, String(e)),
    start,
  });
  const rng = new Rng(deriveSeed(t.seed, "order", label));
  const losses: number[] = [...((ck?.meta.losses as number[] | undefined) ?? [])];
  const evaluated: number[] = [...((ck?.meta.evaluated as number[] | undefined) ?? [])];
  const evalFeatures = new Map<string, FeatureArray>();
  try {
    if (ck) {
      await stepper.load(ck.model, ck.optimizer);
      rng.state = ck.rngState;
    }
    options.onStart?.(start);
    for (let e = start; e < last; e++) {
      await stepper.beginEpoch(e);
      const lr = exponentialLr(t.lr, t.lrGamma, e);
      let sum = 0;
      const batches = batchUnits(rng.shuffled(units), perBatch);
      for (const b of batches) {
        const v = await stepper.step(makeBatch(trainVideos, b), lr);
        if (!Number.isFinite(v)) {
          throw new Error(
            `training loss became ${v} in epoch ${e + 1} of fold ${label}; lower train.lr or check the features`,
          );
        }
        sum += v;
      }
      const epoch = e + 1;
      losses.push(sum / batches.length);
      const doEval = isEvalEpoch(epoch, t);
      if (doEval) {
        const out: ProbsVideo[] = [];
        for (const r of evalRecs) {
          if (!evalFeatures.has(r.video)) evalFeatures.set(r.video, checkShape(await load(r), r, cfg.model));
          const probs = await stepper.predict(evalFeatures.get(r.video)!, t.evalBatch);
          out.push({ video: r.video, subject: r.subject, T: probs.length / 10, probs });
        }
        await writeFileAtomic(`${options.outDir}/${epochFileName(epoch)}`, formatProbsFile(out, t.probDigits));
        evaluated.push(epoch);
      }
      await saveCheckpoint(ckptPath, {
        epoch,
        rngState: rng.state,
        model: await (await stepper.current()).readState(),
        optimizer: await stepper.optimizerState(),
        meta: { configKey, losses, evaluated, samples: units.length, warnings, backend: activeBackend(), replicas },
      });
      options.onEpoch?.({
        evalSubject: unit.evalSubject,
        exclude: [...(unit.exclude ?? [])],
        epoch,
        epochs: t.epochs,
        loss: losses[losses.length - 1],
        evaluated: doEval,
      });
    }
  } finally {
    stepper.dispose();
  }
  return {
    evalSubject: unit.evalSubject,
    trainSubjects,
    epochsDone: Math.max(start, last),
    resumedFrom: start,
    losses,
    evaluated,
    samples: units.length,
    warnings,
    replicas,
  };
}

function checkShape(f: FeatureArray, r: TrainRecord, m: SpotFormerOptions): FeatureArray {
  const [N, w, R, C] = f.shape;
  if (w !== m.window || R !== m.nodes || C !== 2 || f.data.length !== N * w * R * C) {
    throw new Error(
      `features of ${r.subject}/${r.video} have shape (${f.shape.join(", ")}) but the model expects ` +
        `(N, ${m.window}, ${m.nodes}, 2); set model.window / model.nodes to match the features`,
    );
  }
  return f;
}
