/**
 * The official binary "focal" loss for the apex and action heads (SF `abfcm.py:199-217`, `_focal_loss`
 * with `p = sigmoid(logit)`); paper Eq. (3) is its idealised form.
 *
 * @module
 */
import { tf } from "../tf/backend.ts";

/** Options of {@link binaryFocalLoss}. */
export interface FocalOptions {
  /** Weight of positives (`y > 0`); negatives get `1 − alpha`. @default 0.9 */
  alpha: number;
  /** Focusing exponent γ on `|y − p|`. @default 1 */
  gamma: number;
  /** Label smoothing added to the target of negatives (`|y + ls − p|`). @default 0.16 */
  labelSmoothing: number;
}

/** The official apex settings (γ 1, α 0.90, ls 0.16). */
export const DEFAULT_FOCAL: Readonly<FocalOptions> = Object.freeze({ alpha: 0.9, gamma: 1, labelSmoothing: 0.16 });

/** The official action settings (γ 1, α 0.80, ls 0.16). */
export const ACTION_FOCAL: Readonly<FocalOptions> = Object.freeze({ alpha: 0.8, gamma: 1, labelSmoothing: 0.16 });

/** Validates focal options; rejects unknown keys and out-of-range values. */
export function resolveFocal(
  partial: Partial<FocalOptions> = {},
  base: Readonly<FocalOptions> = DEFAULT_FOCAL,
): FocalOptions {
  for (const k of Object.keys(partial)) {
    if (!(k in DEFAULT_FOCAL)) {
      throw new TypeError(`unknown focal-loss option "${k}"; known: alpha, gamma, labelSmoothing`);
    }
  }
  const o = { ...base, ...partial };
  if (!(o.alpha >= 0 && o.alpha <= 1)) throw new RangeError(`focal-loss alpha must be in [0, 1], got ${o.alpha}`);
  if (!(o.gamma >= 0 && Number.isFinite(o.gamma))) throw new RangeError(`focal-loss gamma must be ≥ 0, got ${o.gamma}`);
  if (!(o.labelSmoothing >= 0 && o.labelSmoothing < 1)) {
    throw new RangeError(`focal-loss labelSmoothing must be in [0, 1), got ${o.labelSmoothing}`);
  }
  return o;
}

function powAbs(x: tf.Tensor, gamma: number): tf.Tensor {
  const a = tf.abs(x);
  return gamma === 1 ? a : gamma === 0 ? tf.onesLike(a) : tf.pow(a, gamma);
}

/**
 * `L = −mean(α·|y−p|^γ·[y>0]·log(p+1e-5) + (1−α)·|y+ls−p|^γ·[y=0]·log(1−p+1e-5))`, `p = sigmoid(logits)`.
 * Soft targets (soft apex 0.75-0.97) count as positives.
 *
 * @param logits `(N)` raw scores. @param targets `(N)` values in [0, 1].
 * @returns scalar tensor; the caller disposes it.
 */
export function binaryFocalLoss(
  logits: tf.Tensor,
  targets: tf.Tensor,
  options: Partial<FocalOptions> = {},
): tf.Scalar {
  const o = resolveFocal(options);
  if (logits.size !== targets.size) {
    throw new RangeError(`binaryFocalLoss: logits [${logits.shape}] and targets [${targets.shape}] differ in size`);
  }
  return tf.tidy(() => {
    const p = tf.sigmoid(logits.reshape([-1]));
    const y = targets.reshape([-1]).toFloat();
    const pos = tf.cast(tf.greater(y, 0), "float32");
    const neg = tf.sub(1, pos);
    const a = powAbs(tf.sub(y, p), o.gamma).mul(pos).mul(tf.log(tf.add(p, 1e-5))).mul(o.alpha);
    const b = powAbs(tf.sub(tf.add(y, o.labelSmoothing), p), o.gamma).mul(neg)
      .mul(tf.log(tf.add(tf.sub(1, p), 1e-5))).mul(1 - o.alpha);
    return tf.neg(tf.mean(tf.add(a, b))) as tf.Scalar;
  });
}
