/**
 * The total SpotFormer training loss (paper Eq. (5); SF `abfcm.py:390-397`):
 * `1.8·L_ME_apex + 1.0·CE_ME + 0.1·L_ME_action + r·(1.0·L_MaE_apex + 1.0·CE_MaE + 0.1·L_MaE_action) + λ·L_supcon`.
 *
 * @module
 */
import { tf } from "../tf/backend.ts";
import type { FrameTargets } from "./targets.ts";
import { crossEntropy, DEFAULT_MULTI_FOCAL, multiCEFocalLoss, type MultiFocalOptions } from "./cross_entropy.ts";
import { ACTION_FOCAL, binaryFocalLoss, DEFAULT_FOCAL, type FocalOptions, resolveFocal } from "./focal.ts";
import { resolveSupCon, supConLoss, type SupConOptions } from "./supcon.ts";

/** Loss of the onset/offset/none heads: the official plain CE, or ABPN's unused focal version. */
export type OnOffLoss = "ce" | "multi-focal";

/** Options of {@link spotFormerLoss}. */
export interface LossOptions {
  /** Weight of the ME apex loss. @default 1.8 */
  meApex: number;
  /** Weight of the ME onset/offset loss. @default 1.0 */
  meOnOff: number;
  /** Weight of the ME action loss. @default 0.1 */
  meAction: number;
  /** Weight of the MaE apex loss (inside the r factor). @default 1.0 */
  maeApex: number;
  /** Weight of the MaE onset/offset loss (inside r). @default 1.0 */
  maeOnOff: number;
  /** Weight of the MaE action loss (inside r). @default 0.1 */
  maeAction: number;
  /** `macro_ration` r: 0.5 for CAS(ME)² and CAS(ME)³, 0.55 for SAMM. @default 0.5 */
  macroRatio: number;
  /** Contrastive weight λ (0.05 in the SpoT-GCN commit). @default 0.005 */
  lambda: number;
  /** Apex focal settings. @default {alpha: 0.9, gamma: 1, labelSmoothing: 0.16} */
  apexFocal: FocalOptions;
  /** Action focal settings. @default {alpha: 0.8, gamma: 1, labelSmoothing: 0.16} */
  actionFocal: FocalOptions;
  /** Onset/offset loss. @default "ce" */
  onOffLoss: OnOffLoss;
  /** Settings of `multi-focal`. @default {alpha: [0.45, 0.45, 0.1], gamma: 1, labelSmoothing: 0} */
  multiFocal: MultiFocalOptions;
  /** SupCon settings. @default {temperature: 0.5, baseTemperature: 0.07, normalize: false} */
  supcon: SupConOptions;
}

/** The official loss settings. */
export const DEFAULT_LOSS: Readonly<LossOptions> = Object.freeze({
  meApex: 1.8,
  meOnOff: 1.0,
  meAction: 0.1,
  maeApex: 1.0,
  maeOnOff: 1.0,
  maeAction: 0.1,
  macroRatio: 0.5,
  lambda: 0.005,
  apexFocal: DEFAULT_FOCAL as FocalOptions,
  actionFocal: ACTION_FOCAL as FocalOptions,
  onOffLoss: "ce" as OnOffLoss,
  multiFocal: DEFAULT_MULTI_FOCAL as MultiFocalOptions,
  supcon: Object.freeze({ temperature: 0.5, baseTemperature: 0.07, normalize: false }) as SupConOptions,
});

/** Completes and validates loss options (nested objects are merged field by field). */
export function resolveLoss(partial: Partial<LossOptions> = {}): LossOptions {
  for (const k of Object.keys(partial)) {
    if (!(k in DEFAULT_LOSS)) {
      throw new TypeError(`unknown loss option "${k}"; known: ${Object.keys(DEFAULT_LOSS).join(", ")}`);
    }
  }
  const o: LossOptions = {
    ...DEFAULT_LOSS,
    ...partial,
    apexFocal: resolveFocal(partial.apexFocal ?? {}, DEFAULT_FOCAL),
    actionFocal: resolveFocal(partial.actionFocal ?? {}, ACTION_FOCAL),
    multiFocal: {
      ...DEFAULT_MULTI_FOCAL,
      ...partial.multiFocal,
      alpha: [...(partial.multiFocal?.alpha ?? DEFAULT_MULTI_FOCAL.alpha)],
    },
    supcon: resolveSupCon(partial.supcon ?? {}),
  };
  for (
    const k of ["meApex", "meOnOff", "meAction", "maeApex", "maeOnOff", "maeAction", "macroRatio", "lambda"] as const
  ) {
    if (typeof o[k] !== "number" || !(o[k] >= 0) || !Number.isFinite(o[k])) {
      throw new RangeError(`loss weight ${k} must be a finite number ≥ 0, got ${o[k]}`);
    }
  }
  if (o.onOffLoss !== "ce" && o.onOffLoss !== "multi-focal") {
    throw new RangeError(`loss option onOffLoss must be "ce" or "multi-focal", got "${o.onOffLoss}"`);
  }
  return o;
}

/** The parts of the total loss (scalars). */
export interface LossParts {
  total: tf.Scalar;
  meApex: tf.Scalar;
  meOnOff: tf.Scalar;
  meAction: tf.Scalar;
  maeApex: tf.Scalar;
  maeOnOff: tf.Scalar;
  maeAction: tf.Scalar;
  supcon: tf.Scalar;
}

/**
 * Computes every part and the weighted total. Logit columns (official order): 0-2 ME onset/offset/none,
 * 3-5 MaE onset/offset/none, 6 ME apex, 7 MaE apex, 8 ME action, 9 MaE action.
 *
 * @param out `logits (B, 10)` and `feature (B, D)` of the model. @param targets targets of the B frames.
 * @returns scalars; the caller disposes them (e.g. inside `tf.tidy`).
 */
export function spotFormerLoss(
  out: { logits: tf.Tensor; feature: tf.Tensor },
  targets: FrameTargets,
  options: Partial<LossOptions> = {},
): LossParts {
  const o = resolveLoss(options);
  const B = out.logits.shape[0];
  if (out.logits.rank !== 2 || out.logits.shape[1] !== 10 || targets.length !== B) {
    throw new RangeError(
      `spotFormerLoss: expected logits (B, 10) for ${targets.length} targets, got [${out.logits.shape}]`,
    );
  }
  return tf.tidy(() => {
    const lg = out.logits;
    const col = (c: number) => lg.slice([0, c], [B, 1]).reshape([B]);
    const onOff = (from: number, cls: Int32Array) => {
      const l = lg.slice([0, from], [B, 3]);
      const c = tf.tensor1d(cls, "int32");
      return o.onOffLoss === "ce" ? crossEntropy(l, c) : multiCEFocalLoss(l, c, o.multiFocal);
    };
    const meOnOff = onOff(0, targets.meOnOff);
    const maeOnOff = onOff(3, targets.maeOnOff);
    const meApex = binaryFocalLoss(col(6), tf.tensor1d(targets.meApex), o.apexFocal);
    const maeApex = binaryFocalLoss(col(7), tf.tensor1d(targets.maeApex), o.apexFocal);
    const meAction = binaryFocalLoss(col(8), tf.tensor1d(targets.meAction), o.actionFocal);
    const maeAction = binaryFocalLoss(col(9), tf.tensor1d(targets.maeAction), o.actionFocal);
    const supcon = o.lambda > 0
      ? supConLoss(out.feature, tf.tensor1d(targets.contrast, "int32"), o.supcon)
      : tf.scalar(0);
    const me = tf.addN([meApex.mul(o.meApex), meOnOff.mul(o.meOnOff), meAction.mul(o.meAction)]);
    const mae = tf.addN([maeApex.mul(o.maeApex), maeOnOff.mul(o.maeOnOff), maeAction.mul(o.maeAction)]);
    const total = tf.addN([me, mae.mul(o.macroRatio), supcon.mul(o.lambda)]) as tf.Scalar;
    return { total, meApex, meOnOff, meAction, maeApex, maeOnOff, maeAction, supcon };
  });
}
