/**
 * Training options (official-implementation §5): AdamW lr 2e-4, wd 0.1, β (0.9, 0.999), ExponentialLR 0.96 per
 * epoch, 100 epochs, batches of 32 segments × 16 frames = 512 windows, official segment sampling.
 *
 * @module
 */
import type { Sampling } from "./sampling.ts";
import { DEFAULT_TARGETS, resolveTargets, type TargetOptions } from "../losses/targets.ts";

/** Options of one training run (fold-independent). */
export interface TrainOptions {
  /** Epochs (official: 100 for CAS(ME)² and SAMM, 90 for CAS(ME)³). @default 100 */
  epochs: number;
  /** Windows per batch; with `action-segments`, a multiple of `segmentLength`. @default 512 */
  batch: number;
  /**
   * Windows per forward/backward pass; 0 = the whole batch (the official semantics). A DEVIATION when set:
   * gradients are accumulated over chunks, so BatchNorm statistics and the SupCon set cover one chunk instead
   * of the batch. Not needed for memory any more (the paper preset trains at 512 windows in one pass on wasm,
   * `model.recompute`); kept to reproduce earlier runs or for very small heaps. @default 0
   */
  microBatch: number;
  /** Frames per official segment. @default 16 */
  segmentLength: number;
  /** Sample drawing: official action segments, or every window. @default "action-segments" */
  sampling: Sampling;
  /** Learning rate. @default 2e-4 */
  lr: number;
  /** AdamW β1 (paper text: 0.7). @default 0.9 */
  beta1: number;
  /** AdamW β2 (paper text: 0.9). @default 0.999 */
  beta2: number;
  /** AdamW ε. @default 1e-8 */
  eps: number;
  /** Decoupled weight decay on the decay group. @default 0.1 */
  weightDecay: number;
  /** ExponentialLR factor per epoch. @default 0.96 */
  lrGamma: number;
  /** Run seed: model init (all folds, like the official `set_seed(270)`), sample order and dropout per fold. @default 270 */
  seed: number;
  /** First evaluated epoch, 1-based (official `epoch_begin` 6 → 7 here for CAS(ME)², 1 → 2 for SAMM). @default 1 */
  epochBegin: number;
  /** Evaluate every N epochs from `epochBegin` (the last epoch is always evaluated). @default 1 */
  evalEvery: number;
  /**
   * Windows per forward pass when predicting test videos (the paper preset needs ≤ 64 on wasm, whose heap a
   * larger forward can exhaust). @default 64
   */
  evalBatch: number;
  /** Significant digits of probabilities in the epoch files. @default 7 */
  probDigits: number;
  /** Continue from `<fold>/ckpt/latest.ckpt` when it exists. @default true */
  resume: boolean;
  /** Per-frame target settings. @default DEFAULT_TARGETS */
  targets: TargetOptions;
  /**
   * Data-parallel replicas of one training run (`data_parallel.ts`): each batch is split over this many workers
   * whose gradients, BatchNorm statistics and SupCon set are combined, so a step equals a one-process step on the
   * whole batch up to float rounding (dropout masks aside: each replica draws its own). `"auto"` uses the cores
   * left per run (`navigator.hardwareConcurrency` ÷ runs training at once, at most {@link MAX_AUTO_REPLICAS};
   * 1 inside a sweep with as many workers as cores, on webgpu, or with `microBatch`). Absent = 1.
   *
   * The default is 1 because every other value changes the float summation order (and with dropout the masks), so
   * the weights then differ at rounding level from one-process training and, with `"auto"`, from one machine to
   * another: default runs stay bit-reproducible. The resolver drops the value 1, so configs that leave it at the
   * default keep their identity (cell keys, run manifests, checkpoints). @default 1
   */
  replicas?: number | "auto";
}

/** Most replicas `train.replicas: "auto"` starts (each holds a model copy and a wasm heap). */
export const MAX_AUTO_REPLICAS = 8;

/** The official training settings. */
export const DEFAULT_TRAIN: Readonly<TrainOptions> = Object.freeze({
  epochs: 100,
  batch: 512,
  microBatch: 0,
  segmentLength: 16,
  sampling: "action-segments" as Sampling,
  lr: 2e-4,
  beta1: 0.9,
  beta2: 0.999,
  eps: 1e-8,
  weightDecay: 0.1,
  lrGamma: 0.96,
  seed: 270,
  epochBegin: 1,
  evalEvery: 1,
  evalBatch: 64,
  probDigits: 7,
  resume: true,
  targets: DEFAULT_TARGETS as TargetOptions,
});

/** The paper's stated AdamW betas (§4.1), as a patch. */
export const PAPER_BETAS: Readonly<Partial<TrainOptions>> = Object.freeze({ beta1: 0.7, beta2: 0.9 });

/** Keys of {@link TrainOptions} (`replicas` has no entry in {@link DEFAULT_TRAIN}: absent = 1). */
const KNOWN: readonly string[] = [...Object.keys(DEFAULT_TRAIN), "replicas"];

function int(o: TrainOptions, k: keyof TrainOptions, min: number, max = Number.MAX_SAFE_INTEGER): void {
  const v = o[k];
  if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) {
    throw new RangeError(`train option ${k} must be an integer in [${min}, ${max}], got ${String(v)}`);
  }
}

/** Completes and validates training options; rejects unknown keys (TypeError) and bad values (RangeError). */
export function resolveTrain(partial: Partial<TrainOptions> = {}): TrainOptions {
  for (const k of Object.keys(partial)) {
    if (!KNOWN.includes(k)) {
      throw new TypeError(`unknown train option "${k}"; known: ${KNOWN.join(", ")}`);
    }
  }
  const defined = Object.fromEntries(Object.entries(partial).filter(([, v]) => v !== undefined));
  const o: TrainOptions = { ...DEFAULT_TRAIN, ...defined, targets: resolveTargets(partial.targets ?? {}) };
  int(o, "epochs", 1);
  int(o, "batch", 1);
  int(o, "segmentLength", 1);
  int(o, "microBatch", 0, o.batch);
  int(o, "seed", -(2 ** 31), 2 ** 32);
  int(o, "epochBegin", 1);
  int(o, "evalEvery", 1);
  int(o, "evalBatch", 1);
  int(o, "probDigits", 1, 17);
  if (o.sampling !== "action-segments" && o.sampling !== "all-windows") {
    throw new RangeError(`train option sampling must be "action-segments" or "all-windows", got "${o.sampling}"`);
  }
  if (o.sampling === "action-segments" && o.batch % o.segmentLength !== 0) {
    throw new RangeError(
      `train option batch (${o.batch}) must be a multiple of segmentLength (${o.segmentLength}) with action-segments sampling`,
    );
  }
  for (const k of ["lr", "eps", "lrGamma"] as const) {
    if (typeof o[k] !== "number" || !(o[k] > 0) || !Number.isFinite(o[k])) {
      throw new RangeError(`train option ${k} must be a positive number, got ${String(o[k])}`);
    }
  }
  for (const k of ["beta1", "beta2"] as const) {
    if (typeof o[k] !== "number" || !(o[k] >= 0 && o[k] < 1)) {
      throw new RangeError(`train option ${k} must be in [0, 1), got ${String(o[k])}`);
    }
  }
  if (typeof o.weightDecay !== "number" || !(o.weightDecay >= 0)) {
    throw new RangeError(`train option weightDecay must be ≥ 0, got ${String(o.weightDecay)}`);
  }
  if (typeof o.resume !== "boolean") throw new TypeError(`train option resume must be a boolean`);
  if (o.replicas !== undefined) {
    const r = o.replicas;
    if (r !== "auto" && !(typeof r === "number" && Number.isInteger(r) && r >= 1 && r <= 64)) {
      throw new RangeError(`train option replicas must be "auto" or an integer in [1, 64], got ${JSON.stringify(r)}`);
    }
    if (typeof r === "number" && r > 1 && o.microBatch > 0) {
      throw new RangeError(
        `train options replicas (${r}) and microBatch (${o.microBatch}) cannot be combined; set one of them`,
      );
    }
    if (r === 1) delete o.replicas; // the default: absent, so the config's identity is that of earlier runs
  }
  return o;
}

/** Where a training run executes, for {@link replicaCount}. */
export interface RunPlacement {
  /** Trainings running at once on this machine (sweep workers). @default 1 */
  concurrentRuns?: number;
  /** Cores of the machine. @default navigator.hardwareConcurrency */
  cores?: number;
  /** tfjs backend of the run. */
  backend: string;
  /** Fewest windows of any batch of the run (a batch is split into one shard per replica). */
  smallestBatch: number;
}

/**
 * The replica count a run uses for `train.replicas`: a number as given (refused when several runs train at once:
 * replicas are not nested inside sweep workers); `"auto"` = cores ÷ concurrent runs, capped by
 * {@link MAX_AUTO_REPLICAS} and the smallest batch, and 1 on webgpu (one device) or with `microBatch`.
 * @throws RangeError for an explicit count > 1 with concurrent runs, or larger than the smallest batch.
 */
export function replicaCount(o: Pick<TrainOptions, "replicas" | "microBatch">, at: RunPlacement): number {
  const runs = Math.max(1, at.concurrentRuns ?? 1);
  const r = o.replicas ?? 1;
  if (r === "auto") {
    if (at.backend === "webgpu" || o.microBatch > 0) return 1;
    const cores = at.cores ?? navigator.hardwareConcurrency ?? 1;
    return Math.max(1, Math.min(Math.floor(cores / runs), MAX_AUTO_REPLICAS, at.smallestBatch));
  }
  if (r > 1 && runs > 1) {
    throw new RangeError(
      `train.replicas = ${r} with ${runs} runs training at once would nest data-parallel workers inside sweep ` +
        `workers; use train.replicas = "auto" (or 1), or run with one worker`,
    );
  }
  if (r > at.smallestBatch) {
    throw new RangeError(
      `train.replicas = ${r} but a batch of this run holds only ${at.smallestBatch} windows; lower train.replicas`,
    );
  }
  return r;
}

/** Whether 1-based epoch `e` writes test probabilities. */
export function isEvalEpoch(e: number, o: Pick<TrainOptions, "epochs" | "epochBegin" | "evalEvery">): boolean {
  return e >= o.epochBegin && ((e - o.epochBegin) % o.evalEvery === 0 || e === o.epochs);
}
