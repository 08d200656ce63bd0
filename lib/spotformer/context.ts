/**
 * Per-call forward context shared by every block: training flag, dropout and an optional stage tracer.
 *
 * @module
 */
import { tf } from "../tf/backend.ts";
import { mulberry32, splitmix32 } from "./init.ts";

/**
 * Dropout implementation: `"tf"` = `tf.dropout` (seedrandom masks); `"mask"` = an inverted-dropout mask
 * drawn with mulberry32 in JS and one multiply (same distribution; skips seedrandom and the floor/div kernels).
 */
export type DropoutImpl = "tf" | "mask";

/** Inverted dropout with a mulberry32 mask: kept entries are scaled by 1/(1 − rate). */
export function maskDropout(x: tf.Tensor, rate: number, seed: number): tf.Tensor {
  const rand = mulberry32(splitmix32(seed));
  const mask = new Float32Array(x.size);
  const keep = 1 - rate;
  const scale = 1 / keep;
  for (let i = 0; i < mask.length; i++) mask[i] = rand() < keep ? scale : 0;
  return tf.mul(x, tf.tensor(mask, x.shape, "float32"));
}

/** Receives every named stage output during a forward pass (used by `summary()`). */
export type StageTracer = (stage: string, out: tf.Tensor, vars: readonly tf.Variable[]) => void;

/** What blocks need to know about the current forward call. */
export interface ForwardContext {
  /** Training mode: dropout active, BatchNorm uses batch statistics. */
  readonly training: boolean;
  /** BatchNorm updates its running statistics (training mode, except while a block is recomputed). */
  readonly updateStats: boolean;
  /**
   * Blocks whose input has at least this many elements keep only their input for the backward pass and
   * recompute the rest (see `checkpoint.ts`); `Infinity` = never (eval mode, or recomputation off).
   */
  readonly recompute: number;
  /** Dropout with `rate` in training mode; identity otherwise. Draws its seed with {@link drawSeed}. */
  dropout(x: tf.Tensor, rate: number): tf.Tensor;
  /** Next dropout seed (the model's seed sequence, or a random one when masks are unseeded). */
  drawSeed(): number;
  /** Dropout with an explicit seed (the same seed gives the same mask). */
  dropoutSeeded(x: tf.Tensor, rate: number, seed: number): tf.Tensor;
  /** Optional stage tracer. */
  readonly trace?: StageTracer;
  /**
   * Data-parallel training: differentiable sum of a tensor over all replicas (its gradient is the same sum of
   * the incoming gradients). BatchNorm then normalises with statistics over the whole distributed batch.
   */
  readonly replicaSum?: (t: tf.Tensor) => tf.Tensor;
}

/**
 * Builds a forward context. With `nextSeed` given, every dropout call takes its seed from it
 * (`tf.dropout`'s seed option), so masks are reproducible; without it masks are unseeded.
 */
export function forwardContext(
  training: boolean,
  opts: {
    nextSeed?: () => number;
    trace?: StageTracer;
    impl?: DropoutImpl;
    recompute?: boolean | number;
    replicaSum?: (t: tf.Tensor) => tf.Tensor;
  } = {},
): ForwardContext {
  const { nextSeed, trace, impl = "tf", recompute = false, replicaSum } = opts;
  const drawSeed = () => nextSeed?.() ?? Math.floor(Math.random() * 2 ** 32);
  const dropoutSeeded = (x: tf.Tensor, rate: number, seed: number) => {
    if (!training || rate === 0) return x;
    return impl === "mask" ? maskDropout(x, rate, seed) : tf.dropout(x, rate, undefined, seed);
  };
  return {
    training,
    updateStats: training,
    recompute: !training || recompute === false ? Infinity : recompute === true ? 0 : recompute,
    trace,
    ...(replicaSum && training ? { replicaSum } : {}),
    drawSeed,
    dropoutSeeded,
    dropout: (x, rate) => (!training || rate === 0 ? x : dropoutSeeded(x, rate, drawSeed())),
  };
}
