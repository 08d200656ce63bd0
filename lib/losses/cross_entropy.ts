/**
 * Losses of the 3-class onset/offset/none heads: the plain cross-entropy the official code trains with
 * (SF `abfcm.py:374-381`, `nn.CrossEntropyLoss()`), and ABPN's `MultiCEFocalLoss_New` that SF builds but
 * leaves unused (`abfcm.py:355-363,383-388`).
 *
 * @module
 */
import { tf } from "../tf/backend.ts";

/**
 * Mean softmax cross-entropy: `−mean_i log softmax(logits_i)[c_i]`.
 *
 * @param logits `(N, C)`. @param classes `(N)` int32 in [0, C).
 * @returns scalar; the caller disposes it.
 */
export function crossEntropy(logits: tf.Tensor, classes: tf.Tensor): tf.Scalar {
  if (logits.rank !== 2 || classes.size !== logits.shape[0]) {
    throw new RangeError(
      `crossEntropy: expected logits (N, C) and classes (N), got [${logits.shape}] and [${classes.shape}]`,
    );
  }
  return tf.tidy(() => {
    const onehot = tf.oneHot(classes.reshape([-1]).toInt(), logits.shape[1] as number);
    return tf.neg(tf.mean(tf.sum(tf.mul(tf.logSoftmax(logits), onehot), 1))) as tf.Scalar;
  });
}

/** Options of {@link multiCEFocalLoss}. */
export interface MultiFocalOptions {
  /** Per-class weights (onset, offset, none). @default [0.45, 0.45, 0.10] */
  alpha: number[];
  /** Focusing exponent. @default 1 */
  gamma: number;
  /** Smoothing of the "none" class: its factor is `max(1 − ls − p, 0)^γ`. @default 0 */
  labelSmoothing: number;
}

/** ABPN/SF settings of the unused multi-class focal loss. */
export const DEFAULT_MULTI_FOCAL: Readonly<MultiFocalOptions> = Object.freeze({
  alpha: Object.freeze([0.45, 0.45, 0.1]) as number[],
  gamma: 1,
  labelSmoothing: 0,
});

/**
 * ABPN `MultiCEFocalLoss_New` for classes (0 onset, 1 offset, 2 none), `p_i = softmax(logits_i)[c_i]`:
 * `c_i ≠ 2 → −α_c (1 − p_i)^γ log p_i`; `c_i = 2 → −α_2 max(1 − ls − p_i, 0)^γ log p_i`; mean over i.
 *
 * @param logits `(N, 3)`. @param classes `(N)` int32. @returns scalar; the caller disposes it.
 */
export function multiCEFocalLoss(
  logits: tf.Tensor,
  classes: tf.Tensor,
  options: Partial<MultiFocalOptions> = {},
): tf.Scalar {
  for (const k of Object.keys(options)) {
    if (!(k in DEFAULT_MULTI_FOCAL)) throw new TypeError(`unknown multi-class focal option "${k}"`);
  }
  const o = { ...DEFAULT_MULTI_FOCAL, ...options };
  if (logits.rank !== 2 || logits.shape[1] !== 3 || o.alpha.length !== 3) {
    throw new RangeError(
      `multiCEFocalLoss: expected logits (N, 3) and 3 alphas, got [${logits.shape}], ${o.alpha.length}`,
    );
  }
  return tf.tidy(() => {
    const c = classes.reshape([-1]).toInt();
    const onehot = tf.oneHot(c, 3);
    const logP = tf.sum(tf.mul(tf.logSoftmax(logits), onehot), 1);
    const p = tf.exp(logP);
    const alpha = tf.gather(tf.tensor1d(o.alpha), c);
    const isNone = tf.cast(tf.equal(c, 2), "float32");
    const posBase = tf.sub(1, p);
    const negBase = tf.relu(tf.sub(1 - o.labelSmoothing, p));
    const base = tf.add(tf.mul(posBase, tf.sub(1, isNone)), tf.mul(negBase, isNone));
    const factor = o.gamma === 1 ? base : tf.pow(base, o.gamma);
    return tf.neg(tf.mean(tf.mul(tf.mul(alpha, factor), logP))) as tf.Scalar;
  });
}
