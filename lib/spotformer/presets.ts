/**
 * Model-size presets as data (minGPT style): the official SpotFormer size and a tiny size for CPU demos.
 *
 * @module
 */

/** Names of the built-in model-size presets. */
export type PresetName = "paper" | "tiny";

/** Every preset name, for CLI validation. */
export const PRESET_NAMES: readonly PresetName[] = Object.freeze(["paper", "tiny"]);

/** The width-related hyper-parameters a preset fixes. */
export interface ModelDims {
  /** Token width D. */
  dim: number;
  /** Attention heads. */
  heads: number;
  /** Width of one head (inner attention width = heads · dimHead). */
  dimHead: number;
  /** Hidden width of the feed-forward blocks. */
  mlpDim: number;
  /** Dropout after attention/FFN projections and on attention weights. */
  dropout: number;
  /** Dropout on the embedded tokens. */
  embDropout: number;
}

/**
 * Preset table.
 * - `paper`: official `MSSTGT(dim=256, heads=4, dim_head=64, mlp_dim=256, dropout=0.1, emb_dropout=0.1)`
 *   (official code `abfcm.py:578-587`; 3,168,778 trainable parameters at window 17).
 * - `tiny`: 8× narrower, for CPU demos and tests.
 */
export const PRESETS: Readonly<Record<PresetName, Readonly<ModelDims>>> = Object.freeze(
  {
    paper: Object.freeze({ dim: 256, heads: 4, dimHead: 64, mlpDim: 256, dropout: 0.1, embDropout: 0.1 }),
    tiny: Object.freeze({ dim: 32, heads: 2, dimHead: 16, mlpDim: 32, dropout: 0.1, embDropout: 0.1 }),
  } satisfies Record<PresetName, ModelDims>,
);
