/**
 * The experiment behind `deno task demo`: SpotFormer Simul-ST (tiny preset) on a small SynthFace set, every
 * leave-one-subject-out fold, all three epoch-selection protocols. Small enough for a few minutes on 2 cores.
 */
import type { Experiment } from "../lib/experiment/types.ts";

export default {
  name: "demo",
  description: "SynthFace → SW-MRO → SpotFormer (tiny) → MEGC F1, leave-one-subject-out",
  config: {
    dataset: { name: "synth" }, // SynthFace defaults: 4 subjects × one 20 s video = 4 LOSO folds
    features: { farneback: { levels: 1, winsize: 9 } }, // 2× faster flow on 128² SynthFace, same window and ROIs
    model: { preset: "tiny" }, // CPU-sized SpotFormer (paper preset: hours per fold on 2 cores)
    train: { epochs: 12, batch: 128 }, // few epochs: the demo shows the pipeline, not the paper's numbers
    sweep: { protocols: ["final", "nested", "oracle"], innerFolds: 1 }, // one inner fold keeps nested affordable
  },
} satisfies Experiment;
