/**
 * A quick experiment the notebooks share (03 runs it, 04 and 05 read its checkpoints): the contrastive term
 * on and off, tiny model, SynthFace. `SPOTKIT_SMALL=1` / `--small` shrinks it further.
 */
import { axis } from "../lib/experiment/config/grid.ts";
import type { Experiment } from "../lib/experiment/config/types.ts";

export default {
  name: "demo-lambda",
  description: "Contrastive loss on vs off, tiny model (notebooks 03–05)",
  config: {
    dataset: { name: "synth" },
    model: { preset: "tiny" }, // minutes on a laptop CPU instead of hours
    train: { epochs: 20, batch: 128 }, // enough for the tiny model to separate ME from MaE on SynthFace
    sweep: { protocols: ["final", "oracle"] }, // no inner folds: nested selection would multiply the training time
  },
  grid: [axis("λ", "loss.lambda", [0, 0.005])],
  paper: { table: "table5_lambda", rows: { "0": "0.0", "0.005": "0.005" } },
} satisfies Experiment;
