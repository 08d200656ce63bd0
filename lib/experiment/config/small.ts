/**
 * The small profile (`--small`, `SPOTKIT_SMALL=1`): settings that run every experiment on 2 CPU cores in
 * minutes, for CI and notebooks. Numbers come from each module's presets where one exists.
 *
 * @module
 */
import type { ConfigPatch } from "./types.ts";

/**
 * Patch applied by `--small`: the `tiny` model preset, 2 epochs, 3 short SynthFace subjects at 64², one seed,
 * two outer leave-one-subject-out folds with one inner fold each.
 */
export const SMALL_PROFILE: Readonly<ConfigPatch> = Object.freeze<ConfigPatch>({
  dataset: {
    synth: {
      subjects: 3,
      durationSeconds: 10,
      width: 64,
      height: 64,
      mePerVideo: 2,
      maePerVideo: 1,
      headTurnsPerVideo: 1,
      mouthMovesPerVideo: 0,
    },
  },
  model: { preset: "tiny" },
  train: { epochs: 2, batch: 64, evalBatch: 256 },
  sweep: { seeds: [270], folds: 0, maxFolds: 2, innerFolds: 1 },
});
