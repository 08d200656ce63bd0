/**
 * SpotFormer options: one typed slice with `@default`s, a frozen default and a pure resolver.
 *
 * @module
 */
import type { DropoutImpl } from "./context.ts";
import { type ModelDims, PRESET_NAMES, type PresetName, PRESETS } from "./presets.ts";
import { temporalSchedule } from "./schedule.ts";

/**
 * Model architecture (paper §3.2 and §4.4.1, Fig. 6):
 * - `simul-st`: SpotFormer as published (spatial then temporal attention at each graph scale, FLGP + strided conv);
 * - `seq-st`: two spatial stages with FLGP down to one node, then temporal attention + downsampling;
 * - `paral-st`: temporal branches at every graph scale, fused into the coarser scale by a 1×1 conv + addition;
 * - `paral-st-shared`: as `paral-st`, but weight-shared temporal blocks and parameter-free fusion;
 * - `simul-ts`: temporal attention before spatial attention at each graph scale;
 * - `gap`: `simul-st` with FLGP replaced by global average pooling over the nodes (Table 2 ablation).
 */
export type Variant = "simul-st" | "seq-st" | "paral-st" | "paral-st-shared" | "simul-ts" | "gap";

/** Every variant, for CLI validation. */
export const VARIANTS: readonly Variant[] = Object.freeze([
  "simul-st",
  "seq-st",
  "paral-st",
  "paral-st-shared",
  "simul-ts",
  "gap",
]);

/** Options of {@link createSpotFormer}. Width fields default to the chosen preset. */
export interface SpotFormerOptions extends ModelDims {
  /** Architecture. @default "simul-st" */
  variant: Variant;
  /** Size preset the width fields default to. @default "paper" */
  preset: PresetName;
  /** Window length T (frames per sample). @default 17 */
  window: number;
  /** Number of graph nodes V (ROIs). @default 10 */
  nodes: number;
  /** Nodes per facial part, in node order; sums to `nodes`. @default [3, 3, 4] */
  parts: number[];
  /** Output logits per sample. @default 10 */
  numClasses: number;
  /** Seed of the weight initialisation. @default 270 (official `set_seed(270)`) */
  seed: number;
  /** Base seed of the dropout masks (incremented per call); `null` draws unseeded masks. @default null */
  dropoutSeed: number | null;
  /** Dropout implementation: `tf.dropout` or a cheaper JS-drawn mask (see `context.ts`). @default "tf" */
  dropoutImpl: DropoutImpl;
  /**
   * Recompute block activations in the backward pass instead of keeping them (see `checkpoint.ts`): the same
   * gradients for one more forward pass of the block, and the memory that lets the paper preset train at batch
   * 512 in one pass on wasm. `true` = every block, `false` = none, a number = blocks whose input has at least
   * that many elements (the large early stages only; small models and batches pay nothing).
   * @default 3_000_000 elements (paper preset at batch 512: the scale-1 and scale-2 blocks, which keeps a step
   * within the wasm heap; tiny preset at batch 512: none)
   */
  recompute: boolean | number;
  /** Conv1d padding per temporal stage, or `"auto"` (see `schedule.ts`). @default "auto" */
  temporalPadding: "auto" | number[];
  /** BatchNorm running-stat momentum (PyTorch convention). @default 0.1 */
  bnMomentum: number;
  /** BatchNorm epsilon. @default 1e-5 */
  bnEpsilon: number;
}

/** Default options (paper preset, Simul-ST, window 17). */
export const DEFAULT_SPOTFORMER: Readonly<SpotFormerOptions> = Object.freeze({
  variant: "simul-st",
  preset: "paper",
  ...PRESETS.paper,
  window: 17,
  nodes: 10,
  parts: Object.freeze([3, 3, 4]) as unknown as number[],
  numClasses: 10,
  seed: 270,
  dropoutSeed: null,
  dropoutImpl: "tf",
  recompute: 3_000_000,
  temporalPadding: "auto",
  bnMomentum: 0.1,
  bnEpsilon: 1e-5,
});

const KEYS = new Set(Object.keys(DEFAULT_SPOTFORMER));

function positiveInt(name: string, v: unknown): void {
  if (typeof v !== "number" || !Number.isInteger(v) || v < 1) {
    throw new RangeError(`SpotFormer option ${name} must be a positive integer; got ${String(v)}`);
  }
}

function rate(name: string, v: unknown): void {
  if (typeof v !== "number" || !(v >= 0 && v < 1)) {
    throw new RangeError(`SpotFormer option ${name} must be a number in [0, 1); got ${String(v)}`);
  }
}

/**
 * Merges `partial` over the defaults of `partial.preset` (width fields) and {@link DEFAULT_SPOTFORMER}.
 * Rejects unknown keys (TypeError) and out-of-range values (RangeError). Never mutates its input.
 *
 * @example
 * ```ts
 * resolveSpotFormer({ preset: "tiny", window: 9 }).dim; // 32
 * ```
 */
export function resolveSpotFormer(partial: Partial<SpotFormerOptions> = {}): SpotFormerOptions {
  for (const k of Object.keys(partial)) {
    if (!KEYS.has(k)) {
      throw new TypeError(`unknown SpotFormer option "${k}"; known options: ${[...KEYS].join(", ")}`);
    }
  }
  const preset = partial.preset ?? DEFAULT_SPOTFORMER.preset;
  if (!PRESET_NAMES.includes(preset)) {
    throw new RangeError(`SpotFormer preset must be one of ${PRESET_NAMES.join(", ")}; got "${preset}"`);
  }
  const defined = Object.fromEntries(Object.entries(partial).filter(([, v]) => v !== undefined));
  const o: SpotFormerOptions = {
    ...DEFAULT_SPOTFORMER,
    ...PRESETS[preset],
    ...defined,
    parts: [...(partial.parts ?? DEFAULT_SPOTFORMER.parts)],
    temporalPadding: Array.isArray(partial.temporalPadding) ? [...partial.temporalPadding] : "auto",
  };
  if (!VARIANTS.includes(o.variant)) {
    throw new RangeError(`SpotFormer variant must be one of ${VARIANTS.join(", ")}; got "${o.variant}"`);
  }
  for (const k of ["dim", "heads", "dimHead", "mlpDim", "nodes", "numClasses"] as const) positiveInt(k, o[k]);
  rate("dropout", o.dropout);
  rate("embDropout", o.embDropout);
  rate("bnMomentum", o.bnMomentum);
  if (!(o.bnMomentum > 0)) throw new RangeError(`SpotFormer option bnMomentum must be > 0; got ${o.bnMomentum}`);
  if (!(typeof o.bnEpsilon === "number" && o.bnEpsilon > 0)) {
    throw new RangeError(`SpotFormer option bnEpsilon must be > 0; got ${o.bnEpsilon}`);
  }
  if (!Number.isInteger(o.seed)) throw new RangeError(`SpotFormer option seed must be an integer; got ${o.seed}`);
  if (o.dropoutSeed !== null && !Number.isInteger(o.dropoutSeed)) {
    throw new RangeError(`SpotFormer option dropoutSeed must be an integer or null; got ${o.dropoutSeed}`);
  }
  if (o.dropoutImpl !== "tf" && o.dropoutImpl !== "mask") {
    throw new RangeError(`SpotFormer option dropoutImpl must be "tf" or "mask"; got "${o.dropoutImpl}"`);
  }
  if (typeof o.recompute !== "boolean" && !(Number.isInteger(o.recompute) && o.recompute >= 0)) {
    throw new TypeError(
      `SpotFormer option recompute must be true, false or a minimum block size (integer ≥ 0); got ${
        String(o.recompute)
      }`,
    );
  }
  if (o.parts.length < 1 || o.parts.some((p) => !Number.isInteger(p) || p < 1)) {
    throw new RangeError(`SpotFormer option parts must list positive node counts; got [${o.parts.join(", ")}]`);
  }
  const total = o.parts.reduce((a, b) => a + b, 0);
  if (total !== o.nodes) {
    throw new RangeError(
      `SpotFormer option parts [${o.parts.join(", ")}] covers ${total} nodes but nodes = ${o.nodes}; make them agree`,
    );
  }
  if (
    partial.temporalPadding !== undefined && partial.temporalPadding !== "auto" &&
    !Array.isArray(partial.temporalPadding)
  ) {
    throw new TypeError(`SpotFormer option temporalPadding must be "auto" or an array of paddings`);
  }
  temporalSchedule(o.window, o.temporalPadding); // validates window and padding
  return o;
}
