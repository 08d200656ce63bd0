/**
 * Supervised contrastive loss (paper §3.3, Eq. (4); SF `abfcm.py:23-108`, `SupConLoss` with one view and
 * `contrast_mode='one'`, used at 319-321).
 *
 * @module
 */
import { tf } from "../tf/backend.ts";

/** Options of {@link supConLoss}. */
export interface SupConOptions {
  /** Temperature τ dividing the dot products. @default 0.5 */
  temperature: number;
  /** Base temperature: the loss is scaled by `τ / baseTemperature`. @default 0.07 */
  baseTemperature: number;
  /** L2-normalise the features first (the official code does not). @default false */
  normalize: boolean;
}

/** The official settings. */
export const DEFAULT_SUPCON: Readonly<SupConOptions> = Object.freeze({
  temperature: 0.5,
  baseTemperature: 0.07,
  normalize: false,
});

/** Validates SupCon options; rejects unknown keys and non-positive temperatures. */
export function resolveSupCon(partial: Partial<SupConOptions> = {}): SupConOptions {
  for (const k of Object.keys(partial)) {
    if (!(k in DEFAULT_SUPCON)) {
      throw new TypeError(`unknown supcon option "${k}"; known: temperature, baseTemperature, normalize`);
    }
  }
  const o = { ...DEFAULT_SUPCON, ...partial };
  for (const k of ["temperature", "baseTemperature"] as const) {
    if (!(o[k] > 0) || !Number.isFinite(o[k])) {
      throw new RangeError(`supcon ${k} must be a positive number, got ${o[k]}`);
    }
  }
  return o;
}

/** Identity whose gradient is zero (PyTorch `.detach()`). */
// deno-lint-ignore no-explicit-any
const stopGradient = tf.customGrad(
  ((x: tf.Tensor) => ({
    value: tf.clone(x),
    gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy),
  })) as any,
) as (x: tf.Tensor) => tf.Tensor;

/**
 * For anchors i with class c_i and `s_ij = z_i·z_j / τ` (row max subtracted, detached):
 * `log_prob_ij = s_ij − log(Σ_{k≠i} exp s_ik + 1e-6)`,
 * `ℓ_i = −(τ/τ_b) · Σ_{j≠i, c_j=c_i} log_prob_ij / (|Q(i)| + 1e-6)`, loss = mean over ALL anchors
 * (an anchor with no positive contributes 0 but counts in the mean).
 *
 * @param features `(N, D)`. @param labels `(N)` int32 classes (0 neutral, 1 MaE, 2 ME).
 * @returns scalar; the caller disposes it.
 */
export function supConLoss(features: tf.Tensor, labels: tf.Tensor, options: Partial<SupConOptions> = {}): tf.Scalar {
  const o = resolveSupCon(options);
  if (features.rank !== 2 || labels.size !== features.shape[0]) {
    throw new RangeError(
      `supConLoss: expected features (N, D) and labels (N), got [${features.shape}] and [${labels.shape}]`,
    );
  }
  const n = features.shape[0];
  return tf.tidy(() => {
    const z = o.normalize ? tf.div(features, tf.add(tf.norm(features, 2, 1, true), 1e-12)) : features;
    const dots = tf.div(tf.matMul(z, z.transpose()), o.temperature); // (N, N)
    const logits = tf.sub(dots, stopGradient(tf.max(dots, 1, true)));
    const y = labels.reshape([-1]).toInt();
    const same = tf.cast(tf.equal(y.reshape([n, 1]), y.reshape([1, n])), "float32");
    const notSelf = tf.sub(1, tf.eye(n));
    const mask = tf.mul(same, notSelf);
    const denom = tf.log(tf.add(tf.sum(tf.mul(tf.exp(logits), notSelf), 1, true), 1e-6));
    const logProb = tf.sub(logits, denom);
    const meanPos = tf.div(tf.sum(tf.mul(mask, logProb), 1), tf.add(tf.sum(mask, 1), 1e-6));
    return tf.mean(tf.mul(meanPos, -(o.temperature / o.baseTemperature))) as tf.Scalar;
  });
}
